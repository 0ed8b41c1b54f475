# Runs one shipped scenario with --out and --report, then checks the report holds the
# plots the scenario must show, each non-empty, and that the page is self-contained
# (ringsim-report-check). Also rebuilds the report from the run directory with
# `ringsim report` and checks the two pages are identical but for the run's source line.
# Exit code 1 (an expectation failed) still writes the report, so it is accepted.
execute_process(COMMAND ${RINGSIM} run ${SCENARIO} -q --threads 1 --out ${OUT_DIR} --report ${OUT_DIR}/report.html
                RESULT_VARIABLE result ERROR_VARIABLE err)
if(NOT (result EQUAL 0 OR result EQUAL 1))
  message(FATAL_ERROR "ringsim run ${SCENARIO} failed (exit ${result}): ${err}")
endif()
separate_arguments(plots UNIX_COMMAND "${PLOTS}")
execute_process(COMMAND ${CHECK} ${OUT_DIR}/report.html ${plots} RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${OUT_DIR}/report.html: ${err}")
endif()
message(STATUS "${out}")
execute_process(COMMAND ${RINGSIM} report ${OUT_DIR} --out ${OUT_DIR}/report_from_dir.html
                RESULT_VARIABLE result ERROR_VARIABLE err)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "ringsim report ${OUT_DIR} failed (exit ${result}): ${err}")
endif()
execute_process(COMMAND ${CHECK} ${OUT_DIR}/report_from_dir.html ${plots} RESULT_VARIABLE result ERROR_VARIABLE err)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "${OUT_DIR}/report_from_dir.html: ${err}")
endif()
file(SIZE ${OUT_DIR}/report.html size)
if(size GREATER 4000000)
  message(FATAL_ERROR "${OUT_DIR}/report.html is ${size} bytes: over the 4 MB budget")
endif()

# Comparison (placement_compare): the same scenario with --set, then both runs in one page,
# whose columns are labelled by the value that differs.
if(COMPARE_SET)
  execute_process(COMMAND ${RINGSIM} run ${SCENARIO} -q --out ${OUT_DIR}-other --set ${COMPARE_SET}
                  RESULT_VARIABLE result ERROR_VARIABLE err)
  if(NOT (result EQUAL 0 OR result EQUAL 1))
    message(FATAL_ERROR "ringsim run ${SCENARIO} --set ${COMPARE_SET} failed (exit ${result}): ${err}")
  endif()
  execute_process(COMMAND ${RINGSIM} report ${OUT_DIR} ${OUT_DIR}-other --out ${OUT_DIR}/compare.html
                  RESULT_VARIABLE result ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "ringsim report (comparison) failed (exit ${result}): ${err}")
  endif()
  execute_process(COMMAND ${CHECK} ${OUT_DIR}/compare.html latency-get keys-moved ring-1-0-moved requests-per-node
                  RESULT_VARIABLE result ERROR_VARIABLE err)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "${OUT_DIR}/compare.html: ${err}")
  endif()
  file(READ ${OUT_DIR}/compare.html page)
  foreach(label IN LISTS COMPARE_LABELS)
    string(FIND "${page}" "${label}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${OUT_DIR}/compare.html does not label a run ${label}")
    endif()
  endforeach()
endif()
