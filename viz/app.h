// ringsim-gui's top level: builds the session from the options, opens the window, and runs
// the chosen mode (interactive, screenshot, frame sequence, frame-time benchmark).
#pragma once

#include <stdexcept>

#include "run/exit_codes.h"
#include "viz/options.h"

namespace ringsim::viz {

// An output file (screenshot, frame) could not be written.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws ConfigError (bad scenario), NoDisplayError, OutputError.
int run_app(const GuiOptions& options);

}  // namespace ringsim::viz
