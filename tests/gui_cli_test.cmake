# ringsim-gui rejects bad command lines and scenarios with a message and exit code 2,
# before opening any window (so this needs no display).
# One case per entry; arguments within a case are separated by "|".
set(cases
  "--until|abc"
  "--until|-3s"
  "--fps|10"
  "--bench-frames|0"
  "--speed|0"
  "--size|10x10"
  "--screenshot|a.png|--frames|dir"
  "--frames-from|2s"
  "--frames|dir|--frames-from|3s|--frames-to|2s"
  "--frames|dir|--frames-from|abc"
  "--frames-video|clip.avi"
  "--screenshot|a.png|--frames-video|clip.mp4"
  "--font-scale|9"
  "--maximize|graph"
  "${SOURCE_DIR}/scenarios/does_not_exist.json"
  "${SOURCE_DIR}/scenarios/node_join.json|--set|/cluster/nodes=-1"
  "${SOURCE_DIR}/scenarios/node_join.json|--set|nopointer"
)
foreach(case IN LISTS cases)
  string(REPLACE "|" ";" args "${case}")
  string(REPLACE "|" " " shown "${case}")
  execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=DISPLAY ${GUI} ${args}
                  RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 2)
    message(FATAL_ERROR "ringsim-gui ${shown}: expected exit 2, got ${result}\n${out}${err}")
  endif()
  if(NOT err MATCHES "ringsim-gui: ")
    message(FATAL_ERROR "ringsim-gui ${shown}: no error message on stderr\n${err}")
  endif()
  message(STATUS "ringsim-gui ${shown}: exit 2: ${err}")
endforeach()

# A DISPLAY with no X server behind it: exit 4 with a message, not SFML's abort() and core
# dump (issue #25). :55 is assumed free; the test skips itself when something answers there.
if(NOT EXISTS /tmp/.X11-unix/X55)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env DISPLAY=:55 ${GUI} ${SOURCE_DIR}/scenarios/mm1.json
                  RESULT_VARIABLE result OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT result EQUAL 4)
    message(FATAL_ERROR "ringsim-gui with DISPLAY=:55 (no server): expected exit 4, got ${result}\n${out}${err}")
  endif()
  if(NOT err MATCHES "ringsim-gui: cannot open X display \":55\"")
    message(FATAL_ERROR "ringsim-gui with DISPLAY=:55: no message naming the display\n${err}")
  endif()
  message(STATUS "ringsim-gui DISPLAY=:55: exit 4: ${err}")
endif()
