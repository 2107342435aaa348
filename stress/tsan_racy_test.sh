#!/usr/bin/env bash
# TSan must report the deliberately racy scenario in controlled mode: proof that the token
# hand-off adds no happens-before edge that could hide races. Usage: tsan_racy_test.sh <bin>
set -uo pipefail
bin=$1
out=$(TSAN_OPTIONS="halt_on_error=1 exitcode=66" "$bin" --engine=controlled --scenario=racy_counter --variant=A --runs=5 2>&1)
rc=$?
if [[ $rc -eq 66 ]] && grep -q 'WARNING: ThreadSanitizer: data race' <<<"$out" && grep -q 'RacyCounter::thread' <<<"$out"; then
  echo "TSan reported the racy scenario under the controlled scheduler (exit $rc)"
  exit 0
fi
echo "FAIL: expected a TSan data race report on RacyCounter (exit 66), got exit $rc"
printf '%s\n' "$out" | tail -n 20
exit 1
