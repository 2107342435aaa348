#!/usr/bin/env bash
# Kernel mode's bad input: one sentence and exit 2, before any work. Usage:
# bad_input_test.sh <pagewait-stress> <kernel/extract.py> <PAGEWAIT_KERNEL_CACHE>
set -uo pipefail
bin=$1
extract=$2
cache=$3
fails=0
expect2() {  # expect2 <what the sentence must say> <command...>
  local want=$1; shift
  local err rc
  err=$("$@" 2>&1 >/dev/null); rc=$?
  if [[ $rc -ne 2 ]] || ! grep -q -- "$want" <<<"$err" || [[ $(wc -l <<<"$err") -ne 1 ]]; then
    echo "FAIL: $* -> exit $rc: $err"; fails=$((fails + 1))
  else
    echo "ok: $* -> $err"
  fi
}
expect2 "is not in this build" "$bin" --variant=linux-9.99 --runs=1
expect2 "is a fault point of the model" "$bin" --variant=kernel --mutant=M1 --runs=1
expect2 "empty item" "$bin" --variant=linux-6.12,,A --runs=1
expect2 "is not a whole number" "$(dirname "$bin")/pagewait-kernel-cost" --pairs=0

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
expect2 "is not a folder" python3 "$extract" --tree "$tmp/none" --out "$tmp/out"
mkdir -p "$tmp/notkernel"
expect2 "has no Makefile" python3 "$extract" --tree "$tmp/notkernel" --out "$tmp/out"
# A tree whose filemap.c lacks a function: the sentence names it, the files and the version.
mkdir -p "$tmp/old/mm" "$tmp/old/kernel/sched" "$tmp/old/include/linux"
printf 'VERSION = 4\nPATCHLEVEL = 19\nSUBLEVEL = 3\n' > "$tmp/old/Makefile"
printf 'enum pageflags {\n\tPG_locked,\n};\n' > "$tmp/old/include/linux/page-flags.h"
printf 'struct wait_page_key {\n\tint x;\n};\nstruct wait_page_queue {\n\tint y;\n};\nstatic inline bool wake_page_match(int a)\n{\n}\n' > "$tmp/old/include/linux/pagemap.h"
: > "$tmp/old/mm/filemap.c"
expect2 "enum behavior not found in mm/filemap.c or mm/folio_wait.c of Linux 4.19.3" python3 "$extract" --tree "$tmp/old" --out "$tmp/out"
expect2 "does not exist" python3 "$extract" --tarball "$tmp/linux-source-9.9.tar.xz" --out "$tmp/out"
# A patch that does not fit the tree (b1.patch on a tree that already has it): the
# sentence names the patch and the version.
patches=$(dirname "$extract")/patches
for t in "$cache"/linux-*+b1; do
  [[ -f $t/src/Makefile ]] || continue
  expect2 "patch b1.patch does not apply to Linux" python3 "$extract" --tree "$t/src" \
    --patch "$patches/b1.patch" --out "$tmp/out"
  break
done
expect2 "patch $tmp/nowhere.patch does not exist" python3 "$extract" --tree "$tmp/old" \
  --patch "$tmp/nowhere.patch" --out "$tmp/out"
[[ $fails -eq 0 ]] || exit 1
