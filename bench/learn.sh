#!/usr/bin/env bash
# Learn vs PyTorch (CPU, the networks of seed 003 and a small jet-image CNN) and scikit-learn
# (HistGradientBoostingClassifier on a 10-feature toy), same machine, same run. Release build
# of lectern-bench; PyTorch and scikit-learn from .venv-bench (installed here on
# first use: python3 -m venv, pip install torch scikit-learn).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -x .venv-bench/bin/python ]] || ! .venv-bench/bin/python -c 'import torch, sklearn' 2>/dev/null; then
  python3 -m venv .venv-bench
  .venv-bench/bin/pip install -q torch scikit-learn numpy
fi
swift build -c release --product lectern-bench >/dev/null
mkdir -p output
.build/release/lectern-bench jet-images output/bench-jets.bin
peer_out=$(.venv-bench/bin/python bench/learn_torch.py; .venv-bench/bin/python bench/boosting_sklearn.py output/bench-boosting.bin
           .venv-bench/bin/python bench/cnn_torch.py output/bench-jets.bin
           .venv-bench/bin/python bench/cnn_torch.py output/bench-jets.bin --init=torch)
swift_out=$(.build/release/lectern-bench learn; .build/release/lectern-bench boosting output/bench-boosting.bin
            .build/release/lectern-bench cnn output/bench-jets.bin)
printf '%-36s %10s %10s %9s %10s %10s\n' "workload" "Learn (s)" "peer (s)" "speed-up" "Learn AUC" "peer AUC"
while IFS=$'\t' read -r name s auc; do
  line=$(printf '%s\n' "$peer_out" | awk -F'\t' -v n="$name" '$1 == n')
  if [[ -n "$line" ]]; then
    p=$(cut -f2 <<< "$line"); pauc=$(cut -f3 <<< "$line")
    printf '%-36s %10.3f %10.3f %8.2fx %10.4f %10.4f\n' "$name" "$s" "$p" "$(awk -v a="$s" -v b="$p" 'BEGIN {print b / a}')" "$auc" "$pauc"
  else
    printf '%-36s %10s %10s %9s %10.4f\n' "$name" "" "" "" "$auc"
  fi
done <<< "$swift_out"
# The same CNN with PyTorch's default initialisation (not Learn's): for the AUC gap it explains.
printf '%s\n' "$peer_out" | awk -F'\t' '$1 ~ /PyTorch init/ { printf "%-36s %10s %10.3f %9s %10s %10.4f\n", $1, "", $2, "", "", $3 }'
