#!/usr/bin/env bash
# README command 1: run the whole helpline locally (Synapse on SQLite, the bot, the youth page).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
check_node
check_python
install_node_modules
build_web_client
exec node --import tsx scripts/src/start.ts
