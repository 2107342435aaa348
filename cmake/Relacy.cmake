# Relacy backend setup (included only when PAGEWAIT_BACKEND=relacy).
#
#  1. Refuses any compiler but GCC (clang 14 cannot build Relacy at C++20).
#  2. Strips every -fsanitize* flag: Relacy runs threads as fibers on one OS thread, so
#     TSan is useless and ASan reports false alloc-dealloc mismatches.
#  3. Finds the (header-only) Relacy headers, in this order:
#       a. RELACY_ROOT (cache variable or environment): a directory containing relacy/relacy.hpp;
#          given but wrong is an error, never silently ignored;
#       b. find_path() on the default include path (e.g. /usr/local/include);
#       c. FetchContent of dvyukov/relacy at the pinned commit (populate only, no
#          add_subdirectory), attempted only if the repository answers `git ls-remote`
#          within 10 s, or FETCHCONTENT_SOURCE_DIR_RELACY names a local checkout.
#  4. Defines the INTERFACE target relacy_headers (SYSTEM include: Relacy's own headers
#     are not -Wall -Wextra clean) and sets PAGEWAIT_RELACY_INCLUDE_DIR.
include_guard(GLOBAL)

set(PAGEWAIT_RELACY_URL "https://github.com/dvyukov/relacy")
# The pin lives in cmake/relacy.pin, which CI, the nightly workflow and the Kubernetes
# manifest read too.
file(STRINGS "${CMAKE_CURRENT_LIST_DIR}/relacy.pin" PAGEWAIT_RELACY_COMMIT LIMIT_COUNT 1)

# --- 1. compiler -----------------------------------------------------------
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  message(FATAL_ERROR "The relacy backend must be built with GCC because Relacy does not compile at C++20 with ${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}, so configure it with -DCMAKE_CXX_COMPILER=g++ in a fresh build directory.")
endif()

# --- 2. no sanitizers ------------------------------------------------------
# A macro, so that it rewrites the caller's variables; call it again in a subdirectory
# if that directory adds flags of its own.
macro(pagewait_strip_sanitizer_flags)
  get_cmake_property(_pw_cache_vars CACHE_VARIABLES)
  set(_pw_flag_vars CMAKE_CXX_FLAGS CMAKE_C_FLAGS CMAKE_EXE_LINKER_FLAGS
      CMAKE_SHARED_LINKER_FLAGS CMAKE_MODULE_LINKER_FLAGS)
  foreach(_pw_cfg DEBUG RELEASE RELWITHDEBINFO MINSIZEREL)
    list(APPEND _pw_flag_vars CMAKE_CXX_FLAGS_${_pw_cfg} CMAKE_C_FLAGS_${_pw_cfg}
         CMAKE_EXE_LINKER_FLAGS_${_pw_cfg} CMAKE_SHARED_LINKER_FLAGS_${_pw_cfg})
  endforeach()
  foreach(_pw_var IN LISTS _pw_flag_vars)
    if(DEFINED ${_pw_var} AND "${${_pw_var}}" MATCHES "-f(no-)?sanitize")
      string(REGEX REPLACE "(^| )-f(no-)?sanitize[^ ]*" "" _pw_new "${${_pw_var}}")
      message(STATUS "pagewait: relacy backend: removed sanitizer flags from ${_pw_var}")
      set(${_pw_var} "${_pw_new}")
    endif()
  endforeach()
  foreach(_pw_prop COMPILE_OPTIONS LINK_OPTIONS)
    get_directory_property(_pw_opts ${_pw_prop})
    if(_pw_opts)
      list(FILTER _pw_opts EXCLUDE REGEX "^-f(no-)?sanitize")
      set_directory_properties(PROPERTIES ${_pw_prop} "${_pw_opts}")
    endif()
  endforeach()
endmacro()

if(DEFINED PAGEWAIT_SANITIZER AND NOT PAGEWAIT_SANITIZER STREQUAL "none")
  message(WARNING "pagewait: PAGEWAIT_SANITIZER=${PAGEWAIT_SANITIZER} is ignored in the relacy backend (Relacy runs fibers on one thread; sanitizers only slow it down or report false errors).")
endif()
pagewait_strip_sanitizer_flags()

# --- 3. find the headers -----------------------------------------------------
set(RELACY_ROOT "" CACHE PATH "Directory containing relacy/relacy.hpp (skips the search and FetchContent)")
set(_pw_relacy_root "${RELACY_ROOT}")
set(_pw_relacy_root_origin "-DRELACY_ROOT")
if(_pw_relacy_root STREQUAL "" AND NOT "$ENV{RELACY_ROOT}" STREQUAL "")
  set(_pw_relacy_root "$ENV{RELACY_ROOT}")
  set(_pw_relacy_root_origin "the environment variable RELACY_ROOT")
endif()

unset(PAGEWAIT_RELACY_INCLUDE_DIR)
if(NOT _pw_relacy_root STREQUAL "")
  # (a) explicit location: must be right.
  get_filename_component(_pw_relacy_root "${_pw_relacy_root}" ABSOLUTE)
  if(NOT EXISTS "${_pw_relacy_root}/relacy/relacy.hpp")
    message(FATAL_ERROR "Relacy not found: ${_pw_relacy_root_origin} is '${_pw_relacy_root}', which has no relacy/relacy.hpp, so point it at the directory that contains relacy/ (not relacy/ itself) or unset it to search the include path and fall back to FetchContent of dvyukov/relacy@${PAGEWAIT_RELACY_COMMIT}.")
  endif()
  set(PAGEWAIT_RELACY_INCLUDE_DIR "${_pw_relacy_root}")
  message(STATUS "pagewait: Relacy from ${_pw_relacy_root_origin}: ${PAGEWAIT_RELACY_INCLUDE_DIR}")
else()
  # (b) default include path.
  find_path(RELACY_INCLUDE_DIR relacy/relacy.hpp DOC "Directory containing relacy/relacy.hpp")
  if(RELACY_INCLUDE_DIR)
    set(PAGEWAIT_RELACY_INCLUDE_DIR "${RELACY_INCLUDE_DIR}")
    message(STATUS "pagewait: Relacy found on the include path: ${PAGEWAIT_RELACY_INCLUDE_DIR}")
  else()
    # (c) FetchContent, only when it cannot hang or fail hard.
    include(FetchContent)
    set(_pw_can_fetch FALSE)
    if(FETCHCONTENT_SOURCE_DIR_RELACY)
      set(_pw_can_fetch TRUE)
    elseif(EXISTS "${FETCHCONTENT_BASE_DIR}/relacy-src/.git")
      set(_pw_can_fetch TRUE) # cloned by an earlier configure; the pinned commit checks out offline
    elseif(NOT FETCHCONTENT_FULLY_DISCONNECTED)
      find_package(Git QUIET)
      find_program(PAGEWAIT_TIMEOUT_EXECUTABLE timeout)
      if(GIT_EXECUTABLE)
        message(STATUS "pagewait: Relacy not installed; checking that ${PAGEWAIT_RELACY_URL} is reachable (10 s timeout)")
        set(_pw_cmd "${GIT_EXECUTABLE}" ls-remote --exit-code "${PAGEWAIT_RELACY_URL}" HEAD)
        if(PAGEWAIT_TIMEOUT_EXECUTABLE)
          set(_pw_cmd "${PAGEWAIT_TIMEOUT_EXECUTABLE}" -k 2 10 ${_pw_cmd})
        endif()
        execute_process(
          COMMAND "${CMAKE_COMMAND}" -E env GIT_TERMINAL_PROMPT=0 GIT_ASKPASS=echo ${_pw_cmd}
          TIMEOUT 15 RESULT_VARIABLE _pw_rv OUTPUT_QUIET ERROR_QUIET)
        if(_pw_rv STREQUAL "0")
          set(_pw_can_fetch TRUE)
        else()
          message(STATUS "pagewait: ${PAGEWAIT_RELACY_URL} is not reachable (${_pw_rv}); skipping FetchContent")
        endif()
      endif()
    endif()
    if(_pw_can_fetch)
      FetchContent_Declare(relacy
        GIT_REPOSITORY "${PAGEWAIT_RELACY_URL}"
        GIT_TAG        "${PAGEWAIT_RELACY_COMMIT}")
      FetchContent_GetProperties(relacy)
      if(NOT relacy_POPULATED)
        FetchContent_Populate(relacy) # headers only: never add_subdirectory
      endif()
      if(EXISTS "${relacy_SOURCE_DIR}/relacy/relacy.hpp")
        set(PAGEWAIT_RELACY_INCLUDE_DIR "${relacy_SOURCE_DIR}")
        message(STATUS "pagewait: Relacy via FetchContent (${PAGEWAIT_RELACY_COMMIT}): ${PAGEWAIT_RELACY_INCLUDE_DIR}")
      endif()
    endif()
  endif()
  if(NOT PAGEWAIT_RELACY_INCLUDE_DIR)
    message(FATAL_ERROR "Relacy not found: install its headers so that relacy/relacy.hpp is on the include path, pass -DRELACY_ROOT=<dir containing relacy/>, or allow network access for FetchContent of dvyukov/relacy@${PAGEWAIT_RELACY_COMMIT}.")
  endif()
endif()

# --- 4. target ---------------------------------------------------------------
if(NOT TARGET relacy_headers)
  add_library(relacy_headers INTERFACE)
  target_include_directories(relacy_headers SYSTEM INTERFACE "${PAGEWAIT_RELACY_INCLUDE_DIR}")
  target_compile_features(relacy_headers INTERFACE cxx_std_20)
endif()
