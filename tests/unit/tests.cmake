# The fault-injection test (tests/unit/test_faults.c) links a test-only
# library of hooks: SQLite's allocator and default VFS wrapped to fail the
# n-th call, and, through the linker's --wrap, a clock that stands still
# and random bytes that repeat (so two runs of an operation write the same
# rows). The loop is registered with the other unit tests; here it only
# gains the library.
add_library(vigil_fault_hooks STATIC ${CMAKE_CURRENT_LIST_DIR}/fault_hooks.c)
target_link_libraries(vigil_fault_hooks PUBLIC PkgConfig::VDEPS)
if(TARGET test_faults)
  target_link_libraries(test_faults PRIVATE vigil_fault_hooks
    "-Wl,--wrap=time" "-Wl,--wrap=randombytes_buf")
  set_tests_properties(unit/test_faults PROPERTIES TIMEOUT 600)
endif()
