# voicedesk in a container. Build: docker build -t voicedesk .
# Run:   docker run --init --env-file voicedesk.env --stop-timeout 15 voicedesk
# See docs/deploy.md. The image's own Node 24 runs the TypeScript sources directly (type stripping).

# Build stage: the full install the lockfile describes, so the postinstall (patch-package) patches
# @discordjs/voice and opusscript exactly as in development; then drop the devDependencies (the
# `node` binary package, test and lint tools). Pruning deletes packages but never restores files,
# so the patched files stay patched.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
# patch-package only warns on a failed patch outside CI; the second run makes that fail the build.
RUN npm ci --no-audit --no-fund \
 && npm prune --omit=dev --no-audit --no-fund \
 && node_modules/.bin/patch-package --error-on-fail \
 && npm cache clean --force

FROM node:24-slim
ENV NODE_ENV=production \
    DATA_DIR=/app/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
# DATA_DIR holds the embedded store and, with any store, the transcript journal (DATA_DIR/journal).
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
STOPSIGNAL SIGTERM
# /healthz answers only when METRICS_PORT is set; without it the check passes trivially.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const p=process.env.METRICS_PORT;if(!p)process.exit(0);fetch('http://127.0.0.1:'+p+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node itself receives SIGTERM and stops the bot cleanly (within 10 s).
CMD ["node", "src/index.ts"]
