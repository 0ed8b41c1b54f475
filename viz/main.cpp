// ringsim-gui: watch a scenario run (ring view, timeline, cluster, latency), or render it
// headless (--screenshot, --frames, --bench-frames). See docs/gui.md.
//
// Exit codes: 0 success; 2 bad input (command line, scenario, --set); 3 an output file
// could not be written; 4 no display to open a window on.
#include <filesystem>
#include <iostream>
#include <new>

#include "sim/config_error.h"
#include "viz/app.h"
#include "viz/gui_window.h"
#include "viz/options.h"
#include "viz/video.h"

int main(int argc, char** argv) {
  using namespace ringsim::viz;
  using namespace ringsim;
  try {
    const std::optional<GuiOptions> options = parse_gui_options(argc, argv);
    if (!options) return kExitOk;  // --help
    return run_app(*options);
  } catch (const UsageError& error) {
    std::cerr << "ringsim-gui: " << error.what() << "\nRun 'ringsim-gui --help' for usage.\n";
    return kExitBadInput;
  } catch (const ringsim::ConfigError& error) {
    std::cerr << "ringsim-gui: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const MissingToolError& error) {
    std::cerr << "ringsim-gui: " << error.what() << "\n";
    return kExitBadInput;
  } catch (const NoDisplayError& error) {
    std::cerr << "ringsim-gui: " << error.what() << "\n";
    return kExitNoDisplay;
  } catch (const OutputError& error) {
    std::cerr << "ringsim-gui: " << error.what() << "\n";
    return kExitOutputFailed;
  } catch (const std::filesystem::filesystem_error& error) {
    // A path too long or a symlink loop (issue #24): bad input, named, never a crash.
    std::cerr << "ringsim-gui: " << error.path1().string() << ": " << error.code().message() << "\n";
    return kExitBadInput;
  } catch (const std::bad_alloc&) {
    std::cerr << "ringsim-gui: out of memory (the scenario needs more than is available)\n";
    return kExitBadInput;
  }
}
