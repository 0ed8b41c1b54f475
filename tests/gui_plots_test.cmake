# Charts a scenario is about must be on screen by default (issue #25: the autoscaler's
# desired-vs-up nodes and cpu-vs-target charts were hidden at 1280x720 and 1920x1080 for
# want of room). Each scenario at UNTIL_S and each size: ringsim-gui --screenshot with
# --layout-json, then ringsim-gui-check --want-plot for every plot in PLOTS (none: only the
# layout checks, e.g. gui.node_rows_720 with RINGSIM_LAYOUT_TARGETS=1 for the node rows).
#
# Variables: GUI, CHECK, XVFB_RUN, SCENARIOS (paths), UNTIL_S, SIZES, PLOTS (each comma-separated), OUT_DIR.
file(MAKE_DIRECTORY ${OUT_DIR})
foreach(list IN ITEMS SCENARIOS SIZES PLOTS)
  string(REPLACE "," ";" ${list} "${${list}}")
endforeach()
set(want "")
foreach(plot IN LISTS PLOTS)
  list(APPEND want --want-plot ${plot})
endforeach()
set(failures "")
foreach(scenario IN LISTS SCENARIOS)
  get_filename_component(name ${scenario} NAME_WE)
  foreach(size IN LISTS SIZES)
    set(base ${OUT_DIR}/${name}_${size})
    file(REMOVE ${base}.png ${base}.json)
    execute_process(COMMAND ${CMAKE_COMMAND} -E env "ASAN_OPTIONS=$ENV{ASAN_OPTIONS}:detect_leaks=0"
                            ${XVFB_RUN} -a -s "-screen 0 1920x1080x24"
                            ${GUI} ${scenario} --until ${UNTIL_S}s --size ${size}
                            --screenshot ${base}.png --layout-json ${base}.json
                    RESULT_VARIABLE gui_result OUTPUT_VARIABLE gui_out ERROR_VARIABLE gui_err)
    if(NOT gui_result EQUAL 0)
      message(FATAL_ERROR "ringsim-gui failed on ${name} at ${size} (exit ${gui_result}):\n${gui_out}\n${gui_err}")
    endif()
    execute_process(COMMAND ${CHECK} ${base}.png --nodes 2 --layout-json ${base}.json ${want}
                    RESULT_VARIABLE check_result OUTPUT_VARIABLE check_out ERROR_VARIABLE check_err)
    message(STATUS "${name}, ${size}:\n${check_out}")
    if(NOT check_result EQUAL 0)
      string(APPEND failures "${base}.png:\n${check_out}${check_err}\n")
    endif()
  endforeach()
endforeach()
if(NOT failures STREQUAL "")
  message(FATAL_ERROR "wanted plots missing:\n${failures}")
endif()
