# kompas_library(NAME SOURCES ... DEPS ...): a static library of our own code,
# compiled with our warning flags, with the repository's server/ folder on the
# include path so includes read "store/store.h", "domain/case_service.h".
function(kompas_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/server)
  target_compile_options(${name} PRIVATE ${KOMPAS_WARNINGS})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# kompas_test(NAME SOURCES ... DEPS ...): one GoogleTest binary, registered with
# CTest through gtest_discover_tests so each TEST shows up on its own.
include(GoogleTest)
function(kompas_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/server ${PROJECT_SOURCE_DIR})
  target_compile_options(${name} PRIVATE ${KOMPAS_WARNINGS})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300)
endfunction()
