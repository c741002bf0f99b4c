# Slipway API server image: build with the Maven wrapper (bytecode for Java 17), run on a jlink'd
# Java 25 runtime with an AOT cache from a training run.
# Build:  docker build --build-arg VCS_REF=$(git rev-parse HEAD) -t slipway/server .
# Base images are pinned to exact releases; CI resolves and records their digests (see .gitlab-ci.yml).

ARG BUILD_IMAGE=eclipse-temurin:25.0.3_9-jdk-alpine
ARG RUNTIME_IMAGE=alpine:3.20.3

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# Dependencies first, in a layer of their own: it is rebuilt only when a pom changes.
COPY mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml ./
COPY server/pom.xml server/
COPY gitops-generator/pom.xml gitops-generator/
RUN ./mvnw -B -ntp -q -pl server -am dependency:go-offline
# Then the sources; this is the same package step CI and the README run.
COPY server/src/ server/src/
COPY server/config.yml server/
RUN ./mvnw -B -ntp -q -pl server -am package -DskipTests
# Only the modules the server uses (jdeps reads them off the jar), plus the ones found through
# service loading: TLS curves, zip file systems, management. A runtime of ~60 MB instead of a JRE.
RUN jlink --add-modules "$(jdeps --ignore-missing-deps --print-module-deps --multi-release 25 server/target/server.jar),jdk.crypto.ec,jdk.zipfs,jdk.management,java.net.http,jdk.localedata" \
      --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output /runtime

# The AOT cache (JDK 25: classes loaded and linked, method profiles) from one training run on the
# production configuration against a throwaway PostgreSQL and Redis, with the runtime's own jar,
# options and jlink'd JDK: the server starts in about half the time and runs its hot paths —
# JDBC driver and Redis client included — compiled sooner. A stage of its own, so neither
# database nor the training script ships; only the cache is copied on.
FROM ${RUNTIME_IMAGE} AS aot-training
RUN apk add --no-cache postgresql16 redis
COPY --from=build /runtime /opt/java
COPY --from=build /src/server/target/server.jar /app/server.jar
COPY --from=build /src/server/config.yml /app/config.yml
COPY server/jvm.options /app/jvm.options
COPY server/aot-training.sh /tmp/aot-training.sh
ENV PATH=/opt/java/bin:$PATH \
    MALLOC_ARENA_MAX=2
RUN sh /tmp/aot-training.sh java /app/jvm.options /app/server.jar /app/config.yml /app/server.aot

FROM ${RUNTIME_IMAGE}
ARG VCS_REF=unknown
ARG SOURCE_URL=https://gitlab.example.com/platform/slipway
LABEL org.opencontainers.image.title="slipway-server" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.revision="${VCS_REF}" \
      org.opencontainers.image.licenses="Apache-2.0"
RUN addgroup -S -g 1000 slipway && adduser -S -D -H -u 1000 -G slipway -s /sbin/nologin slipway
COPY --from=build /runtime /opt/java
COPY --from=build /src/server/target/server.jar /app/server.jar
COPY --from=build /src/server/config.yml /app/config.yml
COPY server/jvm.options /app/jvm.options
ENV PATH=/opt/java/bin:$PATH \
    MALLOC_ARENA_MAX=2
COPY --from=aot-training /app/server.aot /app/server.aot
# Fails the build if this runtime and options cannot use the cache (AOTMode=on refuses to run without it).
RUN java @/app/jvm.options -XX:AOTCache=/app/server.aot -XX:AOTMode=on -jar /app/server.jar --help >/dev/null
USER 1000:1000
WORKDIR /tmp
EXPOSE 8080 8081
ENTRYPOINT ["java", "@/app/jvm.options", "-XX:AOTCache=/app/server.aot", "-jar", "/app/server.jar"]
CMD ["server", "/app/config.yml"]
