#include "viz/display_probe.h"

#include <X11/Xlib.h>

namespace ringsim::viz {

bool x_display_answers(const char* display_name) {
  Display* const display = XOpenDisplay(display_name);
  if (display == nullptr) return false;
  // The connection stays open for the life of the process: closing the only client of a
  // fresh Xvfb makes the server reset, and SFML's own connection made during that reset
  // fails ("Failed to open X11 display", then abort). The OS closes it at exit.
  static Display* kept_open = nullptr;
  if (kept_open == nullptr) {
    kept_open = display;
  } else {
    XCloseDisplay(display);
  }
  return true;
}

}  // namespace ringsim::viz
