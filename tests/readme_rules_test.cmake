# The README's rule table is generated from the catalog: fail when it is stale
# (regenerate with tools/update-readme-rules.sh).
execute_process(COMMAND ${SWB} rules --format markdown OUTPUT_VARIABLE table RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "swb rules --format markdown failed")
endif()
file(READ ${SOURCE_DIR}/README.md readme)
string(FIND "${readme}" "<!-- rules:begin -->\n${table}<!-- rules:end -->" found)
if(found EQUAL -1)
  message(FATAL_ERROR "README.md's rule table is stale: run tools/update-readme-rules.sh")
endif()
