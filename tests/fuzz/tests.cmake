# Fuzz harnesses: tests/fuzz/fuzz_<harness>.c, each defining
# LLVMFuzzerTestOneInput, with seed and regression inputs in
# tests/fuzz/corpus/<harness>/.
#
# Every build replays the corpora through a small gcc-built driver
# (tests/fuzz/replay.c) as the ctest tests fuzz/<harness>, so crash
# regressions run under the ordinary and the sanitizer builds. With
# VIGIL_FUZZ=ON and clang, the real libFuzzer binaries fuzz_<harness> are
# built too (scripts/fuzz.sh, `make fuzz`).
#
# A harness is built only once the function it drives is implemented: a
# module whose header exists but whose code has not landed is skipped.

set(VIGIL_FUZZ_DIR ${CMAKE_SOURCE_DIR}/tests/fuzz)

# harness | source file that implements it | the function it needs
set(VIGIL_FUZZ_TARGETS
  "date|src/core/date.c|date_parse"
  "form|src/web/form.c|form_parse_multipart"
  "names|src/names/analyse.c|names_analyse"
  "extract|src/extract/extract.c|extract_text"
  "json_import|src/io/import.c|io_import_file_counted"
  "checkpoint|src/store/audit_checkpoint.c|checkpoint_parse"
  "restore|src/io/restore.c|backup_restore"
  "csv_import|src/io/import_csv.c|import_csv")

function(vigil_fuzz_implemented file func result)
  set(${result} OFF PARENT_SCOPE)
  if(NOT EXISTS ${CMAKE_SOURCE_DIR}/${file})
    return()
  endif()
  file(READ ${CMAKE_SOURCE_DIR}/${file} text)
  string(REGEX MATCH "\n[a-z_]+[ *\n]+${func}\\(" found "${text}")
  if(found)
    set(${result} ON PARENT_SCOPE)
  endif()
endfunction()

if(VIGIL_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "VIGIL_FUZZ needs clang: -DCMAKE_C_COMPILER=clang")
  endif()
  # Coverage for everything the harnesses reach, the library included.
  target_compile_options(vigil_lib PUBLIC -fsanitize=fuzzer-no-link)
  target_link_options(vigil_lib PUBLIC -fsanitize=fuzzer-no-link)
endif()

foreach(entry ${VIGIL_FUZZ_TARGETS})
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 0 harness)
  list(GET parts 1 impl)
  list(GET parts 2 func)
  set(src ${VIGIL_FUZZ_DIR}/fuzz_${harness}.c)
  if(NOT EXISTS ${src})
    continue()
  endif()
  vigil_fuzz_implemented(${impl} ${func} ready)
  if(NOT ready)
    continue()
  endif()
  add_executable(fuzz_replay_${harness} ${VIGIL_FUZZ_DIR}/replay.c ${src})
  target_link_libraries(fuzz_replay_${harness} PRIVATE vigil_lib)
  add_test(NAME fuzz/${harness}
           COMMAND fuzz_replay_${harness} ${VIGIL_FUZZ_DIR}/corpus/${harness})
  set_tests_properties(fuzz/${harness} PROPERTIES
                       ENVIRONMENT "${VIGIL_TEST_ENV}" TIMEOUT 120)
  if(VIGIL_FUZZ)
    add_executable(fuzz_${harness} ${src})
    target_link_libraries(fuzz_${harness} PRIVATE vigil_lib)
    target_compile_options(fuzz_${harness} PRIVATE -fsanitize=fuzzer)
    target_link_options(fuzz_${harness} PRIVATE -fsanitize=fuzzer)
  endif()
endforeach()
