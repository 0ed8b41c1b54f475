// Whether an X server answers at a display name (":0", ":55"), opened and closed with
// Xlib directly (a connection that answers is kept open, see the .cpp). SFML aborts the process (a core dump) when it cannot open the display, so
// the GUI asks first. Kept in its own file: Xlib's macros (None, Bool, True...) collide
// with other headers.
#pragma once

namespace ringsim::viz {

bool x_display_answers(const char* display_name);

}  // namespace ringsim::viz
