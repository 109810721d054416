# examples/mistakes doubles as documentation of the error messages: its EXPECTED.txt must be
# exactly what `swb check` prints for it (refresh: cd examples/mistakes &&
# ../../build/swb check --color never . > EXPECTED.txt, then review the diff).
execute_process(COMMAND ${SWB} check --color never .
                WORKING_DIRECTORY ${SOURCE_DIR}/examples/mistakes
                OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 1)
  message(FATAL_ERROR "swb check examples/mistakes exited ${rc}, expected 1")
endif()
file(READ ${SOURCE_DIR}/examples/mistakes/EXPECTED.txt expected)
if(NOT out STREQUAL expected)
  message(FATAL_ERROR "examples/mistakes/EXPECTED.txt is stale; swb now prints:\n${out}")
endif()
