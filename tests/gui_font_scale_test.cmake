# Projector font scales (issue #26 item 1): at 1280x720 and 1920x1080, with --font-scale
# 1, 1.25, 1.5 and 2, the layout dump must show no overlapping or cut text (the legend on
# the caption), no truncated table header or cell, enough node rows (or every row that
# matters), and a ring view of a readable size (it shrank to ~40 px at 1.5).
#
# Variables: GUI, CHECK, XVFB_RUN, SCENARIO, UNTIL_S, OUT_DIR.
file(MAKE_DIRECTORY ${OUT_DIR})
get_filename_component(name ${SCENARIO} NAME_WE)
set(failures "")
foreach(size IN ITEMS 1280x720 1920x1080)
  foreach(scale IN ITEMS 1 1.25 1.5 2)
    set(base ${OUT_DIR}/${name}_${size}_font${scale})
    file(REMOVE ${base}.png ${base}.json)
    execute_process(COMMAND ${CMAKE_COMMAND} -E env "ASAN_OPTIONS=$ENV{ASAN_OPTIONS}:detect_leaks=0"
                            ${XVFB_RUN} -a -s "-screen 0 1920x1080x24"
                            ${GUI} ${SCENARIO} --until ${UNTIL_S}s --size ${size} --font-scale ${scale}
                            --screenshot ${base}.png --layout-json ${base}.json
                    RESULT_VARIABLE gui_result OUTPUT_VARIABLE gui_out ERROR_VARIABLE gui_err)
    if(NOT gui_result EQUAL 0)
      message(FATAL_ERROR "ringsim-gui failed at ${size}, font scale ${scale} (exit ${gui_result}):\n${gui_out}\n${gui_err}")
    endif()
    execute_process(COMMAND ${CHECK} ${base}.png --nodes 2 --layout-json ${base}.json
                    RESULT_VARIABLE check_result OUTPUT_VARIABLE check_out ERROR_VARIABLE check_err)
    message(STATUS "${size}, font scale ${scale}:\n${check_out}")
    if(NOT check_result EQUAL 0)
      string(APPEND failures "${base}.png:\n${check_out}${check_err}\n")
    endif()
  endforeach()
endforeach()
if(NOT failures STREQUAL "")
  message(FATAL_ERROR "layout check failed:\n${failures}")
endif()
