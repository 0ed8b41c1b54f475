# A narrated tour at its key moments, at a projector's 1280x720 and at 1920x1080 (default
# font scale: 1 and 1.2): ringsim-gui --screenshot with --layout-json, then ringsim-gui-check
# holds the picture (ring band, panels with content) and the layout (no overlapping or cut
# text, no plot under its minimum height).
#
# Variables: GUI, CHECK, XVFB_RUN, SCENARIO, TIMES (virtual seconds, comma-separated), OUT_DIR.
file(MAKE_DIRECTORY ${OUT_DIR})
get_filename_component(name ${SCENARIO} NAME_WE)
string(REPLACE "," ";" times "${TIMES}")
foreach(until_s IN LISTS times)
  foreach(size IN ITEMS 1280x720 1920x1080)
    set(base ${OUT_DIR}/${name}_${until_s}s_${size})
    file(REMOVE ${base}.png ${base}.json)
    execute_process(COMMAND ${CMAKE_COMMAND} -E env "ASAN_OPTIONS=$ENV{ASAN_OPTIONS}:detect_leaks=0"
                            ${XVFB_RUN} -a -s "-screen 0 1920x1080x24"
                            ${GUI} ${SCENARIO} --until ${until_s}s --size ${size}
                            --screenshot ${base}.png --layout-json ${base}.json
                    RESULT_VARIABLE gui_result OUTPUT_VARIABLE gui_out ERROR_VARIABLE gui_err)
    if(NOT gui_result EQUAL 0)
      message(FATAL_ERROR "ringsim-gui failed on ${name} at ${until_s} s, ${size} (exit ${gui_result}):\n${gui_out}\n${gui_err}")
    endif()
    execute_process(COMMAND ${CHECK} ${base}.png --nodes 2 --layout-json ${base}.json
                    RESULT_VARIABLE check_result OUTPUT_VARIABLE check_out ERROR_VARIABLE check_err)
    message(STATUS "${name} at ${until_s} s, ${size}:\n${check_out}")
    if(NOT check_result EQUAL 0)
      message(FATAL_ERROR "screenshot check failed for ${base}.png:\n${check_out}${check_err}")
    endif()
  endforeach()
endforeach()
