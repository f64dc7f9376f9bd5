#!/usr/bin/env bash
# CI step: Caddy itself must accept config/Caddyfile as the web container runs it: alone, with
# Element's site and a helpline's own host name (production/caddy/*.caddy) and with the Synapse workers' routes
# (synapse/workers/caddy/). The container's import folders become temp folders here. Uses the
# `caddy` command (Debian's package, which .ci/run installs: an older 2.x than the image's pin,
# so a directive both accept); `caddy validate` loads every module and contacts nobody.
set -euo pipefail
cd "$(dirname "$0")/../../.."
command -v caddy >/dev/null 2>&1 || {
  echo "error: caddy is not installed, so config/Caddyfile cannot be validated: apt-get install -y caddy" >&2
  exit 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node --import tsx scripts/src/cli/setup-production.ts --domain chat.example.org \
  --email it@example.org --element-domain element.chat.example.org \
  --helpline-hosts sos-viol=sos.example.org --output "$work/site" >/dev/null 2>&1
mkdir -p "$work/none"

validate() { # sites folder, workers folder
  sed -e "s#/etc/caddy/sites/#$1/#" -e "s#/etc/caddy/workers/#$2/#" config/Caddyfile >"$work/Caddyfile"
  local said
  if ! said=$(HELPLINE_DOMAIN=chat.example.org HELPLINE_ACME_EMAIL=it@example.org \
    XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/data" \
    caddy validate --config "$work/Caddyfile" --adapter caddyfile 2>&1); then
    echo "error: Caddy refuses config/Caddyfile (sites: $1, workers: $2):" >&2
    echo "$said" | tail -5 >&2
    exit 1
  fi
}
validate "$work/none" "$work/none"
validate "$work/site/production/caddy" "$work/none"
validate "$work/none" "$PWD/synapse/workers/caddy"
echo "  config/Caddyfile is valid ($(caddy version | cut -d' ' -f1)), with Element and a helpline's host name, and with workers"
