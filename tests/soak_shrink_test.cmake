# ringsim soak --inject-failure partition: the first seed whose timeline holds a partition
# fails, and ddmin must shrink it to exactly that one action (exit 1, "(1 actions)").
execute_process(COMMAND ${RINGSIM} soak --seeds 20 --actions 12 --inject-failure partition
                RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT result EQUAL 1)
  message(FATAL_ERROR "expected exit 1, got ${result}: ${out} ${err}")
endif()
if(NOT out MATCHES "minimal failing timeline \\(1 actions\\)" OR NOT out MATCHES "\"partition\"")
  message(FATAL_ERROR "not shrunk to one partition: ${out}")
endif()
message(STATUS "${out}")
