#!/usr/bin/env bash
# Render benchmarks (issue: the lecture pipeline). Uses the release build.
# Measures, on a course of ten copies of lectures/02-box-factory.md:
#   cold render (empty cache), re-render with nothing changed, re-render after a
#   prose-only edit, and the compile time per lecture (from lectern's progress lines).
set -euo pipefail
source "$(dirname "$0")/release-lectern.sh"
mkdir -p "$work/lectures"
for i in $(seq -w 1 10); do
  sed "s/^title: .*/title: \"Box factory copy $i\"/" lectures/02-box-factory.md > "$work/lectures/$i-box.md"
done
cp -r templates "$work/"
now() { date +%s.%N; }
run() { local t0 t1; t0=$(now); "$lectern" render --course "$work" "$@" 2> "$work/log.txt" >/dev/null || true; t1=$(now); awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}'; }

cold=$(run)
compile=$(grep -o 'compile [0-9.]* s' "$work/log.txt" | awk '{s+=$2; n++} END {printf "%.2f", s/n}')
runs=$(grep -o 'run [0-9.]* s' "$work/log.txt" | awk '{s+=$2; n++} END {printf "%.2f", s/n}')
warm=$(run); warm2=$(run)
sed -i 's/^A factory makes boxes./A factory makes boxes (an edit)./' "$work/lectures/05-box.md"
prose=$(run)
grep -q "05-box.md  cached" "$work/log.txt" || { echo "prose edit was not served from the cache" >&2; exit 1; }

printf '%-46s %8s\n' "render benchmark (10 lectures, $(nproc) cores)" "seconds"
printf '%-46s %8.2f\n' "cold render (empty cache, -j $(nproc))" "$cold"
printf '%-46s %8.2f\n' "  mean swiftc time per lecture" "$compile"
printf '%-46s %8.2f\n' "  mean run time per lecture" "$runs"
printf '%-46s %8.3f\n' "re-render, nothing changed" "$(awk -v a="$warm" -v b="$warm2" 'BEGIN {print (a < b ? a : b)}')"
printf '%-46s %8.3f\n' "re-render after a prose-only edit" "$prose"
