// Writes an RGBA image as PNG (libpng), for --screenshot.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gh::inspector {

bool write_png(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba,
               std::string& error);

}  // namespace gh::inspector
