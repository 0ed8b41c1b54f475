// A minimal platform backend feeding Dear ImGui 1.86 from an SFML 2.5 window. Debian ships
// no ImGui-SFML, and ImGui 1.86 has the old input API: the bridge writes io.MousePos,
// io.MouseDown[], io.MouseWheel, io.KeysDown[] (indexed by sf::Keyboard::Key, mapped
// through io.KeyMap[]), the modifier flags, typed characters, the display size and
// io.DeltaTime. Rendering is left to Debian's OpenGL3 renderer backend.
//
// One ImGui context, one window; call from the thread that owns the window.
#pragma once

#include <SFML/Window/Event.hpp>
#include <SFML/Window/Window.hpp>

namespace ringsim::viz {

// Sets the key map, the clipboard callbacks and the backend name. Needs a current context.
void bridge_init();
// Feeds one window event to ImGui (mouse, wheel, keys, text, focus).
void bridge_process_event(const sf::Event& event);
// Before ImGui::NewFrame(): display size, framebuffer scale and delta time (> 0). With
// poll_mouse the mouse position is read from the window (right even without a move
// event); headless renders pass false so a stray pointer cannot put a tooltip in a
// screenshot.
void bridge_new_frame(const sf::Window& window, float delta_time_s, bool poll_mouse);

}  // namespace ringsim::viz
