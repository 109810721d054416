// Files are read and parsed on all cores; imports are then resolved file by file, in
// path order, so their diagnostics do not depend on thread timing.
#include "compiler/config/loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <thread>

#include "compiler/syntax/lexer.h"

namespace swb {
namespace fs = std::filesystem;

std::optional<std::string> read_file(const fs::path& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  std::string data;
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size < 0) {
    error = "cannot determine its size";
    return std::nullopt;
  }
  data.resize(static_cast<std::size_t>(size));
  in.seekg(0);
  in.read(data.data(), static_cast<std::streamsize>(data.size()));
  if (!in) {
    error = std::strerror(errno ? errno : EIO);
    return std::nullopt;
  }
  return data;
}

namespace {

// Adds the .swb files under `dir`. Symlinked directories are not followed, so a symlink
// loop cannot trap the walk.
bool walk(const fs::path& dir, std::vector<ConfigFile>& out) {
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) return false;
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const auto& entry = *it;
    std::error_code ec2;
    if (entry.path().extension() != ".swb") continue;
    if (entry.is_directory(ec2)) continue;
    const fs::path canon = fs::weakly_canonical(fs::absolute(entry.path()), ec2);
    out.push_back({entry.path().lexically_normal(), canon});
  }
  return true;
}

std::string format_size(std::uint64_t bytes) {
  if (bytes % (1ull << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes % 1024 == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

}  // namespace

ConfigFiles find_config_files(std::vector<std::string> paths) {
  ConfigFiles result;
  if (paths.empty()) paths.push_back(".");
  std::vector<ConfigFile> files;
  for (const auto& p : paths) {
    std::error_code ec;
    const fs::path path(p);
    const auto st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      result.fatal = fmt::format("{}: no such file or directory", p);
      return result;
    }
    const fs::path canon = fs::weakly_canonical(fs::absolute(path), ec);
    if (fs::is_directory(st)) {
      result.roots.push_back(canon);
      if (!walk(path, files)) {
        result.fatal = fmt::format("{}: cannot read the directory", p);
        return result;
      }
    } else {
      std::ifstream probe(path, std::ios::binary);
      if (!probe) {
        result.fatal = fmt::format("{}: {}", p, std::strerror(errno));
        return result;
      }
      result.roots.push_back(canon.parent_path());
      files.push_back({path.lexically_normal(), canon});
    }
  }
  // Byte order of path; a file named twice (or found by two walks) counts once.
  std::sort(files.begin(), files.end(), [](const ConfigFile& a, const ConfigFile& b) {
    return a.path.generic_string() < b.path.generic_string();
  });
  std::set<fs::path> seen;
  for (auto& f : files) {
    if (seen.insert(f.canonical).second) result.files.push_back(std::move(f));
  }
  return result;
}

std::optional<FileId> read_source_file(const fs::path& path, std::uint64_t max_file_size,
                                       SourceManager& sources, Diagnostics& diags) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (!ec && size > max_file_size) {
    const auto& f = sources.add(path.generic_string(), "");
    diags
        .report(
            DiagCode::SWB004, Span{f.id(), 0, 0},
            fmt::format("file is {} bytes, over the limit of {}", size, format_size(max_file_size)))
        .help(
            "raise the limit with --max-file-size (e.g. --max-file-size 256MiB) for "
            "generated configs, or split the file");
    return std::nullopt;
  }
  std::string error;
  auto text = read_file(path, error);
  if (!text) {
    const auto& f = sources.add(path.generic_string(), "");
    diags.report(DiagCode::SWB005, Span{f.id(), 0, 0},
                 fmt::format("cannot read this file: {}", error));
    return std::nullopt;
  }
  const std::size_t bad = syntax::find_invalid_utf8(*text);
  const auto& f = sources.add(path.generic_string(), std::move(*text));
  if (bad != std::string_view::npos) {
    // Report at the start of the line so the snippet shows what can be shown.
    diags
        .report(DiagCode::SWB005,
                Span{f.id(), static_cast<std::uint32_t>(bad), static_cast<std::uint32_t>(bad + 1)},
                fmt::format("file is not valid UTF-8: invalid byte 0x{:02X} at byte offset {}",
                            static_cast<unsigned char>(f.text()[bad]), bad))
        .help("save the file as UTF-8");
    return std::nullopt;
  }
  return f.id();
}

namespace {

using Candidate = ConfigFile;

class Loader {
 public:
  Loader(const LoadOptions& options, SourceManager& sources, Diagnostics& diags)
      : options_(options), sources_(sources), diags_(diags) {}

  LoadResult run(const std::vector<std::string>& paths) {
    LoadResult result;
    ConfigFiles found = find_config_files(paths);
    if (found.fatal) {
      result.fatal = std::move(found.fatal);
      return result;
    }
    root_ = common_root(found.roots);
    const std::vector<Candidate>& unique = found.files;
    result.config.root = root_;
    parse_all(unique);
    resolve_imports();
    // A file reached through an import is a module even when a walk also found it.
    for (std::size_t i = 0; i < units_.size(); ++i) {
      if (module_index_.count(canonical_[i])) continue;
      result.config.files.push_back(std::move(units_[i]));
    }
    result.config.modules = std::move(modules_);
    return result;
  }

 private:
  static fs::path common_root(const std::vector<fs::path>& roots) {
    if (roots.empty()) return fs::current_path();
    fs::path common = roots[0];
    for (const auto& r : roots) {
      fs::path next;
      auto a = common.begin(), b = r.begin();
      for (; a != common.end() && b != r.end() && *a == *b; ++a, ++b) next /= *a;
      common = next;
    }
    return common;
  }

  void parse_all(const std::vector<Candidate>& files) {
    const unsigned hw =
        options_.threads ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
    units_.resize(files.size());
    canonical_.resize(files.size());
    std::vector<Diagnostics> per_file(files.size());
    // Ids are assigned in path order before the threads start, so output is deterministic.
    std::vector<std::optional<FileId>> ids(files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
      ids[i] = read_source_file(files[i].path, options_.max_file_size, sources_, per_file[i]);
      canonical_[i] = files[i].canonical;
      paths_.push_back(files[i].path);
    }
    std::atomic<std::size_t> next{0};
    const unsigned workers = std::min<unsigned>(hw, std::max<std::size_t>(1, files.size()));
    // One big file gets every core; many files get one core each.
    const unsigned per_file_workers = files.size() == 1 ? hw : 1;
    auto work = [&] {
      for (std::size_t i; (i = next.fetch_add(1)) < files.size();) {
        units_[i].syntax.id = kNoFile;
        if (!ids[i]) continue;
        units_[i].syntax = syntax::parse_file(sources_.file(*ids[i]), per_file[i], options_.limits,
                                              per_file_workers);
      }
    };
    if (workers <= 1) {
      work();
    } else {
      std::vector<std::thread> threads;
      for (unsigned k = 0; k < workers; ++k) threads.emplace_back(work);
      for (auto& t : threads) t.join();
    }
    for (auto& d : per_file) diags_.merge(std::move(d));
  }

  void resolve_imports() {
    for (std::size_t i = 0; i < units_.size(); ++i) {
      std::vector<fs::path> chain{canonical_[i]};
      std::vector<std::string> chain_names{paths_[i].generic_string()};
      units_[i].aliases = bind_imports(units_[i].syntax.imports, paths_[i], chain, chain_names);
    }
  }

  // Returns what the imports bind. `imports` must not live in modules_, which grows here.
  std::map<std::string, std::size_t, std::less<>> bind_imports(
      const std::vector<syntax::Import>& imports, const fs::path& shown,
      std::vector<fs::path>& chain, std::vector<std::string>& chain_names) {
    std::map<std::string, std::size_t, std::less<>> aliases;
    for (const auto& imp : imports) {
      if (imp.path.empty()) continue;  // already reported
      const Span at = imp.path_span;
      fs::path target_shown;
      fs::path target;
      const bool is_std = imp.path.rfind("std/", 0) == 0;
      fs::path rel(imp.path);
      if (rel.extension() != ".swb") rel += ".swb";
      if (is_std) {
        target_shown = options_.stdlib_dir / rel;
        target = target_shown;
      } else if (rel.is_absolute()) {
        diags_.report(DiagCode::SWB008, at, fmt::format("import path \"{}\" is absolute", imp.path))
            .help("import a path relative to this file, inside the config's directory");
        continue;
      } else {
        target_shown = (shown.parent_path() / rel).lexically_normal();
        target = target_shown;
      }
      std::error_code ec;
      const fs::path canon = fs::weakly_canonical(fs::absolute(target), ec);
      if (!is_std) {
        const auto r = canon.lexically_relative(root_);
        if (r.empty() || *r.begin() == "..") {
          diags_
              .report(DiagCode::SWB008, at,
                      fmt::format("import \"{}\" leaves the config's root directory ({})", imp.path,
                                  shown_root()))
              .help(
                  "keep shared modules inside the config's directory, or name a common parent "
                  "directory on the command line");
          continue;
        }
      }
      if (!fs::is_regular_file(canon, ec)) {
        auto d = diags_.report(
            DiagCode::SWB006, at,
            is_std ? fmt::format("the standard library has no module \"{}\"", imp.path)
                   : fmt::format("cannot find module \"{}\" (looked for {})", imp.path,
                                 target_shown.generic_string()));
        if (is_std)
          d.help(std_help());
        else
          d.help("import paths are relative to the importing file; the '.swb' may be left out");
        continue;
      }
      const auto cyc = std::find(chain.begin(), chain.end(), canon);
      if (cyc != chain.end()) {
        std::string path_text;
        for (auto k = static_cast<std::size_t>(cyc - chain.begin()); k < chain.size(); ++k) {
          path_text += chain_names[k] + " -> ";
        }
        path_text += chain_names[static_cast<std::size_t>(cyc - chain.begin())];
        // The same cycle is met again from each of its files: report it once.
        std::vector<fs::path> members(cyc, chain.end());
        std::sort(members.begin(), members.end());
        if (reported_cycles_.insert(members).second) {
          diags_.report(DiagCode::SWB007, at, fmt::format("import cycle: {}", path_text))
              .help("move what both files need into a third module that imports neither");
        }
        // Still bind the alias when the module is loaded, so its uses do not cascade.
        const std::string cyc_alias =
            !imp.alias.text.empty() ? imp.alias.text : fs::path(imp.path).stem().string();
        if (auto known = module_index_.find(canon); known != module_index_.end()) {
          aliases[cyc_alias] = known->second;
        }
        continue;
      }
      const std::string alias =
          !imp.alias.text.empty() ? imp.alias.text : fs::path(imp.path).stem().string();
      auto found = module_index_.find(canon);
      std::size_t index;
      if (found != module_index_.end()) {
        index = found->second;
      } else {
        Diagnostics local;
        auto id = read_source_file(target_shown, options_.max_file_size, sources_, local);
        diags_.merge(std::move(local));
        Unit mod;
        mod.is_module = true;
        if (id) {
          Diagnostics pd;
          mod.syntax = syntax::parse_file(sources_.file(*id), pd, options_.limits, 1);
          diags_.merge(std::move(pd));
          for (const auto& b : mod.syntax.blocks) {
            diags_
                .report(DiagCode::SWB009, b.header,
                        fmt::format(
                            "module \"{}\" declares {} {} block; modules may only "
                            "declare vars and imports",
                            imp.path,
                            std::string_view("aeiou").find(b.kind.text[0]) != std::string_view::npos
                                ? "an"
                                : "a",
                            b.kind.text))
                .note(at, "imported here")
                .help("move the block into a config file, or turn it into a var");
          }
          mod.syntax.blocks.clear();
        }
        index = modules_.size();
        module_index_.emplace(canon, index);
        modules_.push_back(std::move(mod));
        chain.push_back(canon);
        chain_names.push_back(target_shown.generic_string());
        const std::vector<syntax::Import> nested = modules_[index].syntax.imports;
        auto bound = bind_imports(nested, target_shown, chain, chain_names);
        modules_[index].aliases = std::move(bound);
        chain.pop_back();
        chain_names.pop_back();
      }
      aliases[alias] = index;
    }
    return aliases;
  }

  // The root as the user would write it: relative to the working directory when inside it.
  std::string shown_root() const {
    std::error_code ec;
    const fs::path rel = root_.lexically_relative(fs::current_path(ec));
    if (!rel.empty() && *rel.begin() != "..") return rel.generic_string();
    return root_.generic_string();
  }

  std::string std_help() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(options_.stdlib_dir / "std", ec)) {
      if (e.path().extension() == ".swb") names.push_back("std/" + e.path().stem().string());
    }
    std::sort(names.begin(), names.end());
    if (names.empty()) return "the standard library was not found; set SWB_STDLIB to its directory";
    std::string s = "the standard library has ";
    for (std::size_t k = 0; k < names.size(); ++k) s += (k ? ", " : "") + names[k];
    return s;
  }

  const LoadOptions& options_;
  SourceManager& sources_;
  Diagnostics& diags_;
  fs::path root_;
  std::vector<Unit> units_;
  std::vector<fs::path> canonical_;
  std::vector<fs::path> paths_;
  std::vector<Unit> modules_;
  std::map<fs::path, std::size_t> module_index_;
  std::set<std::vector<fs::path>> reported_cycles_;
};

}  // namespace

LoadResult load_config(const std::vector<std::string>& paths, const LoadOptions& options,
                       SourceManager& sources, Diagnostics& diags) {
  return Loader(options, sources, diags).run(paths);
}

}  // namespace swb
