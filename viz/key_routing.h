// Who gets a key press: the GUI's shortcuts (Space plays, arrows step, P goes back a
// change, 1-5 maximize...) or an ImGui text field (the event log's filter, the fault
// buttons' rate and file name). A key typed into a field must never also play, step or
// maximize, and with no field taking text every shortcut must work, whatever else ImGui
// holds (a focused panel, a button pressed, a slider dragged: io.WantCaptureKeyboard is
// true then too, so it is not what decides). Decided from two facts the frame knows:
// whether ImGui asked for text input at the start of the frame (io.WantTextInput: a field
// was active last frame), and whether a text field is active now (one clicked this frame
// takes the keys typed in the same frame). Pure, so the decision is tested without a window.
#pragma once

namespace ringsim::viz {

struct KeyFocus {
  bool want_text_input = false;    // ImGui's io.WantTextInput at this frame's start
  bool text_field_active = false;  // a text field is ImGui's active item now
  // io.WantCaptureKeyboard: ImGui holds the keyboard (any active item, a field among
  // them). The GUI used to drop every shortcut on it; it does not decide (see above).
  bool want_capture_keyboard = false;
};

enum class KeyRoute { kShortcut, kTextField };

inline KeyRoute route_key(const KeyFocus& focus) {
  return focus.want_text_input || focus.text_field_active ? KeyRoute::kTextField : KeyRoute::kShortcut;
}

}  // namespace ringsim::viz
