// The SDL window and its software renderer (no GPU), and reading back what was drawn.
#pragma once

#include <SDL.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gh::inspector {

class SdlScreen {
 public:
  enum class Mode : uint8_t { interactive, headless, headless_driven };
  // Headless screenshots pick SDL's offscreen video driver unless SDL_VIDEODRIVER is set;
  // their window is hidden unless --actions drive it (under Xvfb the X server then gives
  // a shown window the pointer).
  static std::unique_ptr<SdlScreen> create(int width, int height, Mode mode, std::string& error);
  ~SdlScreen();
  SdlScreen(const SdlScreen&) = delete;
  SdlScreen& operator=(const SdlScreen&) = delete;

  [[nodiscard]] SDL_Window* window() const { return window_; }
  [[nodiscard]] SDL_Renderer* renderer() const { return renderer_; }
  // The renderer's output size (the frame the rasterizer draws).
  void output_size(int& width, int& height) const;
  // Copies an ARGB8888 frame of the output size to the renderer (through a streaming
  // texture kept at that size), to be presented or read back.
  void put_frame(const uint32_t* pixels, int pitch, int width, int height);
  // The current render target as RGBA rows, top to bottom.
  bool read_pixels(std::vector<uint8_t>& rgba, int& width, int& height, std::string& error) const;
  // SDL's offscreen driver has no window manager, so no window ever has the mouse's or
  // the keyboard's focus, and ImGui's SDL backend (1.86) then ignores the mouse. Call
  // after ImGui_ImplSDL2_NewFrame: in a run driven by --actions on that driver, the mouse
  // is where SDL's mouse state says.
  void place_unfocused_mouse() const;

 private:
  SdlScreen() = default;
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
  Mode mode_ = Mode::interactive;
  SDL_Texture* frame_ = nullptr;
  int frame_width_ = 0;
  int frame_height_ = 0;
};

}  // namespace gh::inspector
