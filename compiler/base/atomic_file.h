// Writing an output file so that readers see the old file or the whole new one, never a
// partial one: every file swb writes (build/plan/graph -o, fmt) goes through here.
#pragma once

#include <string>

namespace swb {

// Writes `content` to a temporary file in `path`'s directory and renames it over `path`.
// An existing file keeps its permission bits. On failure nothing at `path` changes and
// `error` says why.
bool write_atomically(const std::string& path, const std::string& content, std::string& error);

}  // namespace swb
