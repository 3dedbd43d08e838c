#!/usr/bin/env bash
# The course's cold render (issue 30: under 60 s on 2 cores), as a fresh clone
# makes it: a copy of lectures/, templates/ and lectern.yml with no state
# folder, rendered with -j $(nproc) by the release build. Prints the wall
# time, the CPU every process used (busy jiffies from /proc/stat, so it counts
# swiftc, the lectures and Chromium alike: run it on an otherwise idle
# machine), how many cores were busy on average, and each lecture's compile
# and run times from the progress lines. Then, one lecture at a time, what
# each costs alone (`lectern run --no-cache`: compile and run, CPU and wall).
# Usage: bench/course.sh [--no-lectures]   (the second part takes ~2 minutes)
set -euo pipefail
source "$(dirname "$0")/release-lectern.sh"
cp -r lectures templates lectern.yml "$work/"

busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
hz=$(getconf CLK_TCK)
now() { date +%s.%N; }
# Runs "$@" and sets $wall (seconds) and $cpu (CPU-s of the whole machine) for it;
# returns the command's status.
measure() {
  local b0 t0 b1 t1 status=0
  b0=$(busy); t0=$(now)
  "$@" || status=$?
  t1=$(now); b1=$(busy)
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}')
  cpu=$(awk -v a="$b0" -v b="$b1" -v hz="$hz" 'BEGIN {printf "%.1f", (b - a) / hz}')
  return "$status"
}

measure "$lectern" render --course "$work" -j "$(nproc)" 2> "$work/log.txt" >/dev/null || { cat "$work/log.txt" >&2; exit 1; }
lectures=$(grep -o 'in [0-9.]* s (' "$work/log.txt" | grep -o '[0-9.]*' | head -1)

printf '%-52s %8s\n' "course benchmark ($(ls "$work"/lectures/*.md | wc -l) lectures, $(nproc) cores)" "seconds"
printf '%-52s %8.1f\n' "cold render, wall (fresh clone: no .lectern)" "$wall"
printf '%-52s %8.1f\n' "  of which the lectures (compile + run)" "$lectures"
printf '%-52s %8.1f\n' "  after them: pages, slides, math, handouts" "$(awk -v a="$wall" -v b="$lectures" 'BEGIN {print a - b}')"
printf '%-52s %8.1f\n' "cold render, CPU-s (all processes)" "$cpu"
printf '%-52s %8.2f\n' "  cores busy on average" "$(awk -v a="$cpu" -v b="$wall" 'BEGIN {print a / b}')"
echo
printf '%-40s %10s %10s\n' "in the render (contended)" "compile" "run"
grep -E '^✓|^✗' "$work/log.txt" | sed -E 's/^. ([^ ]+) +compile ([0-9.]+) s, run ([0-9.]+) s.*/\1 \2 \3/' \
  | while read -r path c r; do printf '%-40s %10s %10s\n' "$(basename "$path" .md)" "$c" "$r"; done

[[ "${1:-}" == "--no-lectures" ]] && exit 0
echo
printf '%-40s %10s %10s\n' "alone (lectern run --no-cache)" "CPU-s" "wall"
run_alone() { (cd "$work" && "$lectern" run "lectures/$1" --no-cache >/dev/null 2>&1); }
for md in "$work"/lectures/*.md; do
  measure run_alone "$(basename "$md")" || true
  printf '%-40s %10.1f %10.1f\n' "$(basename "$md" .md)" "$cpu" "$wall"
done
