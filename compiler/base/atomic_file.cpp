// Temporary file + fsync + rename, the usual recipe for an atomic replace on POSIX.
#include "compiler/base/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

namespace swb {
namespace {

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
  const int fd = mkstemp(tmpl.data());
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct stat st {};
  const mode_t mode = ::stat(path.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0644;
  const std::size_t pause = pause_after();
  std::size_t done = 0;
  while (done < content.size()) {
    std::size_t chunk = content.size() - done;
    if (done < pause) chunk = std::min(chunk, pause - done);
    const ssize_t n = ::write(fd, content.data() + done, chunk);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      ::close(fd);
      ::unlink(tmpl.c_str());
      return false;
    }
    done += static_cast<std::size_t>(n);
    if (done == pause) std::this_thread::sleep_for(std::chrono::seconds(60));
  }
  if (::fchmod(fd, mode) != 0 || ::fsync(fd) != 0 || ::close(fd) != 0 ||
      std::rename(tmpl.c_str(), path.c_str()) != 0) {
    error = std::strerror(errno);
    ::unlink(tmpl.c_str());
    return false;
  }
  return true;
}

}  // namespace swb
