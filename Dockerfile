# Conduit's container image (README: "Run in a container").
#
#   docker build -t conduit .
#   docker build -t conduit:speech --build-arg WITH_LOCAL_SPEECH=true .
#
# BASE_IMAGE is any Debian bookworm image with Node.js 24 (and npm) laid out as the official
# node:24-bookworm-slim lays them: node in /usr/local/bin, its headers in /usr/local/include/node.
ARG BASE_IMAGE=node:24-bookworm-slim

# Only the package manifests, so the dependency layers below are rebuilt when a manifest changes,
# not when a source file does (the COPY --from compares the files' contents).
FROM ${BASE_IMAGE} AS manifests
WORKDIR /app
COPY . .
RUN find . -type f ! -name package.json ! -name package-lock.json -delete \
 && find . -depth -type d -empty -delete

FROM ${BASE_IMAGE} AS build
# sqlite3 compiles from source (no prebuilt binary is reachable everywhere) against the running
# Node.js's own headers, so node-gyp downloads nothing.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
WORKDIR /app
COPY --from=manifests /app ./
# --ignore-scripts: `prepare` builds the admin UI, whose sources are not here yet; the two packages
# with install scripts (package.json's allowScripts) are built right after.
RUN npm ci --ignore-scripts \
 && npm rebuild sqlite3 esbuild
COPY . .
RUN npm run build:admin
# What `node ... core/gateway/src/main.ts` needs at run time: production dependencies, the TypeScript
# sources the loader compiles, the built UI; no tests, no caches, and of sqlite3's build only the
# addon (its sources and object files are 20 MB).
RUN npm prune --omit=dev --ignore-scripts \
 && rm -rf core/*/test plugins/*/test node_modules/.cache \
 && find . -path '*/node_modules/.vite' -prune -exec rm -rf {} + \
 && cd node_modules/sqlite3 \
 && rm -rf deps src build/deps build/*.mk build/Makefile build/config.gypi \
 && find build/Release -mindepth 1 -maxdepth 1 ! -name node_sqlite3.node -exec rm -rf {} + \
 && node -e "require('./')"
# Start the gateway once, with the image's own command line, so the loader's caches
# (node_modules/.cache/conduit: compiled modules and V8's code for them) ship in the image and a
# container's start compiles nothing. This also proves the pruned tree starts.
RUN set -eu; \
    export CONDUIT_DATA_DIR=/tmp/warm-up PORT=18080 HOST=127.0.0.1 CONDUIT_LOG_LEVEL=warn \
      CONDUIT_MASTER_KEY=warm-up-only-not-a-secret; \
    node --max-semi-space-size=32 --import ./core/gateway/bin/typescript-loader.mjs core/gateway/src/main.ts & \
    pid=$!; \
    for attempt in $(seq 1 120); do \
      if node core/gateway/bin/health-probe.mjs live 2>/dev/null; then break; fi; \
      kill -0 "$pid" 2>/dev/null || { wait "$pid"; exit 1; }; \
      sleep 1; \
    done; \
    kill -TERM "$pid"; \
    wait "$pid"; \
    rm -rf /tmp/warm-up; \
    test -d node_modules/.cache/conduit/typescript

FROM ${BASE_IMAGE} AS runtime
# true: espeak-ng, pocketsphinx (en-US model), ffmpeg and sox, for the `local-speech` provider and
# for transcoding speech to formats a provider does not produce (about 300 MB more).
ARG WITH_LOCAL_SPEECH=false
# tini as PID 1: forwards signals to the gateway and reaps child processes (ffmpeg, espeak-ng).
RUN set -eux; \
    packages=tini; \
    if [ "$WITH_LOCAL_SPEECH" = true ]; then packages="$packages espeak-ng pocketsphinx pocketsphinx-en-us ffmpeg sox"; fi; \
    apt-get update; \
    apt-get install -y --no-install-recommends $packages; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log; \
    groupadd --system --gid 10001 conduit; \
    useradd --system --uid 10001 --gid conduit --home-dir /data --no-create-home --shell /usr/sbin/nologin conduit; \
    mkdir -p /data; \
    chown conduit:conduit /data; \
    chmod 700 /data
WORKDIR /app
# Owned by root: the gateway's user reads its code and caches but cannot change them.
COPY --from=build /app/package.json /app/plugins.json /app/LICENSE ./
COPY --from=build /app/admin-svelte/package.json ./admin-svelte/
COPY --from=build /app/admin-svelte/dist ./admin-svelte/dist
COPY --from=build /app/core ./core
COPY --from=build /app/plugins ./plugins
COPY --from=build /app/node_modules ./node_modules
# A drain that fits in `docker stop`'s default 10 s, so the request log is flushed before a SIGKILL;
# raise it together with the stop timeout (docker-compose.yml does: 25 s within 30 s).
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    CONDUIT_DATA_DIR=/data \
    CONDUIT_SHUTDOWN_GRACE_SECONDS=8
USER conduit
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "core/gateway/bin/health-probe.mjs", "ready"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
# Exec form: the gateway itself gets SIGTERM (through tini), drains for at most
# CONDUIT_SHUTDOWN_GRACE_SECONDS, flushes the request log and exits 0.
CMD ["node", "--max-semi-space-size=32", "--import", "./core/gateway/bin/typescript-loader.mjs", "core/gateway/src/main.ts"]
