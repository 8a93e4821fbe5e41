# The fault-injection test (tests/unit/test_faults.c) links a test-only
# library of hooks: SQLite's allocator and default VFS wrapped to fail the
# n-th call, and, through the linker's --wrap, a clock that stands still
# and random bytes that repeat (so two runs of an operation write the same
# rows).
#
# Its loops make some 18,000 runs in all; one ctest entry per operation
# lets `ctest -j` spread them: unit/test_faults (the import) and
# unit/test_faults_<operation>.
add_library(vigil_fault_hooks STATIC ${CMAKE_CURRENT_LIST_DIR}/fault_hooks.c)
target_link_libraries(vigil_fault_hooks PUBLIC PkgConfig::VDEPS)
if(TARGET test_faults)
  target_link_libraries(test_faults PRIVATE vigil_fault_hooks
    "-Wl,--wrap=time" "-Wl,--wrap=randombytes_buf")
  set_tests_properties(unit/test_faults PROPERTIES
    ENVIRONMENT "${VIGIL_TEST_ENV};VIGIL_FAULT_FILTER=test_import_*")
  foreach(op create update delete accept merge backup verify queue export)
    add_test(NAME unit/test_faults_${op} COMMAND test_faults
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(unit/test_faults_${op} PROPERTIES TIMEOUT 300
      ENVIRONMENT "${VIGIL_TEST_ENV};VIGIL_FAULT_FILTER=test_${op}_*")
  endforeach()
endif()
