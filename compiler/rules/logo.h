// What the logo checks need beyond the IR: a local image file's format, size and
// dimensions, and the parts of a URL (scheme, host, path) with the host's reachability.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace swb::rules {

struct ImageInfo {
  bool readable = false;
  std::string error;  // why the file could not be read
  std::uint64_t bytes = 0;
  bool png_or_jpeg = false;       // by the magic bytes
  std::string format;             // "PNG", "JPEG", "GIF", "WebP", "text", "unknown" …
  bool dimensions_known = false;  // PNG/JPEG whose header stb_image could read
  std::string decode_error;       // png_or_jpeg but the header is corrupt
  int width = 0, height = 0;
};

// Reads the file's size, its first bytes and (for PNG and JPEG) its header; never the
// whole image.
ImageInfo inspect_image(const std::filesystem::path& path);

struct UrlParts {
  std::string scheme;  // lowercase; empty when there is no "scheme://"
  std::string host;    // lowercase, without brackets, port, user info or a trailing dot
  bool ip6_literal = false;
  std::string path;  // from the first '/' after the host, without query and fragment
};

// Splits "scheme://[user@]host[:port][/path][?query][#fragment]". Without "://", the whole
// text (less query and fragment) is the path.
UrlParts split_url(std::string_view url);

// Why a URL host cannot be reachable from the internet ("a loopback address (127.0.0.0/8)"),
// or nullopt when it may be.
std::optional<std::string> non_public_host(const UrlParts& url);

}  // namespace swb::rules
