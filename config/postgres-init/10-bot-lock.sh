#!/bin/sh
# A PostgreSQL role and database for the bot's lock (docs/scaling.md), and nothing else. The bot
# only needs `pg_try_advisory_lock`, so it gets a role that can log in to an empty database of its
# own: it cannot read Synapse's database (where access tokens and room metadata live), create
# anything, or become anyone else. Compromising the bot must not hand over Synapse's data.
#
# The postgres image runs this once, when it initialises an empty data volume. On an installation
# whose volume predates it, run it by hand once (docs/deploy.md, "Upgrades"); it is idempotent:
#   docker compose exec postgres sh /docker-entrypoint-initdb.d/10-bot-lock.sh
#
# Reads POSTGRES_USER and POSTGRES_DB (the superuser and Synapse's database, as the image sets
# them) and BOT_LOCK_PASSWORD (written to .env by npm run setup:production). BOT_LOCK_USER and
# BOT_LOCK_DB override the names (tests use their own).
set -eu
: "${BOT_LOCK_PASSWORD:?BOT_LOCK_PASSWORD is not set: run npm run setup:production (it writes .env)}"
lock_user="${BOT_LOCK_USER:-bot_lock}"
lock_db="${BOT_LOCK_DB:-bot_lock}"
superuser="${POSTGRES_USER:-postgres}"
main_db="${POSTGRES_DB:-$superuser}"  # where psql connects to run the statements

run() {
  psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "$superuser" --dbname "$main_db" "$@"
}

# The password goes through a psql variable (:'password' quotes it), never into the command line.
run -v lock_user="$lock_user" -v password="$BOT_LOCK_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'lock_user')
  WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'lock_user') \gexec
SELECT format(
  'ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 4 PASSWORD %L',
  :'lock_user', :'password') \gexec
SQL
run -v lock_db="$lock_db" <<'SQL'
SELECT format('CREATE DATABASE %I', :'lock_db')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'lock_db') \gexec
SQL
run -v lock_user="$lock_user" -v lock_db="$lock_db" <<'SQL'
-- Every role may connect to every database by default; only the lock's role may reach its
-- database, and it may reach no other (Synapse's, nor the maintenance database "postgres").
-- The superuser, which Synapse uses, is not concerned by these grants.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'lock_db') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', :'lock_db', :'lock_user') \gexec
SELECT format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', datname)
  FROM pg_database WHERE NOT datistemplate AND datname <> :'lock_db' \gexec
SQL
run --dbname "$lock_db" <<'SQL'
REVOKE ALL ON SCHEMA public FROM PUBLIC;
SQL
echo "bot lock role \"$lock_user\" and database \"$lock_db\" ready"
