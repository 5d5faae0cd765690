#!/usr/bin/env bash
# elenchus over a directory of AIF JSON files (an AIFdb corpus such as QT30,
# US2016 or Araucaria): `import aif DIR` and `check DIR` (every map, every
# rule), then the fixed point AIF -> map -> AIF -> map for every map. Prints
# maps read, maps rejected (reasons grouped), what was left out (by reason),
# claims/relations/actors/stances totals, findings by rule and level, wall
# time and peak resident memory of each step, and the fixed-point count.
# See docs/interop.md, "AIF corpora".
#
#   benches/corpora.sh /work/corpora/qt30
#
# Environment:
#   ELENCHUS    the binary (default: target/release/elenchus, built here)
#   BENCH_DIR   scratch directory (default $TMPDIR/elenchus-corpora); KEEP=1 keeps it
#   ILLOCUTIONS an illocution table for `import aif --illocutions`
#   REPHRASE    how MA-nodes are read: supports (the default) or implies
#               (`import aif --rephrase`). With ILLOCUTIONS or REPHRASE,
#               `check` runs over the imported maps, which they shaped.
#
# Needs GNU time (/usr/bin/time; apt-get install -y time) and jq.
set -euo pipefail
DIR=${1:?usage: benches/corpora.sh DIR}
cd "$(dirname "$0")/.."
for tool in jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "benches/corpora.sh: $tool is missing" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "benches/corpora.sh: GNU time (/usr/bin/time) is missing" >&2; exit 2; }
if [ -z "${ELENCHUS:-}" ]; then
  cargo build --release --quiet --bin elenchus
  ELENCHUS=${CARGO_TARGET_DIR:-target}/release/elenchus
fi
E=$ELENCHUS
S=${BENCH_DIR:-${TMPDIR:-/tmp}/elenchus-corpora}/$(basename "$DIR")
rm -rf "$S"
mkdir -p "$S/maps" "$S/aif" "$S/back"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$S"' EXIT
table=()
[ -n "${ILLOCUTIONS:-}" ] && table=(--illocutions "$ILLOCUTIONS")
[ -n "${REPHRASE:-}" ] && table+=(--rephrase "$REPHRASE")
checked=$DIR
[ ${#table[@]} -gt 0 ] && checked=$S/maps

# time_of LABEL FILE: wall time and peak memory from GNU time's output.
time_of() {
  local wall rss
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$2")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$2")
  printf '%-8s wall %s, peak memory %s MB\n' "$1" "$wall" "$((rss / 1024))"
}

echo "== $DIR ($(find "$DIR" -maxdepth 1 -name '*.json' | wc -l) JSON files)"
set +e
/usr/bin/time -v -o "$S/import.time" "$E" import aif "$DIR" -o "$S/maps" "${table[@]}" 2>"$S/import.err"
import_code=$?
/usr/bin/time -v -o "$S/check.time" "$E" check "$checked" --format json >"$S/check.json" 2>"$S/check.err"
check_code=$?
set -e
if grep -q -i 'panicked' "$S/import.err" "$S/check.err"; then
  echo "PANIC"; grep -i -m3 panicked "$S/import.err" "$S/check.err"; exit 1
fi
echo "import aif: exit $import_code; check: exit $check_code (1: findings at error level; 2: a map rejected); panics: 0"
tail -n 1 "$S/import.err" | sed 's/; /\n  /g; s/^/  /'
echo "maps rejected, by reason:"
grep -o '^error\[[a-z-]*\]' "$S/import.err" | sort | uniq -c | sort -rn | sed 's/^/  /' || true
[ -s "$S/check.json" ] && jq -r '
  "check: \(.summary.maps) maps, \(.summary.invalid_maps) invalid; \(.summary.errors) errors, \(.summary.warnings) warnings, \(.summary.notes) notes",
  "findings by rule:",
  (.findings | group_by(.rule + " " + .level) | map({k: (.[0].rule + " (" + .[0].level + ")"), n: length})
     | sort_by(-.n)[] | "  \(.n) \(.k)"),
  "totals of the maps checked: " + ([.maps[].counts // {} | to_entries[]] | group_by(.key)
     | map("\(.[0].key) \(map(.value) | add)") | join(", "))
' "$S/check.json"
time_of import "$S/import.time"
time_of check "$S/check.time"

# The fixed point: map -> AIF -> map gives the same map.
same=0; differ=0; first=""
start=$(date +%s.%N)
for m in "$S"/maps/*.toml; do
  b=$(basename "$m" .toml)
  "$E" export aif "$m" -o "$S/aif/$b.json" 2>/dev/null
  "$E" -q import aif "$S/aif/$b.json" -o "$S/back/$b.toml" "${table[@]}" 2>/dev/null
  if cmp -s "$m" "$S/back/$b.toml"; then same=$((same + 1)); else differ=$((differ + 1)); first=${first:-$b}; fi
done
end=$(date +%s.%N)
printf 'fixed point AIF -> map -> AIF -> map: %d same, %d differ%s (%.1f s)\n' "$same" "$differ" "${first:+ (first: $first)}" "$(echo "$end - $start" | bc)"
[ "$differ" = 0 ]
