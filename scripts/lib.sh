# Shared by scripts/start.sh and scripts/test.sh: check the machine, install what is missing.
# Sourced, not run.

die() { echo "error: $*" >&2; exit 1; }

check_node() {
  command -v node >/dev/null || die "Node.js is not installed. Install Node 20.19 or newer (20.x or 22.x)."
  local major minor
  major=$(node -p 'process.versions.node.split(".")[0]')
  minor=$(node -p 'process.versions.node.split(".")[1]')
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
    die "Node $(node --version) is too old: the project needs Node 20.19 or newer (see README)."
  fi
}

check_python() {
  command -v python3 >/dev/null || die "python3 is not installed: Synapse needs Python 3.10 or newer."
  python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' ||
    die "python3 is $(python3 --version): Synapse needs Python 3.10 or newer."
  python3 -c 'import venv, ensurepip' 2>/dev/null ||
    die "python3 cannot create virtualenvs: install the venv module (Debian: apt-get install python3-venv)."
}

install_node_modules() {
  # Reinstall when the lockfile changed since the last install.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "· Installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

build_web_client() {
  echo "· Building the web client"
  npm run --silent build -w web-client >/dev/null
}
