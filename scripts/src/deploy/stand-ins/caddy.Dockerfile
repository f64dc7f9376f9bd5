# STAND-IN for caddy:2.10.2-alpine (https://hub.docker.com/_/caddy), built by
# scripts/src/deploy/stand-in-images.sh on machines that cannot reach the upstream registry.
# Operators pull the real image; nothing here is used on a real server.
#
# The contract web-client/Dockerfile and docker-compose.yml rely on, kept: `caddy run` with
# /etc/caddy/Caddyfile, the site's files in /srv, certificates in /data and autosaved config in
# /config (XDG_DATA_HOME, XDG_CONFIG_HOME), the admin endpoint on the container's loopback, wget
# for the healthcheck, run as root.
# How it differs: Caddy **2.6** from Debian 12, not 2.10 (the project's Caddyfile is also checked
# with that version in CI: scripts/src/deploy/validate-caddyfile.sh); on glibc, wget is GNU wget.
ARG BASE
FROM ${BASE}
RUN set -eu; \
    apt-get update -qq; \
    apt-get install -y -qq --no-install-recommends caddy wget >/dev/null; \
    rm -rf /var/lib/apt/lists/*; \
    mkdir -p /config/caddy /data/caddy /etc/caddy /srv
ENV XDG_CONFIG_HOME=/config \
    XDG_DATA_HOME=/data
LABEL org.helpline.stand-in="caddy:2.10.2-alpine" \
      org.helpline.stand-in.differs="Caddy 2.6 from Debian 12, glibc, GNU wget"
VOLUME ["/config", "/data"]
EXPOSE 80 443 443/udp 2019
WORKDIR /srv
CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]
