# Installs into a scratch prefix and checks the example with the installed swb, from a
# directory outside the source tree, so only the installed standard library can serve; then
# the man page, the bash completion and the version the installed swb reports.
set(stage ${BUILD_DIR}/install-test)
file(REMOVE_RECURSE ${stage})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${stage}
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed")
endif()
foreach(f bin/swb share/swb/stdlib/std/permissions.swb share/man/man1/swb.1
          share/bash-completion/completions/swb)
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

# The man page documents every command `swb help` lists (it is generated from the same text).
file(READ ${stage}/share/man/man1/swb.1 man)
if(NOT man MATCHES "\n\\.TH SWB 1 ")
  message(FATAL_ERROR "share/man/man1/swb.1 has no `.TH SWB 1` header")
endif()
execute_process(COMMAND ${stage}/bin/swb help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
string(REGEX MATCH "Subcommands:\n.*" commands "${help}")
string(REGEX MATCHALL "\n  [a-z]+" commands "${commands}")
if(NOT rc EQUAL 0 OR NOT commands)
  message(FATAL_ERROR "swb help lists no commands (${rc}):\n${help}")
endif()
foreach(c ${commands})
  string(STRIP "${c}" c)
  if(NOT man MATCHES "\n\\.SS \"swb ${c}[ \"]")
    message(FATAL_ERROR "the man page has no section for `swb ${c}`")
  endif()
endforeach()

file(READ ${stage}/share/bash-completion/completions/swb completion)
if(NOT completion MATCHES "\ncomplete -F _swb swb\n")
  message(FATAL_ERROR "the installed bash completion does not register itself for swb")
endif()

# --version names the release and, from a git checkout, the commit it was built from; the
# man page carries the same version.
execute_process(COMMAND ${stage}/bin/swb --version OUTPUT_VARIABLE version
                OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT version MATCHES "^swb [0-9]+\\.[0-9]+\\.[0-9]+( \\(.+\\))?$")
  message(FATAL_ERROR "swb --version says '${version}'")
endif()
execute_process(COMMAND git describe --tags --always WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE describe OUTPUT_STRIP_TRAILING_WHITESPACE
                RESULT_VARIABLE rc ERROR_QUIET)
if(rc EQUAL 0)
  string(REGEX REPLACE "^swb [^ ]+ \\((.*)\\)$" "\\1" built "${version}")
  string(REGEX REPLACE "-dirty$" "" built "${built}")
  if(NOT built STREQUAL describe)
    message(FATAL_ERROR "swb --version says '${version}' but the checkout is at ${describe}")
  endif()
endif()
string(REGEX REPLACE "^swb " "" version_number "${version}")
string(REPLACE "-" "\\-" version_roff "${version_number}")
string(FIND "${man}" "\"swb ${version_roff}\"" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the man page does not carry the version '${version}'")
endif()
file(REMOVE_RECURSE ${stage})
