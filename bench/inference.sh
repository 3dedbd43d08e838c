#!/usr/bin/env bash
# Inference vs scikit-learn, same machine, same run: Gaussian-mixture EM on
# 200 000 2D points (bench/gmm_sklearn.py writes the points and times
# GaussianMixture; lectern-bench mixture fits the same points). Release build;
# scikit-learn from .venv-bench (installed here on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x .venv-bench/bin/python ]] || ! .venv-bench/bin/python -c 'import sklearn' 2>/dev/null; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q scikit-learn numpy
fi
swift build -c release --product lectern-bench >/dev/null
mkdir -p output
peer=$(.venv-bench/bin/python bench/gmm_sklearn.py output/bench-mixture.bin)
ours=$(.build/release/lectern-bench mixture output/bench-mixture.bin)
printf '%-42s %11s %11s %9s %16s %16s\n' "workload" "Inference" "sklearn" "speed-up" "log L/point" "sklearn log L"
IFS=$'\t' read -r name s ll w <<< "$ours"
IFS=$'\t' read -r _ p pll pw <<< "$peer"
printf '%-42s %10.3fs %10.3fs %8.2fx %16.7f %16.7f\n' "$name" "$s" "$p" "$(awk -v a="$s" -v b="$p" 'BEGIN {print b / a}')" "$ll" "$pll"
echo "weights: Inference $w"
echo "         sklearn   $pw"
