# The fault-injection test (tests/unit/test_faults.c) links a test-only
# library of hooks: SQLite's allocator and default VFS wrapped to fail the
# n-th call, and, through the linker's --wrap, a clock that stands still
# and random bytes that repeat (so two runs of an operation write the same
# rows).
#
# Its loops make some 23,000 runs in all; one ctest entry per operation
# and kind of fault lets `ctest -j` spread them: unit/test_faults (the
# import's allocations) and unit/test_faults_<operation>_<malloc|io>.
add_library(vigil_fault_hooks STATIC ${CMAKE_CURRENT_LIST_DIR}/fault_hooks.c)
target_link_libraries(vigil_fault_hooks PUBLIC PkgConfig::VDEPS)
if(TARGET test_faults)
  target_link_libraries(test_faults PRIVATE vigil_fault_hooks
    "-Wl,--wrap=time" "-Wl,--wrap=randombytes_buf")
  set_tests_properties(unit/test_faults PROPERTIES TIMEOUT 600
    ENVIRONMENT "${VIGIL_TEST_ENV};VIGIL_FAULT_FILTER=test_import_malloc")
  foreach(op import create update delete accept merge backup verify queue export)
    foreach(kind malloc io)
      if(NOT "${op}_${kind}" STREQUAL "import_malloc")
        add_test(NAME unit/test_faults_${op}_${kind} COMMAND test_faults
                 WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
        set_tests_properties(unit/test_faults_${op}_${kind} PROPERTIES
          TIMEOUT 600
          ENVIRONMENT "${VIGIL_TEST_ENV};VIGIL_FAULT_FILTER=test_${op}_${kind}")
      endif()
    endforeach()
  endforeach()
endif()
