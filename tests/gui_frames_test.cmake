# ringsim-gui --frames with --frames-from / --frames-to renders only that span: the frame
# count is the span times fps plus one, and the first frame shows the run at --frames-from
# (its trace hash equals `ringsim run --until` of that time). --frames-video without ffmpeg
# on PATH exits 2 with a message, before any window opens; with ffmpeg installed, a GIF and
# an MP4 are written.
#
# Variables: GUI, RINGSIM, XVFB_RUN, SCENARIO, OUT_DIR.
file(REMOVE_RECURSE ${OUT_DIR})
file(MAKE_DIRECTORY ${OUT_DIR})
set(gui_env ${CMAKE_COMMAND} -E env "ASAN_OPTIONS=$ENV{ASAN_OPTIONS}:detect_leaks=0")
execute_process(COMMAND ${gui_env} ${XVFB_RUN} -a -s "-screen 0 1280x720x24"
                        ${GUI} ${SCENARIO} --frames ${OUT_DIR}/png --frames-from 12s --frames-to 12.5s --fps 10
                        --size 640x400
                RESULT_VARIABLE gui_result OUTPUT_VARIABLE gui_out ERROR_VARIABLE gui_err)
if(NOT gui_result EQUAL 0)
  message(FATAL_ERROR "ringsim-gui --frames failed (exit ${gui_result}):\n${gui_out}\n${gui_err}")
endif()
file(GLOB frames ${OUT_DIR}/png/frame_*.png)
list(LENGTH frames frame_count)
if(NOT frame_count EQUAL 6)
  message(FATAL_ERROR "12 s to 12.5 s at 10 fps must give 6 frames, got ${frame_count}:\n${gui_out}")
endif()
if(NOT gui_out MATCHES "first frame at 12.000 s, trace hash ([0-9a-f]+)")
  message(FATAL_ERROR "no first frame at 12.000 s:\n${gui_out}")
endif()
set(first_hash ${CMAKE_MATCH_1})
execute_process(COMMAND ${RINGSIM} run ${SCENARIO} --until 12 --no-expect
                RESULT_VARIABLE run_result OUTPUT_VARIABLE run_out ERROR_VARIABLE run_err)
string(REGEX MATCH "trace hash ([0-9a-f]+)" _ "${run_out}")
if(NOT CMAKE_MATCH_1 STREQUAL first_hash)
  message(FATAL_ERROR "first frame's trace hash ${first_hash}, ringsim run --until 12: ${CMAKE_MATCH_1}")
endif()
message(STATUS "6 frames from 12.000 s, first frame's trace hash ${first_hash} == ringsim run --until 12")

# No ffmpeg on PATH: a clear message, exit 2, no display needed.
execute_process(COMMAND ${CMAKE_COMMAND} -E env PATH=${OUT_DIR}/no-such-dir DISPLAY=
                        ${GUI} ${SCENARIO} --frames-video ${OUT_DIR}/clip.mp4 --frames-from 12s --frames-to 12.2s
                RESULT_VARIABLE missing_result OUTPUT_VARIABLE missing_out ERROR_VARIABLE missing_err)
if(NOT missing_result EQUAL 2 OR NOT missing_err MATCHES "needs ffmpeg")
  message(FATAL_ERROR "--frames-video without ffmpeg: want exit 2 and a message, got ${missing_result}:\n${missing_err}")
endif()

find_program(FFMPEG ffmpeg)
if(FFMPEG)
  foreach(video IN ITEMS clip.gif clip.mp4)
    execute_process(COMMAND ${gui_env} ${XVFB_RUN} -a -s "-screen 0 1280x720x24"
                            ${GUI} ${SCENARIO} --frames-video ${OUT_DIR}/${video} --frames-from 12s --frames-to 12.3s
                            --fps 10 --size 640x400
                    RESULT_VARIABLE video_result OUTPUT_VARIABLE video_out ERROR_VARIABLE video_err)
    file(SIZE ${OUT_DIR}/${video} video_size)
    if(NOT video_result EQUAL 0 OR video_size LESS 1000 OR EXISTS ${OUT_DIR}/${video}.frames)
      message(FATAL_ERROR "--frames-video ${video} failed (exit ${video_result}, ${video_size} bytes):\n${video_out}\n${video_err}")
    endif()
    message(STATUS "${video}: ${video_size} bytes")
  endforeach()
else()
  message(STATUS "ffmpeg not installed: --frames-video encoding not tested")
endif()
