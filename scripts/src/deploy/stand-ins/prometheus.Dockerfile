# STAND-IN for prom/prometheus:v3.5.0 (https://hub.docker.com/r/prom/prometheus), built by
# scripts/src/deploy/stand-in-images.sh on machines that cannot reach the upstream registry.
# Operators pull the real image; nothing here is used on a real server.
#
# The contract docker-compose.yml relies on, kept (upstream's Dockerfile at v3.5.0): the
# entrypoint /bin/prometheus, given the compose file's flags (--config.file,
# --storage.tsdb.path, --storage.tsdb.retention.time) as its command, or upstream's default
# command without them; promtool at /bin/promtool, for `docker compose exec prometheus promtool`;
# run as the user nobody (65534), in /prometheus, a volume owned by nobody and group-writable,
# so that a fresh named volume is writable by it too; /etc/prometheus owned by nobody; port
# 9090; wget for the healthcheck.
# How it differs: **Prometheus 2.42** from Debian 12 (the binary of Debian's `prometheus`
# package; Debian has no 3.x, and the project's GitHub releases are out of reach here), not 3.5.
# The compose file's flags, config/prometheus.yml and the alert rules mean the same to both (CI
# checks them with 2.42's promtool: scripts/src/deploy/validate-prometheus.sh), but 3.x's own
# changes are not exercised: its new web UI, UTF-8 metric names, scrape protocol negotiation.
# Debian's package ships the old web UI's assets or none. On glibc, with Debian's userland; wget
# is busybox's applet, as upstream's busybox image has it.
ARG BASE
FROM ${BASE}
ARG UPSTREAM
RUN set -eu; \
    # Only the binaries are wanted: the package's service is kept from starting (no init here).
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; \
    chmod 755 /usr/sbin/policy-rc.d; \
    apt-get update -qq; \
    apt-get install -y -qq --no-install-recommends prometheus busybox >/dev/null; \
    rm -f /usr/sbin/policy-rc.d; \
    rm -rf /var/lib/apt/lists/*; \
    # Upstream's paths (with a merged /usr these already exist).
    for tool in prometheus promtool; do \
      [ -e "/bin/$tool" ] || ln -s "/usr/bin/$tool" "/bin/$tool"; \
    done; \
    ln -s "$(command -v busybox)" /usr/local/bin/wget; \
    mkdir -p /etc/prometheus /prometheus; \
    chown -R 65534:65534 /etc/prometheus /prometheus; \
    chmod g+w /prometheus
LABEL org.helpline.stand-in="${UPSTREAM}" \
      org.helpline.stand-in.differs="Prometheus 2.42 from Debian 12, glibc, busybox wget"
WORKDIR /prometheus
USER nobody
EXPOSE 9090
VOLUME ["/prometheus"]
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
