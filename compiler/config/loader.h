// Loading a config: the paths on the command line -> source files (read and parsed in
// parallel) and the modules they import, with SWB004–SWB009.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/syntax/parser.h"
#include "compiler/syntax/tree.h"

namespace swb {

struct LoadOptions {
  std::uint64_t max_file_size = 64ull << 20;
  syntax::ParseLimits limits;
  std::filesystem::path stdlib_dir;  // holds std/*.swb
  unsigned threads = 0;              // 0: one per core
};

// A parsed file of the config or an imported module, with what its imports bind.
struct Unit {
  syntax::File syntax;
  bool is_module = false;
  std::map<std::string, std::size_t, std::less<>> aliases;  // alias -> index into modules
};

struct LoadedConfig {
  std::vector<Unit> files;    // config files, in byte order of path
  std::vector<Unit> modules;  // imported modules, each once
  std::filesystem::path root;
};

struct LoadResult {
  LoadedConfig config;
  std::optional<std::string> fatal;  // a path that cannot be used: exit 2, no SWB code
};

LoadResult load_config(const std::vector<std::string>& paths, const LoadOptions& options,
                       SourceManager& sources, Diagnostics& diags);

// A config file named on the command line or found by walking a directory.
struct ConfigFile {
  std::filesystem::path path;  // as shown to the user
  std::filesystem::path canonical;
};

struct ConfigFiles {
  std::vector<ConfigFile> files;             // in byte order of path, each once
  std::vector<std::filesystem::path> roots;  // the directories named, or the files' folders
  std::optional<std::string> fatal;          // a path that cannot be used: exit 2, no SWB code
};

// The files that command-line paths name: files as given, and the .swb files under
// directories (no path: the current directory).
ConfigFiles find_config_files(std::vector<std::string> paths);

// Reads one config file into `sources`, with SWB004 (over `max_file_size`) and SWB005
// (unreadable, not UTF-8); nullopt when it cannot be used.
std::optional<FileId> read_source_file(const std::filesystem::path& path,
                                       std::uint64_t max_file_size, SourceManager& sources,
                                       Diagnostics& diags);

// Reads one file whole; nullopt and errno's text in `error` when it cannot be read.
std::optional<std::string> read_file(const std::filesystem::path& path, std::string& error);

}  // namespace swb
