#!/usr/bin/env bash
# Plot vs matplotlib, same machine, same run: time from data to SVG text (best
# of 20) and the SVG's size. Release build of lectern-bench; matplotlib from
# .venv-bench (made here on first use: python3 -m venv, pip install matplotlib).
# The figures are written to output/bench-figures/ (SVG, and PNG when
# rsvg-convert is installed) so that they can be looked at.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x .venv-bench/bin/python ]] || ! .venv-bench/bin/python -c 'import matplotlib' 2>/dev/null; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q matplotlib numpy
fi
swift build -c release --product lectern-bench >/dev/null
out=output/bench-figures
swift_out=$(.build/release/lectern-bench figures "$out")
mpl_out=$(.venv-bench/bin/python bench/figures_matplotlib.py)
if command -v rsvg-convert >/dev/null; then
  for f in "$out"/*.svg; do rsvg-convert -w 1000 "$f" -o "${f%.svg}.png"; done
fi
printf '%-24s %12s %12s %9s %11s %11s\n' "figure" "Plot (ms)" "mpl (ms)" "speed-up" "Plot (KB)" "mpl (KB)"
while IFS=$'\t' read -r name s bytes; do
  line=$(printf '%s\n' "$mpl_out" | awk -F'\t' -v n="$name" '$1 == n')
  if [[ -n "$line" ]]; then
    p=$(cut -f2 <<< "$line"); pb=$(cut -f3 <<< "$line")
    printf '%-24s %12.2f %12.2f %8.1fx %11.1f %11.1f\n' "$name" "$(awk -v a="$s" 'BEGIN {print a * 1000}')" \
      "$(awk -v a="$p" 'BEGIN {print a * 1000}')" "$(awk -v a="$s" -v b="$p" 'BEGIN {print b / a}')" \
      "$(awk -v a="$bytes" 'BEGIN {print a / 1024}')" "$(awk -v a="$pb" 'BEGIN {print a / 1024}')"
  else
    printf '%-24s %12.2f %12s %9s %11.1f\n' "$name" "$(awk -v a="$s" 'BEGIN {print a * 1000}')" "" "" "$(awk -v a="$bytes" 'BEGIN {print a / 1024}')"
  fi
done <<< "$swift_out"
printf '%s\n' "$mpl_out" | awk -F'\t' '$1 == "import matplotlib" {printf "matplotlib import (once, cold): %.0f ms\n", $2 * 1000}'
