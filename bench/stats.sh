#!/usr/bin/env bash
# Stats vs NumPy, same machine, same run. Release build of lectern-bench.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product lectern-bench >/dev/null
swift_out=$(.build/release/lectern-bench)
numpy_out=$(python3 bench/stats_numpy.py)
printf '%-30s %10s %10s %8s\n' "workload" "Stats (s)" "NumPy (s)" "speed-up"
while IFS=$'\t' read -r name s; do
  p=$(printf '%s\n' "$numpy_out" | awk -F'\t' -v n="$name" '$1 == n {print $2}')
  if [[ "$name" == *AUC* ]]; then
    printf '%-30s %10.5f %10.5f\n' "$name" "$s" "$p"
  else
    printf '%-30s %10.4f %10.4f %7.2fx\n' "$name" "$s" "$p" "$(awk -v a="$s" -v b="$p" 'BEGIN {print b / a}')"
  fi
done <<< "$swift_out"
