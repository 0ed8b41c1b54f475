// ringsim-gui's top level: builds the session from the options, opens the window, and runs
// the chosen mode (interactive, screenshot, frame sequence, frame-time benchmark).
#pragma once

#include <stdexcept>

#include "viz/options.h"

namespace ringsim::viz {

inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitOutputFailed = 3;
inline constexpr int kExitNoDisplay = 4;

// An output file (screenshot, frame) could not be written.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws ConfigError (bad scenario), NoDisplayError, OutputError.
int run_app(const GuiOptions& options);

}  // namespace ringsim::viz
