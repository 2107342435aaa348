# Third-party dependencies: distribution packages first (Debian: libgtest-dev, libgmock-dev,
# libabsl-dev, libbenchmark-dev), pinned FetchContent as the fallback.
#
#   GoogleTest  native backend: required (targets GTest::gtest, GTest::gtest_main, GTest::gmock)
#               relacy backend: used if installed, never fetched
#   Abseil      both backends: required (absl::flags, absl::strings, ...)
#   Benchmark   native backend: optional; sets PAGEWAIT_HAVE_BENCHMARK
#
# A fallback that needs the network first checks that the repository answers
# (git ls-remote, 10 s timeout), so an offline configure fails with one clear sentence
# instead of hanging. FETCHCONTENT_SOURCE_DIR_<NAME> (a local checkout) skips the check.
include_guard(GLOBAL)
include(FetchContent)

set(PAGEWAIT_GOOGLETEST_URL "https://github.com/google/googletest.git")
set(PAGEWAIT_GOOGLETEST_COMMIT "f8d7d77c06936315286eb55f8de22cd23c188571") # v1.14.0
set(PAGEWAIT_ABSEIL_URL "https://github.com/abseil/abseil-cpp.git")
set(PAGEWAIT_ABSEIL_TAG "20240116.2")

# pagewait_git_reachable(<url> <out-var>): TRUE if `git ls-remote <url>` answers within 10 s.
function(pagewait_git_reachable url out_var)
  set(${out_var} FALSE PARENT_SCOPE)
  find_package(Git QUIET)
  if(NOT GIT_EXECUTABLE)
    return()
  endif()
  find_program(PAGEWAIT_TIMEOUT_EXECUTABLE timeout)
  set(_cmd "${GIT_EXECUTABLE}" ls-remote --exit-code "${url}" HEAD)
  if(PAGEWAIT_TIMEOUT_EXECUTABLE)
    set(_cmd "${PAGEWAIT_TIMEOUT_EXECUTABLE}" -k 2 10 ${_cmd})
  endif()
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -E env GIT_TERMINAL_PROMPT=0 GIT_ASKPASS=echo ${_cmd}
    TIMEOUT 15
    RESULT_VARIABLE _rv
    OUTPUT_QUIET ERROR_QUIET)
  if(_rv STREQUAL "0")
    set(${out_var} TRUE PARENT_SCOPE)
  endif()
endfunction()

# pagewait_can_fetch(<name> <url> <out-var>): FetchContent of <name> can proceed without hanging.
function(pagewait_can_fetch name url out_var)
  string(TOUPPER "${name}" _uname)
  if(FETCHCONTENT_SOURCE_DIR_${_uname})
    set(${out_var} TRUE PARENT_SCOPE)
  elseif(EXISTS "${FETCHCONTENT_BASE_DIR}/${name}-src/.git")
    # Already cloned by an earlier configure: the pinned commit is checked out offline.
    set(${out_var} TRUE PARENT_SCOPE)
  elseif(FETCHCONTENT_FULLY_DISCONNECTED)
    set(${out_var} FALSE PARENT_SCOPE)
  else()
    message(STATUS "pagewait: checking that ${url} is reachable (10 s timeout)")
    pagewait_git_reachable("${url}" _ok)
    set(${out_var} ${_ok} PARENT_SCOPE)
  endif()
endfunction()

# --- GoogleTest -------------------------------------------------------------
if(PAGEWAIT_BACKEND STREQUAL "native")
  find_package(GTest QUIET)
  if(TARGET GTest::gtest)
    message(STATUS "pagewait: GoogleTest from the system (${GTest_DIR})")
  else()
    pagewait_can_fetch(googletest "${PAGEWAIT_GOOGLETEST_URL}" _ok)
    if(NOT _ok)
      message(FATAL_ERROR "GoogleTest not found: install libgtest-dev and libgmock-dev (scripts/install-deps.sh), or allow network access for FetchContent of google/googletest@${PAGEWAIT_GOOGLETEST_COMMIT} (v1.14.0).")
    endif()
    message(STATUS "pagewait: GoogleTest via FetchContent (v1.14.0, ${PAGEWAIT_GOOGLETEST_COMMIT})")
    set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
    set(BUILD_GMOCK ON CACHE BOOL "" FORCE)
    set(gtest_force_shared_crt ON CACHE BOOL "" FORCE)
    FetchContent_Declare(googletest
      GIT_REPOSITORY "${PAGEWAIT_GOOGLETEST_URL}"
      GIT_TAG        "${PAGEWAIT_GOOGLETEST_COMMIT}")
    FetchContent_MakeAvailable(googletest)
  endif()
  include(GoogleTest) # gtest_discover_tests()
else()
  # The Relacy engine may use GoogleTest if it is installed; it is never fetched for it.
  find_package(GTest QUIET)
  if(TARGET GTest::gtest)
    include(GoogleTest)
  endif()
endif()

# --- Abseil (both backends) -------------------------------------------------
find_package(absl QUIET)
if(absl_FOUND AND TARGET absl::strings)
  message(STATUS "pagewait: Abseil from the system (${absl_DIR})")
else()
  pagewait_can_fetch(abseil-cpp "${PAGEWAIT_ABSEIL_URL}" _ok)
  if(NOT _ok)
    message(FATAL_ERROR "Abseil not found: install libabsl-dev (scripts/install-deps.sh), or allow network access for FetchContent of abseil/abseil-cpp@${PAGEWAIT_ABSEIL_TAG}.")
  endif()
  message(STATUS "pagewait: Abseil via FetchContent (${PAGEWAIT_ABSEIL_TAG})")
  set(ABSL_PROPAGATE_CXX_STD ON CACHE BOOL "" FORCE)
  set(ABSL_ENABLE_INSTALL OFF CACHE BOOL "" FORCE)
  set(ABSL_BUILD_TESTING OFF CACHE BOOL "" FORCE)
  FetchContent_Declare(abseil-cpp
    GIT_REPOSITORY "${PAGEWAIT_ABSEIL_URL}"
    GIT_TAG        "${PAGEWAIT_ABSEIL_TAG}"
    GIT_SHALLOW    TRUE)
  FetchContent_MakeAvailable(abseil-cpp)
endif()

# --- Google Benchmark (native, optional) ------------------------------------
set(PAGEWAIT_HAVE_BENCHMARK OFF)
if(PAGEWAIT_BACKEND STREQUAL "native")
  find_package(benchmark QUIET)
  if(benchmark_FOUND AND TARGET benchmark::benchmark)
    set(PAGEWAIT_HAVE_BENCHMARK ON)
    message(STATUS "pagewait: Google Benchmark from the system (${benchmark_DIR})")
  endif()
endif()
