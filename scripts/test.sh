#!/usr/bin/env bash
# README command 2: every check and every test (unit, integration against a real Synapse,
# end-to-end in a real Chromium). Synapse runs on SQLite unless HELPLINE_TEST_DATABASE=postgres.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
check_node
check_python
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] ||
  die "Chromium is needed for the end-to-end tests: apt-get install -y chromium (or set CHROMIUM_PATH)."
install_node_modules

echo "· Lint, format and type checks"
npm run --silent check
echo "· Production compose file"
bash scripts/src/deploy/validate-compose.sh
echo "· Production web server config"
bash scripts/src/deploy/validate-caddyfile.sh
echo "· Monitoring config, alert rules and metrics format"
bash scripts/src/deploy/validate-prometheus.sh
build_web_client
echo "· Landing page weight"
node --import tsx scripts/src/checks/landing-size.ts
echo "· Synapse"
node --import tsx scripts/src/synapse/ensure-installed.ts
echo "· Production Synapse config"
bash scripts/src/deploy/validate-synapse-config.sh

results=.local/test-results
rm -rf "$results" && mkdir -p "$results"
status=0
for project in unit integration e2e; do
  echo "· ${project} tests"
  npx vitest run --project "$project" --reporter=default --reporter=json \
    --outputFile.json="$results/$project.json" || status=1
done
node --import tsx scripts/src/checks/test-summary.ts "$results"
exit $status
