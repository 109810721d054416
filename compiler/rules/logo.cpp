// Logo inspection: magic bytes say what a file is, stb_image reads PNG/JPEG headers for the
// dimensions, and URL hosts are classified without ever touching the network.
#include "compiler/rules/logo.h"

#include <arpa/inet.h>
#include <sys/stat.h>

#include <stb/stb_image.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

namespace swb::rules {
namespace {

namespace fs = std::filesystem;

bool starts_with(std::string_view data, std::string_view magic) {
  return data.substr(0, magic.size()) == magic;
}

// What the first bytes of a file say it is; PNG and JPEG are the accepted ones.
std::string sniff_format(std::string_view head) {
  using namespace std::string_view_literals;
  if (starts_with(head, "\x89PNG\r\n\x1a\n"sv)) return "PNG";
  if (starts_with(head, "\xff\xd8\xff"sv)) return "JPEG";
  if (starts_with(head, "GIF87a") || starts_with(head, "GIF89a")) return "GIF";
  if (starts_with(head, "RIFF") && head.substr(8, 4) == "WEBP") return "WebP";
  if (starts_with(head, "BM")) return "BMP";
  if (starts_with(head, "II*\0"sv) || starts_with(head, "MM\0*"sv)) return "TIFF";
  if (head.substr(4, 4) == "ftyp") return "HEIF/AVIF";
  if (starts_with(head, "\0\0\1\0"sv)) return "ICO";
  std::string_view text = head;
  if (starts_with(text, "\xef\xbb\xbf"sv)) text.remove_prefix(3);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  if (starts_with(text, "<svg") || starts_with(text, "<?xml")) return "SVG/XML";
  if (head.empty()) return "empty";
  const bool printable = std::all_of(head.begin(), head.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 || c == '\n' || c == '\r' || c == '\t';
  });
  return printable ? "text" : "unknown";
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::optional<std::string> non_public_ipv4(const std::array<unsigned char, 4>& a) {
  if (a[0] == 10) return "a private address (10.0.0.0/8)";
  if (a[0] == 172 && (a[1] & 0xf0) == 16) return "a private address (172.16.0.0/12)";
  if (a[0] == 192 && a[1] == 168) return "a private address (192.168.0.0/16)";
  if (a[0] == 127) return "a loopback address (127.0.0.0/8)";
  if (a[0] == 169 && a[1] == 254) return "a link-local address (169.254.0.0/16)";
  if (a[0] == 0) return "an unspecified address (0.0.0.0/8)";
  return std::nullopt;
}

}  // namespace

ImageInfo inspect_image(const fs::path& path) {
  ImageInfo info;
  std::error_code ec;
  // Only a regular file is opened: a FIFO named as the logo would block the run forever.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    info.error = std::strerror(errno);
    return info;
  }
  if (!S_ISREG(st.st_mode)) {
    info.error = S_ISDIR(st.st_mode) ? "it is a directory" : "it is not a regular file";
    return info;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    info.error = std::strerror(errno);
    return info;
  }
  info.bytes = fs::file_size(path, ec);
  if (ec) {
    info.error = ec.message();
    return info;
  }
  std::array<char, 64> head{};
  in.read(head.data(), head.size());
  const std::string_view first(head.data(), static_cast<std::size_t>(in.gcount()));
  info.readable = true;
  info.format = sniff_format(first);
  info.png_or_jpeg = info.format == "PNG" || info.format == "JPEG";
  if (!info.png_or_jpeg) return info;
  int comp = 0;
  if (stbi_info(path.c_str(), &info.width, &info.height, &comp)) {
    info.dimensions_known = true;
  } else {
    const char* why = stbi_failure_reason();
    info.decode_error = why ? why : "unreadable header";
  }
  return info;
}

UrlParts split_url(std::string_view url) {
  UrlParts parts;
  url = url.substr(0, url.find_first_of("?#"));
  const auto sep = url.find("://");
  if (sep == std::string_view::npos) {
    parts.path = std::string(url);
    return parts;
  }
  parts.scheme = lower(url.substr(0, sep));
  std::string_view rest = url.substr(sep + 3);
  const auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) parts.path = std::string(rest.substr(slash));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos)
    authority.remove_prefix(at + 1);
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    parts.ip6_literal = true;
    parts.host = lower(authority.substr(1, close == std::string_view::npos ? close : close - 1));
    return parts;
  }
  authority = authority.substr(0, authority.find(':'));
  while (!authority.empty() && authority.back() == '.') authority.remove_suffix(1);
  parts.host = lower(authority);
  return parts;
}

std::optional<std::string> non_public_host(const UrlParts& url) {
  const std::string& host = url.host;
  if (url.ip6_literal) {
    std::array<unsigned char, 16> a{};
    if (inet_pton(AF_INET6, host.c_str(), a.data()) != 1) return std::nullopt;
    const bool zero_prefix = std::all_of(a.begin(), a.begin() + 10, [](auto b) { return b == 0; });
    if (zero_prefix && a[10] == 0xff && a[11] == 0xff) {  // ::ffff:a.b.c.d, IPv4-mapped
      return non_public_ipv4({a[12], a[13], a[14], a[15]});
    }
    if (std::all_of(a.begin(), a.begin() + 15, [](auto b) { return b == 0; })) {
      if (a[15] == 1) return "the IPv6 loopback address (::1)";
      if (a[15] == 0) return "the unspecified IPv6 address (::)";
    }
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return "a link-local IPv6 address (fe80::/10)";
    if ((a[0] & 0xfe) == 0xfc) return "a unique-local IPv6 address (fc00::/7)";
    return std::nullopt;
  }
  std::array<unsigned char, 4> v4{};
  if (inet_pton(AF_INET, host.c_str(), v4.data()) == 1) return non_public_ipv4(v4);
  if (host == "localhost" || ends_with(host, ".localhost")) return "the local machine";
  if (host == "local" || ends_with(host, ".local")) return "a local-network name (.local, mDNS)";
  if (host == "internal" || ends_with(host, ".internal")) return "an internal name (.internal)";
  return std::nullopt;
}

}  // namespace swb::rules
