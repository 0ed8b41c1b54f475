# The ring's caption wraps whole at a projector's 1280x720 (issue #25: its headline ended in
# "..." at 1280x720, and at font scale 1.5 the detail too). Each tour at the moments its
# captions are longest (a migration in flight, a detection, a scale-out), at font scales
# 1, 1.25 and 1.5: ringsim-gui --screenshot --layout-json, then ringsim-gui-check, which
# fails on any ring caption text the dump records as shortened, on text cut by its clip
# (the narration band's notes) and on a ring view too small for the ring.
#
# Variables: GUI, CHECK, XVFB_RUN, TOURS_DIR, CASES ("tour:t1,t2|tour:t1..."), OUT_DIR.
file(MAKE_DIRECTORY ${OUT_DIR})
string(REPLACE "|" ";" CASES "${CASES}")
set(failures "")
foreach(case IN LISTS CASES)
  string(REPLACE ":" ";" parts "${case}")
  list(GET parts 0 tour)
  list(GET parts 1 times)
  string(REPLACE "," ";" times "${times}")
  foreach(until_s IN LISTS times)
    foreach(scale IN ITEMS 1 1.25 1.5)
      set(base ${OUT_DIR}/${tour}_${until_s}s_font${scale})
      file(REMOVE ${base}.png ${base}.json)
      execute_process(COMMAND ${CMAKE_COMMAND} -E env "ASAN_OPTIONS=$ENV{ASAN_OPTIONS}:detect_leaks=0"
                              ${XVFB_RUN} -a -s "-screen 0 1920x1080x24"
                              ${GUI} ${TOURS_DIR}/${tour}.json --until ${until_s}s --size 1280x720
                              --font-scale ${scale} --screenshot ${base}.png --layout-json ${base}.json
                      RESULT_VARIABLE gui_result OUTPUT_VARIABLE gui_out ERROR_VARIABLE gui_err)
      if(NOT gui_result EQUAL 0)
        message(FATAL_ERROR "ringsim-gui failed on ${tour} at ${until_s} s, font scale ${scale} (exit ${gui_result}):\n${gui_out}\n${gui_err}")
      endif()
      execute_process(COMMAND ${CHECK} ${base}.png --nodes 2 --layout-json ${base}.json
                      RESULT_VARIABLE check_result OUTPUT_VARIABLE check_out ERROR_VARIABLE check_err)
      message(STATUS "${tour} at ${until_s} s, font scale ${scale}:\n${check_out}")
      if(NOT check_result EQUAL 0)
        string(APPEND failures "${base}.png:\n${check_out}${check_err}\n")
      endif()
    endforeach()
  endforeach()
endforeach()
if(NOT failures STREQUAL "")
  message(FATAL_ERROR "ring caption check failed:\n${failures}")
endif()
