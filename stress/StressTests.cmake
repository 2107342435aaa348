# ctest entries of the native engine. In the tsan preset they carry the label "tsan", in
# the others "stress". Variants A- and B0 are left out under TSan: their expected
# violations (two owners of a lock, a freed page touched) are real data races, and TSan
# stops the process at the first one (halt_on_error=1).
set(_stress_bin $<TARGET_FILE:pagewait-stress>)
if(PAGEWAIT_SANITIZER STREQUAL "thread")
  set(_label tsan)
  set(_variants A,A+,B1,C)
else()
  set(_label stress)
  set(_variants all)
endif()
set(PAGEWAIT_STRESS_CI_RUNS 120 CACHE STRING "controlled random schedules per scenario x variant in ctest")
set(PAGEWAIT_STRESS_PCT_RUNS 400 CACHE STRING "PCT schedules per scenario x variant in ctest")

add_test(NAME ${_label}.controlled.random
         COMMAND ${_stress_bin} --engine=controlled --strategy=random --variant=${_variants}
                 --runs=${PAGEWAIT_STRESS_CI_RUNS})
# PCT: the variants whose expected violations PCT reaches within the CI budget (measured:
# it misses A-/A/B0's writeback_epochs race in 2000 seeds, random finds it within 10;
# C's strict-epoch violation needs 196 PCT seeds).
add_test(NAME ${_label}.controlled.pct3
         COMMAND ${_stress_bin} --engine=controlled --strategy=pct:3 --variant=A+,B1,C
                 --runs=${PAGEWAIT_STRESS_PCT_RUNS})
# POS over every scenario: A- and A are left out for the same reason as under PCT (it
# misses their writeback_epochs race in 400 seeds; random finds it within 10).
if(PAGEWAIT_SANITIZER STREQUAL "thread")
  set(_pos_variants A+,B1,C)
else()
  set(_pos_variants A+,B0,B1,C)
endif()
add_test(NAME ${_label}.controlled.pos
         COMMAND ${_stress_bin} --engine=controlled --strategy=pos --variant=${_pos_variants}
                 --runs=${PAGEWAIT_STRESS_PCT_RUNS})
# Exhaustive search (dpor, stress/strategy/search.hpp). Every 2-thread scenario exhausted
# without a preemption bound, on every variant and every kernel variant (--expect_exhausted:
# a pair that holds must be exhausted, not cut off; with sleep sets the pair takes 2,228 to
# 4,972 executions), and B0's I2 on the killable pair found and replayed by its path; at
# bound 2 the kernel's own killable paths (CB-1 found on 6.1, 6.12 exhausted). Then the
# 3-thread scenarios that exhaust at bound 2 in seconds (measured: ~6 s plain for A+ and
# B1; the 4-thread ones take minutes and run in the nightly).
add_test(NAME ${_label}.controlled.dpor_pairs
         COMMAND ${_stress_bin} --engine=controlled --strategy=dpor --scenario=killable_handoff_pair,uptodate_flag
                 --variant=${_variants} --expect_exhausted --check_replay)
if(PAGEWAIT_SANITIZER STREQUAL "thread")
  # linux-6.12+b0's expected I2 is a data race TSan stops the process at (see above).
  set(_dpor_kernel_variants linux-6.1,linux-6.12,linux-6.1+cb1-fix,linux-6.12+cb1-fix,linux-6.12+b1,linux-6.12+cb1-fix+b1)
else()
  set(_dpor_kernel_variants kernel)
endif()
add_test(NAME ${_label}.controlled.dpor_kernel_pairs
         COMMAND ${_stress_bin} --engine=controlled --strategy=dpor --scenario=killable_handoff_pair,uptodate_flag
                 --variant=${_dpor_kernel_variants} --expect_exhausted --check_replay)
add_test(NAME ${_label}.controlled.dpor_kernel
         COMMAND ${_stress_bin} --engine=controlled --strategy=dpor:2
                 --scenario=killable_handoff_pair,lock_killable,lock_killable_fixed --variant=linux-6.1,linux-6.12
                 --expect_exhausted)
# Under ASan the two biggest searches (lock_killable_fixed, lock_killable_handoff: 240,436 of
# the 380,000 executions) are left out: with detect_stack_use_after_return, every engine
# frame at a scheduling point takes a fake-stack slot, and on fibers that costs ~50 times
# the plain run (measured 2026-12-03: lock_contention A+ 0.4 s plain, 8.8 s under ASan; the
# whole list above 600 s). The plain and TSan builds search them all.
set(_dpor2_scenarios lock_contention,lock_killable,lock_killable_rounds,killed_skipped_sleep,handoff_atomicity,writeback_reuse,drop_wait)
if(NOT PAGEWAIT_SANITIZER STREQUAL "address")
  string(APPEND _dpor2_scenarios ",lock_killable_fixed,lock_killable_handoff")
endif()
add_test(NAME ${_label}.controlled.dpor2
         COMMAND ${_stress_bin} --engine=controlled --strategy=dpor:2 --variant=A+,B1 --expect_exhausted
                 --scenario=${_dpor2_scenarios})
# M29 / M30 (WOKEN stored relaxed; the flags read relaxed after finish_wait) are argued
# masked (scenarios/zoo.hpp, README): every execution of the killable pair (unbounded) and of
# lock_contention at bound 2 holds, and under TSan none has a race on a lifetime payload.
foreach(_m M29 M30)
  add_test(NAME ${_label}.controlled.dpor_masked_${_m}
           COMMAND ${_stress_bin} --engine=controlled --strategy=dpor --scenario=killable_handoff_pair
                   --variant=A+ --mutant=${_m} --expect_exhausted --expect=holds)
  add_test(NAME ${_label}.controlled.dpor2_masked_${_m}
           COMMAND ${_stress_bin} --engine=controlled --strategy=dpor:2 --scenario=lock_contention
                   --variant=A+ --mutant=${_m} --expect_exhausted --expect=holds)
endforeach()
# The stall strategy over every scenario: the expected verdicts, and no false ones from
# stalls (a stalled thread must never look like a lost wake-up or a livelock).
add_test(NAME ${_label}.controlled.stall
         COMMAND ${_stress_bin} --engine=controlled --strategy=stall:100 --variant=${_variants}
                 --runs=${PAGEWAIT_STRESS_CI_RUNS})
add_test(NAME ${_label}.fuzz
         COMMAND ${_stress_bin} --engine=fuzz --variant=${_variants} --runs=10 --hang=5s)
add_test(NAME ${_label}.replay
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/replay_test.py ${_stress_bin})
# --minimize: CB-1 at <= 3 preemptions on every variant that has it, the line replays.
add_test(NAME ${_label}.minimize
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/minimize_test.py ${_stress_bin})
# --html: a CB-1 failure's page in headless Chromium (skipped, exit 77, without it).
add_test(NAME ${_label}.html_report
         COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/html_report_test.py ${_stress_bin})
set_tests_properties(${_label}.html_report PROPERTIES SKIP_RETURN_CODE 77)
add_test(NAME ${_label}.shards
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/shard_test.py ${_stress_bin})
# A search split by --shard=I/N: every shard exhausted, together at least the whole
# search's executions, the whole search's violation found by a shard, and the merged
# statement (merge_search_statements.py) "exhausted across 3 shards".
add_test(NAME ${_label}.search_shards
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/search_shards_test.py ${_stress_bin})
add_test(NAME ${_label}.bad_input
         COMMAND bash ${PROJECT_SOURCE_DIR}/engine/bad_input_test.sh ${_stress_bin})
# Plain build only: the I6-I9 witnesses' mutants (M1, M2, M11, M8) are lifetime bugs that
# the sanitizers report first (ASan: stack-use-after-return; TSan: a race on the payload,
# exit 66), before the check can; the plain build proves those checks reachable, and the
# zoo counts the sanitizers' kills.
if(PAGEWAIT_SANITIZER STREQUAL "none")
  add_test(NAME ${_label}.invariant_witnesses
           COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/invariant_witness_test.py ${_stress_bin})
endif()
# The Kubernetes CronJob: results and corpus on its claim, per night and shard.
add_test(NAME ${_label}.k8s_manifest
         COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/k8s_manifest_test.py ${PROJECT_SOURCE_DIR})
add_test(NAME ${_label}.readme_invariants
         COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/readme_invariants_test.py ${_stress_bin} ${PROJECT_SOURCE_DIR}/README.md)
# The campaigns' own tests (campaign/), with this build's binary for the real-engine ones.
add_test(NAME ${_label}.campaign_unit
         COMMAND python3 -m unittest discover -s campaign/tests -t .
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
set_tests_properties(${_label}.campaign_unit PROPERTIES
                     ENVIRONMENT "PAGEWAIT_STRESS_BIN=${_stress_bin};PAGEWAIT_SANITIZER=${PAGEWAIT_SANITIZER}")
add_test(NAME ${_label}.interrupt
         COMMAND python3 ${PROJECT_SOURCE_DIR}/engine/interrupt_test.py ${_stress_bin})
# The bug zoo under the controlled engine: every mutant it is expected to kill must die
# (scenarios/zoo.hpp). Plain build only: under TSan most mutants are real races and TSan
# halts the process; under ASan, M11's walk into a returned stack entry is a SEGV that ends
# it. zoo/kill_matrix.sh runs the sanitizer columns one process per mutant instead.
if(PAGEWAIT_SANITIZER STREQUAL "none")
  add_test(NAME ${_label}.zoo COMMAND ${_stress_bin} --mutant=all --engine=controlled --runs=300)
  # M5 needs the stall strategy (measured: killed within 23-1238 seeds, median ~60;
  # seed 126 in this test).
  add_test(NAME ${_label}.zoo.stall
           COMMAND ${_stress_bin} --mutant=all --engine=controlled --strategy=stall:100 --runs=1000)
endif()
if(PAGEWAIT_SANITIZER STREQUAL "thread")
  add_test(NAME tsan.racy_scenario_reported
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tsan_racy_test.sh ${_stress_bin})
  # The lifetime kills (scenarios/zoo.hpp rows expecting tsan-controlled): each mutant in
  # zoo mode must end in a data-race report on the lifetime payloads, one process per
  # mutant; those whose fault point reaches kernel mode also on an unpatched kernel tree.
  set(_tsan_zoo_kernel "")
  foreach(v ${PAGEWAIT_KERNEL_VARIANTS})
    if(NOT v MATCHES "\\+" AND _tsan_zoo_kernel STREQUAL "")
      set(_tsan_zoo_kernel --kernel=${v})
    endif()
  endforeach()
  find_package(Python3 REQUIRED COMPONENTS Interpreter)
  add_test(NAME tsan.zoo
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tsan_zoo_test.py ${_stress_bin} ${_tsan_zoo_kernel})
endif()

get_property(_stress_tests DIRECTORY PROPERTY TESTS)
set_tests_properties(${_stress_tests} PROPERTIES LABELS ${_label} TIMEOUT 600)
