# ringsim-gui --inject and --save-scenario end to end under Xvfb: the GUI injects two
# faults, saves the scenario as run and renders at its end; `ringsim run` of the saved file
# must print the same trace hash, and the injections must have changed the run.
#
# Variables: GUI, RINGSIM, XVFB_RUN, SCENARIO, OUT_DIR.
file(MAKE_DIRECTORY ${OUT_DIR})
set(saved ${OUT_DIR}/injected.json)
set(png ${OUT_DIR}/injected.png)
file(REMOVE ${saved} ${png})

execute_process(COMMAND ${CMAKE_COMMAND} -E env "ASAN_OPTIONS=$ENV{ASAN_OPTIONS}:detect_leaks=0"
                        ${XVFB_RUN} -a -s "-screen 0 1280x720x24"
                        ${GUI} ${SCENARIO} --set /duration_s=16 --until 16s --size 1280x720 --ui-scale 1
                        --inject "12s fail_node 2" --inject "13.5s slow_node 4 factor=3 duration_s=2"
                        --save-scenario ${saved} --screenshot ${png}
                RESULT_VARIABLE gui_result OUTPUT_VARIABLE gui_out ERROR_VARIABLE gui_err)
if(NOT gui_result EQUAL 0)
  message(FATAL_ERROR "ringsim-gui --inject failed (exit ${gui_result}):\n${gui_out}\n${gui_err}")
endif()
string(REGEX MATCH "trace hash ([0-9a-f]+)" _ "${gui_out}")
set(gui_hash ${CMAKE_MATCH_1})

execute_process(COMMAND ${RINGSIM} run ${saved} RESULT_VARIABLE saved_result OUTPUT_VARIABLE saved_out)
string(REGEX MATCH "trace hash ([0-9a-f]+)" _ "${saved_out}")
set(saved_hash ${CMAKE_MATCH_1})
execute_process(COMMAND ${RINGSIM} run ${SCENARIO} --set /duration_s=16 OUTPUT_VARIABLE plain_out)
string(REGEX MATCH "trace hash ([0-9a-f]+)" _ "${plain_out}")
set(plain_hash ${CMAKE_MATCH_1})

if(gui_hash STREQUAL "" OR NOT gui_hash STREQUAL saved_hash)
  message(FATAL_ERROR "GUI with injections ${gui_hash}, saved scenario run headless ${saved_hash}")
endif()
if(gui_hash STREQUAL plain_hash)
  message(FATAL_ERROR "the injections did not change the run (hash ${plain_hash})")
endif()
file(READ ${saved} saved_text)
if(NOT saved_text MATCHES "\"fail_node\"" OR NOT saved_text MATCHES "\"at_s\": 13.5")
  message(FATAL_ERROR "saved scenario lacks the injected actions:\n${saved_text}")
endif()
message(STATUS "trace hash ${gui_hash}: GUI with --inject == ringsim run of --save-scenario")
