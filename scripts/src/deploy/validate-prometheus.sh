#!/usr/bin/env bash
# CI step: the monitoring profile's Prometheus config and alert rules, checked by Prometheus's own
# promtool as the container loads them (config/prometheus.yml names its rule file relatively, so
# the same check holds in the repository and in /etc/prometheus), the alert rules' unit tests
# (config/prometheus-alerts.test.yml: each alert fires and stays quiet when it should), and the
# bot's /metrics exposition linted for format and naming. Uses the `promtool` command (Debian's
# `prometheus` package, which .ci/run installs: an older 2.x than the image's 3.x pin, so rules
# both accept); nothing here contacts anyone.
set -euo pipefail
cd "$(dirname "$0")/../../.."
command -v promtool >/dev/null 2>&1 || {
  echo "error: promtool is not installed, so config/prometheus.yml and its alert rules cannot be" \
    "validated: apt-get install -y --no-install-recommends prometheus" >&2
  exit 1
}

run() { # what, command...
  local what=$1 said
  shift
  if ! said=$("$@" 2>&1); then
    echo "error: $what:" >&2
    echo "$said" | tail -20 >&2
    exit 1
  fi
}
run "promtool refuses config/prometheus.yml or its rules" promtool check config config/prometheus.yml
run "an alert rule test fails (config/prometheus-alerts.test.yml)" \
  promtool test rules config/prometheus-alerts.test.yml
exposition=$(node --import tsx bot/src/operations/testing/exposition.ts)
run "promtool finds fault with the bot's /metrics exposition" \
  promtool check metrics <<<"$exposition"
echo "  config/prometheus.yml and its alert rules are valid and tested, the bot's metrics lint clean" \
  "($(promtool --version 2>&1 | head -1 | cut -d' ' -f1-3))"
