# ctest entries of the Relacy engine (label "relacy"). Each asserts verdicts against the
# spec's expectations: pagewait-relacy exits 1 when any verdict differs.
set(_relacy_bin $<TARGET_FILE:pagewait-relacy>)

# The production headers compiled against Relacy: one scenario, one variant, must hold.
add_test(NAME relacy.smoke
         COMMAND ${_relacy_bin} --scenario=lock_contention --variant=A+ --iterations=2000)

# Every scenario x every variant under the random scheduler. A variant expected to
# violate an invariant must be caught within the budget; the others must hold.
foreach(_scenario lock_contention lock_killable lock_killable_fixed lock_killable_handoff lock_killable_rounds killed_skipped_sleep
                  killable_handoff_pair handoff_atomicity writeback_reuse writeback_epochs
                  writeback_epochs_strict bucket_collision lock_and_writeback bookmark_walk drop_wait writeback_collision
                  writeback_livelock uptodate_flag)
  add_test(NAME relacy.random.${_scenario}
           COMMAND ${_relacy_bin} --scenario=${_scenario} --variant=all --sched=random
                   --iterations=${PAGEWAIT_RELACY_CI_ITERATIONS})
endforeach()

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
         COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/replay_test.sh ${_relacy_bin})
# Bad input: exit code 2 and one sentence.
add_test(NAME relacy.bad_input
         COMMAND bash ${PROJECT_SOURCE_DIR}/engine/bad_input_test.sh ${_relacy_bin})
add_test(NAME relacy.invariant_witnesses
         COMMAND python3 ${PROJECT_SOURCE_DIR}/stress/invariant_witness_test.py ${_relacy_bin})
add_test(NAME relacy.interrupt
         COMMAND python3 ${PROJECT_SOURCE_DIR}/engine/interrupt_test.py ${_relacy_bin})

get_property(_relacy_tests DIRECTORY PROPERTY TESTS)
set_tests_properties(${_relacy_tests} PROPERTIES LABELS relacy TIMEOUT 600)
