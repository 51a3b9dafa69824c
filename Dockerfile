# Dispatch Voice on Node 24 LTS. `scripts/check-image.sh` (run by CI) builds the project from
# exactly what the COPY lines below bring in, and runs the operator's commands in that tree.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts/build-pglite-template.mjs scripts/bundle-server.mjs scripts/build-if-stale.mjs ./scripts/
# @nestjs/swagger lists TypeScript as an optional peer (for its build-time plugin), so prune keeps
# it: the compiler is removed by hand, and the image can only run what was built here.
RUN npm run build && npm prune --omit=dev \
  && rm -rf node_modules/typescript node_modules/.bin/tsc node_modules/.bin/tsserver

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node public ./public
COPY --chown=node:node scripts/build-if-stale.mjs ./scripts/
# Not root: the image's own `node` user (uid 1000), which owns the embedded database's folder.
RUN mkdir -p /app/data/recordings && chown -R node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT ?? 3000}/health`).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/bundle/main.mjs"]
