#include "viz/imgui_sfml_bridge.h"

#include <imgui.h>

#include <SFML/Window/Clipboard.hpp>
#include <SFML/Window/Mouse.hpp>
#include <cfloat>
#include <string>

namespace ringsim::viz {
namespace {

// ImGui asserts DeltaTime > 0; a frame that took no measurable time counts as this.
constexpr float kDeltaTimeMinS = 1e-4f;
// ImGui keeps room for this many keys in io.KeysDown; sf::Keyboard::KeyCount is far lower.
constexpr int kImGuiKeysDownSize = 512;
static_assert(sf::Keyboard::KeyCount <= kImGuiKeysDownSize);
// Codes below are control characters (handled as keys); 127 is DEL.
constexpr sf::Uint32 kFirstPrintable = 0x20;
constexpr sf::Uint32 kDelete = 0x7f;

// The clipboard text must outlive the call that returns it.
std::string& clipboard_buffer() {
  static std::string buffer;
  return buffer;
}

const char* get_clipboard(void*) {
  clipboard_buffer() = sf::Clipboard::getString().toAnsiString();
  return clipboard_buffer().c_str();
}

void set_clipboard(void*, const char* text) {
  sf::Clipboard::setString(sf::String::fromUtf8(text, text + std::char_traits<char>::length(text)));
}

int mouse_button_index(sf::Mouse::Button button) {
  switch (button) {
    case sf::Mouse::Left:
      return 0;
    case sf::Mouse::Right:
      return 1;
    case sf::Mouse::Middle:
      return 2;
    case sf::Mouse::XButton1:
      return 3;
    case sf::Mouse::XButton2:
      return 4;
    default:
      return -1;
  }
}

void set_key(sf::Keyboard::Key key, bool down) {
  if (key < 0 || key >= sf::Keyboard::KeyCount) return;  // sf::Keyboard::Unknown is -1
  ImGuiIO& io = ImGui::GetIO();
  io.KeysDown[key] = down;
  io.KeyCtrl = sf::Keyboard::isKeyPressed(sf::Keyboard::LControl) || sf::Keyboard::isKeyPressed(sf::Keyboard::RControl);
  io.KeyShift = sf::Keyboard::isKeyPressed(sf::Keyboard::LShift) || sf::Keyboard::isKeyPressed(sf::Keyboard::RShift);
  io.KeyAlt = sf::Keyboard::isKeyPressed(sf::Keyboard::LAlt) || sf::Keyboard::isKeyPressed(sf::Keyboard::RAlt);
  io.KeySuper = sf::Keyboard::isKeyPressed(sf::Keyboard::LSystem) || sf::Keyboard::isKeyPressed(sf::Keyboard::RSystem);
}

}  // namespace

void bridge_init() {
  ImGuiIO& io = ImGui::GetIO();
  io.BackendPlatformName = "ringsim_sfml_bridge";
  io.KeyMap[ImGuiKey_Tab] = sf::Keyboard::Tab;
  io.KeyMap[ImGuiKey_LeftArrow] = sf::Keyboard::Left;
  io.KeyMap[ImGuiKey_RightArrow] = sf::Keyboard::Right;
  io.KeyMap[ImGuiKey_UpArrow] = sf::Keyboard::Up;
  io.KeyMap[ImGuiKey_DownArrow] = sf::Keyboard::Down;
  io.KeyMap[ImGuiKey_PageUp] = sf::Keyboard::PageUp;
  io.KeyMap[ImGuiKey_PageDown] = sf::Keyboard::PageDown;
  io.KeyMap[ImGuiKey_Home] = sf::Keyboard::Home;
  io.KeyMap[ImGuiKey_End] = sf::Keyboard::End;
  io.KeyMap[ImGuiKey_Insert] = sf::Keyboard::Insert;
  io.KeyMap[ImGuiKey_Delete] = sf::Keyboard::Delete;
  io.KeyMap[ImGuiKey_Backspace] = sf::Keyboard::BackSpace;
  io.KeyMap[ImGuiKey_Space] = sf::Keyboard::Space;
  io.KeyMap[ImGuiKey_Enter] = sf::Keyboard::Return;
  io.KeyMap[ImGuiKey_Escape] = sf::Keyboard::Escape;
  // SFML 2.5 does not tell the keypad Enter apart from Return.
  io.KeyMap[ImGuiKey_KeyPadEnter] = sf::Keyboard::Return;
  io.KeyMap[ImGuiKey_A] = sf::Keyboard::A;
  io.KeyMap[ImGuiKey_C] = sf::Keyboard::C;
  io.KeyMap[ImGuiKey_V] = sf::Keyboard::V;
  io.KeyMap[ImGuiKey_X] = sf::Keyboard::X;
  io.KeyMap[ImGuiKey_Y] = sf::Keyboard::Y;
  io.KeyMap[ImGuiKey_Z] = sf::Keyboard::Z;
  io.GetClipboardTextFn = get_clipboard;
  io.SetClipboardTextFn = set_clipboard;
}

void bridge_process_event(const sf::Event& event) {
  ImGuiIO& io = ImGui::GetIO();
  switch (event.type) {
    case sf::Event::MouseMoved:
      io.MousePos = ImVec2(static_cast<float>(event.mouseMove.x), static_cast<float>(event.mouseMove.y));
      break;
    case sf::Event::MouseButtonPressed:
    case sf::Event::MouseButtonReleased: {
      const int index = mouse_button_index(event.mouseButton.button);
      if (index >= 0) io.MouseDown[index] = event.type == sf::Event::MouseButtonPressed;
      break;
    }
    case sf::Event::MouseWheelScrolled:
      if (event.mouseWheelScroll.wheel == sf::Mouse::VerticalWheel) {
        io.MouseWheel += event.mouseWheelScroll.delta;
      } else {
        io.MouseWheelH += event.mouseWheelScroll.delta;
      }
      break;
    case sf::Event::KeyPressed:
    case sf::Event::KeyReleased:
      set_key(event.key.code, event.type == sf::Event::KeyPressed);
      break;
    case sf::Event::TextEntered:
      if (event.text.unicode >= kFirstPrintable && event.text.unicode != kDelete) {
        io.AddInputCharacter(event.text.unicode);
      }
      break;
    case sf::Event::MouseLeft:
      io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
      break;
    case sf::Event::LostFocus:
      // Keys released while unfocused never send KeyReleased; forget them all.
      for (bool& down : io.KeysDown) down = false;
      for (bool& down : io.MouseDown) down = false;
      io.KeyCtrl = io.KeyShift = io.KeyAlt = io.KeySuper = false;
      break;
    default:
      break;
  }
}

void bridge_new_frame(const sf::Window& window, float delta_time_s, bool poll_mouse) {
  ImGuiIO& io = ImGui::GetIO();
  const sf::Vector2u size = window.getSize();
  io.DisplaySize = ImVec2(static_cast<float>(size.x), static_cast<float>(size.y));
  // SFML 2.5 on X11 has no separate framebuffer size: one window unit is one pixel.
  io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
  io.DeltaTime = delta_time_s > kDeltaTimeMinS ? delta_time_s : kDeltaTimeMinS;
  if (!poll_mouse) {
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
  } else if (window.hasFocus()) {
    const sf::Vector2i mouse = sf::Mouse::getPosition(window);
    io.MousePos = ImVec2(static_cast<float>(mouse.x), static_cast<float>(mouse.y));
  }
}

}  // namespace ringsim::viz
