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
  // Headless screenshots pick SDL's offscreen video driver unless SDL_VIDEODRIVER is set.
  static std::unique_ptr<SdlScreen> create(int width, int height, bool headless,
                                           std::string& error);
  ~SdlScreen();
  SdlScreen(const SdlScreen&) = delete;
  SdlScreen& operator=(const SdlScreen&) = delete;

  [[nodiscard]] SDL_Window* window() const { return window_; }
  [[nodiscard]] SDL_Renderer* renderer() const { return renderer_; }
  // The current render target as RGBA rows, top to bottom.
  bool read_pixels(std::vector<uint8_t>& rgba, int& width, int& height, std::string& error) const;

 private:
  SdlScreen() = default;
  SDL_Window* window_ = nullptr;
  SDL_Renderer* renderer_ = nullptr;
};

}  // namespace gh::inspector
