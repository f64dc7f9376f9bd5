#!/usr/bin/env bash
# Installs the `docker compose` CLI plugin (Compose v2) on a Debian 12 machine that has the docker
# client but no plugin, so that CI validates docker-compose.yml with `docker compose config`, the
# same program operators run. Docker's own packages live on download.docker.com and GitHub, which
# this machine cannot reach; Debian 13 ("trixie") packages Compose v2 as a static Go binary that
# only needs glibc >= 2.34 (Debian 12 has 2.36). apt fetches it from trixie with a throwaway
# source list, so the download is verified against Debian's signed release files, and only the
# plugin binary is copied out: nothing from trixie is installed as a package on this machine.
set -euo pipefail

target=/usr/local/lib/docker/cli-plugins
if docker compose version >/dev/null 2>&1; then
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
  >"$work/sources.list"
apt_options=(
  -o "Dir::Etc::sourcelist=$work/sources.list"
  -o "Dir::Etc::sourceparts=-"
  -o "Dir::State::Lists=$work/lists"
  -o "Dir::Cache=$work/cache"
  -o "APT::Get::List-Cleanup=0"
  # The throwaway folders belong to root; apt's download sandbox user could not write them.
  -o "APT::Sandbox::User=root"
)
# The index too can fail once with nothing said under -qq (seen here: CI ended in 2 s, silent):
# retried like the download below, and a final failure says so.
for attempt in 1 2 3; do
  if apt-get "${apt_options[@]}" update -qq; then break; fi
  if [ "$attempt" = 3 ]; then
    echo "error: could not read Debian trixie's package index (3 attempts)." >&2
    exit 1
  fi
  sleep 5
done
version=$(apt-cache "${apt_options[@]}" show docker-compose | awk '/^Version: 2\./ { print $2; exit }')
if [ -z "$version" ]; then
  echo "error: Debian trixie offers no docker-compose 2.x package; cannot install the compose plugin." >&2
  exit 1
fi
# A download that fails once (seen here: apt-get exiting 100 with nothing said, under -qq) is
# retried, and a final failure says what failed instead of ending the run silently.
for attempt in 1 2 3; do
  if (cd "$work" && apt-get "${apt_options[@]}" download -q "docker-compose=$version"); then break; fi
  if [ "$attempt" = 3 ]; then
    echo "error: could not download docker-compose=$version from Debian trixie (3 attempts)." >&2
    exit 1
  fi
  sleep 5
done
dpkg-deb -x "$work"/docker-compose_*.deb "$work/root"
mkdir -p "$target"
install -m 0755 "$work/root/usr/libexec/docker/cli-plugins/docker-compose" "$target/docker-compose"
docker compose version
