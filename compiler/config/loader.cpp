// Files are read and parsed on all cores; imports are then resolved file by file, in
// path order, so their diagnostics do not depend on thread timing.
#include "compiler/config/loader.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <limits>
#include <set>
#include <thread>

#include "compiler/base/memory.h"
#include "compiler/base/parallel.h"
#include "compiler/base/paths.h"
#include "compiler/syntax/lexer.h"

namespace swb {
namespace fs = std::filesystem;

namespace {

// What a file that is not a regular one is, for messages.
std::string_view file_type_name(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

}  // namespace

FileRead read_regular_file(const fs::path& path, std::uint64_t max_size) {
  FileRead r;
  struct stat st {};
  // Whether stat/fstat succeeded on a regular file; if not, `r` says why.
  auto is_regular = [&](int stat_result) {
    if (stat_result != 0) {
      r.error = std::strerror(errno);
      return false;
    }
    if (!S_ISREG(st.st_mode)) {
      r.status = FileRead::Status::not_regular;
      r.error = fmt::format("it is {}, not a regular file", file_type_name(st.st_mode));
      return false;
    }
    return true;
  };
  // Look before opening: opening a device can have effects of its own.
  if (!is_regular(::stat(path.c_str(), &st))) return r;
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    r.error = std::strerror(errno);
    return r;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  // The path may have been replaced between stat and open: decide on what was opened.
  if (!is_regular(::fstat(fd, &st))) return r;
  r.size = static_cast<std::uint64_t>(st.st_size);
  if (r.size > max_size) {
    r.status = FileRead::Status::too_large;
    return r;
  }
  r.text.reserve(static_cast<std::size_t>(r.size));
  advise_huge_pages(r.text.data(), static_cast<std::size_t>(r.size));
  r.text.resize(static_cast<std::size_t>(r.size));
  std::size_t done = 0;
  while (done < r.text.size()) {
    const ssize_t n = ::read(fd, r.text.data() + done, r.text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      r.error = std::strerror(errno);
      r.text.clear();
      return r;
    }
    if (n == 0) break;  // the file shrank since fstat
    done += static_cast<std::size_t>(n);
  }
  // Bytes appended since fstat are not read, so the limit holds.
  r.text.resize(done);
  r.status = FileRead::Status::ok;
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec);
  if (!ec) r.origin = disk_origin(fd, absolute.string());
  return r;
}

std::optional<std::string> read_file(const fs::path& path, std::string& error) {
  FileRead r = read_regular_file(path, std::numeric_limits<std::uint64_t>::max());
  if (r.status != FileRead::Status::ok) {
    error = r.error;
    return std::nullopt;
  }
  return std::move(r.text);
}

namespace {

std::string format_size(std::uint64_t bytes) {
  if (bytes % (1ull << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes % 1024 == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

struct Candidate {
  fs::path path;  // as shown
  fs::path canonical;
  bool walked = false;  // found by walking a directory, not named on the command line
};

// Spans are 32-bit byte offsets, so no file may be larger, whatever --max-file-size says.
constexpr std::uint64_t kLargestAddressableFile = std::numeric_limits<std::uint32_t>::max();
// Below this much source, lexing every file takes less time than starting threads for it.
constexpr std::size_t kBytesWorthAThread = 256 * 1024;

// A module as read and parsed, once, however many passes bind imports to it.
struct ParsedModule {
  // A file the walk also found: its index in the walk's units, whose imports and vars are
  // the module's; `unit` then holds only its blocks (and items that did not parse).
  std::optional<std::size_t> walked;
  Unit unit;
  Diagnostics diags;  // reading and parsing it (what the walk did not already report)
};

class Loader {
 public:
  Loader(const LoadOptions& options, SourceManager& sources, Diagnostics& diags)
      : options_(options), sources_(sources), diags_(diags) {}

  // The files `paths` name, read into the source manager: files as given, the *.swb files
  // beneath directories, each once, in byte order of path. Sets `fatal` for a path that
  // cannot be used.
  std::vector<Candidate> discover(std::vector<std::string> paths,
                                  std::optional<std::string>& fatal) {
    if (paths.empty()) paths.push_back(".");
    std::vector<Candidate> files;
    std::vector<fs::path> roots;
    std::vector<std::pair<fs::path, std::string>> unreadable_dirs;
    for (const auto& p : paths) {
      std::error_code ec;
      const fs::path path(p);
      struct stat st {};
      if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        if (err == ENOENT && fs::is_symlink(fs::symlink_status(path, ec))) {
          fatal = fmt::format("{}: a symbolic link whose target does not exist", p);
        } else {
          fatal = fmt::format("{}: {}", p,
                              err == ENOENT ? "no such file or directory" : std::strerror(err));
        }
        return {};
      }
      const fs::path canon = fs::weakly_canonical(fs::absolute(path), ec);
      if (S_ISDIR(st.st_mode)) {
        roots.push_back(canon);
        if (auto err = walk(path, files, unreadable_dirs)) {
          fatal = fmt::format("{}: cannot read the directory: {}", p, *err);
          return {};
        }
      } else if (S_ISREG(st.st_mode)) {
        // Opened without blocking and closed at once: only whether it can be read matters.
        const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) {
          fatal = fmt::format("{}: {}", p, std::strerror(errno));
          return {};
        }
        ::close(fd);
        roots.push_back(canon.parent_path());
        files.push_back({path.lexically_normal(), canon});
      } else {
        fatal =
            fmt::format("{}: {}, not a regular file or directory", p, file_type_name(st.st_mode));
        return {};
      }
    }
    // Byte order of path; a file named twice (or found by two walks) counts once.
    std::sort(files.begin(), files.end(), [](const Candidate& a, const Candidate& b) {
      return a.path.generic_string() < b.path.generic_string();
    });
    std::vector<Candidate> unique;
    std::set<fs::path> seen;
    for (auto& f : files) {
      if (seen.insert(f.canonical).second) unique.push_back(std::move(f));
    }
    root_ = common_root(roots);
    std::sort(unreadable_dirs.begin(), unreadable_dirs.end());
    for (const auto& [dir, error] : unreadable_dirs) {
      const auto& f = sources_.add(dir.generic_string(), "");
      diags_
          .report(DiagCode::SWB005, Span{f.id(), 0, 0},
                  fmt::format("cannot read this directory: {}", error))
          .help("the .swb files inside it are not part of the check; make it readable");
    }
    return unique;
  }

  ConfigSources read_only(const std::vector<std::string>& paths) {
    ConfigSources result;
    const std::vector<Candidate> files = discover(paths, result.fatal);
    for (const auto& f : files) {
      if (auto id = read_source(f, diags_)) result.files.push_back({*id, f.canonical});
    }
    return result;
  }

  LoadResult run(const std::vector<std::string>& paths) {
    LoadResult result;
    const std::vector<Candidate> unique = discover(paths, result.fatal);
    if (result.fatal) return result;
    result.config.root = root_;
    parse_all(unique);
    resolve_imports();
    // A file reached through an import is a module even when a walk also found it.
    for (std::size_t i = 0; i < units_.size(); ++i) {
      if (module_index_.count(canonical_[i])) continue;
      // An earlier pass took it for a module and parsed its blocks: they are this file's now.
      if (auto p = parsed_index_.find(canonical_[i]); p != parsed_index_.end()) {
        ParsedModule& m = parsed_[p->second];
        units_[i].syntax.blocks = std::move(m.unit.syntax.blocks);
        append(units_[i].syntax.broken, std::move(m.unit.syntax.broken));
        diags_.merge(std::move(m.diags));
      }
      result.config.files.push_back(std::move(units_[i]));
    }
    for (std::size_t k = 0; k < modules_.size(); ++k) {
      ParsedModule& m = parsed_[modules_[k]];
      Unit unit;
      if (m.walked) {
        // The walk parsed its imports and vars; its blocks were parsed for SWB009 only.
        unit = std::move(units_[*m.walked]);
        unit.deferred.reset();
        append(unit.syntax.broken, std::move(m.unit.syntax.broken));
      } else {
        unit = std::move(m.unit);
      }
      unit.syntax.blocks.clear();
      unit.is_module = true;
      unit.aliases = std::move(module_aliases_[k]);
      result.config.modules.push_back(std::move(unit));
    }
    return result;
  }

 private:
  // Every *.swb beneath `top`. Symbolic links to directories are not followed, so a link
  // loop cannot trap the walk; a subdirectory that cannot be read is kept for a diagnostic
  // rather than skipped in silence. Returns why `top` itself cannot be read, if it cannot.
  std::optional<std::string> walk(const fs::path& top, std::vector<Candidate>& out,
                                  std::vector<std::pair<fs::path, std::string>>& unreadable) {
    std::vector<fs::path> pending{top};
    while (!pending.empty()) {
      const fs::path dir = std::move(pending.back());
      pending.pop_back();
      std::error_code ec;
      fs::directory_iterator it(dir, ec);
      for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const auto& entry = *it;
        std::error_code ec2;
        if (entry.is_directory(ec2) && !entry.is_symlink(ec2)) {
          pending.push_back(entry.path());
          continue;
        }
        if (entry.path().extension() != ".swb" || entry.is_directory(ec2)) continue;
        const fs::path canon = fs::weakly_canonical(fs::absolute(entry.path()), ec2);
        out.push_back({entry.path().lexically_normal(), canon, true});
      }
      if (ec) {
        if (dir == top) return ec.message();
        unreadable.emplace_back(dir.lexically_normal(), ec.message());
      }
    }
    return std::nullopt;
  }

  // Whether a canonical path lies inside the config's root directory.
  bool inside_root(const fs::path& canonical) const { return is_inside(canonical, root_); }

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

  // Reads a file into the source manager; nullopt (with a diagnostic) when it cannot be
  // used. A file that cannot be read is reported at `at` (an import) when given, else on
  // the file itself.
  std::optional<FileId> read_source(const Candidate& c, Diagnostics& diags,
                                    std::optional<Span> at = std::nullopt) {
    return add_source(c, read_candidate(c), diags, at);
  }

  // A candidate as read from disk, before it is added to the source manager.
  struct Read {
    bool outside = false;  // a walked symbolic link to outside the root: not read
    FileRead file;
    std::size_t bad_utf8 = std::string_view::npos;  // the first byte that is not UTF-8
  };
  // Reads a candidate; touches nothing shared, so candidates can be read at once.
  Read read_candidate(const Candidate& c) const {
    Read out;
    // A symbolic link found by a walk must not read what lies outside the config: a pull
    // request could otherwise add `x.swb -> ~/.ssh/id_rsa` and have a line of it echoed.
    if (c.walked && !inside_root(c.canonical)) {
      out.outside = true;
      return out;
    }
    out.file = read_regular_file(c.path, read_limit());
    if (out.file.status == FileRead::Status::ok) {
      out.bad_utf8 = syntax::find_invalid_utf8(out.file.text);
    }
    return out;
  }

  std::uint64_t read_limit() const {
    return std::min(options_.max_file_size, kLargestAddressableFile);
  }

  // Adds what reading a candidate gave to the source manager (ids follow the order of the
  // calls); nullopt (with a diagnostic) when it cannot be used.
  std::optional<FileId> add_source(const Candidate& c, Read read, Diagnostics& diags,
                                   std::optional<Span> at = std::nullopt) {
    const std::string shown = c.path.generic_string();
    auto unusable = [&](DiagCode code, std::string message) {
      const auto& f = sources_.add(shown, "");
      if (at) message = fmt::format("{}: {}", shown, message);
      return diags.report(code, at ? *at : Span{f.id(), 0, 0}, std::move(message));
    };
    if (read.outside) {
      unusable(DiagCode::SWB005,
               "not read: a symbolic link to a file outside the config's root directory")
          .help("copy the file into the config's directory, or name it on the command line");
      return std::nullopt;
    }
    FileRead& r = read.file;
    if (r.status == FileRead::Status::too_large) {
      unusable(DiagCode::SWB004, fmt::format("file is {} bytes, over the limit of {}", r.size,
                                             format_size(read_limit())))
          .help(
              "raise the limit with --max-file-size (e.g. --max-file-size 256MiB) for "
              "generated configs, or split the file");
      return std::nullopt;
    }
    if (r.status != FileRead::Status::ok) {
      unusable(DiagCode::SWB005, fmt::format("cannot read this file: {}", r.error));
      return std::nullopt;
    }
    const std::size_t bad = read.bad_utf8;
    const auto& f = sources_.add(shown, std::move(r.text), std::move(r.origin));
    if (bad != std::string_view::npos) {
      // Report at the start of the line so the snippet shows what can be shown.
      diags
          .report(
              DiagCode::SWB005,
              Span{f.id(), static_cast<std::uint32_t>(bad), static_cast<std::uint32_t>(bad + 1)},
              fmt::format("file is not valid UTF-8: invalid byte 0x{:02X} at byte offset {}",
                          static_cast<unsigned char>(f.text()[bad]), bad))
          .help("save the file as UTF-8");
      return std::nullopt;
    }
    return f.id();
  }

  void parse_all(const std::vector<Candidate>& files) {
    const unsigned hw =
        options_.threads ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
    units_.resize(files.size());
    canonical_.resize(files.size());
    std::vector<Diagnostics> per_file(files.size());
    // Ids are assigned in path order before the threads start, so output is deterministic.
    std::vector<std::optional<FileId>> ids(files.size());
    // Read at once, a file a thread, then added in path order. Small configs, most runs of a
    // pre-commit hook, are read on this thread.
    std::uintmax_t on_disk = 0;
    for (const Candidate& c : files) {
      std::error_code ec;
      const std::uintmax_t size = fs::file_size(c.path, ec);
      if (!ec) on_disk += size;
    }
    const bool large = on_disk >= kBytesWorthAThread;
    std::vector<Read> reads(files.size());
    parallel_for(files.size(), large ? hw : 1,
                 [&](std::size_t i) { reads[i] = read_candidate(files[i]); });
    for (std::size_t i = 0; i < files.size(); ++i) {
      ids[i] = add_source(files[i], std::move(reads[i]), per_file[i]);
      canonical_[i] = files[i].canonical;
      unit_index_.emplace(files[i].canonical, i);
      paths_.push_back(files[i].path);
    }
    std::atomic<std::size_t> next{0};
    // A thread costs about 0.1 ms to start: small configs (most runs of a pre-commit hook)
    // are read on this one.
    std::size_t bytes = 0;
    for (const auto& id : ids) bytes += id ? sources_.file(*id).text().size() : 0;
    const unsigned workers = bytes < kBytesWorthAThread
                                 ? 1
                                 : std::min<unsigned>(hw, std::max<std::size_t>(1, files.size()));
    // Lexed and split here; the blocks are parsed while they are lowered. One big file is
    // lexed on every core; many files get one core each.
    const unsigned per_file_workers = files.size() == 1 ? hw : 1;
    auto work = [&] {
      for (std::size_t i; (i = next.fetch_add(1)) < files.size();) {
        units_[i].syntax.id = kNoFile;
        if (!ids[i]) continue;
        auto split = syntax::parse_file_deferred(sources_.file(*ids[i]), per_file[i],
                                                 options_.limits, per_file_workers);
        units_[i].syntax = std::move(split.head);
        units_[i].deferred = std::move(split.blocks);
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

  // Binds the imports of every config file, and of the modules they reach. The files are
  // taken in path order, and each that no import has reached yet is a config file whose
  // imports are bound; but a file bound as a config file may be imported by a later one, and
  // is then a module (LANGUAGE.md §3). Its imports would be bound twice and their findings
  // reported twice, so the binding is done again, with the files found to be modules left
  // out. Only the last pass reports, and each file is read and parsed once (parsed_),
  // whatever the number of passes. Most configs take one; a module that comes before its
  // importer in path order, a second.
  void resolve_imports() {
    std::set<std::size_t> imported;  // files an earlier pass found to be modules
    for (;;) {
      Diagnostics pass;
      modules_.clear();
      module_aliases_.clear();
      module_index_.clear();
      reported_cycles_.clear();
      auto bind_file = [&](std::size_t i) {
        std::vector<fs::path> chain{canonical_[i]};
        std::vector<std::string> chain_names{paths_[i].generic_string()};
        units_[i].aliases =
            bind_imports(units_[i].syntax.imports, paths_[i], chain, chain_names, pass);
      };
      bool late = false;  // a file bound as a config file, then imported
      for (std::size_t i = 0; i < units_.size(); ++i) {
        if (imported.count(i) || module_index_.count(canonical_[i])) continue;
        bind_file(i);
        late = late || module_index_.count(canonical_[i]);
      }
      // A module of an earlier pass that no import reaches now (it was reached only through
      // a file now left out, in a cycle) is a config file after all.
      for (std::size_t i : imported) {
        if (!module_index_.count(canonical_[i])) bind_file(i);
      }
      if (!late) {
        diags_.merge(std::move(pass));
        return;
      }
      // Grows each time (a late file was not in it), so the passes end.
      for (std::size_t i = 0; i < units_.size(); ++i) {
        if (module_index_.count(canonical_[i])) imported.insert(i);
      }
    }
  }

  // The module at `canon`, read and parsed on first use; an index into parsed_. A file the
  // walk found is not read again: its imports and vars are the walk's parse, and only its
  // blocks are parsed here, for SWB009.
  std::size_t parse_module(const fs::path& shown, const fs::path& canon, Span at) {
    if (auto known = parsed_index_.find(canon); known != parsed_index_.end()) return known->second;
    ParsedModule m;
    if (auto walked = unit_index_.find(canon); walked != unit_index_.end()) {
      m.walked = walked->second;
      Unit& unit = units_[walked->second];
      if (unit.deferred) {
        for (std::size_t k = 0; k < unit.deferred->chunks(); ++k) {
          syntax::File chunk;
          unit.deferred->parse_chunk(k, chunk, m.diags);
          append(m.unit.syntax.blocks, std::move(chunk.blocks));
          append(m.unit.syntax.broken, std::move(chunk.broken));
        }
        // Each chunk is parsed once: lowering must not parse them again.
        unit.deferred.reset();
      }
    } else if (auto id = read_source(Candidate{shown, canon}, m.diags, at)) {
      m.unit.syntax = syntax::parse_file(sources_.file(*id), m.diags, options_.limits);
    }
    parsed_index_.emplace(canon, parsed_.size());
    parsed_.push_back(std::move(m));
    return parsed_.size() - 1;
  }

  // The parse that holds a module's imports and vars.
  const syntax::File& module_syntax(const ParsedModule& m) const {
    return m.walked ? units_[*m.walked].syntax : m.unit.syntax;
  }

  template <class T>
  static void append(std::vector<T>& to, std::vector<T>&& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  }

  // Returns what the imports bind. `imports` must not live in parsed_, which grows here.
  std::map<std::string, std::size_t, std::less<>> bind_imports(
      const std::vector<syntax::Import>& imports, const fs::path& shown,
      std::vector<fs::path>& chain, std::vector<std::string>& chain_names, Diagnostics& diags) {
    std::map<std::string, std::size_t, std::less<>> aliases;
    std::map<std::string, Span, std::less<>> alias_at;  // where each alias is first written
    for (const auto& imp : imports) {
      if (imp.path.empty()) continue;  // already reported
      const Span at = imp.path_span;
      // Without `as`, the alias is the path's last segment, written in the path.
      const bool explicit_alias = !imp.alias.text.empty();
      const std::string alias =
          explicit_alias ? imp.alias.text : fs::path(imp.path).stem().string();
      const Span alias_span = explicit_alias ? imp.alias.span : at;
      // As with declarations, the first one stands: a later one is still read and checked as
      // a module, but binds nothing.
      const auto [first, fresh] = alias_at.emplace(alias, alias_span);
      if (!fresh) {
        diags
            .report(DiagCode::SWB106, alias_span,
                    fmt::format("import alias '{}' is declared twice in this file", alias))
            .note(first->second, "first declared here")
            .help(fmt::format("give one of them another name: `import \"{}\" as NAME`", imp.path));
      }
      if (imp.path.find('\0') != std::string::npos) {
        // "\u0000" in the string: the system would cut the name there.
        diags.report(DiagCode::SWB006, at, "an import path cannot contain a NUL character")
            .help("import paths are relative to the importing file; the '.swb' may be left out");
        continue;
      }
      fs::path target_shown;
      fs::path target;
      const bool is_std = imp.path.rfind("std/", 0) == 0;
      fs::path rel(imp.path);
      if (rel.extension() != ".swb") rel += ".swb";
      if (is_std) {
        target_shown = options_.stdlib_dir / rel;
        target = target_shown;
      } else if (rel.is_absolute()) {
        diags.report(DiagCode::SWB008, at, fmt::format("import path \"{}\" is absolute", imp.path))
            .help("import a path relative to this file, inside the config's directory");
        continue;
      } else {
        target_shown = (shown.parent_path() / rel).lexically_normal();
        target = target_shown;
      }
      std::error_code ec;
      const fs::path canon = fs::weakly_canonical(fs::absolute(target), ec);
      if (is_std) {
        // `std/../..` must not reach past the standard library either.
        const auto r =
            canon.lexically_relative(fs::weakly_canonical(fs::absolute(options_.stdlib_dir), ec));
        if (r.empty() || *r.begin() == "..") {
          diags
              .report(DiagCode::SWB008, at,
                      fmt::format("import \"{}\" leaves the standard library", imp.path))
              .help(std_help());
          continue;
        }
      } else if (!inside_root(canon)) {
        diags
            .report(DiagCode::SWB008, at,
                    fmt::format("import \"{}\" leaves the config's root directory ({})", imp.path,
                                shown_root()))
            .help(
                "keep shared modules inside the config's directory, or name a common parent "
                "directory on the command line");
        continue;
      }
      // Only a missing file is "not found"; one that exists but is not a readable regular
      // file (a directory, a FIFO) is reported by read_source below.
      if (!fs::exists(canon, ec)) {
        auto d =
            diags.report(DiagCode::SWB006, at,
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
          diags.report(DiagCode::SWB007, at, fmt::format("import cycle: {}", path_text))
              .help("move what both files need into a third module that imports neither");
        }
        // Still bind the alias when the module is loaded, so its uses do not cascade.
        if (auto known = module_index_.find(canon); fresh && known != module_index_.end()) {
          aliases[alias] = known->second;
        }
        continue;
      }
      auto found = module_index_.find(canon);
      std::size_t index;
      if (found != module_index_.end()) {
        index = found->second;
      } else {
        const std::size_t parsed = parse_module(target_shown, canon, at);
        // A copy: each pass reports into its own list, and only the last pass's is kept.
        Diagnostics own = parsed_[parsed].diags;
        diags.merge(std::move(own));
        for (const auto& b : parsed_[parsed].unit.syntax.blocks) {
          diags
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
        index = modules_.size();
        module_index_.emplace(canon, index);
        modules_.push_back(parsed);
        module_aliases_.emplace_back();
        chain.push_back(canon);
        chain_names.push_back(target_shown.generic_string());
        // A copy: parsed_ and units_ may move while the nested imports are bound.
        const std::vector<syntax::Import> nested = module_syntax(parsed_[parsed]).imports;
        auto bound = bind_imports(nested, target_shown, chain, chain_names, diags);
        module_aliases_[index] = std::move(bound);
        chain.pop_back();
        chain_names.pop_back();
      }
      if (fresh) aliases[alias] = index;
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
  std::vector<Unit> units_;  // the files named or walked, in path order
  std::vector<fs::path> canonical_;
  std::vector<fs::path> paths_;
  std::map<fs::path, std::size_t> unit_index_;  // canonical path -> index into units_
  // Every module read, by canonical path, kept across the passes of resolve_imports.
  std::vector<ParsedModule> parsed_;
  std::map<fs::path, std::size_t> parsed_index_;
  // The pass's modules, in the order first imported: indices into parsed_, and their aliases.
  std::vector<std::size_t> modules_;
  std::vector<std::map<std::string, std::size_t, std::less<>>> module_aliases_;
  std::map<fs::path, std::size_t> module_index_;  // canonical path -> index into modules_
  std::set<std::vector<fs::path>> reported_cycles_;
};

}  // namespace

LoadResult load_config(const std::vector<std::string>& paths, const LoadOptions& options,
                       SourceManager& sources, Diagnostics& diags) {
  return Loader(options, sources, diags).run(paths);
}

ConfigSources read_config_sources(const std::vector<std::string>& paths, const LoadOptions& options,
                                  SourceManager& sources, Diagnostics& diags) {
  return Loader(options, sources, diags).read_only(paths);
}

}  // namespace swb
