# STAND-IN for postgres:16-alpine (https://hub.docker.com/_/postgres), built by
# scripts/src/deploy/stand-in-images.sh on machines that cannot reach the upstream registry.
# Operators pull the real image; nothing here is used on a real server.
#
# The contract docker-compose.yml and the backup command rely on, kept: POSTGRES_USER,
# POSTGRES_PASSWORD, POSTGRES_DB and POSTGRES_INITDB_ARGS read when the data folder
# (/var/lib/postgresql/data, PGDATA) is empty; the scripts of /docker-entrypoint-initdb.d run once
# then, against a server that listens on its socket only; local connections trusted, network ones
# by password (scram-sha-256); pg_isready, psql, pg_dump and pg_restore on the PATH; `postgres` as
# the command, run as the user postgres.
# How it differs: PostgreSQL **15** from Debian 12, not 16 (Debian 12 has no 16, and PostgreSQL's
# own repository is out of reach here), on glibc rather than musl; the user postgres's id is
# Debian's, not Alpine's 70. A data volume written by this stand-in is not one for the real image.
ARG BASE
FROM ${BASE}
RUN set -eu; \
    mkdir -p /etc/postgresql-common; \
    echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf; \
    apt-get update -qq; \
    apt-get install -y -qq --no-install-recommends postgresql-15 gosu >/dev/null; \
    rm -rf /var/lib/apt/lists/*; \
    mkdir -p /docker-entrypoint-initdb.d /var/lib/postgresql/data /var/run/postgresql; \
    chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql; \
    chmod 3777 /var/run/postgresql
ENV PATH=/usr/lib/postgresql/15/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
LABEL org.helpline.stand-in="postgres:16-alpine" \
      org.helpline.stand-in.differs="PostgreSQL 15 from Debian 12, glibc, Debian's postgres uid"
VOLUME ["/var/lib/postgresql/data"]
ENTRYPOINT ["docker-entrypoint.sh"]
STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]
