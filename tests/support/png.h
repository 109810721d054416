// A PNG whose header says width x height, for tests of logo checks (which read headers and
// sizes only), padded with zero bytes to a given file size.
#pragma once

#include <cstdint>
#include <string>

namespace swb::test {

inline std::uint32_t crc32(const std::string& data) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : data) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c ^ 0xFFFFFFFFu;
}

inline std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

// A PNG whose header says width x height (what logo checks read), padded to `bytes`.
inline std::string png(std::uint32_t width, std::uint32_t height, std::size_t bytes) {
  auto chunk = [](const std::string& type, const std::string& data) {
    return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(crc32(type + data));
  };
  std::string ihdr = be32(width) + be32(height) + std::string("\x08\x02\x00\x00\x00", 5);
  std::string out = std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) +
                    chunk("IDAT", std::string("\x78\x9c\x03\x00\x00\x00\x00\x01", 8)) +
                    chunk("IEND", "");
  if (out.size() < bytes) out.resize(bytes, '\0');
  return out;
}

}  // namespace swb::test
