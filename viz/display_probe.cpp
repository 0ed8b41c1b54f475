#include "viz/display_probe.h"

#include <X11/Xlib.h>

namespace ringsim::viz {

bool x_display_answers(const char* display_name) {
  Display* const display = XOpenDisplay(display_name);
  if (display == nullptr) return false;
  XCloseDisplay(display);
  return true;
}

}  // namespace ringsim::viz
