// Temporary file + fsync + rename, the usual recipe for an atomic replace on POSIX.
#include "compiler/base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

namespace swb {
namespace {

// The temporary file being written, so that a run interrupted by a signal (Ctrl-C, a CI
// timeout) removes it instead of leaving it behind. A fixed buffer: the handler may not
// allocate.
char pending_temp[4096];
volatile std::sig_atomic_t pending_temp_set = 0;

void remove_pending_temp(int sig) {
  if (pending_temp_set) ::unlink(pending_temp);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

// Tests prove that killing swb in the middle of a write loses nothing. To land the kill
// there, SWB_TEST_WRITE_PAUSE=N makes the writer stop for a minute after N bytes.
std::size_t pause_after() {
  const char* v = std::getenv("SWB_TEST_WRITE_PAUSE");
  return v ? static_cast<std::size_t>(std::strtoull(v, nullptr, 10)) : SIZE_MAX;
}

}  // namespace

bool write_atomically(const std::string& path, const std::string& content, std::string& error) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmpl = (dir / ("." + target.filename().string() + ".swb-XXXXXX")).string();
  if (tmpl.size() >= sizeof pending_temp) {
    error = std::strerror(ENAMETOOLONG);
    return false;
  }
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, remove_pending_temp);
  // Over a file-size limit (ulimit -f) the write fails with EFBIG and is reported, rather
  // than the process being killed with the temporary file in place.
  std::signal(SIGXFSZ, SIG_IGN);
  const int fd = mkstemp(tmpl.data());
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  std::memcpy(pending_temp, tmpl.c_str(), tmpl.size() + 1);
  pending_temp_set = 1;
  auto fail = [&] {
    error = std::strerror(errno);
    ::unlink(tmpl.c_str());
    pending_temp_set = 0;
    return false;
  };
  // An existing file keeps its mode; a new one gets what the umask allows, as with `>`.
  struct stat st {};
  mode_t mode = 0;
  if (::stat(path.c_str(), &st) == 0) {
    mode = st.st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  const std::size_t pause = pause_after();
  std::size_t done = 0;
  while (done < content.size()) {
    std::size_t chunk = content.size() - done;
    if (done < pause) chunk = std::min(chunk, pause - done);
    const ssize_t n = ::write(fd, content.data() + done, chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::close(fd);
      return fail();
    }
    done += static_cast<std::size_t>(n);
    if (done == pause) std::this_thread::sleep_for(std::chrono::seconds(60));
  }
  if (::fchmod(fd, mode) != 0 || ::fsync(fd) != 0) {
    ::close(fd);
    return fail();
  }
  if (::close(fd) != 0 || std::rename(tmpl.c_str(), path.c_str()) != 0) return fail();
  pending_temp_set = 0;
  return true;
}

}  // namespace swb
