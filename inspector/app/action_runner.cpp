#include "action_runner.hpp"

#include <SDL.h>

#include <chrono>
#include <cstring>

#include "inspector_app.hpp"

namespace gh::inspector {

namespace {

// The scancode of each key name (ui_actions.cpp lists the names).
SDL_Scancode scancode_of(const std::string& name) {
  if (name == "space") return SDL_SCANCODE_SPACE;
  if (name == "return") return SDL_SCANCODE_RETURN;
  if (name == "tab") return SDL_SCANCODE_TAB;
  if (name == "escape") return SDL_SCANCODE_ESCAPE;
  if (name == "backspace") return SDL_SCANCODE_BACKSPACE;
  if (name.size() == 1 && name[0] >= '1' && name[0] <= '9') {
    return static_cast<SDL_Scancode>(SDL_SCANCODE_1 + (name[0] - '1'));
  }
  if (name.size() == 1 && name[0] >= 'a' && name[0] <= 'z') {
    return static_cast<SDL_Scancode>(SDL_SCANCODE_A + (name[0] - 'a'));
  }
  return SDL_SCANCODE_UNKNOWN;
}

void push_key(SDL_Scancode scancode, bool down) {
  SDL_Event event{};
  event.type = down ? SDL_KEYDOWN : SDL_KEYUP;
  event.key.state = down ? SDL_PRESSED : SDL_RELEASED;
  event.key.keysym.scancode = scancode;
  event.key.keysym.sym = SDL_GetKeyFromScancode(scancode);
  event.key.keysym.mod = static_cast<Uint16>(SDL_GetModState());
  SDL_PushEvent(&event);
}

void push_mouse_button(SDL_Window* window, int x, int y, bool down) {
  SDL_Event event{};
  event.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
  event.button.windowID = SDL_GetWindowID(window);
  event.button.button = SDL_BUTTON_LEFT;
  event.button.state = down ? SDL_PRESSED : SDL_RELEASED;
  event.button.clicks = 1;
  event.button.x = x;
  event.button.y = y;
  SDL_PushEvent(&event);
}

// SDL_TEXTINPUT carries at most 31 bytes: longer text goes in pieces, as an IME sends it.
void push_text(const std::string& text) {
  for (size_t at = 0; at < text.size(); at += 31) {
    SDL_Event event{};
    event.type = SDL_TEXTINPUT;
    const std::string piece = text.substr(at, 31);
    std::memcpy(event.text.text, piece.c_str(), piece.size() + 1);
    SDL_PushEvent(&event);
  }
}

}  // namespace

bool ActionRunner::run(const std::vector<UiAction>& actions) {
  for (const UiAction& action : actions) {
    if (!run_one(action)) return false;
  }
  return true;
}

bool ActionRunner::run_one(const UiAction& action) {
  switch (action.kind) {
    case UiActionKind::click:
      return click(action.target, action.fx, action.fy);
    case UiActionKind::type:
      return type(action);
    case UiActionKind::key:
      press_key(action.target);
      done_.push_back("key " + action.target);
      return true;
    case UiActionKind::wait:
      wait(action.seconds);
      done_.push_back("wait " + std::to_string(action.seconds));
      return true;
    case UiActionKind::report:
      if (!app_.write_report_file(action.target)) {
        error_ = "cannot write report " + action.target;
        return false;
      }
      done_.push_back("report " + action.target);
      return true;
  }
  return false;
}

// Once the picture has settled, the mouse goes to the widget, the button goes down for a frame and
// up the next, and one more frame lets the app carry out what the click asked for.
bool ActionRunner::click(const std::string& widget, float fx, float fy) {
  app_.settle();  // as a user waits for a recording to load
  const WidgetRegistry::Found found = app_.widgets().find(widget);
  if (!found.widget) {
    error_ = found.error;
    return false;
  }
  const WidgetRect& rect = *found.widget;
  const int x = static_cast<int>(rect.min.x + (rect.max.x - rect.min.x) * fx);
  const int y = static_cast<int>(rect.min.y + (rect.max.y - rect.min.y) * fy);
  const std::string name = rect.name;  // the registry changes with each frame
  SDL_Window* window = app_.window();
  SDL_WarpMouseInWindow(window, x, y);
  app_.render_frame();
  push_mouse_button(window, x, y, true);
  app_.render_frame();
  push_mouse_button(window, x, y, false);
  app_.render_frame();
  app_.render_frame();
  done_.push_back("click " + name + " at " + std::to_string(x) + "," + std::to_string(y));
  return true;
}

// Clicks the field, selects what it holds (Ctrl+A) and types over it.
bool ActionRunner::type(const UiAction& action) {
  if (!click(action.target, 0.5f, 0.5f)) return false;
  press_key("a", true);
  push_text(action.text);
  app_.render_frame();
  app_.render_frame();
  done_.back() = "type \"" + action.text + "\" into " + done_.back().substr(6);
  return true;
}

// Down for one frame, up for the next, as typed. The SDL backend reads modifiers from
// SDL_GetModState(), so Ctrl is held there.
void ActionRunner::press_key(const std::string& name, bool with_ctrl) {
  const SDL_Scancode scancode = scancode_of(name);
  if (with_ctrl) SDL_SetModState(KMOD_LCTRL);
  push_key(scancode, true);
  app_.render_frame();
  push_key(scancode, false);
  if (with_ctrl) SDL_SetModState(KMOD_NONE);
  app_.render_frame();
}

void ActionRunner::wait(double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    app_.render_frame();
    SDL_Delay(5);
  }
}

}  // namespace gh::inspector
