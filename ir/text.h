// The IR's strings: 12-byte views of bytes that a TextPool owns (or of string literals), where
// a std::string takes 32 bytes and, past 15 characters, a heap block of its own. A config of
// 100 000 channels holds a few million of them. The pointer is kept as two 32-bit halves, so
// that a Text is 4-byte aligned and a Located<Text> (with its 12-byte span) is 24 bytes.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace swb::ir {

class TextPool;

// Immutable; its bytes are followed by a '\0'. Compares and hashes as its string_view.
class Text {
 public:
  Text() = default;
  // A string literal lives as long as the program (for IR built in code, as tests do).
  template <std::size_t N>
  Text(const char (&literal)[N]) : Text(literal, N - 1) {}  // NOLINT

  std::string_view view() const { return {data(), size_}; }
  operator std::string_view() const { return view(); }  // NOLINT: reads as one
  std::string str() const { return std::string(view()); }
  explicit operator std::string() const { return str(); }

  const char* data() const {
    const auto p = static_cast<std::uintptr_t>(hi_) << 32 | lo_;
    return p ? reinterpret_cast<const char*>(p) : "";
  }
  const char* c_str() const { return data(); }
  std::size_t size() const { return size_; }
  std::size_t length() const { return size_; }
  bool empty() const { return size_ == 0; }
  const char* begin() const { return data(); }
  const char* end() const { return data() + size_; }
  char operator[](std::size_t k) const { return data()[k]; }
  char front() const { return data()[0]; }
  char back() const { return data()[size_ - 1]; }
  std::size_t find(std::string_view s, std::size_t from = 0) const { return view().find(s, from); }
  std::size_t find(char c, std::size_t from = 0) const { return view().find(c, from); }
  std::size_t rfind(std::string_view s, std::size_t from = std::string_view::npos) const {
    return view().rfind(s, from);
  }
  std::string_view substr(std::size_t pos, std::size_t n = std::string_view::npos) const {
    return view().substr(pos, n);
  }
  bool starts_with(std::string_view s) const { return view().starts_with(s); }
  bool ends_with(std::string_view s) const { return view().ends_with(s); }
  static constexpr std::size_t npos = std::string_view::npos;

  friend bool operator==(const Text& a, std::string_view b) { return a.view() == b; }
  friend auto operator<=>(const Text& a, std::string_view b) { return a.view() <=> b; }

 private:
  friend class TextPool;
  Text(const char* data, std::size_t size)
      : lo_(static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(data))),
        hi_(static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(data) >> 32)),
        size_(static_cast<std::uint32_t>(size)) {}

  std::uint32_t lo_ = 0, hi_ = 0;  // the address of the first byte; 0 for an empty Text
  std::uint32_t size_ = 0;
};
static_assert(sizeof(Text) == 12 && alignof(Text) == 4);

inline std::string operator+(const std::string& a, const Text& b) {
  std::string out = a;
  out += b.view();
  return out;
}
inline std::string operator+(const Text& a, const std::string& b) {
  std::string out = a.str();
  out += b;
  return out;
}

// Owns the bytes of a config's Texts: appended to, never changed or freed before the pool.
// Not thread-safe: a config is built on one thread.
class TextPool {
 public:
  Text make(std::string_view s) {
    if (s.empty()) return Text();
    const std::size_t need = s.size() + 1;
    char* at = nullptr;
    if (need > kChunk / 4) {  // a long string gets a block of its own; the open chunk goes on
      chunks_.emplace_back(new char[need]);
      at = chunks_.back().get();
    } else {
      if (need > left_) {
        chunks_.emplace_back(new char[kChunk]);
        next_ = chunks_.back().get();
        left_ = kChunk;
      }
      at = next_;
      next_ += need;
      left_ -= need;
    }
    s.copy(at, s.size());
    at[s.size()] = '\0';
    return Text(at, s.size());
  }

 private:
  static constexpr std::size_t kChunk = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> chunks_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
};

}  // namespace swb::ir

template <>
struct std::hash<swb::ir::Text> {
  std::size_t operator()(const swb::ir::Text& t) const noexcept {
    return std::hash<std::string_view>{}(t.view());
  }
};
