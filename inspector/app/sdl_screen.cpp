#include "sdl_screen.hpp"

#include <imgui.h>

#include <cstdlib>
#include <cstring>

namespace gh::inspector {

std::unique_ptr<SdlScreen> SdlScreen::create(int width, int height, Mode mode, std::string& error) {
  const bool headless = mode != Mode::interactive;
  if (headless) setenv("SDL_VIDEODRIVER", "offscreen", 0);
  // The window surface itself, not one emulated through an OpenGL renderer (which is
  // llvmpipe without a GPU): the software renderer draws straight into it.
  SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
    error = std::string("SDL_Init: ") + SDL_GetError();
    return nullptr;
  }
  std::unique_ptr<SdlScreen> screen(new SdlScreen);
  screen->mode_ = mode;
  const Uint32 flags = SDL_WINDOW_RESIZABLE | (mode == Mode::headless ? SDL_WINDOW_HIDDEN : 0);
  screen->window_ = SDL_CreateWindow("Glasshouse inspector", SDL_WINDOWPOS_CENTERED,
                                     SDL_WINDOWPOS_CENTERED, width, height, flags);
  if (!screen->window_) {
    error = std::string("SDL_CreateWindow: ") + SDL_GetError();
    return nullptr;
  }
  screen->renderer_ = SDL_CreateRenderer(screen->window_, -1, SDL_RENDERER_SOFTWARE);
  if (!screen->renderer_) {
    error = std::string("SDL_CreateRenderer (software): ") + SDL_GetError();
    return nullptr;
  }
  return screen;
}

void SdlScreen::place_unfocused_mouse() const {
  if (mode_ != Mode::headless_driven) return;
  if (std::strcmp(SDL_GetCurrentVideoDriver(), "offscreen") != 0) return;
  int x = 0;
  int y = 0;
  SDL_GetMouseState(&x, &y);
  ImGui::GetIO().MousePos = ImVec2(static_cast<float>(x), static_cast<float>(y));
}

void SdlScreen::output_size(int& width, int& height) const {
  if (SDL_GetRendererOutputSize(renderer_, &width, &height) != 0) width = height = 0;
}

void SdlScreen::put_frame(const uint32_t* pixels, int pitch, int width, int height) {
  if (!frame_ || frame_width_ != width || frame_height_ != height) {
    if (frame_) SDL_DestroyTexture(frame_);
    frame_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
                               width, height);
    if (!frame_) return;
    SDL_SetTextureBlendMode(frame_, SDL_BLENDMODE_NONE);
    frame_width_ = width;
    frame_height_ = height;
  }
  SDL_UpdateTexture(frame_, nullptr, pixels, pitch);
  SDL_RenderCopy(renderer_, frame_, nullptr, nullptr);
}

SdlScreen::~SdlScreen() {
  if (frame_) SDL_DestroyTexture(frame_);
  if (renderer_) SDL_DestroyRenderer(renderer_);
  if (window_) SDL_DestroyWindow(window_);
  SDL_Quit();
}

bool SdlScreen::read_pixels(std::vector<uint8_t>& rgba, int& width, int& height,
                            std::string& error) const {
  if (SDL_GetRendererOutputSize(renderer_, &width, &height) != 0) {
    error = std::string("SDL_GetRendererOutputSize: ") + SDL_GetError();
    return false;
  }
  rgba.resize(static_cast<size_t>(width) * static_cast<size_t>(height) * 4);
  if (SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_RGBA32, rgba.data(), width * 4) !=
      0) {
    error = std::string("SDL_RenderReadPixels: ") + SDL_GetError();
    return false;
  }
  return true;
}

}  // namespace gh::inspector
