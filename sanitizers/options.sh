# Sanitizer runtime options for pagewait. Source it (bash): `source sanitizers/options.sh`.
# Each variable is set only if it is unset, so a value in the environment (even empty) wins.
# Suppression files sit beside this script and are empty on purpose.
# shellcheck shell=bash
# The single quotes below are literal (they quote the path for the sanitizer's parser).
# shellcheck disable=SC2016

_pagewait_san_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

: "${TSAN_OPTIONS=halt_on_error=1 second_deadlock_stack=1 history_size=7 report_signal_unsafe=0 exitcode=66 suppressions='${_pagewait_san_dir}/tsan.supp'}"
: "${ASAN_OPTIONS=halt_on_error=1 detect_leaks=1 detect_stack_use_after_return=1 strict_string_checks=1 abort_on_error=0 suppressions='${_pagewait_san_dir}/asan.supp'}"
: "${UBSAN_OPTIONS=halt_on_error=1 print_stacktrace=1 suppressions='${_pagewait_san_dir}/ubsan.supp'}"
export TSAN_OPTIONS ASAN_OPTIONS UBSAN_OPTIONS

unset _pagewait_san_dir
