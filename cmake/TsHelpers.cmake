# Shared CMake helpers.
include(GoogleTest)

# ts_add_gtest(NAME SOURCES... LIBS... LABEL unit|model|gpu)
# Each test case becomes its own ctest entry. Tests that call GTEST_SKIP() (model absent,
# no CUDA) are reported by ctest as skipped, not passed.
function(ts_add_gtest name)
  cmake_parse_arguments(ARG "" "LABEL;PCH_FROM" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  if(ARG_PCH_FROM)
    # Engine tests parse torch's headers too: share the engine's precompiled header (if gcc
    # finds it incompatible it silently falls back to the plain header).
    set_target_properties(${name} PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF)
    target_precompile_headers(${name} REUSE_FROM ${ARG_PCH_FROM})
  endif()
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gtest_main)
  target_compile_options(${name} PRIVATE ${TS_WARNINGS})
  target_compile_definitions(${name} PRIVATE
    TS_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data"
    TS_SHARED_FIXTURES_DIR="${TS_SHARED_FIXTURES_DIR}"
    TS_BUILD_DIR="${PROJECT_BINARY_DIR}")
  gtest_discover_tests(${name}
    DISCOVERY_MODE PRE_TEST
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS ${ARG_LABEL} SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]"
               ENVIRONMENT "TS_SPM_BRIDGE=$<TARGET_FILE:ts_spm_bridge>")
endfunction()

# One gtest executable per source file found in DIR (glob), all with LABEL.
function(ts_add_gtest_dir dir label)
  cmake_parse_arguments(ARG "" "PCH_FROM" "LIBS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${dir}/*.cpp)
  foreach(src ${srcs})
    get_filename_component(stem ${src} NAME_WE)
    ts_add_gtest(${stem} SOURCES ${src} LIBS ${ARG_LIBS} LABEL ${label} PCH_FROM ${ARG_PCH_FROM})
  endforeach()
endfunction()

# ts_find_library(NAME HEADER LIB [DEFINES ...]) -> imported target ts::NAME
function(ts_find_library name header lib)
  cmake_parse_arguments(ARG "" "" "DEFINES" ${ARGN})
  find_path(${name}_INCLUDE_DIR ${header} REQUIRED)
  find_library(${name}_LIBRARY NAMES ${lib} REQUIRED)
  add_library(ts::${name} UNKNOWN IMPORTED GLOBAL)
  set_target_properties(ts::${name} PROPERTIES IMPORTED_LOCATION ${${name}_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${${name}_INCLUDE_DIR}
    INTERFACE_COMPILE_DEFINITIONS "${ARG_DEFINES}")
  message(STATUS "${name}: ${${name}_LIBRARY}")
endfunction()
