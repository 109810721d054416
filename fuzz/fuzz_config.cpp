// libFuzzer target: `check` on a set of files with imports. The input is split into files
// at lines `# file: NAME` (NAME reduced to [a-z0-9_]), written to a scratch directory, and
// loaded as a config the way the command line does, so imports, cycles and modules run.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "backends/json/json_backend.h"
#include "compiler/driver/driver.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const fs::path dir = fs::temp_directory_path() / ("swb-fuzz-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "lib");
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::string name = "main.swb", text;
  int files = 0;
  auto flush = [&] {
    if (files++ < 6) std::ofstream(dir / name, std::ios::binary) << text;
    text.clear();
  };
  std::size_t pos = 0;
  while (pos < input.size()) {
    std::size_t nl = input.find('\n', pos);
    if (nl == std::string::npos) nl = input.size();
    const std::string_view line(input.data() + pos, nl - pos);
    if (line.substr(0, 8) == "# file: ") {
      flush();
      std::string clean;
      for (char c : line.substr(8)) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') clean += c;
      }
      if (clean.empty()) clean = "x";
      name = (files % 2 ? "lib/" : "") + clean.substr(0, 16) + ".swb";
    } else {
      text.append(line).append("\n");
    }
    pos = nl + 1;
  }
  flush();

  swb::CompileOptions options;
  options.paths = {dir.string()};
  options.load.stdlib_dir = SWB_FUZZ_STDLIB;
  options.load.threads = 1;
  auto c = swb::compile(options);
  if (!c->fatal && !c->diags.has_errors()) {
    std::string out;
    swb::JsonBackend().generate(c->ir, swb::BackendContext{&c->sources}, out);
  }
  return 0;
}
