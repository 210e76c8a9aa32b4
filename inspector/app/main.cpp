// gh-inspector: the Glasshouse inspector (see docs/inspector.md).
#include <cstdio>
#include <string>
#include <vector>

#include "inspector_app.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const gh::inspector::ParsedOptions parsed = gh::inspector::parse_inspector_options(args);
  if (!parsed.options) {
    if (!parsed.error.empty()) std::fprintf(stderr, "gh-inspector: %s\n", parsed.error.c_str());
    std::fputs(gh::inspector::inspector_usage(), parsed.error.empty() ? stdout : stderr);
    return parsed.error.empty() ? 0 : 2;
  }
  gh::inspector::InspectorApp app(*parsed.options);
  return app.run();
}
