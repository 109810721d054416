# The style check CI runs: every C++ source is as clang-format (.clang-format) writes it.
file(GLOB_RECURSE sources
  ${SOURCE_DIR}/compiler/*.cpp ${SOURCE_DIR}/compiler/*.h
  ${SOURCE_DIR}/ir/*.h ${SOURCE_DIR}/backends/*.cpp ${SOURCE_DIR}/backends/*.h
  ${SOURCE_DIR}/tools/*.cpp ${SOURCE_DIR}/tests/*.cpp ${SOURCE_DIR}/tests/*.h
  ${SOURCE_DIR}/bench/*.cpp ${SOURCE_DIR}/fuzz/*.cpp)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${sources}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "not formatted (run clang-format -i on these files):\n${err}")
endif()
