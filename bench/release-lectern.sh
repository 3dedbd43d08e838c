# Sourced by the benchmarks that drive the lectern command: from the checkout's
# root, the release build's `lectern` as $lectern, and a scratch folder $work
# that is removed when the benchmark exits.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
lectern="$PWD/.build/release/lectern"
[[ -x "$lectern" ]] || { echo "build first: swift build -c release" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
