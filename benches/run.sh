#!/usr/bin/env bash
# Benchmarks of elenchus at scale: reproduces every target of the performance
# issue and prints a table. See docs/performance.md for what is measured and
# the recorded results.
#
#   benches/run.sh               # everything (about 15 to 25 minutes on 2 cores)
#   RUNS=3 benches/run.sh        # fewer timed runs per large command
#   ONLY="check growth" benches/run.sh   # a subset: check toml floor growth render costs import unvotes stances startup semantics argdown
#
# Environment:
#   RUNS        timed runs of each large command (default 5; medians are reported)
#   BENCH_DIR   scratch directory for generated inputs (default $TMPDIR/elenchus-bench);
#               nothing is written inside the repository
#   KEEP=1      keep the generated inputs (they are reused when the generator is unchanged)
#   SEED        generator seed (default 1)
#   MAX_GROWTH  largest map of the growth curve (default 1280000)
#   CLAIMS      claims in the main map (default 1000000; smaller for a smoke test)
#   UNVOTES     the UN General Assembly roll calls (un_votes.csv.gz, un_roll_calls.csv.gz,
#               un_roll_call_issues.csv.gz; default ../shared/data/unvotes); `unvotes` is
#               skipped without them
#
# Needs hyperfine and GNU time: `apt-get install -y hyperfine time`.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
SEED=${SEED:-1}
MAX_GROWTH=${MAX_GROWTH:-1280000}
CLAIMS=${CLAIMS:-1000000}
ONLY=${ONLY:-"check toml floor growth render costs import unvotes stances startup semantics argdown"}
SCRATCH=${BENCH_DIR:-${TMPDIR:-/tmp}/elenchus-bench}
TARGET_DIR=${CARGO_TARGET_DIR:-target}
E="$TARGET_DIR/release/elenchus"
GEN="$TARGET_DIR/release/examples/gen"
FLOOR="$TARGET_DIR/release/examples/parse_floor"
AFGEN="$TARGET_DIR/release/examples/afgen"

missing=0
if ! command -v hyperfine >/dev/null 2>&1; then
  echo "benches/run.sh: hyperfine is missing; install it with: apt-get install -y hyperfine" >&2
  missing=1
fi
if [ ! -x /usr/bin/time ]; then
  echo "benches/run.sh: GNU time (/usr/bin/time) is missing; install it with: apt-get install -y time" >&2
  missing=1
fi
[ "$missing" = 0 ] || exit 2

want() { case " $ONLY " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
log() { printf '\n== %s\n' "$*" >&2; }

log "building (release)"
cargo build --release --quiet --bin elenchus --example gen --example parse_floor --example afgen

mkdir -p "$SCRATCH"
cleanup() {
  # Only what this script writes: never the whole directory, which may be the user's.
  rm -f "$SCRATCH"/map-*.json "$SCRATCH"/map-*.toml "$SCRATCH"/agreement-*.json "$SCRATCH"/votes-* \
    "$SCRATCH"/resolutions-*.csv "$SCRATCH"/stress-*.json "$SCRATCH"/af-*.af "$SCRATCH"/*.hyperfine.json "$SCRATCH"/time-v.txt "$SCRATCH"/*.tmp.* \
    "$SCRATCH"/unvotes.json "$SCRATCH"/unvotes.toml
  rmdir "$SCRATCH" 2>/dev/null || true
}
if [ "${KEEP:-0}" != 1 ]; then
  trap cleanup EXIT
fi
echo "scratch directory: $SCRATCH" >&2

# gen FILE ARGS...: generate FILE unless it exists and is newer than the generator.
gen() {
  local file=$1
  shift
  if [ ! -s "$file" ] || [ "$GEN" -nt "$file" ]; then
    echo "generating $(basename "$file") ($*)" >&2
    local tmp="${file%.*}.tmp.${file##*.}" # keeps the extension, which sets the format
    "$GEN" "$@" -o "$tmp" && mv "$tmp" "$file"
  fi
}

# stat FIELD JSON [N]: a number from hyperfine's JSON export (of the Nth command).
stat() { grep -o "\"$1\": *[0-9.e+-]*" "$2" | sed -n "${3:-1}p" | sed 's/.*: *//'; }
# cpu JSON [N]: mean CPU time (user + system) of the Nth command, in seconds.
cpu() { awk -v u="$(stat user "$1" "${2:-1}")" -v s="$(stat system "$1" "${2:-1}")" 'BEGIN { print u + s }'; }

# median NAME CMD...: hyperfine CMD; prints the median wall time in seconds
# (and leaves the export in $SCRATCH/NAME.hyperfine.json, for `cpu`).
# Exit codes 0 and 1 (findings at error level) are both fine for `check`.
median() {
  local name=$1 runs=$2
  shift 2
  local json="$SCRATCH/$name.hyperfine.json"
  local args=(--style basic --ignore-failure --export-json "$json" -N)
  if [ "$runs" = auto ]; then
    args+=(--warmup 3 --min-runs 10)
  else
    args+=(--warmup 1 --runs "$runs")
  fi
  hyperfine "${args[@]}" "$*" >&2
  stat median "$json"
}

# rss CMD...: peak resident set size in KiB (GNU time), with the exit code checked.
rss() {
  local out="$SCRATCH/time-v.txt" code=0
  /usr/bin/time -v "$@" >/dev/null 2>"$out" || code=$?
  if [ "$code" -ge 2 ]; then
    echo "command failed (exit $code): $*" >&2
    tail -n 40 "$out" >&2
    return 1
  fi
  grep 'Maximum resident set size' "$out" | awk '{print $NF}'
}

# A command is available when it runs on a small input without failing.
available() { "$@" >/dev/null 2>&1; }

fmt_s() { awk -v t="$1" 'BEGIN { if (t < 1) printf "%.1f ms", t * 1000; else printf "%.2f s", t }'; }
fmt_mb() { awk -v k="$1" 'BEGIN { printf "%.0f MB", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l) ? "met" : "MISSED" }'; }

ROWS=()
row() { ROWS+=("$(printf '| %-44s | %-9s | %-34s | %-6s |' "$1" "$2" "$3" "$4")"); }
if [ "$CLAIMS" = 1000000 ]; then M=1M; else M=$CLAIMS; fi
NA="n/a (command not available)"

# ---------------------------------------------------------------------------
# check on 1M claims (JSON), the floor, TOML.
M1J="$SCRATCH/map-$CLAIMS.json"
M1T="$SCRATCH/map-$CLAIMS.toml"
if want check || want floor || want toml; then
  gen "$M1J" --claims "$CLAIMS" --seed "$SEED"
  echo "findings: $("$E" check "$M1J" | tail -n1 || true)" >&2
fi
if want check; then
  log "check, 1M claims, JSON"
  T_JSON=$(median check-json "$RUNS" "$E" check "$M1J")
  C_JSON=$(cpu "$SCRATCH/check-json.hyperfine.json")
  R_JSON=$(rss "$E" check "$M1J")
  row "check $M-claim JSON: wall (median)" "<= 3 s" "$(fmt_s "$T_JSON") (cpu $(fmt_s "$C_JSON"))" "$(verdict "$T_JSON" 3)"
  row "check $M-claim JSON: peak RSS" "<= 2 GB" "$(fmt_mb "$R_JSON")" "$(verdict "$R_JSON" $((2 * 1024 * 1024)))"
fi
if want floor; then
  log "floor: parse into serde_json::Value, same file, same run"
  hyperfine --style basic --ignore-failure -N --warmup 1 --runs "$RUNS" --export-json "$SCRATCH/floor.hyperfine.json" \
    "$FLOOR $M1J" "$E check $M1J" >&2
  T_FLOOR=$(stat median "$SCRATCH/floor.hyperfine.json" 1)
  T_CHECK=$(stat median "$SCRATCH/floor.hyperfine.json" 2)
  C_FLOOR=$(cpu "$SCRATCH/floor.hyperfine.json" 1)
  C_CHECK=$(cpu "$SCRATCH/floor.hyperfine.json" 2)
  R_FLOOR=$(rss "$FLOOR" "$M1J")
  row "floor: parse $M JSON to serde_json::Value" "-" "$(fmt_s "$T_FLOOR"), $(fmt_mb "$R_FLOOR")" ""
  row "check JSON / floor (time)" "<= 2" "$(ratio "$T_CHECK" "$T_FLOOR") (cpu $(ratio "$C_CHECK" "$C_FLOOR"))" "$(verdict "$(ratio "$T_CHECK" "$T_FLOOR")" 2)"
fi
if want toml; then
  log "check, 1M claims, TOML"
  gen "$M1T" --claims "$CLAIMS" --seed "$SEED"
  T_TOML=$(median check-toml "$RUNS" "$E" check "$M1T")
  C_TOML=$(cpu "$SCRATCH/check-toml.hyperfine.json")
  R_TOML=$(rss "$E" check "$M1T")
  if [ -z "${T_JSON:-}" ]; then
    T_JSON=$(median check-json "$RUNS" "$E" check "$M1J")
    C_JSON=$(cpu "$SCRATCH/check-json.hyperfine.json")
  fi
  row "check $M-claim TOML: wall (median)" "-" "$(fmt_s "$T_TOML"), $(fmt_mb "$R_TOML")" ""
  row "check TOML / JSON (time)" "<= 3" "$(ratio "$T_TOML" "$T_JSON") (cpu $(ratio "$C_TOML" "$C_JSON"))" "$(verdict "$(ratio "$T_TOML" "$T_JSON")" 3)"
fi

# ---------------------------------------------------------------------------
# Growth: doubling from 10,000 claims.
GROWTH=()
if want growth; then
  log "growth curve"
  prev_t="" prev_c="" prev_r="" worst_t=0 worst_c=0 worst_r=0
  n=10000
  while [ "$n" -le "$MAX_GROWTH" ]; do
    f="$SCRATCH/map-$n.json"
    gen "$f" --claims "$n" --seed "$SEED"
    if [ "$n" -ge 320000 ]; then runs=$RUNS; else runs=auto; fi
    t=$(median "growth-$n" "$runs" "$E" check "$f")
    c=$(cpu "$SCRATCH/growth-$n.hyperfine.json")
    r=$(rss "$E" check "$f")
    size=$(du -k "$f" | awk '{print $1}')
    max() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b) ? a : b }'; }
    if [ -n "$prev_t" ]; then
      rt=$(ratio "$t" "$prev_t")
      rc=$(ratio "$c" "$prev_c")
      rr=$(ratio "$r" "$prev_r")
      worst_t=$(max "$rt" "$worst_t")
      worst_c=$(max "$rc" "$worst_c")
      worst_r=$(max "$rr" "$worst_r")
    else
      rt="-" rc="-" rr="-"
    fi
    GROWTH+=("$(printf '| %9s | %8s | %10s | %6s | %10s | %6s | %8s | %6s |' "$n" "$(fmt_mb "$size")" "$(fmt_s "$t")" "$rt" "$(fmt_s "$c")" "$rc" "$(fmt_mb "$r")" "$rr")")
    prev_t=$t prev_c=$c prev_r=$r
    if [ "${KEEP:-0}" != 1 ] && [ "$f" != "$M1J" ]; then rm -f "$f"; fi
    n=$((n * 2))
  done
  row "growth: time(2N)/time(N), worst doubling" "<= 2.2" "$worst_t (cpu $worst_c)" "$(verdict "$worst_t" 2.2)"
  row "growth: RSS(2N)/RSS(N), worst doubling" "<= 2.2" "$worst_r" "$(verdict "$worst_r" 2.2)"
fi

# ---------------------------------------------------------------------------
# render --format dot, 100k claims.
if want render; then
  log "render --format dot, 100k claims"
  if available "$E" render maps/cambodia-russia.toml --format dot; then
    M100="$SCRATCH/map-100000.json"
    gen "$M100" --claims 100000 --seed "$SEED"
    T=$(median render-dot "$RUNS" "$E" render "$M100" --format dot)
    C=$(cpu "$SCRATCH/render-dot.hyperfine.json")
    R=$(rss "$E" render "$M100" --format dot)
    row "render --format dot, 100k claims" "<= 2 s" "$(fmt_s "$T") (cpu $(fmt_s "$C")), $(fmt_mb "$R")" "$(verdict "$T" 2)"
  else
    row "render --format dot, 100k claims" "<= 2 s" "$NA" ""
  fi
fi

# ---------------------------------------------------------------------------
# render, builtin engine, at two sizes each (growth per doubling <= 2.2):
# very long claim texts and kinds (cut for drawing), many labelled tension
# connectors between one pair of claims, a cluster per claim.
if want render; then
  # longmap FILE BYTES: 4 claims whose texts and kinds fill BYTES in all.
  longmap() {
    local f=$1 n=$(($2 / 8)) words kind
    [ -s "$f" ] && return 0
    words=$(printf '%*s' $((n / 5)) '' | sed 's/ /word /g')
    kind=$(printf '%*s' "$n" '' | tr ' ' k)
    {
      printf '[map]\ntitle = "Long texts"\n[actors.a]\nname = "A"\naffirms = ["c0", "c2"]\ndenies = ["c1"]\n'
      for i in 0 1 2 3; do
        printf '[claims.c%d]\ntext = "%s"\nkind = "%s"\n' "$i" "$words" "$kind"
        if [ "$i" -lt 3 ]; then printf 'supports = ["c%d"]\n' $((i + 1)); fi
      done
    } >"$f"
  }
  # pilemap FILE N: two contradicting claims that N actors both affirm.
  pilemap() {
    [ -s "$1" ] && return 0
    awk -v n="$2" 'BEGIN { printf "[claims.a]\ntext = \"A\"\ncontradicts = [\"b\"]\n[claims.b]\ntext = \"B\"\n"
      for (i = 0; i < n; i++) printf "[actors.x%d]\naffirms = [\"a\", \"b\"]\n", i }' >"$1"
  }
  # bandmap FILE N: a chain of N claims, each with a tag of its own.
  bandmap() {
    [ -s "$1" ] && return 0
    awk -v n="$2" 'BEGIN { for (i = 0; i < n; i++) {
      printf "[claims.c%d]\ntext = \"C%d\"\ntags = [\"t%d\"]\n", i, i, i
      if (i) printf "supports = [\"c%d\"]\n", i - 1 } }' >"$1"
  }
  # render_growth NAME LABEL SMALL LARGE [ARGS...]: a row with both sizes.
  render_growth() {
    local name=$1 label=$2 small=$3 large=$4 t1 t2 c1 c2 r1 r2
    shift 4
    local out="$SCRATCH/$name.tmp.svg"
    t1=$(median "$name-1" "$RUNS" "$E" render "$small" --engine builtin -q -o "$out" "$@")
    c1=$(cpu "$SCRATCH/$name-1.hyperfine.json")
    r1=$(rss "$E" render "$small" --engine builtin -q -o "$out" "$@")
    t2=$(median "$name-2" "$RUNS" "$E" render "$large" --engine builtin -q -o "$out" "$@")
    c2=$(cpu "$SCRATCH/$name-2.hyperfine.json")
    r2=$(rss "$E" render "$large" --engine builtin -q -o "$out" "$@")
    # The verdict on CPU time, which other load on the machine moves less than wall time.
    row "$label: cpu" "<= 2.2x" "$(fmt_s "$c1") -> $(fmt_s "$c2") ($(ratio "$c2" "$c1")x; wall $(ratio "$t2" "$t1")x)" "$(verdict "$(ratio "$c2" "$c1")" 2.2)"
    row "$label: peak RSS" "<= 2.2x" "$(fmt_mb "$r1") -> $(fmt_mb "$r2") ($(ratio "$r2" "$r1")x)" "$(verdict "$(ratio "$r2" "$r1")" 2.2)"
  }
  log "render, builtin engine: long texts, piled labels, a cluster per claim"
  longmap "$SCRATCH/map-long-400k.toml" 400000
  longmap "$SCRATCH/map-long-800k.toml" 800000
  R1=$(rss "$E" render "$SCRATCH/map-long-400k.toml" --engine builtin -q -o "$SCRATCH/long.tmp.svg")
  R2=$(rss "$E" render "$SCRATCH/map-long-800k.toml" --engine builtin -q -o "$SCRATCH/long.tmp.svg")
  row "render 400 KB / 800 KB of long texts: RSS" "-" "$(fmt_mb "$R1") / $(fmt_mb "$R2")" ""
  longmap "$SCRATCH/map-long-6m.toml" 6400000
  longmap "$SCRATCH/map-long-13m.toml" 12800000
  render_growth render-long "render long texts 6.4 -> 12.8 MB" "$SCRATCH/map-long-6m.toml" "$SCRATCH/map-long-13m.toml"
  pilemap "$SCRATCH/map-pile-10k.toml" 10000
  pilemap "$SCRATCH/map-pile-20k.toml" 20000
  render_growth render-pile "render 10k -> 20k labels on one pair" "$SCRATCH/map-pile-10k.toml" "$SCRATCH/map-pile-20k.toml"
  bandmap "$SCRATCH/map-bands-20k.toml" 20000
  bandmap "$SCRATCH/map-bands-40k.toml" 40000
  render_growth render-bands "render --group-by tag, 20k -> 40k clusters" "$SCRATCH/map-bands-20k.toml" "$SCRATCH/map-bands-40k.toml" --group-by tag
fi
# ---------------------------------------------------------------------------
# Costs that grew with a product of sizes: two sizes each, growth
# per doubling <= 2.2; the minified map within 1.2x of the same map pretty-printed.
if want costs; then
  log "costs: minified JSON, hub supporters, acknowledgements, pairwise contradictions"
  for n in 200000 "$CLAIMS"; do
    P="$SCRATCH/map-$n.json"
    MIN="$SCRATCH/map-$n-min.json"
    gen "$P" --claims "$n" --seed "$SEED"
    if [ ! -s "$MIN" ] || [ "$P" -nt "$MIN" ]; then tr -d '\n' <"$P" >"$MIN"; fi # no raw newline inside gen's strings
    tp=$(median "pretty-$n" "$RUNS" "$E" check "$P")
    tm=$(median "minified-$n" "$RUNS" "$E" check "$MIN")
    row "check $n claims: minified / pretty (time)" "<= 1.2" "$(ratio "$tm" "$tp") ($(fmt_s "$tm") / $(fmt_s "$tp"))" "$(verdict "$(ratio "$tm" "$tp")" 1.2)"
    rm -f "$MIN"
  done
  stress() { # stress NAME SHAPE N [ARGS]: generate $SCRATCH/stress-NAME.json
    local f="$SCRATCH/stress-$1.json"
    if [ ! -s "$f" ] || [ "$GEN" -nt "$f" ]; then "$GEN" stress "$2" --claims "$3" "${@:4}" -o "$f"; fi
    echo "$f"
  }
  H1=$(stress hub100k hub 100000) H2=$(stress hub200k hub 200000)
  t1=$(median hub-100k "$RUNS" "$E" check "$H1" --format json --max-findings 0)
  t2=$(median hub-200k "$RUNS" "$E" check "$H2" --format json --max-findings 0)
  row "unheeded-reason hub: 200k / 100k supporters" "<= 2.2" "$(ratio "$t2" "$t1") ($(fmt_s "$t2") / $(fmt_s "$t1"))" "$(verdict "$(ratio "$t2" "$t1")" 2.2)"
  A1=$(stress ack20k acknowledged 20000) A2=$(stress ack40k acknowledged 40000)
  t1=$(median ack-20k "$RUNS" "$E" check "$A1" --format json)
  t2=$(median ack-40k "$RUNS" "$E" check "$A2" --format json)
  row "acknowledged: 40k+40k / 20k+20k" "<= 2.2" "$(ratio "$t2" "$t1") ($(fmt_s "$t2") / $(fmt_s "$t1"))" "$(verdict "$(ratio "$t2" "$t1")" 2.2)"
  C=$(stress c1000 contradictions 1000)
  rh=$(rss "$E" check "$C")
  worst=0
  for f in github json sarif; do
    r=$(rss "$E" check "$C" --format "$f")
    worst=$(awk -v a="$r" -v b="$worst" 'BEGIN { print (a > b) ? a : b }')
  done
  row "1,000 pairwise contradictions: human RSS" "<= 2 GB" "$(fmt_mb "$rh")" "$(verdict "$rh" $((2 * 1024 * 1024)))"
  row "  worst other format RSS / human" "<= 4" "$(ratio "$worst" "$rh") ($(fmt_mb "$worst"))" "$(verdict "$(ratio "$worst" "$rh")" 4)"
fi
# ---------------------------------------------------------------------------
# import votes, 2M rows (200 countries x 10,000 resolutions).
if want import; then
  log "import votes, 2M rows"
  small="$SCRATCH/votes-small.csv"
  "$GEN" votes --countries 3 --resolutions 2 --seed "$SEED" -o "$small"
  if available "$E" import votes "$small" -o "$SCRATCH/votes-small.toml"; then
    V="$SCRATCH/votes-2m.csv"
    VR="$SCRATCH/resolutions-10k.csv"
    if [ ! -s "$V" ] || [ "$GEN" -nt "$V" ]; then
      "$GEN" votes --countries 200 --resolutions 10000 --seed "$SEED" -o "$V" --resolutions-out "$VR"
    fi
    OUT="$SCRATCH/votes-2m.toml"
    T=$(median import-votes "$RUNS" "$E" import votes "$V" --resolutions "$VR" -o "$OUT")
    C=$(cpu "$SCRATCH/import-votes.hyperfine.json")
    R=$(rss "$E" import votes "$V" --resolutions "$VR" -o "$OUT")
    row "import votes, 2M rows" "<= 3 s" "$(fmt_s "$T") (cpu $(fmt_s "$C")), $(fmt_mb "$R")" "$(verdict "$T" 3)"
    # Growth of import (the output is loaded and checked before it is written): 1M vs 2M rows.
    V1="$SCRATCH/votes-1m.csv"
    VR1="$SCRATCH/resolutions-5k.csv"
    if [ ! -s "$V1" ] || [ "$GEN" -nt "$V1" ]; then
      "$GEN" votes --countries 200 --resolutions 5000 --seed "$SEED" -o "$V1" --resolutions-out "$VR1"
    fi
    T1=$(median import-votes-1m "$RUNS" "$E" import votes "$V1" --resolutions "$VR1" -o "$SCRATCH/votes-1m.toml")
    C1=$(cpu "$SCRATCH/import-votes-1m.hyperfine.json")
    C2=$(cpu "$SCRATCH/import-votes.hyperfine.json")
    G=$(ratio "$C2" "$C1")
    row "import votes growth, 1M -> 2M rows (cpu)" "<= 2.2x" "${G}x ($(fmt_s "$C1") -> $(fmt_s "$C2"))" "$(verdict "$G" 2.2)"
    # --into its own output: every stance matched and unchanged.
    T=$(median import-votes-into "$RUNS" "$E" import votes "$V" --resolutions "$VR" --into "$OUT" -o "$SCRATCH/votes-2m-again.toml")
    C=$(cpu "$SCRATCH/import-votes-into.hyperfine.json")
    row "import votes --into, 2M rows unchanged" "-" "$(fmt_s "$T") (cpu $(fmt_s "$C"))" "-"
  else
    row "import votes, 2M rows" "<= 3 s" "$NA" ""
  fi
fi

# ---------------------------------------------------------------------------
# The UN General Assembly roll calls 1946-2019 (869,937 votes, gzip, --preset
# unvotes) to a JSON map and to a TOML map; `stances` and `check` on each.
if want unvotes; then
  UNVOTES=${UNVOTES:-../shared/data/unvotes}
  if [ -s "$UNVOTES/un_votes.csv.gz" ]; then
    log "import votes: UN General Assembly 1946-2019"
    IN=("$UNVOTES/un_votes.csv.gz" --resolutions "$UNVOTES/un_roll_calls.csv.gz"
      --tags "$UNVOTES/un_roll_call_issues.csv.gz" --preset unvotes --actor-kind state)
    for fmt in json toml; do
      U="$SCRATCH/unvotes.$fmt"
      T=$(median "unvotes-import-$fmt" "$RUNS" "$E" --quiet import votes "${IN[@]}" -o "$U")
      C=$(cpu "$SCRATCH/unvotes-import-$fmt.hyperfine.json")
      R=$(rss "$E" --quiet import votes "${IN[@]}" -o "$U")
      row "unvotes 1946-2019: import -o $fmt" "<= 3 s" "$(fmt_s "$T") (cpu $(fmt_s "$C")), $(fmt_mb "$R")" "$(verdict "$T" 3)"
      row "  peak RSS" "<= 1 GB" "$(fmt_mb "$R")" "$(verdict "$R" $((1000 * 1000 * 1000 / 1024)))"
      T=$(median "unvotes-stances-$fmt" "$RUNS" "$E" stances "$U" --format json)
      C=$(cpu "$SCRATCH/unvotes-stances-$fmt.hyperfine.json")
      R=$(rss "$E" stances "$U" --format json)
      row "unvotes: stances ($fmt)" "<= 5 s" "$(fmt_s "$T") (cpu $(fmt_s "$C")), $(fmt_mb "$R")" "$(verdict "$T" 5)"
      T=$(median "unvotes-check-$fmt" "$RUNS" "$E" check "$U" --format json --max-findings 0)
      C=$(cpu "$SCRATCH/unvotes-check-$fmt.hyperfine.json")
      R=$(rss "$E" check "$U" --format json --max-findings 0)
      row "unvotes: check ($fmt)" "<= 5 s" "$(fmt_s "$T") (cpu $(fmt_s "$C")), $(fmt_mb "$R")" "$(verdict "$T" 5)"
    done
  else
    row "unvotes 1946-2019: import" "<= 3 s" "n/a (no data in \$UNVOTES)" ""
  fi
fi

# ---------------------------------------------------------------------------
# stances --agreement, 200 actors x 10,000 proposals (2M stances).
if want stances; then
  log "stances --agreement, 200 x 10k"
  if available "$E" stances maps/cambodia-russia.toml --agreement; then
    MA="$SCRATCH/agreement-200x10k.json"
    gen "$MA" --claims 10000 --actors 200 --stances 2000000 --seed "$SEED"
    T=$(median stances-agreement "$RUNS" "$E" stances "$MA" --agreement)
    C=$(cpu "$SCRATCH/stances-agreement.hyperfine.json")
    R=$(rss "$E" stances "$MA" --agreement)
    row "stances --agreement, 200 x 10k (JSON)" "<= 2 s" "$(fmt_s "$T") (cpu $(fmt_s "$C")), $(fmt_mb "$R")" "$(verdict "$T" 2)"
    if [ -s "${OUT:-}" ]; then
      T=$(median stances-agreement-imported "$RUNS" "$E" stances "$OUT" --agreement)
      C=$(cpu "$SCRATCH/stances-agreement-imported.hyperfine.json")
      row "stances --agreement, imported votes (TOML)" "<= 2 s" "$(fmt_s "$T") (cpu $(fmt_s "$C"))" "$(verdict "$T" 2)"
    fi
  else
    row "stances --agreement, 200 x 10k" "<= 2 s" "$NA" ""
  fi
fi

# ---------------------------------------------------------------------------
# Semantics: `elenchus af solve` on ICCMA 2023 files (reading included), and
# pygarg (PyPI, the solver of tests/solver_agreement.py) on the same files.
if want semantics; then
  # afgen FILE ARGS...: generate FILE unless it exists and is newer than the generator.
  afgen() {
    local file=$1
    shift
    if [ ! -s "$file" ] || [ "$AFGEN" -nt "$file" ]; then
      echo "generating $(basename "$file") ($*)" >&2
      "$AFGEN" "$@" --seed "$SEED" -o "$file.tmp" && mv "$file.tmp" "$file"
    fi
  }
  # undecided FILE: the first argument the grounded labelling leaves undecided
  # (neither in the grounded extension nor attacked by it), where DC and DS
  # need the solver.
  undecided() {
    "$E" af solve "$1" -p SE-GR | awk -v f="$1" '
      { for (i = 2; i <= NF; i++) g[$i] = 1 }
      END {
        while ((getline l < f) > 0) {
          split(l, t, /[ \t]+/)
          if (t[1] == "p") n = t[3]
          else if (t[1] ~ /^[0-9]+$/ && (t[1] in g)) out[t[2]] = 1
        }
        for (a = 1; a <= n; a++) if (!(a in g) && !(a in out)) { print a; exit }
      }'
  }
  AF1M="$SCRATCH/af-1m.af"
  AF1K="$SCRATCH/af-1k.af"
  AFEE="$SCRATCH/af-pairs-100.af"
  AFGR="$SCRATCH/af-gr-100.af"
  AFCE="$SCRATCH/af-pairs-60.af"
  afgen "$AF1M" er --args 1000000 --attacks 3000000
  afgen "$AF1K" er --args 1000
  afgen "$AFEE" pairs --args 100 --pairs 14
  # pygarg's grounded labelling iterates the characteristic function over
  # lists: 100 arguments take it seconds, 300 more than a minute. So the
  # side-by-side grounded row is on 100 arguments (3 attacks each, as the 1M
  # file), and its counting row on a `pairs` framework it enumerates in
  # seconds (1,392 preferred; 45,696 on the 100-argument one take it minutes).
  afgen "$AFGR" er --args 100 --attacks 300
  afgen "$AFCE" pairs --args 60 --pairs 10
  log "semantics: grounded, 1M arguments / 3M attacks"
  T=$(median af-gr-1m "$RUNS" "$E" af solve "$AF1M" -p SE-GR)
  C=$(cpu "$SCRATCH/af-gr-1m.hyperfine.json")
  R=$(rss "$E" af solve "$AF1M" -p SE-GR)
  row "af solve SE-GR, 1M args / 3M attacks" "<= 1 s" "$(fmt_s "$T") (cpu $(fmt_s "$C")), $(fmt_mb "$R")" "$(verdict "$T" 1)"
  A=$(undecided "$AF1K")
  echo "af-1k.af: argument $A is undecided in the grounded labelling" >&2
  for task in DC-PR DS-PR; do
    log "semantics: $task on 1,000 arguments (ER, p = 4/N), argument $A"
    T=$(median "af-$task" "$RUNS" "$E" af solve "$AF1K" -p "$task" -a "$A")
    row "af solve $task, 1,000 args (ER), undecided arg" "<= 1 s" "$(fmt_s "$T")" "$(verdict "$T" 1)"
  done
  log "semantics: EE-PR, 10,000 preferred extensions of 100 arguments"
  T=$(median af-ee-pr "$RUNS" "$E" af solve "$AFEE" -p EE-PR --limit 10000 --quiet)
  row "af solve EE-PR --limit 10000, 100 args" "<= 2 s" "$(fmt_s "$T")" "$(verdict "$T" 2)"
  T=$(median af-ce-pr "$RUNS" "$E" af solve "$AFEE" -p CE-PR)
  row "af solve CE-PR, 100 args (45,696 preferred)" "-" "$(fmt_s "$T")" ""
  # pygarg, installed by the agreement script into target/pygarg/venv.
  if python3 tests/solver_agreement.py --install >&2; then
    PY="target/pygarg/venv/bin/python"
    # side NAME LABEL ELENCHUS-ARGS -- PYGARG-ARGS: both on one file in one hyperfine run.
    side() {
      local name=$1 label=$2
      shift 2
      local ours=() theirs=()
      while [ "$1" != -- ]; do ours+=("$1"); shift; done
      shift
      theirs=("$@")
      log "semantics: $label, elenchus and pygarg"
      hyperfine --style basic -N --warmup 1 --runs "$PYGARG_RUNS" --export-json "$SCRATCH/$name.hyperfine.json" \
        "$E af solve ${ours[*]}" "$PY -m pygarg ${theirs[*]}" >&2
      local a b
      a=$(stat median "$SCRATCH/$name.hyperfine.json" 1)
      b=$(stat median "$SCRATCH/$name.hyperfine.json" 2)
      row "$label: pygarg / elenchus" "-" "$(ratio "$b" "$a") ($(fmt_s "$b") / $(fmt_s "$a"))" ""
    }
    PYGARG_RUNS=${PYGARG_RUNS:-3}
    side py-dc "DC-PR, 1,000 args" "$AF1K" -p DC-PR -a "$A" -- -fo dimacs -f "$AF1K" -p DC-PR -a "$A"
    side py-ds "DS-PR, 1,000 args" "$AF1K" -p DS-PR -a "$A" -- -fo dimacs -f "$AF1K" -p DS-PR -a "$A"
    side py-ce "CE-PR, 60 args (1,392 preferred)" "$AFCE" -p CE-PR -- -fo dimacs -f "$AFCE" -p CE-PR
    side py-gr "SE-GR, 100 args / 300 attacks" "$AFGR" -p SE-GR -- -fo dimacs -f "$AFGR" -p SE-GR
  else
    row "pygarg side by side" "-" "n/a (pygarg could not be installed)" ""
  fi
fi

# ---------------------------------------------------------------------------
# Against the Argdown CLI: benches/argdown.sh (1k, 10k, 100k statements; the
# counts of the Argdown test files), its rows added to this table.
if want argdown; then
  log "argdown: elenchus and the Argdown CLI on the same maps (benches/argdown.sh)"
  if command -v npm >/dev/null 2>&1; then
    while IFS= read -r line; do ROWS+=("$line"); done < <(
      RUNS=$RUNS SEED=$SEED BENCH_DIR="$SCRATCH/argdown" benches/argdown.sh | grep -E '^\| (argdown|elenchus|  argdown)' || true
    )
  else
    row "argdown json against elenchus check" "-" "n/a (npm missing: apt-get install -y nodejs npm)" ""
  fi
fi

# ---------------------------------------------------------------------------
# Start-up: check on the Cambodia map.
if want startup; then
  log "start-up: check maps/cambodia-russia.toml"
  T=$(median startup auto "$E" check maps/cambodia-russia.toml)
  C=$(cpu "$SCRATCH/startup.hyperfine.json")
  row "start-up: check maps/cambodia-russia.toml" "< 20 ms" "$(fmt_s "$T") (cpu $(fmt_s "$C"))" "$(verdict "$T" 0.02)"
fi

# ---------------------------------------------------------------------------
echo
echo "machine: $(nproc) CPUs, $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n1), $(free -g | awk '/^Mem:/ {print $2 " GB"}') memory; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)'); runs per large command: $RUNS (medians)"
echo
printf '| %-44s | %-9s | %-34s | %-6s |\n' "target" "limit" "measured" "result"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "$(printf -- '-%.0s' {1..11})" "$(printf -- '-%.0s' {1..36})" "$(printf -- '-%.0s' {1..8})"
for r in "${ROWS[@]}"; do echo "$r"; done
if [ "${#GROWTH[@]}" -gt 0 ]; then
  echo
  echo "growth curve (check, JSON; wall: median, cpu: mean user + system):"
  printf '| %9s | %8s | %10s | %6s | %10s | %6s | %8s | %6s |\n' "claims" "file" "wall" "ratio" "cpu" "ratio" "peak RSS" "ratio"
  printf '|-----------|----------|------------|--------|------------|--------|----------|--------|\n'
  for r in "${GROWTH[@]}"; do echo "$r"; done
fi
