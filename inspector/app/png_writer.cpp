#include "png_writer.hpp"

#include <png.h>

#include <cstdio>

namespace gh::inspector {

bool write_png(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba,
               std::string& error) {
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = PNG_FORMAT_RGBA;
  if (!png_image_write_to_file(&image, path.c_str(), 0, rgba.data(), width * 4, nullptr)) {
    error = std::string("cannot write ") + path + ": " + image.message;
    return false;
  }
  return true;
}

}  // namespace gh::inspector
