#!/usr/bin/env bash
# elenchus against the Argdown CLI (@argdown/cli, the version pinned in
# tests/argdown-cli/) on the same random map: `argdown json FILE.argdown`
# against `elenchus check FILE.argdown` (parse and every rule), in one
# hyperfine run per size, with wall time, CPU time (user + system) and peak
# resident memory, and the ratios. Target: at 10k statements and beyond,
# elenchus takes >= 30x less CPU and <= 1/5 of the peak memory.
# Then it compares the counts of the Argdown test files (tests/argdown_counts.py).
# Where `argdown json` fails (at 100k statements Argdown 1.7.5 overflows its
# stack), the rows say so and its ratios are lower bounds.
# See docs/performance.md.
#
#   benches/argdown.sh                        # 1k, 10k, 100k statements
#   SIZES="1000 10000" RUNS=2 benches/argdown.sh
#
# Environment:
#   SIZES       statements (claims) of the generated maps (default "1000 10000 100000")
#   RUNS        timed runs of each command (default 3; medians are reported)
#   SEED        generator seed (default 1)
#   BENCH_DIR   scratch directory (default $TMPDIR/elenchus-argdown-bench); KEEP=1 keeps it
#   STAND_IN=1  time `elenchus check` on the same map as JSON even when elenchus reads
#               Argdown; without a reader that is what is timed, and the rows say so
#   COUNTS=0    skip the count comparison
#
# Needs Node.js and npm (apt-get install -y nodejs npm), hyperfine and GNU time
# (apt-get install -y hyperfine time).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000 100000"}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
SCRATCH=${BENCH_DIR:-${TMPDIR:-/tmp}/elenchus-argdown-bench}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
E="$TARGET_DIR/release/elenchus"
GEN="$TARGET_DIR/release/examples/gen"

missing=0
for tool in hyperfine npm node; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "benches/argdown.sh: $tool is missing" >&2
    missing=1
  fi
done
if [ ! -x /usr/bin/time ]; then
  echo "benches/argdown.sh: GNU time (/usr/bin/time) is missing: apt-get install -y time" >&2
  missing=1
fi
[ "$missing" = 0 ] || exit 2

log() { printf '\n== %s\n' "$*" >&2; }

log "building (release)"
cargo build --release --quiet --bin elenchus --example gen
ARGDOWN=$(python3 tests/argdown_counts.py --install)
echo "Argdown CLI: $ARGDOWN $("$ARGDOWN" --version)" >&2

mkdir -p "$SCRATCH"
cleanup() {
  rm -f "$SCRATCH"/map-*.argdown "$SCRATCH"/map-*.json "$SCRATCH"/*.hyperfine.json "$SCRATCH"/time-v.txt "$SCRATCH"/argdown-stdout.txt
  rm -rf "$SCRATCH/argdown-out"
  rmdir "$SCRATCH" 2>/dev/null || true
}
if [ "${KEEP:-0}" != 1 ]; then
  trap cleanup EXIT
fi

# stat FIELD JSON [N]: a number from hyperfine's JSON export (of the Nth command).
stat() { grep -o "\"$1\": *[0-9.e+-]*" "$2" | sed -n "${3:-1}p" | sed 's/.*: *//'; }
cpu() { awk -v u="$(stat user "$1" "$2")" -v s="$(stat system "$1" "$2")" 'BEGIN { print u + s }'; }
# rss CMD...: peak resident set size in KiB; exit codes 0 and 1 are fine.
rss() {
  local out="$SCRATCH/time-v.txt" code=0
  /usr/bin/time -v "$@" >/dev/null 2>"$out" || code=$?
  if [ "$code" -ge 2 ]; then
    echo "command failed (exit $code): $*" >&2
    tail -n 20 "$out" >&2
    return 1
  fi
  grep 'Maximum resident set size' "$out" | awk '{print $NF}'
}
fmt_s() { awk -v t="$1" 'BEGIN { if (t < 1) printf "%.1f ms", t * 1000; else printf "%.2f s", t }'; }
fmt_mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
atleast() { awk -v v="$1" -v l="$2" 'BEGIN { print (v >= l) ? "met" : "MISSED" }'; }

ROWS=()
row() { ROWS+=("$(printf '| %-44s | %-9s | %-34s | %-6s |' "$1" "$2" "$3" "$4")"); }
label() { awk -v n="$1" 'BEGIN { if (n >= 1000 && n % 1000 == 0) printf "%dk", n / 1000; else printf "%d", n }'; }

# Does this elenchus read Argdown? (Exit 0 or 1: read and checked.)
first=${SIZES%% *}
"$GEN" --claims "$first" --seed "$SEED" --format argdown -o "$SCRATCH/map-$first.argdown"
code=0
"$E" check "$SCRATCH/map-$first.argdown" >/dev/null 2>"$SCRATCH/time-v.txt" || code=$?
if [ "$code" -le 1 ] && [ "${STAND_IN:-0}" != 1 ]; then
  READER=1
else
  READER=0
  if [ "$code" -ge 2 ]; then
    echo "elenchus does not read Argdown yet (exit $code): timing \`elenchus check\` on the same map as JSON" >&2
    head -n 5 "$SCRATCH/time-v.txt" >&2
  fi
fi

for n in $SIZES; do
  k=$(label "$n")
  A="$SCRATCH/map-$n.argdown"
  J="$SCRATCH/map-$n.json"
  log "$k statements: generating"
  "$GEN" --claims "$n" --seed "$SEED" --format argdown -o "$A"
  "$GEN" --claims "$n" --seed "$SEED" --format json -o "$J"
  echo "$(du -k "$A" | cut -f1) KB Argdown, $(du -k "$J" | cut -f1) KB JSON" >&2
  if [ "$READER" = 1 ]; then OURS="$A" WHAT="check .argdown"; else OURS="$J" WHAT="check .json (stand-in)"; fi
  mkdir -p "$SCRATCH/argdown-out"
  log "$k statements: argdown json / elenchus $WHAT"
  json="$SCRATCH/argdown-$n.hyperfine.json"
  hyperfine --style basic -N --ignore-failure --warmup 1 --runs "$RUNS" --export-json "$json" \
    "$ARGDOWN json $A $SCRATCH/argdown-out" "$E check $OURS" >&2
  TA=$(stat median "$json" 1) TE=$(stat median "$json" 2)
  CA=$(cpu "$json" 1) CE=$(cpu "$json" 2)
  # Argdown once more, under GNU time, its output kept: did it export?
  rm -f "$SCRATCH/argdown-out/map-$n.json"
  code=0
  /usr/bin/time -v "$ARGDOWN" json "$A" "$SCRATCH/argdown-out" >"$SCRATCH/argdown-stdout.txt" 2>"$SCRATCH/time-v.txt" || code=$?
  RA=$(grep 'Maximum resident set size' "$SCRATCH/time-v.txt" | awk '{print $NF}')
  RE=$(rss "$E" check "$OURS")
  if [ "$code" = 0 ] && [ -s "$SCRATCH/argdown-out/map-$n.json" ]; then
    row "argdown json, $k statements" "-" "$(fmt_s "$TA") (cpu $(fmt_s "$CA")), $(fmt_mb "$RA")" ""
  else
    why=$(grep -h -o -m1 -E '[A-Za-z]*Error: .*' "$SCRATCH/argdown-stdout.txt" "$SCRATCH/time-v.txt" | head -n1)
    echo "argdown json failed on $k statements (exit $code): $why" >&2
    row "argdown json, $k statements: FAILED" "-" "exit $code after cpu $(fmt_s "$CA"), $(fmt_mb "$RA"): $why" ""
  fi
  row "elenchus $WHAT, $k" "-" "$(fmt_s "$TE") (cpu $(fmt_s "$CE")), $(fmt_mb "$RE")" ""
  if [ "$n" -ge 10000 ]; then lc=">= 30x" lr=">= 5x"; vc=$(atleast "$(ratio "$CA" "$CE")" 30); vr=$(atleast "$(ratio "$RA" "$RE")" 5); else lc="-" lr="-" vc="" vr=""; fi
  if [ "$READER" = 0 ] && [ -n "$vc" ]; then vc="($vc)" vr="($vr)"; fi
  row "  argdown / elenchus, $k: cpu" "$lc" "$(ratio "$CA" "$CE")x (wall $(ratio "$TA" "$TE")x)" "$vc"
  row "  argdown / elenchus, $k: peak RSS" "$lr" "$(ratio "$RA" "$RE")x" "$vr"
  if [ "${KEEP:-0}" != 1 ]; then rm -f "$A" "$J"; fi
done

if [ "${COUNTS:-1}" = 1 ]; then
  log "counts of the Argdown test files against argdown json"
  if ELENCHUS="$E" python3 tests/argdown_counts.py >&2; then
    row "argdown test files: counts equal" "all" "yes" "met"
  else
    row "argdown test files: counts equal" "all" "no (see above)" "MISSED"
  fi
fi

echo
echo "machine: $(nproc) CPUs, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)'); Argdown CLI $("$ARGDOWN" --version), node $(node --version); runs: $RUNS (medians)"
if [ "$READER" = 0 ]; then echo "elenchus read no Argdown: its rows time the same map as JSON, verdicts in parentheses"; fi
echo
printf '| %-44s | %-9s | %-34s | %-6s |\n' "target" "limit" "measured" "result"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "$(printf -- '-%.0s' {1..11})" "$(printf -- '-%.0s' {1..36})" "$(printf -- '-%.0s' {1..8})"
for r in "${ROWS[@]}"; do echo "$r"; done
