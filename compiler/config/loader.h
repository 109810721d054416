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
  // Imports and vars; blocks too unless `deferred` holds them (config files: lowering
  // parses those as it goes).
  syntax::File syntax;
  std::shared_ptr<const syntax::DeferredBlocks> deferred;
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

// The files of a config, read but not parsed (what `swb fmt` works on).
struct ConfigSources {
  struct File {
    FileId id;
    std::filesystem::path canonical;  // the file itself, through any symbolic link
  };
  std::vector<File> files;           // in byte order of path, each once
  std::optional<std::string> fatal;  // a path that cannot be used: exit 2, no SWB code
};

// Finds and reads the files `paths` name exactly as load_config does (the same walk, limits
// and SWB004/SWB005), without parsing them or following imports.
ConfigSources read_config_sources(const std::vector<std::string>& paths, const LoadOptions& options,
                                  SourceManager& sources, Diagnostics& diags);

// What reading one file gave.
struct FileRead {
  enum class Status { ok, unreadable, not_regular, too_large };
  Status status = Status::unreadable;
  std::string text;                  // ok: the whole file
  std::uint64_t size = 0;            // too_large: the file's size
  std::string error;                 // unreadable, not_regular: why, for a message
  std::optional<DiskOrigin> origin;  // ok: the file read, to read parts of it again
};

// Reads a regular file whole, deciding from its metadata before reading a byte: a FIFO,
// socket, device or directory is not_regular (and is opened without blocking, so a FIFO
// with no writer cannot hang the run); a file over `max_size` is too_large and is not read.
FileRead read_regular_file(const std::filesystem::path& path, std::uint64_t max_size);

// Reads one regular file whole; nullopt and the reason in `error` when it cannot be read.
std::optional<std::string> read_file(const std::filesystem::path& path, std::string& error);

}  // namespace swb
