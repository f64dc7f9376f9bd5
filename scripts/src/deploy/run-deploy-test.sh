#!/usr/bin/env bash
# `npm run test:deploy` on a machine of this project's CI kind (Debian 12, root, no image
# registry): a Docker Engine, the stand-in base images, then the test. Called by .ci/run.
#
# - Docker Engine from Debian (docker.io) when there is none; its daemon started here when none
#   answers, without iptables and with the default bridge off (as this machine allows:
#   compose's own networks work), and stopped again at the end. overlay2 first, vfs if the
#   machine's filesystem refuses it.
# - scripts/src/deploy/stand-in-images.sh: stand-ins for the upstream base images, which the
#   registry would give an operator (real upstream images already here are kept).
# The compose plugin is installed by .ci/run (scripts/src/deploy/install-compose-plugin.sh).
set -euo pipefail
cd "$(dirname "$0")/../../.."
export DEBIAN_FRONTEND=noninteractive

started=$SECONDS
missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
if [ ${#missing[@]} -gt 0 ]; then
  echo "· installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

log=$(mktemp)
daemon=""
stop_daemon() {
  if [ -n "$daemon" ]; then
    kill "$daemon" 2>/dev/null || true
    # dockerd stops its containers and containerd before it exits.
    for _ in $(seq 1 60); do kill -0 "$daemon" 2>/dev/null || break; sleep 1; done
  fi
  rm -f "$log"
}
trap stop_daemon EXIT

start_daemon() { # storage driver
  dockerd --storage-driver="$1" --iptables=false --bridge=none >"$log" 2>&1 &
  daemon=$!
  for _ in $(seq 1 30); do
    if docker info >/dev/null 2>&1; then return 0; fi
    kill -0 "$daemon" 2>/dev/null || break
    sleep 1
  done
  kill "$daemon" 2>/dev/null || true
  wait "$daemon" 2>/dev/null || true
  daemon=""
  return 1
}

if docker info >/dev/null 2>&1; then
  echo "· Docker Engine already running: used as it is"
else
  echo "· starting Docker Engine"
  if ! start_daemon overlay2 && ! start_daemon vfs; then
    tail -n 20 "$log" >&2
    echo "error: dockerd did not start (log above)" >&2
    exit 1
  fi
fi

echo "· stand-in base images"
bash scripts/src/deploy/stand-in-images.sh
echo "· deploy test"
npm run --silent test:deploy
echo "· deploy test done in $((SECONDS - started)) s, Docker Engine set-up and images included"
