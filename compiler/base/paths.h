// Path containment, shared by everything that must stay inside the config's root directory
// (files found by walking, imports, logo files).
#pragma once

#include <filesystem>

namespace swb {

// Whether `path` (absolute and canonical) is `root` or lies beneath it, lexically.
inline bool is_inside(const std::filesystem::path& path, const std::filesystem::path& root) {
  const std::filesystem::path relative = path.lexically_relative(root);
  return !relative.empty() && *relative.begin() != "..";
}

}  // namespace swb
