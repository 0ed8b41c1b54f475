# Runs `ringsim validate` on every scenario under scenarios/ (tours included); fails on the
# first error.
file(GLOB_RECURSE scenarios "${SOURCE_DIR}/scenarios/*.json")
list(FILTER scenarios EXCLUDE REGEX "/golden/")
list(LENGTH scenarios count)
if(count EQUAL 0)
  message(FATAL_ERROR "no scenarios found under ${SOURCE_DIR}/scenarios")
endif()
foreach(scenario IN LISTS scenarios)
  execute_process(COMMAND ${RINGSIM} validate ${scenario} RESULT_VARIABLE result
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${scenario} does not validate (exit ${result}): ${err}")
  endif()
  message(STATUS "${out}")
endforeach()
