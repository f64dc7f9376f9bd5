#!/usr/local/bin/python
# STAND-IN for the /start.py of matrixdotorg/synapse (scripts/src/deploy/stand-ins/synapse.Dockerfile):
# its "run" mode only, which is all docker-compose.yml uses. Same variables, same checks, same drop
# to UID:GID before Synapse starts.
import os
import sys

config_path = os.environ.get("SYNAPSE_CONFIG_PATH", "/data/homeserver.yaml")
if not os.path.exists(config_path):
    sys.exit(
        f"Config file '{config_path}' does not exist (SYNAPSE_CONFIG_PATH). "
        "This stand-in does not generate configs: run npm run setup:production."
    )
worker = os.environ.get("SYNAPSE_WORKER", "synapse.app.homeserver")
ownership = f"{os.environ.get('UID', '991')}:{os.environ.get('GID', '991')}"
args = ["gosu", ownership, sys.executable, "-m", worker, "--config-path", config_path]
os.execvpe("gosu", args, dict(os.environ))
