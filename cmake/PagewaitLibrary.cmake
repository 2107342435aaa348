# pagewait_cc_library(): one library per layer, in the manner of Abseil's absl_cc_library.
#
#   pagewait_cc_library(
#     NAME <name>                  target pagewait_<name>, used as pagewait::<name>
#     [SRCS <file>...]             none: an INTERFACE library (headers only)
#     [INCLUDES <dir>...]          include roots of the layer, for it and its users
#     [PRIVATE_INCLUDES <dir>...]  include folders of its own sources only (needs SRCS)
#     [DEFINES <def>...]           compile definitions for it and its users
#     [DEPS <target>...]           what it needs; its users get it too
#   )
#
# A user links the layers it needs (target_link_libraries(x PRIVATE pagewait::engine))
# and adds neither include folders nor definitions of its own: each is said once, by the
# layer it belongs to, and reaches everyone who depends on that layer. A library with
# sources gets the project's warnings (pagewait_warnings); a header-only one leaves
# warnings to the targets that compile its headers.
include_guard(GLOBAL)

function(pagewait_cc_library)
  cmake_parse_arguments(L "" "NAME" "SRCS;INCLUDES;PRIVATE_INCLUDES;DEFINES;DEPS" ${ARGN})
  if(NOT L_NAME)
    message(FATAL_ERROR "pagewait_cc_library: NAME is required")
  endif()
  if(L_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "pagewait_cc_library(${L_NAME}): unknown arguments ${L_UNPARSED_ARGUMENTS}")
  endif()
  set(target pagewait_${L_NAME})
  if(L_SRCS)
    add_library(${target} STATIC ${L_SRCS})
    set(scope PUBLIC)
    if(L_PRIVATE_INCLUDES)
      target_include_directories(${target} PRIVATE ${L_PRIVATE_INCLUDES})
    endif()
    pagewait_warnings(${target})
  else()
    if(L_PRIVATE_INCLUDES)
      message(FATAL_ERROR "pagewait_cc_library(${L_NAME}): PRIVATE_INCLUDES needs SRCS")
    endif()
    add_library(${target} INTERFACE)
    set(scope INTERFACE)
  endif()
  foreach(dir ${L_INCLUDES})
    target_include_directories(${target} ${scope} "$<BUILD_INTERFACE:${dir}>")
  endforeach()
  if(L_DEFINES)
    target_compile_definitions(${target} ${scope} ${L_DEFINES})
  endif()
  if(L_DEPS)
    target_link_libraries(${target} ${scope} ${L_DEPS})
  endif()
  target_compile_features(${target} ${scope} cxx_std_20)
  add_library(pagewait::${L_NAME} ALIAS ${target})
endfunction()
