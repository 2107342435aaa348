# ctest entries of the Relacy engine (label "relacy"). Each asserts verdicts against the
# spec's expectations: pagewait-relacy exits 1 when any verdict differs.
set(_relacy_bin $<TARGET_FILE:pagewait-relacy>)

# The production headers compiled against Relacy: one scenario, one variant, must hold.
add_test(NAME relacy.smoke
         COMMAND ${_relacy_bin} --scenario=lock_contention --variant=A+ --iterations=2000)

# Every scenario x every variant under the random scheduler, one entry per scenario of
# `pagewait-relacy --list --json` (so a new scenario gets its entry without an edit here).
# The list comes from the built binary, so ctest reads it when it starts: the generated
# script below runs the binary and adds the entries (as gtest_discover_tests does).
string(CONCAT _relacy_random_script [=[
set(_bin "$<TARGET_FILE:pagewait-relacy>")
set(_list "$<TARGET_FILE_DIR:pagewait-relacy>/relacy-list.json")
execute_process(COMMAND "${_bin}" --list "--json=${_list}" RESULT_VARIABLE _rc OUTPUT_QUIET ERROR_QUIET)
if(NOT _rc EQUAL 0)
  # Not built (or broken): one entry that fails and says so.
  add_test(relacy.random.LIST_FAILED "${_bin}" --list)
  set_tests_properties(relacy.random.LIST_FAILED PROPERTIES LABELS relacy)
  return()
endif()
file(READ "${_list}" _json)
string(JSON _n LENGTH "${_json}" scenarios)
math(EXPR _last "${_n} - 1")
foreach(_i RANGE ${_last})
  string(JSON _name GET "${_json}" scenarios ${_i} name)
  add_test(relacy.random.${_name} "${_bin}" --scenario=${_name} --variant=all --sched=random
           --iterations=]=] "${PAGEWAIT_RELACY_CI_ITERATIONS}" [=[)
  set_tests_properties(relacy.random.${_name} PROPERTIES LABELS relacy TIMEOUT 600)
endforeach()
]=])
file(GENERATE OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/relacy_random_tests.cmake" CONTENT "${_relacy_random_script}")
set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${CMAKE_CURRENT_BINARY_DIR}/relacy_random_tests.cmake")

# Context bound 2 (Relacy's systematic scheduler). Measured: the 3- and 4-thread scenarios
# do not exhaust bound 2 within a CI budget (see README), so CI asserts what bound 2 finds
# quickly: CB-1 in every variant, the hand-off window in A-/A/A+/C and B0's double owner.
add_test(NAME relacy.bound2.lock_killable
         COMMAND ${_relacy_bin} --scenario=lock_killable --variant=all --sched=bound:2
                 --iterations=${PAGEWAIT_RELACY_BOUND_CAP})
# The 2-thread micro scenario is small enough for bound 2 to be exhausted (about 410,000
# schedules, 2 s): every correct variant holds on all of them, and M6 (plain unlink) dies.
add_test(NAME relacy.bound2.killable_handoff_pair
         COMMAND ${_relacy_bin} --scenario=killable_handoff_pair --variant=all --sched=bound:2
                 --iterations=${PAGEWAIT_RELACY_BOUND_CAP})
add_test(NAME relacy.bound2.zoo_M6
         COMMAND ${_relacy_bin} --scenario=killable_handoff_pair --variant=A+ --mutant=M6 --sched=bound:2
                 --iterations=${PAGEWAIT_RELACY_BOUND_CAP})
# M29 / M30 are argued masked (README): bound 2 of the killable pair must be exhausted
# without a violation or a race on a lifetime payload (the pass pattern checks both).
add_test(NAME relacy.bound2.masked_M29
         COMMAND ${_relacy_bin} --scenario=killable_handoff_pair --variant=A+ --mutant=M29 --sched=bound:2 --expect=holds
                 --iterations=${PAGEWAIT_RELACY_BOUND_CAP})
add_test(NAME relacy.bound2.masked_M30
         COMMAND ${_relacy_bin} --scenario=killable_handoff_pair --variant=A+ --mutant=M30 --sched=bound:2 --expect=holds
                 --iterations=${PAGEWAIT_RELACY_BOUND_CAP})
set_tests_properties(relacy.bound2.masked_M29 relacy.bound2.masked_M30 PROPERTIES
                     PASS_REGULAR_EXPRESSION "holds +OK \\(expected holds\\)[^\n]*search space exhausted")
add_test(NAME relacy.bound2.handoff_atomicity
         COMMAND ${_relacy_bin} --scenario=handoff_atomicity --variant=A-,A,A+,B0,C --sched=bound:2
                 --iterations=${PAGEWAIT_RELACY_BOUND_CAP})

# The bug zoo: every mutant Relacy is expected to kill (scenarios/zoo.hpp) must be killed
# within the CI budget; pagewait-relacy exits 1 when one survives.
add_test(NAME relacy.zoo
         COMMAND ${_relacy_bin} --mutant=all --sched=random --iterations=${PAGEWAIT_RELACY_CI_ITERATIONS}
                 --history=never)

# A printed replay line reproduces its failure, as --replay and as a command.
add_test(NAME relacy.replay
         COMMAND python3 ${CMAKE_CURRENT_SOURCE_DIR}/replay_test.py ${_relacy_bin})
# Bad input: exit code 2 and one sentence.
add_test(NAME relacy.bad_input
         COMMAND bash ${PROJECT_SOURCE_DIR}/engine/bad_input_test.sh ${_relacy_bin})
add_test(NAME relacy.invariant_witnesses
         COMMAND python3 ${PROJECT_SOURCE_DIR}/stress/invariant_witness_test.py ${_relacy_bin})
add_test(NAME relacy.interrupt
         COMMAND python3 ${PROJECT_SOURCE_DIR}/engine/interrupt_test.py ${_relacy_bin})

get_property(_relacy_tests DIRECTORY PROPERTY TESTS)
set_tests_properties(${_relacy_tests} PROPERTIES LABELS relacy TIMEOUT 600)
