# ctest entries of kernel mode (label "kernel"), in every native preset, when this build
# compiled at least one kernel tree. Included from stress/ (they drive pagewait-stress).
if(NOT PAGEWAIT_KERNEL_VARIANTS)
  return()
endif()
set(_bin $<TARGET_FILE:pagewait-stress>)
if(PAGEWAIT_SANITIZER STREQUAL "thread")
  set(_k kernel.tsan)
elseif(PAGEWAIT_SANITIZER STREQUAL "address")
  set(_k kernel.asan)
else()
  set(_k kernel)
endif()
# Every scenario on every kernel variant, expected verdicts = the model counterpart's or
# the explained difference (scenarios/kernel_differences.hpp): the differential test.
add_test(NAME ${_k}.controlled.random
         COMMAND ${_bin} --engine=controlled --strategy=random --variant=kernel --runs=${PAGEWAIT_STRESS_CI_RUNS})
add_test(NAME ${_k}.controlled.pct3
         COMMAND ${_bin} --engine=controlled --strategy=pct:3 --variant=kernel --runs=${PAGEWAIT_STRESS_PCT_RUNS})
add_test(NAME ${_k}.controlled.stall
         COMMAND ${_bin} --engine=controlled --strategy=stall:100 --variant=kernel --runs=${PAGEWAIT_STRESS_CI_RUNS})
add_test(NAME ${_k}.fuzz COMMAND ${_bin} --engine=fuzz --variant=kernel --runs=10 --hang=5s)
add_test(NAME ${_k}.cb1 COMMAND bash ${PROJECT_SOURCE_DIR}/kernel/cb1_test.sh ${_bin})
add_test(NAME ${_k}.bad_input
         COMMAND bash ${PROJECT_SOURCE_DIR}/kernel/bad_input_test.sh ${_bin} ${PROJECT_SOURCE_DIR}/kernel/extract.py)
if("linux-src" IN_LIST PAGEWAIT_KERNEL_VARIANTS)
  # find_package's result in kernel/ is directory-scoped; this file is included from stress/.
  find_package(Python3 REQUIRED COMPONENTS Interpreter)
  add_test(NAME ${_k}.linux_src_matches
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/kernel/same_verdicts.py ${_bin} linux-src linux-6.12)
endif()
set(_kernel_tests ${_k}.controlled.random ${_k}.controlled.pct3 ${_k}.controlled.stall ${_k}.fuzz ${_k}.cb1
                  ${_k}.bad_input)
if(TEST ${_k}.linux_src_matches)
  list(APPEND _kernel_tests ${_k}.linux_src_matches)
endif()
set_tests_properties(${_kernel_tests} PROPERTIES LABELS kernel TIMEOUT 900)
