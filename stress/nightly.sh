#!/usr/bin/env bash
# The nightly run: re-run the failure corpus, then explore new seeds with Relacy and with the
# native engine under ThreadSanitizer, and write a Markdown summary.
#
#   stress/nightly.sh [--budget=DURATION] [--shard=I/N] [--out=DIR] [--corpus=DIR]
#
#   --budget   90s, 20m, 1h (default 10m). It covers the corpus re-run and the exploration,
#              not installing and building. What the corpus leaves is split in three equal
#              parts: Relacy (random scheduler), the controlled engine, the fuzz engine.
#   --shard    I/N (default: GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS, else JOB_COMPLETION_INDEX
#              with PAGEWAIT_TOTAL_SHARDS (a Kubernetes indexed Job), else 0/1).
#   --out      results directory (default results/nightly): summary.md, one .json and one
#              JUnit .xml per step, logs/, failures/<step>/ (one failure per file:
#              its path replay line first, where it has one, then its seed line).
#   --corpus   failure corpus (default results/corpus): one replay line per file (a controlled
#              failure: its decision-path line, which survives strategy changes).
# Relative paths are taken from the current directory. PAGEWAIT_JOBS: build parallelism (2).
#
# Steps: scripts/install-deps.sh; configure and build the presets relacy, tsan, default;
#  1. the corpus, first: a `pagewait-relacy ...` line is re-run with
#     build/relacy/bin/pagewait-relacy --replay=LINE, a `pagewait-stress ...` line with
#     build/tsan/bin/pagewait-stress --replay=LINE (build/default for variants A-, B0 and +b0, whose
#     expected violations are real data races that TSan stops at). Fuzz lines are run as
#     the commands they are, with --replays=1 --hang=5s appended (a fuzz hang costs its --hang
#     time per re-run, and a --replay line cannot carry --replays).
#     Every line ends in --expect=V and the tool exits 0 when it reproduces V: the entry is
#     "reproduced" (the known violation is still there; not a failure). Exit 1 means it
#     "no longer reproduces": reported (maybe a fix, maybe changed code moved the schedule),
#     not a failure. Any other exit (bad input, a crash, a TSan report) fails the night.
#  2. Relacy, --sched=random over every scenario x variant, in this shard's seed range:
#       seed = ((D mod floor(4294 / N)) * N + I) * 10^6,  D = days since 1970-01-01 (UTC),
#     iterations per pair = max(1000, 50000 * part seconds / pairs), at most 10^6, so the
#     ranges of the shards of one night, and of one shard on different nights (for
#     floor(4294 / N) days: 1073 days with 4 shards), never overlap. Every seed stays below
#     2^32: Relacy's random scheduler takes the shift and the increment of its generator from
#     bits 32..39 of the iteration number, and above 7 * 2^32 its schedules degenerate
#     (measured: drop_wait then "livelocks" (L4) in every variant).
#  3. controlled engine, --strategy=random on TSan (variants A, A+, B1, C) and on the plain
#     build (A-, B0), then --strategy=pct:3 on TSan (A+, B1, C, as in ctest) and
#     --strategy=stall:100 on TSan (A, A+, B1, C) and --strategy=pos on TSan (A+, B1, C), with
#     --check_replay --replays=3; 4. fuzz engine on TSan (A, A+, B1, C) and plain (A-, B0),
#     --hang=5s. Steps 3 and 4 also run the kernel variants (random, fuzz) when the build
#     compiled kernel trees (kernel mode; README): on TSan, those with b0.patch on plain. Native seeds are D * 10^6 + r; pagewait-stress shards the (pair, seed) space
#     itself (--shard=I/N). The runs per pair come from the part's seconds (1500 per second per
#     pair controlled, 50 fuzz, at least 50 and 10), --budget stops each step on time, and the
#     scenario order rotates daily so a short budget does not always starve the same ones.
#  5. every Relacy and controlled failure found tonight (fuzz ones only when unexpected: fuzz
#     replay is statistical) is copied into the corpus as <key>.txt, the key being the replay
#     line without its seed, state, iterations, runs and tuning flags: a (tool, engine,
#     scenario, variant, verdict) already in the corpus is not added again, unless its entry
#     no longer reproduced tonight (then tonight's line replaces it).
#
# Verdicts: a violation the spec does not expect (or any violation where it expects "holds")
# fails the night. An expected violation not reached tonight ("missed": new seeds every night,
# or the budget ended the step) is listed, not a failure: ctest asserts the known violations
# with fixed seeds. Exit 0: no unexpected verdict, every build and step ran; 1: something
# failed (see summary.md); 2: bad arguments; 130/143: interrupted by INT/TERM (the steps that
# ran, and summary.md, are still written).
set -euo pipefail

prog=stress/nightly.sh
usage_line="usage: $prog [--budget=DURATION] [--shard=I/N] [--out=DIR] [--corpus=DIR]"
die_usage() {
  echo "$prog: $*" >&2
  exit 2
}

invocation_dir=$PWD
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

budget_text=10m
shard_text=
out=results/nightly
corpus=results/corpus
for arg in "$@"; do
  case $arg in
    --budget=*) budget_text=${arg#*=} ;;
    --shard=*) shard_text=${arg#*=} ;;
    --out=*) out=${arg#*=} ;;
    --corpus=*) corpus=${arg#*=} ;;
    -h | --help)
      echo "$usage_line"
      exit 0
      ;;
    *) die_usage "unknown argument '$arg'; $usage_line." ;;
  esac
done

if [[ $budget_text =~ ^([0-9]{1,6})(s|m|h)$ ]]; then
  budget=$((10#${BASH_REMATCH[1]}))
  case ${BASH_REMATCH[2]} in m) budget=$((budget * 60)) ;; h) budget=$((budget * 3600)) ;; esac
else
  die_usage "--budget=$budget_text is not a duration; use a whole number of seconds, minutes or hours, e.g. 90s, 20m, 1h."
fi
((budget > 0)) || die_usage "--budget must be longer than zero."

# parse_shard ORIGIN INDEX TOTAL: sets shard_index and shard_total or exits 2.
parse_shard() {
  local origin=$1 index=$2 total=$3
  if [[ ! $index =~ ^[0-9]{1,4}$ || ! $total =~ ^[0-9]{1,4}$ ]]; then
    die_usage "$origin gives shard '$index' of '$total'; both must be whole numbers, e.g. --shard=0/4."
  fi
  shard_index=$((10#$index))
  shard_total=$((10#$total))
  if ((shard_total < 1 || shard_index >= shard_total || shard_total > 1000)); then
    die_usage "$origin gives shard $shard_index of $shard_total; the index must be below the total, and the total 1..1000."
  fi
}
if [[ -n $shard_text ]]; then
  [[ $shard_text == */* ]] || die_usage "--shard=$shard_text must look like I/N, e.g. --shard=0/4."
  parse_shard --shard "${shard_text%%/*}" "${shard_text#*/}"
elif [[ -n ${GTEST_SHARD_INDEX:-} ]]; then
  [[ -n ${GTEST_TOTAL_SHARDS:-} ]] || die_usage "GTEST_SHARD_INDEX is set but GTEST_TOTAL_SHARDS is not."
  parse_shard GTEST_SHARD_INDEX/GTEST_TOTAL_SHARDS "$GTEST_SHARD_INDEX" "$GTEST_TOTAL_SHARDS"
elif [[ -n ${JOB_COMPLETION_INDEX:-} ]]; then
  [[ -n ${PAGEWAIT_TOTAL_SHARDS:-} ]] || die_usage "JOB_COMPLETION_INDEX is set; give the shard count in PAGEWAIT_TOTAL_SHARDS."
  parse_shard JOB_COMPLETION_INDEX "$JOB_COMPLETION_INDEX" "$PAGEWAIT_TOTAL_SHARDS"
else
  shard_index=0
  shard_total=1
fi
shard="$shard_index/$shard_total"

absolute() { if [[ $1 == /* ]]; then printf '%s' "$1"; else printf '%s/%s' "$invocation_dir" "$1"; fi; }
[[ -n $out ]] || die_usage "--out must name a directory."
[[ -n $corpus ]] || die_usage "--corpus must name a directory."
out=$(absolute "$out")
corpus=$(absolute "$corpus")
if ! mkdir -p "$out" "$corpus" 2>/dev/null; then
  die_usage "cannot create the directories --out=$out and --corpus=$corpus."
fi

cd "$repo"
# shellcheck source=sanitizers/options.sh
source sanitizers/options.sh
jobs=${PAGEWAIT_JOBS:-2}

# ---------------------------------------------------------------------------------------
# Bookkeeping. A step: name, engine, command, exit code, seconds, pairs, status, failed?
started_at=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
day=$(($(date -u +%s) / 86400))
rm -rf "$out/failures" "$out/logs"
mkdir -p "$out/failures" "$out/logs"
rm -f "$out"/*.json "$out"/*.xml "$out/summary.md"

step_names=() step_engines=() step_cmds=() step_rcs=() step_secs=() step_pairs=() step_status=()
corpus_rows=() corpus_added=()
failed=0
interrupted=0
signal_rc=0
child=
summary_done=0

# shellcheck disable=SC2317  # invoked by the traps
on_signal() {
  interrupted=1
  signal_rc=$1
  if [[ -n $child ]]; then kill -TERM "$child" 2>/dev/null || true; fi
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# run_logged LOG CMD...: runs CMD with its output in LOG (streamed to the console unless
# stream=0), sets rc and secs. CMD runs in the background so that INT/TERM reach the trap at
# once; the trap passes TERM on (pagewait-stress then stops, writes its results, exits 130).
stream=1
run_logged() {
  local log=$1 t0=$SECONDS tailer=
  shift
  rc=0
  : >"$log"
  "$@" >"$log" 2>&1 &
  child=$!
  if ((stream)); then
    tail -n +1 -s 0.2 -f --pid="$child" "$log" &
    tailer=$!
  fi
  wait "$child" || rc=$?
  if ((interrupted)) && kill -0 "$child" 2>/dev/null; then
    rc=0
    wait "$child" || rc=$?
  fi
  if [[ -n $tailer ]]; then wait "$tailer" 2>/dev/null || true; fi
  child=
  secs=$((SECONDS - t0))
}

add_step() { # NAME ENGINE COMMAND RC SECS PAIRS STATUS FAILED(0/1)
  step_names+=("$1") step_engines+=("$2") step_cmds+=("$3") step_rcs+=("$4")
  step_secs+=("$5") step_pairs+=("$6") step_status+=("$7")
  if (($8)); then failed=1; fi
}

banner() { printf '\n======== nightly [%s]: %s ========\n' "$shard" "$*"; }

# A plain step (install, configure, build): ok when it exits 0.
plain_step() { # NAME ENGINE CMD...
  local name=$1 engine=$2
  shift 2
  if ((interrupted)); then
    add_step "$name" "$engine" "$*" - 0 - "skipped (interrupted)" 0
    return 1
  fi
  banner "$name"
  run_logged "$out/logs/$name.log" "$@"
  if ((rc == 0)); then
    add_step "$name" "$engine" "$*" "$rc" "$secs" - ok 0
    return 0
  fi
  add_step "$name" "$engine" "$*" "$rc" "$secs" - "FAILED (see logs/$name.log)" "$((interrupted ? 0 : 1))"
  return 1
}

# Classifies the MISMATCH lines of a tool's log: "unexpected" = a violation the spec does not
# expect; "missed" = an expected violation not reached (found "holds").
count_mismatches() { # LOG -> "unexpected missed"
  awk '/^\[/ && / MISMATCH \(expected / {
         for (i = 1; i <= NF; i++) if ($i == "MISMATCH") { if ($(i - 1) == "holds") m++; else u++; break }
       }
       END { printf "%d %d\n", u, m }' "$1"
}

# An exploration step. Sets nothing; records the row and the failure lines.
explore_step() { # NAME ENGINE CMD...
  local name=$1 engine=$2 last pairs status bad=0 unexpected missed
  shift 2
  if ((interrupted)); then
    add_step "$name" "$engine" "$*" - 0 - "skipped (interrupted)" 0
    return
  fi
  if [[ ! -x $1 ]]; then
    add_step "$name" "$engine" "$*" - 0 - "skipped: $1 was not built" 1
    return
  fi
  banner "$name"
  run_logged "$out/logs/$name.log" "$@"
  last=$(grep -E '^[0-9]+ (runs|pairs), [0-9]+ as expected, [0-9]+ not' "$out/logs/$name.log" | tail -n 1 || true)
  read -r unexpected missed < <(count_mismatches "$out/logs/$name.log")
  if [[ $last =~ ^([0-9]+)\ (runs|pairs),\ ([0-9]+)\ as\ expected,\ ([0-9]+)\ not ]]; then
    pairs="${BASH_REMATCH[3]} / ${BASH_REMATCH[4]}"
  else
    pairs=-
  fi
  case $rc in
    0) status=ok ;;
    1)
      if ((unexpected > 0)); then
        status="UNEXPECTED: $unexpected verdict(s)"
        bad=1
      elif [[ $last == *"did not reproduce"* ]]; then
        status="FAILED: a failure did not reproduce (--check_replay)"
        bad=1
      elif ((missed > 0)); then
        status=ok
      else
        status="FAILED: exit 1 without a MISMATCH line"
        bad=1
      fi
      ;;
    2) status="BAD INPUT" bad=1 ;;
    66) status="TSan report (the log has it)" bad=1 ;;
    130 | 143) status="interrupted" ;;
    *) if ((interrupted)); then status="interrupted (exit $rc)"; else status="CRASHED (exit $rc)" bad=1; fi ;;
  esac
  ((missed > 0)) && status+="; $missed expected violation(s) missed"
  [[ $last == *"time budget ended"* ]] && status+="; budget ended it"
  add_step "$name" "$engine" "$*" "$rc" "$secs" "$pairs" "$status" "$bad"
  # The expected violations not reached, and the replay lines printed tonight (marked when
  # the verdict was unexpected).
  [[ $status == interrupted* ]] || awk -v step="$name" '/^\[/ && / holds +MISMATCH \(expected / {
      sub(/^\[[ 0-9\/]*\] +/, ""); sub(/\).*/, ")"); gsub(/  +/, " "); print step ": " $0 }' \
    "$out/logs/$name.log" >>"$out/logs/missed.txt"
  # A controlled failure's path line replaces its seed line: it replays after strategy code
  # changes (stress/decision_path.hpp).
  awk -v step="$name" '
    function flush() { if (line != "") printf "%s\t%s\t%s\n", step, (mm ? "unexpected" : "expected"), line; line = "" }
    /^\[/ { flush(); mm = ($0 ~ / MISMATCH \(expected /) }
    /^    replay: / { flush(); line = $0; sub(/^    replay: /, "", line) }
    /^    path replay \([0-9]* decisions\): / { line = $0; sub(/^    path replay \([0-9]* decisions\): /, "", line) }
    END { flush() }
  ' "$out/logs/$name.log" >>"$out/logs/failure-lines.tsv"
}

# The corpus key of a replay line: the line without seed, state and tuning flags.
corpus_key() {
  local -a tokens
  local tok key=
  read -ra tokens <<<"$1"
  for tok in "${tokens[@]}"; do
    case $tok in
      --seed=* | --state=* | --iterations=* | --runs=* | --pct_steps=* | --replays=* | --fuzz_delay=* | --hang=* | --path=*) continue ;;
      pagewait-*) ;;
      --*=*) tok=${tok#*=} ;;
    esac
    key+=${key:+.}$tok
  done
  printf '%s' "$key" | tr -c 'A-Za-z0-9_.+-' '_'
}

md_escape() { printf '%s' "${1//|/\\|}"; }

write_summary() {
  ((summary_done)) && return
  summary_done=1
  local s="$out/summary.md" verdict i commit
  commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if ((interrupted)); then
    verdict="INTERRUPTED (signal); the table shows what ran"
  elif ((failed)); then
    verdict="FAILED"
  else
    verdict="passed"
  fi
  {
    echo "# pagewait nightly, shard $shard: $verdict"
    echo
    echo "Started $started_at, commit $commit, budget $budget_text (${budget} s), day $day."
    if [[ -n ${relacy_seed:-} ]]; then
      echo "Relacy: seeds $relacy_seed..$((relacy_seed + relacy_iterations - 1)) for every pair." \
        "Native: seeds from $stress_seed, shard $shard of the (pair, seed) space; scenario order $rotated."
    fi
    echo
    echo "| step | engine | command | exit | seconds | pairs as expected / not | status |"
    echo "|---|---|---|---|---|---|---|"
    for i in "${!step_names[@]}"; do
      echo "| ${step_names[$i]} | ${step_engines[$i]} | \`$(md_escape "${step_cmds[$i]}")\` | ${step_rcs[$i]} |" \
        "${step_secs[$i]} | ${step_pairs[$i]} | $(md_escape "${step_status[$i]}") |"
    done
    echo
    echo "## Corpus ($corpus)"
    echo
    if ((${#corpus_rows[@]} == 0)); then
      echo "No entries were re-run."
    else
      echo "Re-run first. \"reproduced\": the known violation is still there (not a failure);"
      echo "\"no longer reproduces\": reported, not a failure (a fix, or the code moved the schedule)."
      echo
      echo "| entry | result | exit | seconds |"
      echo "|---|---|---|---|"
      printf '%s\n' "${corpus_rows[@]}"
    fi
    echo
    if ((${#corpus_added[@]} > 0)); then
      echo "Added to the corpus tonight:"
      echo
      printf -- '- %s\n' "${corpus_added[@]}"
    else
      echo "Nothing new was added to the corpus."
    fi
    echo
    echo "## Failures found tonight"
    echo
    if [[ -s $out/logs/failure-lines.tsv ]]; then
      echo "Each is in failures/<step>/ as one replay line; **unexpected** ones failed the night."
      echo
      awk -F'\t' '$2 == "unexpected" { printf "- **unexpected** %s: `%s`\n", $1, $3 }' "$out/logs/failure-lines.tsv"
      awk -F'\t' '$2 != "unexpected" { printf "- %s: `%s`\n", $1, $3 }' "$out/logs/failure-lines.tsv"
    else
      echo "None."
    fi
    if [[ -s $out/logs/missed.txt ]]; then
      echo
      echo "Expected violations not reached tonight (not a failure):"
      echo
      sed 's/^/- /' "$out/logs/missed.txt"
    fi
    if [[ -f $out/logs/relacy-random.log ]] && grep -q '^| variant |' "$out/logs/relacy-random.log"; then
      echo
      echo "## Relacy verdicts in this shard's seed range"
      echo
      awk '/^\| variant \|/ { on = 1 } on && !/^\|/ { exit } on' "$out/logs/relacy-random.log"
    fi
  } >"$s"
  echo
  echo "nightly [$shard]: $verdict; summary in $s"
}

# shellcheck disable=SC2317  # invoked by the trap
on_exit() {
  local code=$?
  if ((!summary_done)); then
    ((code == 0)) || failed=1
    write_summary || true
  fi
}
trap on_exit EXIT

# ---------------------------------------------------------------------------------------
# Install and build. A failed build skips the steps that need it; the others still run.
: >"$out/logs/failure-lines.tsv"
: >"$out/logs/missed.txt"
plain_step install-deps apt bash scripts/install-deps.sh || true
for preset in relacy tsan default; do
  if plain_step "configure-$preset" cmake cmake --preset "$preset"; then
    plain_step "build-$preset" cmake cmake --build --preset "$preset" -j"$jobs" \
      --target "$([[ $preset == relacy ]] && echo pagewait-relacy || echo pagewait-stress)" || true
  fi
done
relacy_bin=build/relacy/bin/pagewait-relacy
tsan_bin=build/tsan/bin/pagewait-stress
plain_bin=build/default/bin/pagewait-stress

# ---------------------------------------------------------------------------------------
# 1. The corpus.
budget_t0=$SECONDS
banner "corpus ($corpus)"
declare -A stale_keys=()
n_reproduced=0 n_gone=0 n_error=0
corpus_t0=$SECONDS
for f in "$corpus"/*; do
  [[ -f $f ]] || continue
  ((interrupted)) && break
  entry=$(basename "$f")
  line=$(grep -m 1 -v '^[[:space:]]*$' "$f" || true)
  bin=''
  args=(--replay="$line")
  case $line in
    "pagewait-relacy "*) bin=$relacy_bin ;;
    "pagewait-stress "*)
      bin=$tsan_bin
      [[ " $line " =~ \ --variant=(A-|B0|linux-[^ ]*\+b0)\  ]] && bin=$plain_bin
      if [[ " $line " == *" --engine=fuzz "* ]]; then
        # Run as the command it is (a replay line cannot carry --replays).
        read -ra args <<<"${line#pagewait-stress }"
        args+=(--replays=1)
        [[ " $line " == *" --hang="* ]] || args+=(--hang=5s)
      fi
      ;;
  esac
  if [[ -z $bin ]]; then
    corpus_rows+=("| $entry | ERROR: not a pagewait-relacy / pagewait-stress replay line | - | 0 |")
    n_error=$((n_error + 1))
    continue
  fi
  if [[ ! -x $bin ]]; then
    corpus_rows+=("| $entry | skipped: $bin was not built | - | 0 |")
    n_error=$((n_error + 1))
    continue
  fi
  stream=0
  run_logged "$out/logs/corpus.$entry.log" "$bin" "${args[@]}"
  stream=1
  case $rc in
    0) result=reproduced n_reproduced=$((n_reproduced + 1)) ;;
    1)
      result="no longer reproduces"
      n_gone=$((n_gone + 1))
      stale_keys[$(corpus_key "$line")]=1
      ;;
    *)
      if ((interrupted)); then
        result=interrupted
      else
        result="ERROR (exit $rc; logs/corpus.$entry.log)"
        n_error=$((n_error + 1))
      fi
      ;;
  esac
  corpus_rows+=("| $entry | $result | $rc | $secs |")
  echo "corpus: $entry: $result (exit $rc, $secs s)"
done
corpus_secs=$((SECONDS - corpus_t0))
corpus_status="${#corpus_rows[@]} entries: $n_reproduced reproduced, $n_gone no longer reproduce, $n_error errors"
add_step corpus replay "--replay=<each line in $corpus>" - "$corpus_secs" - "$corpus_status" "$((n_error > 0 ? 1 : 0))"

# ---------------------------------------------------------------------------------------
# 2-4. Exploration, in three equal parts of what the corpus left (at least 10 s each).
remaining=$((budget - (SECONDS - budget_t0)))
part=$((remaining / 3))
((part >= 10)) || part=10

scenarios_of() { # BIN -> the scenario names of --list, one per line
  "$1" --list 2>/dev/null | awk '/^scenarios:/ { on = 1; next } /^[a-z]+:/ { on = 0 } on && NF { print $1 }'
}
list=()
if [[ -x $tsan_bin ]]; then mapfile -t list < <(scenarios_of "$tsan_bin"); fi
if [[ ${#list[@]} -eq 0 && -x $relacy_bin ]]; then mapfile -t list < <(scenarios_of "$relacy_bin"); fi
n_scenarios=${#list[@]}
((n_scenarios > 0)) || n_scenarios=11
# The native steps run the scenarios in an order that rotates daily.
rotated=all
if ((${#list[@]} > 0)); then
  r=$((day % ${#list[@]}))
  rotated=$(IFS=,; echo "${list[*]:r},${list[*]:0:r}")
  rotated=${rotated%,}
fi

# Relacy: a seed range per (day, shard), below 2^32 (see the header).
relacy_pairs=$((n_scenarios * 6))
relacy_cycle=$((4294 / shard_total))
relacy_seed=$((((day % relacy_cycle) * shard_total + shard_index) * 1000000))
relacy_iterations=$((50000 * part / relacy_pairs))
((relacy_iterations >= 1000)) || relacy_iterations=1000
((relacy_iterations <= 1000000)) || relacy_iterations=1000000
explore_step relacy-random relacy "$relacy_bin" --scenario=all --variant=all --sched=random \
  --seed="$relacy_seed" --iterations="$relacy_iterations" --verdicts \
  --json="$out/relacy-random.json" --junit="$out/relacy-random.xml" --failures_dir="$out/failures/relacy-random"

# Native: seeds D * 10^6 + r; --runs is for all shards together, each gets 1/N of it.
stress_seed=$((day * 1000000))
stress_runs() { # RUNS_PER_SECOND SECONDS PAIRS MINIMUM -> --runs (per shard: RUNS/N)
  local n=$(($1 * $2 / $3))
  ((n >= $4)) || n=$4
  n=$((n * shard_total))
  ((n <= 1000000)) || n=1000000
  echo "$n"
}
# Kernel mode's variants (none when the build found no kernel tree). Those with b0.patch
# run on the plain build, like the model's B0: their two owners of a lock are real races.
# (Read from --list until the nightly moves into typed code.)
mapfile -t kernel_names < <("$tsan_bin" --list 2>/dev/null | sed -n 's/^  \(linux-[^ ]*\) .*Linux.*/\1/p')
kernel_tsan=() kernel_plain=()
for k in "${kernel_names[@]}"; do
  if [[ $k == *+b0 ]]; then kernel_plain+=("$k"); else kernel_tsan+=("$k"); fi
done
join_commas() { local IFS=,; echo "$*"; }
nk=${#kernel_names[@]}
# controlled: 4 + 2 + 3 + 4 + 3 model variants (+ nk kernel variants, random) per scenario share the part.
c_weight=$((16 + nk))
c_pairs=$((c_weight * n_scenarios))
c_runs=$(stress_runs 1500 "$part" "$c_pairs" 50)
common=(--scenario="$rotated" --seed="$stress_seed" --runs="$c_runs" --shard="$shard")
c_specs=("tsan-controlled-random $tsan_bin random A,A+,B1,C 4"
  "plain-controlled-random $plain_bin random A-,B0 2"
  "tsan-controlled-pct3 $tsan_bin pct:3 A+,B1,C 3"
  "tsan-controlled-stall $tsan_bin stall:100 A,A+,B1,C 4"
  "tsan-controlled-pos $tsan_bin pos A+,B1,C 3")
((${#kernel_tsan[@]} == 0)) ||
  c_specs+=("tsan-controlled-kernel $tsan_bin random $(join_commas "${kernel_tsan[@]}") ${#kernel_tsan[@]}")
((${#kernel_plain[@]} == 0)) ||
  c_specs+=("plain-controlled-kernel $plain_bin random $(join_commas "${kernel_plain[@]}") ${#kernel_plain[@]}")
for spec in "${c_specs[@]}"; do
  read -r name bin strategy variants nv <<<"$spec"
  explore_step "$name" "controlled $strategy$([[ $bin == "$tsan_bin" ]] && echo ' (TSan)')" \
    "$bin" --engine=controlled --strategy="$strategy" --variant="$variants" "${common[@]}" \
    --budget="$((part * nv / c_weight > 5 ? part * nv / c_weight : 5))s" --check_replay --replays=3 \
    --json="$out/$name.json" --junit="$out/$name.xml" --failures_dir="$out/failures/$name"
done
# fuzz: 4 + 2 model variants (+ nk kernel variants) per scenario.
f_weight=$((6 + nk))
f_pairs=$((f_weight * n_scenarios))
f_runs=$(stress_runs 50 "$part" "$f_pairs" 10)
common=(--scenario="$rotated" --seed="$stress_seed" --runs="$f_runs" --shard="$shard")
f_specs=("tsan-fuzz $tsan_bin A,A+,B1,C 4" "plain-fuzz $plain_bin A-,B0 2")
((${#kernel_tsan[@]} == 0)) ||
  f_specs+=("tsan-fuzz-kernel $tsan_bin $(join_commas "${kernel_tsan[@]}") ${#kernel_tsan[@]}")
((${#kernel_plain[@]} == 0)) ||
  f_specs+=("plain-fuzz-kernel $plain_bin $(join_commas "${kernel_plain[@]}") ${#kernel_plain[@]}")
for spec in "${f_specs[@]}"; do
  read -r name bin variants nv <<<"$spec"
  explore_step "$name" "fuzz$([[ $bin == "$tsan_bin" ]] && echo ' (TSan)')" \
    "$bin" --engine=fuzz --variant="$variants" "${common[@]}" --hang=5s \
    --budget="$((part * nv / f_weight > 5 ? part * nv / f_weight : 5))s" \
    --json="$out/$name.json" --junit="$out/$name.xml" --failures_dir="$out/failures/$name"
done

# ---------------------------------------------------------------------------------------
# 5. New failures into the corpus (the replay lines the steps printed; the same lines are in
# failures/<step>/). Fuzz failures only when unexpected: a fuzz replay is statistical, so an
# expected one would mostly come back as "no longer reproduces" and tell nothing.
while IFS=$'\t' read -r step class line; do
  [[ $line == pagewait-relacy\ * || $line == pagewait-stress\ * ]] || continue
  if [[ " $line " == *" --engine=fuzz "* && $class != unexpected ]]; then continue; fi
  key=$(corpus_key "$line")
  dest="$corpus/$key.txt"
  if [[ ! -e $dest ]]; then
    printf '%s\n' "$line" >"$dest"
    corpus_added+=("$key.txt (new, $step): \`$line\`")
  elif [[ -n ${stale_keys[$key]:-} ]]; then
    printf '%s\n' "$line" >"$dest"
    unset "stale_keys[$key]"
    corpus_added+=("$key.txt (replaces an entry that no longer reproduced; $step): \`$line\`")
  fi
done <"$out/logs/failure-lines.tsv"

write_summary
if ((interrupted)); then exit "$signal_rc"; fi
exit "$failed"
