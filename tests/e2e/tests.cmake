# Browser tests: tests/e2e/test_*.js, run by node against Debian's Chromium
# (scripts/test-setup.d/e2e.sh installs both). Registered as e2e/<name>;
# each skips itself (exit 77) when node_modules or Chromium is missing.
find_program(VIGIL_NODE NAMES node nodejs)
file(GLOB VIGIL_E2E_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/test_*.js)
foreach(src ${VIGIL_E2E_TESTS})
  get_filename_component(name ${src} NAME_WE)
  if(VIGIL_NODE)
    add_test(NAME e2e/${name} COMMAND ${VIGIL_NODE} ${src}
             WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  else()
    add_test(NAME e2e/${name}
             COMMAND sh -c "echo 'SKIP: node is not installed'; exit 77")
  endif()
  set_tests_properties(e2e/${name} PROPERTIES ENVIRONMENT "${VIGIL_TEST_ENV}"
                       TIMEOUT 300 SKIP_RETURN_CODE 77 LABELS e2e)
endforeach()
