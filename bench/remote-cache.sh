#!/usr/bin/env bash
# Remote cache benchmark: bench/remote-cache.sh. Release build, nginx with WebDAV on a
# random loopback port (scripts/cache-test installs it): two shards of the course fill
# it, a render on a fresh copy assembles the site from it; bytes, times, the ratio to a
# cached re-render, the diff against a one-machine render and the size of _freeze/.
set -euo pipefail
source "$(dirname "$0")/release-lectern.sh"
export PATH="$PATH:/usr/sbin"
python3 bench/remote-cache.py "$lectern" "$work"
