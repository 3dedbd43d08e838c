#!/usr/bin/env bash
# NUTS vs Stan on seed 000's di-Higgs fit, same machine, same run: N = 2000
# events at 10 %, 5 % and 0 % signal, 4 chains x (1000 warm-up + 1000 draws).
# Both sides' draws go through the same diagnostics (lectern-bench ess), so
# the minimum bulk ESS is computed one way. Stan is pystan 3 from PyPI, in
# .venv-bench (installed on first use); its compile time is printed apart.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x .venv-bench/bin/python ]] || ! .venv-bench/bin/python -c 'import stan' 2>/dev/null; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q pystan "setuptools<81"
fi
swift build -c release --product lectern-bench >/dev/null
mkdir -p output
printf '%-8s | %9s %9s %7s %6s | %9s %9s %7s %6s | %s\n' "signal" "NUTS s" "min ESS" "ESS/s" "div" \
  "Stan s" "min ESS" "ESS/s" "div" "ESS/s ratio"
for fraction in 0.1 0.05 0.0; do
  events=output/bench-dihiggs-$fraction.txt
  IFS=$'\t' read -r _ s ess div theta _ <<< "$(.build/release/lectern-bench dihiggs "$fraction" "$events")"
  compile=$(.venv-bench/bin/python bench/dihiggs_stan.py "$events" output/bench-dihiggs-stan-$fraction.txt 2>/dev/null | tail -n 1)
  IFS=$'\t' read -r ps pess pdiv ptheta _ <<< "$(.build/release/lectern-bench ess output/bench-dihiggs-stan-$fraction.txt)"
  printf '%-8s | %8.1fs %9.0f %7.0f %6d | %8.1fs %9.0f %7.1f %6d | %.1fx   (θ mean %.4f vs %.4f; Stan compile %.0fs)\n' \
    "$fraction" "$s" "$ess" "$(awk -v e="$ess" -v t="$s" 'BEGIN {print e / t}')" "$div" \
    "$ps" "$pess" "$(awk -v e="$pess" -v t="$ps" 'BEGIN {print e / t}')" "$pdiv" \
    "$(awk -v a="$ess" -v b="$s" -v c="$pess" -v d="$ps" 'BEGIN {print (a / b) / (c / d)}')" "$theta" "$ptheta" "$compile"
done
