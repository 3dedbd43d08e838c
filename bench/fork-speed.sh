#!/usr/bin/env bash
# Runs after a fork against batch: the same training cell in `lectern run`
# and in the preview from its checkpoint, release build, same run.
set -euo pipefail
source "$(dirname "$0")/release-lectern.sh"
python3 bench/fork-speed.py "$lectern" "$work"
