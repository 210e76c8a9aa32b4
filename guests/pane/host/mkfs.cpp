// pane-mkfs: builds a PaneFS disk image from files on the host.
//
//   pane-mkfs OUTPUT.img [--blocks N] [--inodes N] FILE[:NAME]...
//
// Each FILE goes into the root directory under its base name, or under NAME.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "image_builder.hpp"

namespace {

struct Options {
  std::string output;
  uint32_t blocks = 4096;  // 4 MiB
  uint32_t inodes = 256;
  std::vector<std::string> files;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "pane-mkfs: " << problem << "\n"
            << "usage: pane-mkfs OUTPUT.img [--blocks N] [--inodes N] FILE[:NAME]...\n";
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; i++) {
    std::string arg = argv[i];
    bool numeric = arg == "--blocks" || arg == "--inodes";
    if (numeric && i + 1 == argc) usage(arg + " needs a number");
    if (arg == "--blocks") {
      options.blocks = std::stoul(argv[++i]);
    } else if (arg == "--inodes") {
      options.inodes = std::stoul(argv[++i]);
    } else if (options.output.empty()) {
      options.output = arg;
    } else {
      options.files.push_back(arg);
    }
  }
  if (options.output.empty()) usage("no output image given");
  if (options.blocks < 64 || options.inodes < 2 || options.inodes > 65536) {
    usage("need at least 64 blocks and 2..65536 inodes");
  }
  return options;
}

bool read_file(const std::string& path, std::vector<uint8_t>* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  contents->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

// "dir/file:name" -> ("dir/file", "name"); "dir/file" -> ("dir/file", "file").
std::pair<std::string, std::string> source_and_name(const std::string& spec) {
  size_t colon = spec.rfind(':');
  std::string source = colon == std::string::npos ? spec : spec.substr(0, colon);
  std::string name = colon == std::string::npos ? "" : spec.substr(colon + 1);
  if (name.empty()) name = source.substr(source.rfind('/') + 1);
  return {source, name};
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse(argc, argv);
  panefs::ImageBuilder builder(options.blocks, options.inodes);
  for (const std::string& spec : options.files) {
    auto [source, name] = source_and_name(spec);
    std::vector<uint8_t> contents;
    std::string error;
    if (!read_file(source, &contents)) {
      std::cerr << "pane-mkfs: cannot read " << source << "\n";
      return 1;
    }
    if (!builder.add_file(name, contents, &error)) {
      std::cerr << "pane-mkfs: " << error << "\n";
      return 1;
    }
  }
  std::ofstream out(options.output, std::ios::binary | std::ios::trunc);
  const auto& image = builder.image();
  out.write(reinterpret_cast<const char*>(image.data()), image.size());
  if (!out) {
    std::cerr << "pane-mkfs: cannot write " << options.output << "\n";
    return 1;
  }
  return 0;
}
