#!/usr/bin/env bash
# CI step: the Synapse config the setup script renders for production, with and without workers,
# and each worker's file over it, are accepted by the pinned Synapse's own config parser (from
# .local/venv, installed by scripts/src/synapse/ensure-installed.ts). The container's /config and
# /data become temp folders here; Redis is switched off for the check only, because the venv lacks
# Synapse's redis extras (the official image has them).
set -euo pipefail
cd "$(dirname "$0")/../../.."
python=.local/venv/bin/python
[ -x "$python" ] || { echo "error: $python is missing: run scripts/src/synapse/ensure-installed.ts" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

parse() {
  # `read` exits non-zero for a key it cannot print; what matters is the parser's verdict.
  local said
  said=$(PYTHONPATH=synapse/modules "$python" -m synapse.config read server_name "$@" 2>&1 || true)
  grep -q '^Config parses OK!$' <<<"$said" || {
    echo "error: Synapse refuses the production config ($*):" >&2
    echo "$said" >&2
    exit 1
  }
}

for workers in off on; do
  out="$work/$workers"
  mkdir -p "$out/data"
  node --import tsx scripts/src/cli/setup-production.ts --domain chat.example.org \
    --email it@example.org --workers "$workers" --output "$out" >/dev/null 2>&1
  config="$out/production/synapse"
  sed -i -e "s#/config/#$config/#g" -e "s#/data/#$out/data/#g" \
    -e '/^redis:/,/^[a-z]/s/enabled: true/enabled: false/' "$config/homeserver.yaml" "$config/log.yaml"
  parse -c "$config/homeserver.yaml"
  if [ "$workers" = on ]; then
    for worker in synapse/workers/synapse-*.yaml; do parse -c "$config/homeserver.yaml" -c "$worker"; done
  fi
done
echo "  Synapse accepts the production config, with and without workers"
