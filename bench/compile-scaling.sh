#!/usr/bin/env bash
# Compile CPU against the number of cells: a lecture of N small cells (three
# statements each) for each N given (default 100 500 1000 2000), compiled by
# `lectern check --no-cache` with the release build; the compiler's user+system
# CPU, measured by wrapping swiftc (LECTERN_SWIFTC) in /usr/bin/time (the
# second of two compiles: the first also builds the Clang module cache).
set -euo pipefail
source "$(dirname "$0")/release-lectern.sh"
sizes=("${@:-100 500 1000 2000}")
real_swiftc=$(command -v swiftc)
cat > "$work/swiftc" <<WRAP
#!/usr/bin/env bash
exec /usr/bin/time -a -o "$work/cpu" -f '%U %S' "$real_swiftc" "\$@"
WRAP
chmod +x "$work/swiftc"
printf '%6s %12s %10s\n' cells "compile CPU" "per cell"
for n in ${sizes[@]}; do
  course="$work/c$n"
  mkdir -p "$course/lectures"
  python3 - "$n" > "$course/lectures/cells.md" <<'PY'
import sys
n = int(sys.argv[1])
print("---\ntitle: Cells\n---\n")
for i in range(n):
    print(f"Cell {i}.\n\n```swift\nlet x{i} = Double({i}) * 2 + 1\nlet y{i} = x{i} + 1\nprint(\"cell {i}\", y{i})\n```\n")
PY
  # The first compile of a course also builds its Clang module cache: measure the second.
  for pass in warm measured; do
    rm -f "$work/cpu"
    (cd "$course" && LECTERN_SWIFTC="$work/swiftc" "$lectern" check --no-cache >/dev/null 2>&1) || echo "lectern check failed for $n cells" >&2
  done
  awk -v n="$n" '{ cpu += $1 + $2 } END { printf "%6d %11.2fs %9.1fms\n", n, cpu, 1000 * cpu / n }' "$work/cpu"
done
