#!/usr/bin/env bash
# The C and C++ sources are formatted by .clang-format (clang-format --dry-run finds nothing
# to change). Exits 77 (ctest: skipped) with one sentence when clang-format is missing.
# Usage: format_test.sh <repository root>
set -euo pipefail
cd "$1"
tool=$(command -v clang-format || command -v clang-format-14 || true)
if [[ -z $tool ]]; then
  echo "skipped: clang-format is not installed (apt-get install clang-format; scripts/install-deps.sh does)"
  exit 77
fi
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' '*.c')
"$tool" --dry-run --Werror "${files[@]}"
echo "ok: ${#files[@]} files formatted"
