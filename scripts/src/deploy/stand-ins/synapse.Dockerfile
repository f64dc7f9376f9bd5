# STAND-IN for matrixdotorg/synapse (https://hub.docker.com/r/matrixdotorg/synapse), built by
# scripts/src/deploy/stand-in-images.sh on machines that cannot reach the upstream registry.
# Operators pull the real image; nothing here is used on a real server.
#
# The contract docker-compose.yml relies on, kept: the same Synapse version (synapse/requirements.txt
# pins it, and the tag says it), with its PostgreSQL driver; /start.py, which reads
# SYNAPSE_CONFIG_PATH (and SYNAPSE_WORKER), refuses a missing config, and drops to UID:GID (991:991
# by default) with gosu before it runs Synapse; /data as the data folder; curl for the healthcheck;
# Python importing modules from PYTHONPATH.
# How it differs: Debian 12's Python 3.11 in a virtualenv (upstream builds its own Python), the
# psycopg2 of Debian's package, Synapse from PyPI; start.py only runs Synapse (upstream's also
# generates and migrates configs, which this project never asks of it).
ARG BASE
FROM ${BASE}
ARG SYNAPSE_VERSION
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN set -eu; \
    apt-get update -qq; \
    apt-get install -y -qq --no-install-recommends python3 python3-venv python3-psycopg2 gosu \
      curl >/dev/null; \
    rm -rf /var/lib/apt/lists/*; \
    python3 -m venv --system-site-packages /opt/synapse; \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt /opt/synapse/bin/pip install --quiet --no-cache-dir \
      --disable-pip-version-check "matrix-synapse[postgres]==${SYNAPSE_VERSION}"; \
    # Upstream's Python is /usr/local/bin/python; a symlink to the virtualenv's would not find
    # the virtualenv (Python looks for pyvenv.cfg beside the path it was started as).
    printf '#!/bin/sh\nexec /opt/synapse/bin/python "$@"\n' > /usr/local/bin/python; \
    chmod 755 /usr/local/bin/python; \
    mkdir -p /data
COPY synapse-start.py /start.py
ENV SYNAPSE_VERSION=${SYNAPSE_VERSION} \
    PATH=/opt/synapse/bin:$PATH
LABEL org.helpline.stand-in="matrixdotorg/synapse:v${SYNAPSE_VERSION}" \
      org.helpline.stand-in.differs="Debian Python 3.11 venv, Synapse from PyPI, start.py runs Synapse only"
VOLUME ["/data"]
EXPOSE 8008/tcp 8009/tcp 8448/tcp
ENTRYPOINT ["/start.py"]
HEALTHCHECK --start-period=5s --interval=15s --timeout=5s CMD curl -fSs http://localhost:8008/health || exit 1
