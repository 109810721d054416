// `swb plan --base REV`: the same config paths as they were at a git revision, copied
// into a temporary directory with `git ls-tree` / `git cat-file`, never touching the
// work tree.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace swb::plan {

// A temporary directory holding the config at the revision; removed when destroyed.
class RevisionTree {
 public:
  RevisionTree() = default;
  RevisionTree(const RevisionTree&) = delete;
  RevisionTree& operator=(const RevisionTree&) = delete;
  ~RevisionTree();

  // The command-line paths, mapped into the temporary directory.
  const std::vector<std::string>& paths() const { return paths_; }

  // Extracts `paths` (default ".") at `revision`. On failure returns the message for
  // exit 2: not inside a git work tree, or an unknown revision.
  std::optional<std::string> extract(const std::vector<std::string>& paths,
                                     const std::string& revision);

 private:
  std::filesystem::path dir_;
  std::vector<std::string> paths_;
};

}  // namespace swb::plan
