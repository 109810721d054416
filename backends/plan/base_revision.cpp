// Runs git without a shell (fork + execvp), so paths and revisions are never interpreted.
#include "backends/plan/base_revision.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace swb::plan {
namespace fs = std::filesystem;
namespace {

struct GitResult {
  int status = -1;
  std::string out;
};

GitResult run_git(const std::vector<std::string>& args) {
  GitResult result;
  int pipefd[2];
  if (::pipe(pipefd) != 0) return result;
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(pipefd[0]);
    ::close(pipefd[1]);
    return result;
  }
  if (pid == 0) {
    ::dup2(pipefd[1], STDOUT_FILENO);
    const int devnull = ::open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      ::dup2(devnull, STDERR_FILENO);
      ::dup2(devnull, STDIN_FILENO);
    }
    ::close(pipefd[0]);
    ::close(pipefd[1]);
    std::vector<char*> argv;
    static char git[] = "git";
    argv.push_back(git);
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execvp("git", argv.data());
    ::_exit(127);
  }
  ::close(pipefd[1]);
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(pipefd[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    result.out.append(buf, static_cast<std::size_t>(n));
  }
  ::close(pipefd[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

RevisionTree::~RevisionTree() {
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

std::optional<std::string> RevisionTree::extract(const std::vector<std::string>& given,
                                                 const std::string& revision) {
  const std::vector<std::string> paths = given.empty() ? std::vector<std::string>{"."} : given;
  std::vector<fs::path> absolute;
  fs::path root;
  for (const auto& p : paths) {
    std::error_code ec;
    fs::path abs = fs::weakly_canonical(fs::absolute(p), ec);
    absolute.push_back(abs);
    const fs::path dir = fs::is_directory(abs, ec) ? abs : abs.parent_path();
    if (root.empty()) {
      root = dir;
    } else {
      // The common directory of the paths.
      fs::path common;
      auto a = root.begin(), b = dir.begin();
      for (; a != root.end() && b != dir.end() && *a == *b; ++a, ++b) common /= *a;
      root = common;
    }
  }
  const GitResult top_result = run_git({"-C", root.string(), "rev-parse", "--show-toplevel"});
  if (top_result.status != 0) {
    return "--base needs the config inside a git work tree, and " + root.string() +
           " is not in one";
  }
  const fs::path top = fs::weakly_canonical(trimmed(top_result.out));
  if (revision.empty() || revision.front() == '-' ||
      run_git({"-C", top.string(), "rev-parse", "--verify", "--quiet", "--end-of-options",
               revision + "^{commit}"})
              .status != 0) {
    return "--base: unknown revision '" + revision + "'";
  }
  std::string tmpl = (fs::temp_directory_path() / "swb-base-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return "--base: cannot create a temporary directory";
  dir_ = tmpl;
  const std::string root_rel = fs::relative(root, top).generic_string();
  std::vector<std::string> ls = {"-C",          top.string(),  "ls-tree", "-r", "-z",
                                 "--full-name", "--name-only", revision,  "--"};
  if (!root_rel.empty() && root_rel != ".") ls.push_back(root_rel);
  const GitResult listing = run_git(ls);
  if (listing.status != 0) return "--base: cannot list the files at '" + revision + "'";
  std::size_t at = 0;
  while (at < listing.out.size()) {
    const auto end = listing.out.find('\0', at);
    const std::string file = listing.out.substr(at, end - at);
    at = end == std::string::npos ? listing.out.size() : end + 1;
    if (file.empty()) continue;
    const GitResult blob = run_git({"-C", top.string(), "cat-file", "blob", revision + ":" + file});
    if (blob.status != 0) continue;  // a submodule or similar: not part of a config
    const fs::path target = dir_ / file;
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    std::ofstream(target, std::ios::binary) << blob.out;
  }
  for (std::size_t i = 0; i < absolute.size(); ++i) {
    const fs::path mapped = dir_ / fs::relative(absolute[i], top);
    std::error_code ec;
    if (!fs::exists(mapped, ec)) {
      // A directory that did not exist yet: an empty config then.
      if (fs::is_directory(absolute[i], ec))
        fs::create_directories(mapped, ec);
      else
        return "--base: " + paths[i] + " does not exist at '" + revision + "'";
    }
    paths_.push_back(mapped.string());
  }
  return std::nullopt;
}

}  // namespace swb::plan
