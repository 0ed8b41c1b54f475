#include "viz/gui_window.h"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include <SFML/Graphics/Texture.hpp>
#include <SFML/OpenGL.hpp>
#include <SFML/System/Err.hpp>
#include <SFML/Window/Event.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#include "viz/display_probe.h"
#include "viz/fonts.h"
#include "viz/imgui_sfml_bridge.h"
#include "viz/palette.h"
#include "viz/options.h"

namespace ringsim::viz {
namespace {

// GLSL 1.30 (OpenGL 3.0) runs on Mesa's llvmpipe under Xvfb and on any desktop driver,
// in the compatibility context SFML creates.
constexpr const char* kGlslVersion = "#version 130";
constexpr std::uint8_t kOpaque = 255;

void set_style(float ui_scale) {
  ImGui::StyleColorsDark();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 0;
  style.WindowBorderSize = 1;
  style.FrameRounding = 2;
  style.GrabRounding = 2;
  // Transparent: the window is cleared to the panels' background (see begin_frame).
  style.Colors[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 0);
  style.ScaleAllSizes(ui_scale);
}

// SFML's Window::create() always asks for vertical sync off, and Mesa under Xvfb answers
// "Setting vertical sync not supported" on sf::err() (stderr). Nobody asked for that line:
// SFML's messages while the window opens are kept, and printed only when it failed to open.
void create_quietly(sf::RenderWindow& window, unsigned width_px, unsigned height_px, bool interactive) {
  std::ostringstream messages;
  std::streambuf* const previous = sf::err().rdbuf(messages.rdbuf());
  window.create(sf::VideoMode(width_px, height_px), "ringsim",
                interactive ? sf::Style::Default : (sf::Style::Titlebar | sf::Style::Close));
  sf::err().rdbuf(previous);
  if (!window.isOpen()) std::cerr << messages.str();
}

// Centred on the desktop, but never with its top-left corner off-screen: without a window
// manager SFML's own centring put a window larger than the screen half outside it.
sf::Vector2i on_screen_position(sf::Vector2u window_px, sf::Vector2u desktop_px) {
  const auto centred = [](unsigned window, unsigned desktop) {
    return window >= desktop ? 0 : static_cast<int>((desktop - window) / 2);
  };
  return {centred(window_px.x, desktop_px.x), centred(window_px.y, desktop_px.y)};
}

}  // namespace

void require_display() {
  const char* display = std::getenv("DISPLAY");
  if (display == nullptr || *display == '\0') {
    throw NoDisplayError(
        "no X display (DISPLAY is unset); run under a desktop session, or headless with "
        "xvfb-run -a -s \"-screen 0 1600x1000x24\" ringsim-gui ...");
  }
  // SFML calls abort() (a core dump) when XOpenDisplay fails, so the display is opened
  // here first. A display started a moment ago (Xvfb launched in the background just
  // before ringsim-gui, the intermittent abort at launch) gets a few tries.
  constexpr int kTries = 20;
  constexpr auto kPause = std::chrono::milliseconds(100);
  for (int attempt = 0; attempt < kTries; ++attempt) {
    if (x_display_answers(display)) return;
    std::this_thread::sleep_for(kPause);
  }
  throw NoDisplayError(std::string("cannot open X display \"") + display +
                       "\" (no X server there, or access refused); check DISPLAY, or run headless with "
                       "xvfb-run -a -s \"-screen 0 1600x1000x24\" ringsim-gui ...");
}

GuiWindow::GuiWindow(unsigned width_px, unsigned height_px, float ui_scale, bool interactive)
    : ui_scale_(ui_scale), pending_ui_scale_(ui_scale) {
  require_display();
  create_quietly(window_, width_px, height_px, interactive);
  windowed_size_ = {width_px, height_px};
  const sf::VideoMode desktop = sf::VideoMode::getDesktopMode();
  window_.setPosition(on_screen_position(window_.getSize(), {desktop.width, desktop.height}));
  has_font_ = load_sfml_font(font_);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  // The layout is computed every frame; nothing to remember between sessions.
  ImGui::GetIO().IniFilename = nullptr;
  set_style(ui_scale);
  load_imgui_font(ui_scale);
  bridge_init();
  window_.setActive(true);
  ImGui_ImplOpenGL3_Init(kGlslVersion);
}

GuiWindow::~GuiWindow() {
  window_.setActive(true);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext();
}

bool GuiWindow::process_events() {
  key_presses_.clear();
  sf::Event event;
  while (window_.pollEvent(event)) {
    bridge_process_event(event);
    if (event.type == sf::Event::KeyPressed) key_presses_.push_back(event.key);
    if (event.type == sf::Event::Closed) {
      window_.close();
      return false;
    }
    if (event.type == sf::Event::Resized) {
      // One SFML unit stays one pixel, so the views relayout instead of stretching.
      window_.setView(
          sf::View(sf::FloatRect(0, 0, static_cast<float>(event.size.width), static_cast<float>(event.size.height))));
    }
  }
  return window_.isOpen();
}

void GuiWindow::toggle_fullscreen() {
  fullscreen_ = !fullscreen_;
  const sf::VideoMode desktop = sf::VideoMode::getDesktopMode();
  std::ostringstream messages;
  std::streambuf* const previous = sf::err().rdbuf(messages.rdbuf());
  // The GL context is recreated with the window; SFML shares textures and shaders between
  // its contexts, so ImGui's renderer keeps its font texture and program.
  if (fullscreen_) {
    window_.create(desktop, "ringsim", sf::Style::Fullscreen);
  } else {
    window_.create(sf::VideoMode(windowed_size_.x, windowed_size_.y), "ringsim", sf::Style::Default);
    window_.setPosition(on_screen_position(window_.getSize(), {desktop.width, desktop.height}));
  }
  sf::err().rdbuf(previous);
  window_.setActive(true);
}

void GuiWindow::set_ui_scale(float ui_scale) {
  // A+ stops where the window would keep too few points of height for the views.
  pending_ui_scale_ = std::clamp(ui_scale, kUiScaleMin, std::min(kUiScaleMax, std::max(ui_scale_, ui_scale_cap(height()))));
}

void GuiWindow::begin_frame(float delta_time_s, bool poll_mouse) {
  if (pending_ui_scale_ != ui_scale_) {
    // Between frames: rebuild the style and the font atlas at the new size.
    ui_scale_ = pending_ui_scale_;
    ImGui::GetStyle() = ImGuiStyle();
    set_style(ui_scale_);
    ImGui::GetIO().Fonts->Clear();
    load_imgui_font(ui_scale_);
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  bridge_new_frame(window_, delta_time_s, poll_mouse);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui::NewFrame();
  window_.clear(sf::Color(kPanelBackground.r, kPanelBackground.g, kPanelBackground.b));
}

void GuiWindow::end_frame() {
  ImGui::Render();
  // The OpenGL3 renderer saves and restores the state it touches; SFML's own state cache
  // is saved around it too, so SFML's next draws do not assume stale bindings.
  window_.pushGLStates();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  window_.popGLStates();
}

void GuiWindow::fill_rects(const RectF* rects, std::size_t count, Rgba colour) {
  if (!window_.setActive(true)) return;
  const auto height = static_cast<GLint>(window_.getSize().y);
  glEnable(GL_SCISSOR_TEST);
  glClearColor(colour.r / 255.0f, colour.g / 255.0f, colour.b / 255.0f, 1.0f);
  for (std::size_t i = 0; i < count; ++i) {
    const RectF& rect = rects[i];
    if (rect.empty()) continue;
    // OpenGL counts rows from the bottom.
    const auto x = static_cast<GLint>(std::lround(rect.x));
    const auto y = static_cast<GLint>(std::lround(rect.y));
    const auto w = static_cast<GLsizei>(std::lround(rect.x + rect.w)) - x;
    const auto h = static_cast<GLsizei>(std::lround(rect.y + rect.h)) - y;
    glScissor(x, height - y - h, w, h);
    glClear(GL_COLOR_BUFFER_BIT);
  }
  glDisable(GL_SCISSOR_TEST);
}

sf::Image GuiWindow::capture() {
  sf::Texture texture;
  texture.create(window_.getSize().x, window_.getSize().y);
  texture.update(window_);
  sf::Image image = texture.copyToImage();
  // Blending writes alpha < 255 into the back buffer; a PNG would show it as washed out.
  for (unsigned y = 0; y < image.getSize().y; ++y) {
    for (unsigned x = 0; x < image.getSize().x; ++x) {
      sf::Color pixel = image.getPixel(x, y);
      pixel.a = kOpaque;
      image.setPixel(x, y, pixel);
    }
  }
  return image;
}

void GuiWindow::flush() { glFlush(); }

void GuiWindow::finish_gpu() { glFinish(); }

}  // namespace ringsim::viz
