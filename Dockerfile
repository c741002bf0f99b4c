# Slipway API server image: build with the Maven wrapper, run on a jlink'd Java 17 runtime.
# Build:  docker build --build-arg VCS_REF=$(git rev-parse HEAD) -t slipway/server .
# Base images are pinned to exact releases; CI resolves and records their digests (see .gitlab-ci.yml).

ARG BUILD_IMAGE=eclipse-temurin:17.0.15_6-jdk-alpine
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
RUN jlink --add-modules "$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 server/target/server.jar),jdk.crypto.ec,jdk.zipfs,jdk.management,java.net.http,jdk.localedata" \
      --strip-debug --no-header-files --no-man-pages --compress=2 --output /runtime

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
ENV PATH=/opt/java/bin:$PATH \
    MALLOC_ARENA_MAX=2
# Container-aware heap (a share of the memory limit), exit on OOM so Kubernetes restarts the pod,
# and an AppCDS archive from one training run of the embedded default (halves the cold start).
# The training run uses the runtime's flags, as a CDS archive must.
RUN java -XX:MaxRAMPercentage=25 -XX:InitialRAMPercentage=6 -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=64m \
      -XX:MaxMetaspaceSize=128m -XX:ArchiveClassesAtExit=/app/server.jsa -jar /app/server.jar server >/tmp/cds.log 2>&1 & pid=$!; \
    for i in $(seq 1 120); do wget -q -O /dev/null http://127.0.0.1:8080/health/ready && break; sleep 1; done; \
    kill -TERM "$pid"; wait "$pid"; test -s /app/server.jsa && rm -f /tmp/cds.log
USER 1000:1000
WORKDIR /tmp
EXPOSE 8080 8081
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=25", "-XX:InitialRAMPercentage=6", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Xss512k", "-XX:ReservedCodeCacheSize=64m", "-XX:MaxMetaspaceSize=128m", "-XX:SharedArchiveFile=/app/server.jsa", "-Djava.io.tmpdir=/tmp", "-jar", "/app/server.jar"]
CMD ["server", "/app/config.yml"]
