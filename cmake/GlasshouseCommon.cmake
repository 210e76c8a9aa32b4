# Helpers shared by every directory of both configurations.

# Warnings are errors everywhere.
function(glasshouse_warnings target)
  target_compile_options(${target} PRIVATE
    $<$<COMPILE_LANGUAGE:CXX,C>:-Wall -Wextra -Werror -Wimplicit-fallthrough -Wshadow>)
endfunction()

# A library of freestanding code (no heap, no libc, no exceptions): built for riscv64
# in the cross configuration and for the host in the host configuration, where the
# unit tests link it.
#   glasshouse_dual_library(name SOURCES a.cpp b.cpp INCLUDE dir)
function(glasshouse_dual_library name)
  cmake_parse_arguments(ARG "" "INCLUDE" "SOURCES;DEPENDS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${ARG_INCLUDE})
  target_compile_features(${name} PUBLIC cxx_std_20)
  if(ARG_DEPENDS)
    target_link_libraries(${name} PUBLIC ${ARG_DEPENDS})
  endif()
  if(NOT GLASSHOUSE_CROSS)
    # The host copy is compiled as freestanding too, so that host tests exercise
    # exactly the code that runs in the hypervisor.
    target_compile_options(${name} PRIVATE -fno-exceptions -fno-rtti)
  endif()
  glasshouse_warnings(${name})
endfunction()

# A host unit test binary (GoogleTest), registered with CTest.
#   glasshouse_unit_test(name SOURCES t.cpp LIBS lib...)
function(glasshouse_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest_main Threads::Threads)
  glasshouse_warnings(${name})
  include(GoogleTest)
  gtest_discover_tests(${name} TEST_PREFIX "${name}." DISCOVERY_TIMEOUT 30 PROPERTIES LABELS unit)
endfunction()
