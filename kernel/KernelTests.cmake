# ctest entries of kernel mode (label "kernel"), in every native preset, when this build
# compiled at least one kernel tree. Included from stress/ (they drive pagewait-stress).
if(NOT PAGEWAIT_KERNEL_VARIANTS)
  return()
endif()
set(_bin $<TARGET_FILE:pagewait-stress>)
# find_package's result in kernel/ is directory-scoped; this file is included from stress/.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
# Which variants each build runs. Patched with b0.patch: its two owners of a lock are real
# data races (TSan halts at the first) and PCT misses its expected lock_contention
# violation, as on the model's B0 (stress/StressTests.cmake). To keep CI time bounded the
# sanitizer builds run fewer: TSan the unpatched trees, the CB-1 fix and cb1-fix+b1; ASan
# the unpatched trees (the patches change a few lines of them; kernel.asan.cb1 still runs
# the fixed trees' CB-1 scenarios). The plain build runs every patch.
set(_all "")
set(_no_b0 "")
set(_sanitized "")
foreach(v ${PAGEWAIT_KERNEL_VARIANTS})
  list(APPEND _all ${v})
  if(NOT v MATCHES "\\+b0$")
    list(APPEND _no_b0 ${v})
  endif()
  if(NOT v MATCHES "\\+" OR
     (PAGEWAIT_SANITIZER STREQUAL "thread" AND v MATCHES "\\+cb1-fix(\\+b1)?$"))
    list(APPEND _sanitized ${v})
  endif()
endforeach()
if(PAGEWAIT_SANITIZER STREQUAL "thread")
  set(_k kernel.tsan)
  set(_all ${_sanitized})
  set(_no_b0 ${_sanitized})
elseif(PAGEWAIT_SANITIZER STREQUAL "address")
  set(_k kernel.asan)
  set(_all ${_sanitized})
  set(_no_b0 ${_sanitized})
else()
  set(_k kernel)
endif()
list(JOIN _all "," _all)
list(JOIN _no_b0 "," _no_b0)
# Every scenario on every kernel variant, expected verdicts = the model counterpart's or
# the explained difference (scenarios/kernel_differences.hpp): the differential test.
# With cb1-fix.patch, that expectation is "holds" everywhere CB-1 showed.
add_test(NAME ${_k}.controlled.random
         COMMAND ${_bin} --engine=controlled --strategy=random --variant=${_all} --runs=${PAGEWAIT_STRESS_CI_RUNS})
add_test(NAME ${_k}.controlled.pct3
         COMMAND ${_bin} --engine=controlled --strategy=pct:3 --variant=${_no_b0} --runs=${PAGEWAIT_STRESS_PCT_RUNS})
add_test(NAME ${_k}.controlled.stall
         COMMAND ${_bin} --engine=controlled --strategy=stall:100 --variant=${_all} --runs=${PAGEWAIT_STRESS_CI_RUNS})
add_test(NAME ${_k}.controlled.pos
         COMMAND ${_bin} --engine=controlled --strategy=pos --variant=${_all} --runs=${PAGEWAIT_STRESS_CI_RUNS})
add_test(NAME ${_k}.fuzz COMMAND ${_bin} --engine=fuzz --variant=${_all} --runs=10 --hang=5s)
# The fixed trees' CB-1 scenarios: 400 seeds per strategy, 100 under a sanitizer (time).
if(PAGEWAIT_SANITIZER STREQUAL "none")
  set(_cb1_runs 400)
else()
  set(_cb1_runs 100)
endif()
add_test(NAME ${_k}.cb1 COMMAND python3 ${PROJECT_SOURCE_DIR}/kernel/cb1_test.py ${_bin} ${_cb1_runs})
add_test(NAME ${_k}.bad_input
         COMMAND bash ${PROJECT_SOURCE_DIR}/kernel/bad_input_test.sh ${_bin} ${PROJECT_SOURCE_DIR}/kernel/extract.py
                 ${PAGEWAIT_KERNEL_CACHE})
if("linux-src" IN_LIST PAGEWAIT_KERNEL_VARIANTS)
  add_test(NAME ${_k}.linux_src_matches
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/kernel/same_verdicts.py ${_bin} linux-src linux-6.12)
endif()
add_test(NAME ${_k}.patches_apply
         COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/kernel/patches_apply_test.py
                 ${PROJECT_SOURCE_DIR}/kernel/patches ${PAGEWAIT_KERNEL_CACHE})
# The cost tool runs every variant to completion (its numbers here are too short to mean
# anything; run it by hand to measure).
add_test(NAME ${_k}.cost_smoke COMMAND $<TARGET_FILE:pagewait-kernel-cost> --pairs=2000 --reps=1)
set_tests_properties(${_k}.cost_smoke PROPERTIES PASS_REGULAR_EXPRESSION "\\| linux-[^ ]+ \\| [0-9.]+")
set(_kernel_tests ${_k}.cost_smoke ${_k}.patches_apply ${_k}.controlled.random ${_k}.controlled.pct3 ${_k}.controlled.stall ${_k}.controlled.pos ${_k}.fuzz ${_k}.cb1
                  ${_k}.bad_input)
if(TEST ${_k}.linux_src_matches)
  list(APPEND _kernel_tests ${_k}.linux_src_matches)
endif()
set_tests_properties(${_kernel_tests} PROPERTIES LABELS kernel TIMEOUT 900)
