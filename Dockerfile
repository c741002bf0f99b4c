# Slipway API server image: build with the Maven wrapper (bytecode for Java 17), run on a jlink'd
# Java 25 runtime with an AOT cache from a training run, on a distroless Debian base.
# Build:  server/image/build.sh (the command CI's build-image job and the image test both run).
#
# Bases. The JDK image and Debian are pinned to exact releases. The runtime is distroless
# base-nossl: glibc (Temurin builds for glibc), base-files, netbase, tzdata, and nothing else — no
# shell, no package manager, no OpenSSL (Java brings its own TLS, CA certificates and time zones):
# 12 MB instead of Debian slim's 78, and nothing for an attacker or a scanner beyond what the JVM
# runs on. Distroless publishes no release tags, so CI pins it by digest (see .gitlab-ci.yml).
ARG BUILD_IMAGE=docker.io/library/eclipse-temurin:25.0.3_9-jdk-noble
ARG TRAINING_IMAGE=docker.io/library/debian:12.15-slim
ARG RUNTIME_IMAGE=gcr.io/distroless/base-nossl-debian12:nonroot

FROM ${RUNTIME_IMAGE} AS runtime-base

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# Dependencies first, in a layer of their own: it is rebuilt only when a pom changes.
COPY mvnw ./
COPY .mvn/ .mvn/
COPY pom.xml ./
COPY server/pom.xml server/
COPY gitops-generator/pom.xml gitops-generator/
RUN ./mvnw -B -ntp -q -pl server -am dependency:go-offline
# Then the sources; this is the package step CI and the README run, minus the tests: they are not in
# the context (.dockerignore), so neither they nor the API client they generate are built here. Nor
# the source gates (format, style, Error Prone, the enforcer): the commit passed them where it was built.
COPY server/src/ server/src/
COPY server/config.yml server/
RUN ./mvnw -B -ntp -q -pl server -am package -Dmaven.test.skip=true \
      -Derrorprone.skip -Dspotless.check.skip -Dcheckstyle.skip -Denforcer.skip
# The native code password hashing calls through JNA (libjnidispatch, libargon2), unpacked here for
# this platform: at run time JNA finds it in /app/native (jvm.options) instead of unpacking it into
# /tmp, which a pod or `--tmpfs` may mount noexec.
RUN arch="$(uname -m | sed 's/^x86_64$/x86-64/')" \
 && mkdir -p /native /tmp/natives && cd /tmp/natives \
 && jar xf /src/server/target/server.jar "com/sun/jna/linux-$arch/libjnidispatch.so" "linux-$arch/libargon2.so" \
 && cp "com/sun/jna/linux-$arch/libjnidispatch.so" "linux-$arch/libargon2.so" /native/
# Only the modules the server uses (jdeps reads them off the jar), plus the ones found through
# service loading: TLS curves, zip file systems, management; locale data for English and Chinese
# only (-10 MB), and none of AWT's native libraries (java.desktop is there for java.beans, which
# needs none; -5 MB). A runtime of ~60 MB instead of a JRE. jcmd (jdk.jcmd) and Flight Recorder
# (jdk.jfr, jdk.management.jfr) are the way into a live pod without a shell: thread dumps, heap
# histograms, recordings (docs/operating.md, "Look inside a running pod").
RUN jlink --add-modules "$(jdeps --ignore-missing-deps --print-module-deps --multi-release 25 server/target/server.jar),jdk.crypto.ec,jdk.zipfs,jdk.management,java.net.http,jdk.localedata,jdk.jcmd,jdk.jfr,jdk.management.jfr" \
      --include-locales=en,zh \
      --exclude-files='glob:/java.desktop/lib/lib*.so' \
      --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output /runtime
# The base's accounts plus the one the server runs as (uid 1000, as the Deployment's runAsUser).
COPY --from=runtime-base /etc/passwd /etc/group /accounts/
RUN echo 'slipway:x:1000:1000:slipway:/nonexistent:/sbin/nologin' >>/accounts/passwd \
 && echo 'slipway:x:1000:' >>/accounts/group

# The AOT cache (JDK 25: classes loaded and linked, method profiles) from one training run on the
# production configuration against a throwaway PostgreSQL and Redis, with the runtime's own jar,
# options and jlink'd JDK: the server starts in about half the time and runs its hot paths —
# JDBC driver and Redis client included — compiled sooner. A stage of its own, so neither
# database nor the training script ships; only the cache is copied on.
FROM ${TRAINING_IMAGE} AS aot-training
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-15 redis-server wget >/dev/null \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /runtime /opt/java
COPY --from=build /src/server/target/server.jar /app/server.jar
COPY --from=build /native /app/native
COPY --from=build /src/server/config.yml /app/config.yml
COPY server/jvm.options /app/jvm.options
COPY server/aot-training.sh /tmp/aot-training.sh
ENV PATH=/opt/java/bin:$PATH \
    MALLOC_ARENA_MAX=2
RUN sh /tmp/aot-training.sh java /app/jvm.options /app/server.jar /app/config.yml /app/server.aot

FROM runtime-base
ARG VCS_REF=unknown
ARG SOURCE_URL=https://gitlab.example.com/platform/slipway
# The source commit's date, not the build's clock: the same commit builds the same labels, and
# registries and scanners still show how old the image's contents are.
ARG CREATED=1970-01-01T00:00:00Z
LABEL org.opencontainers.image.title="slipway-server" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.revision="${VCS_REF}" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /accounts/passwd /accounts/group /etc/
COPY --from=build /runtime /opt/java
COPY --from=build /src/server/target/server.jar /app/server.jar
COPY --from=build /native /app/native
COPY --from=build /src/server/config.yml /app/config.yml
COPY server/jvm.options /app/jvm.options
ENV PATH=/opt/java/bin:/usr/bin:/bin \
    MALLOC_ARENA_MAX=2
COPY --from=aot-training /app/server.aot /app/server.aot
# Fails the build if this runtime and options cannot use the cache (AOTMode=on refuses to run without it).
RUN ["/opt/java/bin/java", "@/app/jvm.options", "-XX:AOTCache=/app/server.aot", "-XX:AOTMode=on", "-jar", "/app/server.jar", "--help"]
USER 1000:1000
WORKDIR /tmp
EXPOSE 8080 8081
ENTRYPOINT ["/opt/java/bin/java", "@/app/jvm.options", "-XX:AOTCache=/app/server.aot", "-jar", "/app/server.jar"]
CMD ["server", "/app/config.yml"]
