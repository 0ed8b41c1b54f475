// The window and the ImGui context: opens an SFML window with an OpenGL context, sets up
// ImGui (style, fonts, the SFML bridge, Debian's OpenGL3 renderer) and frames the drawing
// of one picture: begin_frame, draw SFML shapes and ImGui windows, end_frame, then
// capture() and/or present().
#pragma once

#include <SFML/Graphics/Font.hpp>
#include <SFML/Graphics/Image.hpp>
#include <SFML/Graphics/RenderWindow.hpp>
#include <SFML/Window/Event.hpp>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <vector>

#include "viz/layout.h"
#include "viz/palette.h"

namespace ringsim::viz {

// No X display to open a window on.
class NoDisplayError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws NoDisplayError when there is no X display (DISPLAY unset, or no server answers
// there within about 2 s); call before anything asks SFML about
// the desktop (SFML aborts the process when it cannot open the display).
void require_display();

class GuiWindow {
 public:
  // interactive: resizable; otherwise fixed size. Never frame-rate limited: the
  // interactive loop paces itself (frame_pacer.h).
  // Throws NoDisplayError when DISPLAY is unset.
  GuiWindow(unsigned width_px, unsigned height_px, float ui_scale, bool interactive);
  ~GuiWindow();
  GuiWindow(const GuiWindow&) = delete;
  GuiWindow& operator=(const GuiWindow&) = delete;

  sf::RenderWindow& window() { return window_; }
  const sf::Font* font() const { return has_font_ ? &font_ : nullptr; }
  float ui_scale() const { return ui_scale_; }
  // Changes the scale of text and widgets from the next begin_frame (fonts are rebuilt at
  // the new size, so text stays crisp). Clamped to [kUiScaleMin, kUiScaleMax].
  void set_ui_scale(float ui_scale);
  // F11 / Alt+Enter: the whole screen, or back to the window's size before.
  void toggle_fullscreen();
  bool fullscreen() const { return fullscreen_; }
  float width() const { return static_cast<float>(window_.getSize().x); }
  float height() const { return static_cast<float>(window_.getSize().y); }

  // Feeds pending events to ImGui, follows resizes, collects key presses; false once the
  // window was closed.
  bool process_events();
  // The key presses of the last process_events() call (for shortcuts).
  const std::vector<sf::Event::KeyEvent>& key_presses() const { return key_presses_; }
  // Starts an ImGui frame and clears the window to the panels' background (a full clear
  // is nearly free; views paint their own backgrounds). poll_mouse: see bridge_new_frame.
  void begin_frame(float delta_time_s, bool poll_mouse);
  // Fills rectangles with a solid colour (scissored glClear). Panels get their background
  // from the full clear instead of from ImGui: under Mesa's software renderer ImGui's
  // textured, blended window fill cost more than everything else in a frame, and a
  // scissored clear is shaded like a quad, so it is kept for thin strips.
  void fill_rects(const RectF* rects, std::size_t count, Rgba colour);
  // Renders ImGui's windows over the SFML drawing.
  void end_frame();
  // The back buffer as an image with alpha forced to 255 (call after end_frame, before
  // present).
  sf::Image capture();
  void present() { window_.display(); }
  // Hands what was drawn to the renderer without waiting: Mesa's software renderer
  // rasterizes on its own threads (a GPU on its own), so the caller can work meanwhile.
  void flush();
  // Waits until the GPU has finished drawing (frame timing).
  void finish_gpu();

 private:
  sf::RenderWindow window_;
  sf::Font font_;
  bool has_font_ = false;
  std::vector<sf::Event::KeyEvent> key_presses_;
  float ui_scale_;
  bool fullscreen_ = false;
  sf::Vector2u windowed_size_;
  float pending_ui_scale_;
};

inline constexpr float kUiScaleMin = 0.5f;
inline constexpr float kUiScaleMax = 4.0f;

}  // namespace ringsim::viz
