# ringsim-gui end to end under Xvfb: renders SCENARIO at its end (duration UNTIL_S) into a
# PNG, checks the GUI's trace hash equals `ringsim run` of the same scenario and duration
# (the GUI only reads the run), then checks the picture with ringsim-gui-check.
#
# Variables: GUI, RINGSIM, CHECK, XVFB_RUN, SCENARIO, UNTIL_S, NODES (0 = station scenario),
# OUT_DIR, and optionally EXTRA_CHECKS (more ringsim-gui-check flags, e.g. --critical-path).
file(MAKE_DIRECTORY ${OUT_DIR})
get_filename_component(name ${SCENARIO} NAME_WE)
set(png ${OUT_DIR}/${name}.png)
set(layout_json ${OUT_DIR}/${name}.layout.json)
file(REMOVE ${png} ${layout_json})

execute_process(COMMAND ${RINGSIM} run ${SCENARIO} --set /duration_s=${UNTIL_S}
                RESULT_VARIABLE headless_result OUTPUT_VARIABLE headless_out ERROR_VARIABLE headless_err)
# 1 means an expectation failed on the shortened run; the hash is still printed.
if(NOT headless_result EQUAL 0 AND NOT headless_result EQUAL 1)
  message(FATAL_ERROR "ringsim run failed (exit ${headless_result}): ${headless_err}")
endif()
string(REGEX MATCH "trace hash ([0-9a-f]+)" _ "${headless_out}")
set(headless_hash ${CMAKE_MATCH_1})

# Under AddressSanitizer the system's GL, X11 and font libraries report leaks of their own
# at exit; they are not ringsim's, so leak detection is off for the GUI process.
execute_process(COMMAND ${CMAKE_COMMAND} -E env "ASAN_OPTIONS=$ENV{ASAN_OPTIONS}:detect_leaks=0"
                        ${XVFB_RUN} -a -s "-screen 0 1600x1000x24"
                        ${GUI} ${SCENARIO} --set /duration_s=${UNTIL_S} --until ${UNTIL_S}s
                        --ui-scale 1 --screenshot ${png} --layout-json ${layout_json}
                RESULT_VARIABLE gui_result OUTPUT_VARIABLE gui_out ERROR_VARIABLE gui_err)
if(NOT gui_result EQUAL 0)
  message(FATAL_ERROR "ringsim-gui --screenshot failed (exit ${gui_result}):\n${gui_out}\n${gui_err}")
endif()
string(REGEX MATCH "trace hash ([0-9a-f]+)" _ "${gui_out}")
set(gui_hash ${CMAKE_MATCH_1})
if(NOT gui_hash MATCHES "^[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]$")
  message(FATAL_ERROR "ringsim-gui printed no 16-digit trace hash:\n${gui_out}")
endif()
if(NOT gui_hash STREQUAL headless_hash)
  message(FATAL_ERROR "trace hash differs: GUI ${gui_hash}, headless ${headless_hash}")
endif()
message(STATUS "trace hash ${gui_hash} (GUI == headless)")
# Nothing the user did not ask for: SFML's "Setting vertical sync not supported" (Mesa under
# Xvfb) is swallowed, and stdout has only the run's position and the file written.
if(gui_err MATCHES "vertical sync")
  message(FATAL_ERROR "ringsim-gui printed SFML's vertical sync message:\n${gui_err}")
endif()
string(REGEX REPLACE "trace hash [0-9a-f]+\nsim time [0-9.]+ s\nevents [0-9]+\nscreenshot [^\n]+\n" "" gui_rest "${gui_out}")
if(NOT gui_rest STREQUAL "")
  message(FATAL_ERROR "ringsim-gui printed more than asked for on stdout:\n${gui_rest}")
endif()

if(NODES EQUAL 0)
  set(check_args --station)
else()
  set(check_args --nodes ${NODES})
endif()
# The layout dump says whether the DAG panel got room for a graph (and the scale); the
# checker also fails on overlapping or cut text and plots under the minimum height.
list(APPEND check_args --layout-json ${layout_json})
if(EXTRA_CHECKS)
  list(APPEND check_args ${EXTRA_CHECKS})
endif()
execute_process(COMMAND ${CHECK} ${png} ${check_args} --ui-scale 1
                RESULT_VARIABLE check_result OUTPUT_VARIABLE check_out ERROR_VARIABLE check_err)
message(STATUS "${check_out}")
if(NOT check_result EQUAL 0)
  message(FATAL_ERROR "screenshot check failed for ${png}:\n${check_out}${check_err}")
endif()
