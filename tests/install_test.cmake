# Installs into a scratch prefix and checks the example with the installed swb, from a
# directory outside the source tree, so only the installed standard library can serve.
set(stage ${BUILD_DIR}/install-test)
file(REMOVE_RECURSE ${stage})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${stage}
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed")
endif()
foreach(f bin/swb share/swb/stdlib/std/permissions.swb)
  if(NOT EXISTS ${stage}/${f})
    message(FATAL_ERROR "install is missing ${f}")
  endif()
endforeach()
file(COPY ${SOURCE_DIR}/examples/jungle DESTINATION ${stage}/work)
execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=SWB_STDLIB ${stage}/bin/swb check jungle
                WORKING_DIRECTORY ${stage}/work RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "installed swb failed on the example (${rc}):\n${out}${err}")
endif()
file(REMOVE_RECURSE ${stage})
