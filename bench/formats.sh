#!/usr/bin/env bash
# What the slides and the handout add to a render (issue: one lecture, three
# artefacts). Uses the release build, on a copy of the course whose cells are
# already in the cache (the formats never run a cell: their cost is the same
# on a cold render, on top of the cells). Prints the time of a cached render
# with the page only, with the deck, with the handout printed (no kept PDF)
# and with the handout kept, and the sizes of what each format writes.
set -euo pipefail
source "$(dirname "$0")/release-lectern.sh"
cp -r lectures templates "$work/"
grep -v '^format:' lectern.yml > "$work/lectern.yml"
now() { date +%s.%N; }
run() { local t0 t1; t0=$(now); "$lectern" render --course "$work" 2> "$work/log.txt" >/dev/null || { cat "$work/log.txt" >&2; exit 1; }; t1=$(now); awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}'; }
formats() { grep -v '^format:' "$work/lectern.yml" > "$work/y" || true; echo "format: $1" >> "$work/y"; mv "$work/y" "$work/lectern.yml"; }
best() { local a b c; a=$(run); b=$(run); c=$(run); printf '%s\n%s\n%s\n' "$a" "$b" "$c" | sort -n | head -1; }

cold=$(run)                                      # runs the cells once: fills the cache
formats "[html]";                page=$(best)
formats "[html, revealjs]";      deck=$(best)
formats "[html, revealjs, pdf]"; rm -rf "$work/.lectern/handouts"; printed=$(run); kept=$(best)
lectures=$(ls "$work"/lectures/*.md | wc -l)

printf '%-52s %8s\n' "formats benchmark ($lectures lectures, $(nproc) cores)" "seconds"
printf '%-52s %8.2f\n' "cold render, page only (cells run)" "$cold"
printf '%-52s %8.3f\n' "cached render, page only" "$page"
printf '%-52s %8.3f\n' "cached render, page + slides" "$deck"
printf '%-52s %8.3f\n' "cached render, page + slides + handouts printed" "$printed"
printf '%-52s %8.3f\n' "cached render, page + slides + handouts kept" "$kept"
printf '%-52s %8.3f\n' "  slides add" "$(awk -v a="$page" -v b="$deck" 'BEGIN {print b - a}')"
printf '%-52s %8.3f\n' "  handouts add, printed (per lecture)" "$(awk -v a="$deck" -v b="$printed" -v n="$lectures" 'BEGIN {print (b - a) / n}')"
printf '%-52s %8.3f\n' "  handouts add, kept" "$(awk -v a="$deck" -v b="$kept" 'BEGIN {print b - a}')"
echo
printf '%-40s %10s %10s %10s\n' "sizes (kB)" "page" "slides" "handout"
for md in "$work"/lectures/*.md; do
  stem=$(basename "$md" .md)
  printf '%-40s %10d %10d %10d\n' "$stem" "$(( $(stat -c %s "$work/output/$stem.html") / 1024 ))" \
    "$(( $(stat -c %s "$work/output/$stem.slides.html") / 1024 ))" "$(( $(stat -c %s "$work/output/$stem.pdf") / 1024 ))"
done
printf '%-40s %10s %10d\n' "assets/reveal (shared by every deck)" "" "$(( $(du -sb "$work/output/assets/reveal" | cut -f1) / 1024 ))"
