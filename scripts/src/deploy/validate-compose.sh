#!/usr/bin/env bash
# CI step: docker-compose.yml must be a valid compose file once the setup script has written its
# .env, with and without Element's profile and Synapse's workers, and must refuse to start without
# that .env. Uses `docker compose` (the plugin operators run; .ci/run installs it, see
# install-compose-plugin.sh), else, on a developer's machine without it, docker-compose 1.29 from
# Debian's package. No Docker engine is needed: `config` only reads and resolves the file.
set -euo pipefail
cd "$(dirname "$0")/../../.."

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
elif [ "${HELPLINE_REQUIRE_COMPOSE_PLUGIN:-0}" = 1 ]; then
  echo "error: 'docker compose' (the compose plugin) is required here but not installed." \
    "Run: bash scripts/src/deploy/install-compose-plugin.sh" >&2
  exit 1
elif command -v docker-compose >/dev/null 2>&1; then
  compose=(docker-compose)
else
  echo "error: neither 'docker compose' nor 'docker-compose' is installed, so docker-compose.yml" \
    "cannot be validated. Install one: apt-get install -y docker-compose" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node --import tsx scripts/src/cli/setup-production.ts --domain chat.example.org \
  --email it@example.org --element-domain element.chat.example.org --output "$work" >/dev/null

for profile in "" element standby monitoring; do
  "${compose[@]}" --env-file "$work/.env" -f docker-compose.yml ${profile:+--profile "$profile"} \
    config --quiet
done
services=$("${compose[@]}" --env-file "$work/.env" -f docker-compose.yml --profile element \
  config --services | sort | tr '\n' ' ')
[ "$services" = "bot element postgres synapse web " ] || {
  echo "error: docker-compose.yml: unexpected services: $services" >&2
  exit 1
}
# The optional bot standby (docs/scaling.md) and Prometheus (docs/deploy.md, "What to monitor").
services=$("${compose[@]}" --env-file "$work/.env" -f docker-compose.yml --profile standby \
  --profile monitoring config --services | sort | tr '\n' ' ')
[ "$services" = "bot bot-standby postgres prometheus synapse web " ] || {
  echo "error: docker-compose.yml: unexpected services with the standby and monitoring profiles: $services" >&2
  exit 1
}
# Synapse with workers and Redis (docs/scaling.md), over the same file.
workers=(-f docker-compose.yml -f synapse/workers/docker-compose.workers.yml)
"${compose[@]}" --env-file "$work/.env" "${workers[@]}" config --quiet
services=$("${compose[@]}" --env-file "$work/.env" "${workers[@]}" config --services | sort | tr '\n' ' ')
[ "$services" = "bot element postgres redis synapse synapse-persister1 synapse-sync1 web " ] || {
  echo "error: synapse/workers/docker-compose.workers.yml: unexpected services: $services" >&2
  exit 1
}
# Without the setup's .env, the file must refuse to start rather than run with empty secrets.
if env -u POSTGRES_PASSWORD -u HELPLINE_DOMAIN -u HELPLINE_ACME_EMAIL \
  "${compose[@]}" --env-file /dev/null -f docker-compose.yml config --quiet 2>/dev/null; then
  echo "error: docker-compose.yml accepted a missing .env" >&2
  exit 1
fi
echo "  docker-compose.yml is valid (${compose[*]})"
