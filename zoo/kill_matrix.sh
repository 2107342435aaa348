#!/usr/bin/env bash
# The kill matrix: every mutant (waitqueue.md §5, except the performance-only M15) planted
# in its host variant and run by every engine; prints a Markdown matrix and writes JSON.
#
#   zoo/kill_matrix.sh [--quick] [--build] [--out=DIR]
#
# --quick: CI-sized budgets (Relacy random 20,000 iterations per scenario, bound:2 10 s per
# mutant, 300 controlled seeds, 20 sanitizer seeds); the default is the nightly budget
# (.github/workflows/nightly.yml, job "zoo"). --build configures and builds the four
# engine binaries first. The matrix goes to stdout and to DIR/matrix.md. Exit status 1 when
# an engine run in zoo mode (Relacy random, controlled random/PCT/stall/POS) let a mutant it is
# expected to kill survive (scenarios/zoo.hpp), 2 on bad arguments or missing binaries.
#
# Columns: Relacy random, Relacy bound:2, controlled random, controlled PCT (depth 3),
# controlled stall:100, controlled POS, controlled DPOR (dpor:2 with a time budget per
# mutant: "survived" means not found within it, or the bounded search exhausted), fuzz
# under TSan, controlled under TSan (fibers),
# controlled under ASan+UBSan. A cell is the verdict that killed the mutant with
# the iterations/seeds and seconds it took, or "survived". The sanitizer columns also count
# a sanitizer report as a kill. Needs the presets default, tsan, asan and relacy built.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
quick=0
build=0
out=results/zoo
for a in "$@"; do
  case $a in
    --quick) quick=1 ;;
    --build) build=1 ;;
    --out=*) out=${a#--out=} ;;
    *) echo "error: unknown argument '$a'; accepted: --quick, --build, --out=DIR." >&2; exit 2 ;;
  esac
done
if [[ $build -eq 1 ]]; then
  for preset in relacy default tsan asan; do
    target=$([[ $preset == relacy ]] && echo pagewait-relacy || echo pagewait-stress)
    cmake --preset "$preset" > /dev/null && cmake --build --preset "$preset" -j"${PAGEWAIT_JOBS:-2}" --target "$target" ||
      { echo "error: building $target in preset $preset failed." >&2; exit 2; }
  done
fi
relacy=build/relacy/bin/pagewait-relacy
native=build/default/bin/pagewait-stress
tsan=build/tsan/bin/pagewait-stress
asan=build/asan/bin/pagewait-stress
for b in "$relacy" "$native" "$tsan" "$asan"; do
  [[ -x $b ]] || { echo "error: $b is not built; build the presets relacy, default, tsan and asan first." >&2; exit 2; }
done
mkdir -p "$out"
if [[ $quick -eq 1 ]]; then it=20000; cap=200000; limit=10; runs=300; sruns=20; else it=200000; cap=2000000; limit=120; runs=3000; sruns=100; fi
# shellcheck source=sanitizers/options.sh
source sanitizers/options.sh

# Zoo-mode columns: each exits 1 when a mutant it is expected to kill survives.
missed=()
zoo_column() {  # name, command...
  local name=$1
  shift
  "$@" --json="$out/$name.json" > "$out/$name.txt" 2>&1
  case $? in
    0) ;;
    1) missed+=("$name") ;;
    *) echo "error: $name ended abnormally; see $out/$name.txt" >&2; missed+=("$name (abnormal end)") ;;
  esac
}
zoo_column relacy-random "$relacy" --mutant=all --sched=random --iterations=$it --history=never
zoo_column controlled-random "$native" --mutant=all --engine=controlled --strategy=random --runs=$runs
zoo_column controlled-pct3 "$native" --mutant=all --engine=controlled --strategy=pct:3 --runs=$runs
zoo_column controlled-stall "$native" --mutant=all --engine=controlled --strategy=stall:100 --runs=$runs
zoo_column controlled-pos "$native" --mutant=all --engine=controlled --strategy=pos --runs=$runs

# Per-mutant columns: one process per mutant, since a sanitizer report ends the process and
# a context-bound search gets a time limit of its own ($limit s; "survived" then means "not
# found within the limit").
per_mutant_column() {  # binary, engine flags, name, [time limit in s]
  local bin=$1 flags=$2 name=$3 tl=${4:-0}
  : > "$out/$name.tsv"
  "$native" --list | awk '$1 == "zoo" && $2 ~ /^M[0-9]+$/ {print $2, $3, $4}' | while read -r m host scenarios; do
    local t0=$SECONDS rc verdict
    if [[ $tl -gt 0 ]]; then
      # shellcheck disable=SC2086
      timeout "$tl" "$bin" $flags --mutant="$m" --variant="$host" --scenario="$scenarios" > "$out/$name.$m.txt" 2>&1
    else
      # shellcheck disable=SC2086
      "$bin" $flags --mutant="$m" --variant="$host" --scenario="$scenarios" --runs=$sruns > "$out/$name.$m.txt" 2>&1
    fi
    rc=$?
    verdict=$(awk '/^\[/ && $6 != "holds" {print $6; exit}' "$out/$name.$m.txt")
    if grep -q 'ThreadSanitizer: data race' "$out/$name.$m.txt"; then verdict="TSan race"
    elif grep -q 'ThreadSanitizer:' "$out/$name.$m.txt"; then verdict="TSan $(grep -o 'ThreadSanitizer: [A-Za-z-]*' "$out/$name.$m.txt" | head -n 1 | cut -d' ' -f2)"
    elif grep -q 'AddressSanitizer' "$out/$name.$m.txt"; then verdict="ASan $(grep -o 'AddressSanitizer: [A-Za-z-]*' "$out/$name.$m.txt" | head -n 1 | cut -d' ' -f2)"
    elif grep -q 'runtime error' "$out/$name.$m.txt"; then verdict="UBSan"
    elif [[ -z $verdict && $rc -eq 124 ]]; then verdict="survived"
    elif [[ -z $verdict && $rc -gt 1 ]]; then verdict="crash (exit $rc)"
    fi
    local cmd="$bin $flags --mutant=$m --variant=$host --scenario=$scenarios"
    [[ $tl -gt 0 ]] || cmd+=" --runs=$sruns"
    printf '%s\t%s\t%s\t%s\n' "$m" "${verdict:-survived}" "$((SECONDS - t0))" "$cmd" >> "$out/$name.tsv"
  done
}
per_mutant_column "$relacy" "--sched=bound:2 --iterations=$cap --history=never" relacy-bound2 "$limit"
per_mutant_column "$native" "--engine=controlled --strategy=dpor:2 --budget=${limit}s" controlled-dpor2 $((limit + 30))
per_mutant_column "$tsan" "--engine=fuzz --hang=5s" fuzz-tsan
per_mutant_column "$tsan" "--engine=controlled --strategy=random" controlled-tsan
per_mutant_column "$asan" "--engine=controlled --strategy=random" controlled-asan

python3 - "$out" <<'PY' | tee "$out/matrix.md"
import json, sys, os
out = sys.argv[1]
cols = [("relacy-random", "Relacy random"), ("relacy-bound2", "Relacy bound:2"),
        ("controlled-random", "controlled random"), ("controlled-pct3", "controlled PCT:3"),
        ("controlled-stall", "controlled stall:100"), ("controlled-pos", "controlled POS"),
        ("controlled-dpor2", "controlled DPOR:2"), ("fuzz-tsan", "fuzz + TSan"), ("controlled-tsan", "controlled + TSan"), ("controlled-asan", "controlled + ASan/UBSan")]
rows, times, replays = {}, {c: [] for c, _ in cols}, {}
for c, _ in cols:
    jp, tp = os.path.join(out, c + ".json"), os.path.join(out, c + ".tsv")
    if os.path.exists(jp):
        for r in json.load(open(jp))["runs"]:
            cell = "survived" if r["found"] == "holds" else "%s in %s (%d it, %.2f s)" % (r["found"], r["scenario"], r["iterations"], r["seconds"])
            if r["found"] != "holds":
                times[c].append(r["seconds"])
                replays.setdefault(r["mutant"], []).append((c, r.get("replay", "")))
            rows.setdefault(r["mutant"], {})[c] = cell
    elif os.path.exists(tp):
        for line in open(tp):
            m, verdict, secs, cmd = (line.rstrip("\n").split("\t") + [""])[:4]
            rows.setdefault(m, {})[c] = verdict if verdict == "survived" else "%s (%s s)" % (verdict, secs)
            if verdict != "survived":
                times[c].append(float(secs))
                log = os.path.join(out, "%s.%s.txt" % (c, m))
                line = next((l.split("replay: ", 1)[1].strip() for l in open(log, errors="replace")
                             if "replay: " in l), "") if os.path.exists(log) else ""
                replays.setdefault(m, []).append((c, line or cmd or "see " + log))
print("| mutant | " + " | ".join(n for _, n in cols) + " |")
print("|---" * (len(cols) + 1) + "|")
for m in sorted(rows, key=lambda x: int(x[1:])):
    print("| %s | " % m + " | ".join(rows[m].get(c, "-") for c, _ in cols) + " |")
def median(v):
    v = sorted(v); return v[len(v) // 2] if v else float("nan")
print("\nKills and median time to kill per engine: " + "; ".join(
    "%s %d, %.3f s" % (n, len(times[c]), median(times[c])) for c, n in cols))
# The search's promise: it finds what sampling found (a miss is listed, not hidden).
missed = [m for m in sorted(rows, key=lambda x: int(x[1:]))
          if rows[m].get("controlled-random", "survived") != "survived" and rows[m].get("controlled-dpor2", "survived") == "survived"]
print("\nKilled by controlled random but not by controlled DPOR:2 within its budget: " + (", ".join(missed) or "none"))
names = dict(cols)
print("\nReplay lines of the kills:\n")
for m in sorted(replays, key=lambda x: int(x[1:])):
    for c, line in sorted(replays[m], key=lambda x: [k for k, _ in cols].index(x[0])):
        print("- %s, %s: `%s`" % (m, names[c], line))
PY
if [[ ${#missed[@]} -gt 0 ]]; then
  echo "kill_matrix: expected kills missed in: ${missed[*]} (the EXPECTED lines in $out/<column>.txt)" >&2
  exit 1
fi
