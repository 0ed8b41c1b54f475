// The exit codes of every ringsim binary (ringsim and its subcommands, ringsim-gui), in one
// place; README.md and docs/outputs.md list them for users.
//   0  ok
//   1  the run or check worked and its answer is "no": an expectation or a golden failed,
//      a replay did not match, a sweep point or a soak seed failed
//   2  bad input (command line, scenario, --set): a message naming file and JSON pointer,
//      nothing written
//   3  an output could not be written
//   4  ringsim-gui only: no display to open a window on
#pragma once

namespace ringsim {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitOutputFailed = 3;
inline constexpr int kExitNoDisplay = 4;

}  // namespace ringsim
