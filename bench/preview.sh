#!/usr/bin/env bash
# Preview benchmark: bench/preview.sh [02|05] [ROUNDS]. Uses the release build: from the
# write of an edit to lecture 02 or 05 to the reload message, against `lectern render`
# of the same edit, on two copies of the course, in the same run.
set -euo pipefail
source "$(dirname "$0")/release-lectern.sh"
for copy in a b; do
  mkdir -p "$work/$copy"
  cp -r lectures templates lectern.yml "$work/$copy/"
done
python3 bench/preview.py "$lectern" "$work/a" "$work/b" "$@"   # [02|05] [ROUNDS]
