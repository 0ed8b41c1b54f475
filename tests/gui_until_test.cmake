# `ringsim run --until T` executes the same events as `ringsim-gui --until T`: both print the
# same trace hash, for a T before a timeline action (node_failure crashes a node at 40 s, so
# --set /duration_s=T could not be used there).
#
# Variables: GUI, RINGSIM, XVFB_RUN, SCENARIO, UNTIL_S, OUT_DIR.
file(MAKE_DIRECTORY ${OUT_DIR})
execute_process(COMMAND ${RINGSIM} run ${SCENARIO} --until ${UNTIL_S} --no-expect
                RESULT_VARIABLE run_result OUTPUT_VARIABLE run_out ERROR_VARIABLE run_err)
if(NOT run_result EQUAL 0)
  message(FATAL_ERROR "ringsim run --until failed (exit ${run_result}): ${run_err}")
endif()
string(REGEX MATCH "trace hash ([0-9a-f]+)" _ "${run_out}")
set(run_hash ${CMAKE_MATCH_1})
execute_process(COMMAND ${CMAKE_COMMAND} -E env "ASAN_OPTIONS=$ENV{ASAN_OPTIONS}:detect_leaks=0"
                        ${XVFB_RUN} -a -s "-screen 0 1600x1000x24"
                        ${GUI} ${SCENARIO} --until ${UNTIL_S}s --ui-scale 1 --screenshot ${OUT_DIR}/until.png
                RESULT_VARIABLE gui_result OUTPUT_VARIABLE gui_out ERROR_VARIABLE gui_err)
if(NOT gui_result EQUAL 0)
  message(FATAL_ERROR "ringsim-gui --screenshot failed (exit ${gui_result}):\n${gui_out}\n${gui_err}")
endif()
string(REGEX MATCH "trace hash ([0-9a-f]+)" _ "${gui_out}")
set(gui_hash ${CMAKE_MATCH_1})
if(run_hash STREQUAL "" OR NOT gui_hash STREQUAL run_hash)
  message(FATAL_ERROR "trace hash differs: ringsim-gui --until ${gui_hash}, ringsim run --until ${run_hash}")
endif()
message(STATUS "trace hash ${gui_hash} (ringsim run --until == ringsim-gui --until)")
