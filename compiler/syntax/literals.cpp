// Literal parsing. Every "impossible value" message names the value and what is accepted.
#include "compiler/syntax/literals.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>

namespace swb::syntax {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Parses [0-9]+ at s[i...], advancing i. Fails on overflow.
bool read_digits(std::string_view s, std::size_t& i, std::int64_t& out) {
  const std::size_t b = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  if (i == b) return false;
  auto [p, ec] = std::from_chars(s.data() + b, s.data() + i, out);
  return ec == std::errc() && p == s.data() + i;
}

bool mul_overflows(std::int64_t a, std::int64_t b) {
  return b != 0 && a > std::numeric_limits<std::int64_t>::max() / b;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

}  // namespace

// `-?[0-9]+(\.[0-9]+)?`: the only number forms the language has (no exponents, nan, inf).
bool is_number_form(std::string_view s, bool allow_sign) {
  if (allow_sign && !s.empty() && s[0] == '-') s.remove_prefix(1);
  const auto dot = s.find('.');
  auto digits = [](std::string_view d) {
    return !d.empty() &&
           std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (dot == std::string_view::npos) return digits(s);
  return digits(s.substr(0, dot)) && digits(s.substr(dot + 1));
}

Parsed<std::int64_t> parse_int(std::string_view text) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc::result_out_of_range) {
    return Parsed<std::int64_t>::fail(fmt::format("integer {} does not fit in 64 bits", text));
  }
  if (ec != std::errc() || p != text.data() + text.size()) {
    return Parsed<std::int64_t>::fail(fmt::format("'{}' is not an integer", text));
  }
  return {v, {}};
}

Parsed<double> parse_decimal(std::string_view text) {
  if (!is_number_form(text, true)) {
    return Parsed<double>::fail(fmt::format("'{}' is not a decimal number", text));
  }
  double v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size()) {
    return Parsed<double>::fail(fmt::format("'{}' is not a decimal number", text));
  }
  return {v, {}};
}

Parsed<std::int64_t> parse_duration(std::string_view text) {
  static constexpr std::string_view kUnits = "dhms";
  if (text.empty()) {
    return Parsed<std::int64_t>::fail("an empty text is not a duration: write e.g. 15m or 1d4h");
  }
  static constexpr std::int64_t kSeconds[] = {86400, 3600, 60, 1};
  std::size_t i = 0;
  int last = -1;
  std::int64_t total = 0;
  while (i < text.size()) {
    std::int64_t n = 0;
    if (!read_digits(text, i, n)) {
      return Parsed<std::int64_t>::fail(fmt::format(
          "'{}' is not a duration: write numbers with units d, h, m, s, e.g. 1d4h", text));
    }
    if (i >= text.size()) {
      return Parsed<std::int64_t>::fail(
          fmt::format("duration '{}' ends without a unit (d, h, m or s)", text));
    }
    const auto u = kUnits.find(text[i]);
    if (u == std::string_view::npos) {
      return Parsed<std::int64_t>::fail(
          fmt::format("'{}' is not a duration: unknown unit '{}' (use d, h, m, s)", text, text[i]));
    }
    if (static_cast<int>(u) <= last) {
      return Parsed<std::int64_t>::fail(fmt::format(
          "duration '{}' has its units out of order: write them largest first, each once "
          "(d, then h, then m, then s)",
          text));
    }
    last = static_cast<int>(u);
    if (mul_overflows(n, kSeconds[u]) ||
        total > std::numeric_limits<std::int64_t>::max() - n * kSeconds[u]) {
      return Parsed<std::int64_t>::fail(fmt::format("duration '{}' is too large", text));
    }
    total += n * kSeconds[u];
    ++i;
  }
  return {total, {}};
}

Parsed<std::int64_t> parse_size(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (is_digit(text[i]) || text[i] == '.' || text[i] == '-')) ++i;
  const std::string_view number = text.substr(0, i), unit = text.substr(i);
  struct Unit {
    std::string_view name;
    std::int64_t bytes;
  };
  static constexpr Unit kUnits[] = {{"B", 1},           {"KB", 1000},  {"MB", 1000000},
                                    {"GB", 1000000000}, {"KiB", 1024}, {"MiB", 1048576},
                                    {"GiB", 1073741824}};
  const Unit* found = nullptr;
  for (const auto& u : kUnits) {
    if (u.name == unit) found = &u;
  }
  if (!found) {
    return Parsed<std::int64_t>::fail(fmt::format(
        "'{}' has an unknown size unit '{}' (use B, KB, MB, GB, KiB, MiB or GiB)", text, unit));
  }
  if (number.empty() || number[0] == '-') {
    return Parsed<std::int64_t>::fail(fmt::format("size '{}' must be a positive number", text));
  }
  if (!is_number_form(number, false)) {
    return Parsed<std::int64_t>::fail(fmt::format("'{}' is not a size", text));
  }
  // Exact integer arithmetic: 4.1MB is 4 100 000 bytes, not 4 099 999.999….
  const auto dot = number.find('.');
  const std::string_view whole = number.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? "" : number.substr(dot + 1);
  std::int64_t w = 0;
  auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), w);
  if (ec != std::errc() || mul_overflows(w, found->bytes)) {
    return Parsed<std::int64_t>::fail(fmt::format("size '{}' is too large", text));
  }
  std::int64_t bytes = w * found->bytes;
  // The fraction times the unit must be a whole number of bytes.
  std::int64_t scale = 1, f = 0;
  for (char c : frac) {
    if (scale > std::numeric_limits<std::int64_t>::max() / 10 / found->bytes) {
      return Parsed<std::int64_t>::fail(fmt::format("size '{}' has too many decimals", text));
    }
    scale *= 10;
    f = f * 10 + (c - '0');
  }
  const std::int64_t frac_bytes_scaled = f * found->bytes;
  if (frac_bytes_scaled % scale != 0) {
    return Parsed<std::int64_t>::fail(
        fmt::format("size '{}' is not a whole number of bytes", text));
  }
  if (bytes > std::numeric_limits<std::int64_t>::max() - frac_bytes_scaled / scale) {
    return Parsed<std::int64_t>::fail(fmt::format("size '{}' is too large", text));
  }
  bytes += frac_bytes_scaled / scale;
  return {bytes, {}};
}

Parsed<double> parse_percent(std::string_view text) {
  const std::string_view number = text.substr(0, text.empty() ? 0 : text.size() - 1);
  double v = 0;
  auto [p, ec] = std::from_chars(number.data(), number.data() + number.size(), v);
  if (text.empty() || text.back() != '%' || !is_number_form(number, true) || ec != std::errc() ||
      p != number.data() + number.size()) {
    return Parsed<double>::fail(fmt::format("'{}' is not a percentage", text));
  }
  if (v < 0 || v > 100) {
    return Parsed<double>::fail(fmt::format("percentage {} is outside 0%–100%", text));
  }
  return {v, {}};
}

Parsed<Date> parse_date(std::string_view text) {
  auto fail = [&](std::string why) { return Parsed<Date>::fail(std::move(why)); };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return fail(fmt::format("'{}' is not a date: write YYYY-MM-DD, e.g. 2026-12-25", text));
  }
  std::int64_t y = 0, m = 0, d = 0;
  std::size_t i = 0;
  bool ok = read_digits(text, i, y) && i == 4;
  i = 5;
  ok = ok && read_digits(text, i, m) && i == 7;
  i = 8;
  ok = ok && read_digits(text, i, d) && i == 10;
  if (!ok) return fail(fmt::format("'{}' is not a date: write YYYY-MM-DD, e.g. 2026-12-25", text));
  if (m < 1 || m > 12) return fail(fmt::format("date {} has no month {}", text, m));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int days = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  if (d < 1 || d > days) {
    return fail(
        fmt::format("date {} does not exist: month {} of {} has {} days", text, m, y, days));
  }
  return {Date{static_cast<std::int32_t>(y), static_cast<std::int32_t>(m),
               static_cast<std::int32_t>(d)},
          {}};
}

Parsed<MinuteRange> parse_time_range(std::string_view text) {
  auto fail = [&](std::string why) { return Parsed<MinuteRange>::fail(std::move(why)); };
  const std::string shape =
      fmt::format("'{}' is not a time range: write HH:MM-HH:MM, e.g. 09:00-17:30", text);
  if (text.size() != 11 || text[2] != ':' || text[5] != '-' || text[8] != ':') return fail(shape);
  std::int64_t h1 = 0, m1 = 0, h2 = 0, m2 = 0;
  std::size_t i = 0;
  bool ok = read_digits(text, i, h1) && i == 2;
  i = 3;
  ok = ok && read_digits(text, i, m1) && i == 5;
  i = 6;
  ok = ok && read_digits(text, i, h2) && i == 8;
  i = 9;
  ok = ok && read_digits(text, i, m2) && i == 11;
  if (!ok) return fail(shape);
  if (h1 > 23 || m1 > 59) {
    return fail(
        fmt::format("time range {} starts at an impossible time {} (hours 00–23, minutes "
                    "00–59)",
                    text, text.substr(0, 5)));
  }
  if (m2 > 59 || h2 > 24 || (h2 == 24 && m2 != 0)) {
    return fail(
        fmt::format("time range {} ends at an impossible time {} (hours 00–23, minutes "
                    "00–59; 24:00 for midnight)",
                    text, text.substr(6)));
  }
  const std::int64_t start = h1 * 60 + m1, end = h2 * 60 + m2;
  if (start >= end) {
    return fail(fmt::format(
        "time range {} is empty or reversed: its start must be before its end (a range cannot "
        "cross midnight; split it into two days)",
        text));
  }
  return {MinuteRange{start, end}, {}};
}

DecodedString decode_string(std::string_view raw, bool escapes) {
  DecodedString out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) {
      if (!out.parts.empty() && !out.parts.back().is_ref) {
        out.parts.back().text += cur;
      } else {
        out.parts.push_back(StringPart{false, std::move(cur), {}, {}});
      }
      cur.clear();
    }
  };
  auto fail = [&](std::size_t at, std::size_t len, std::string why) {
    out.error = std::move(why);
    out.error_offset = at;
    out.error_length = len;
    return out;
  };
  for (std::size_t i = 0; i < raw.size();) {
    const char c = raw[i];
    if (escapes && c == '\\') {
      if (i + 1 >= raw.size()) return fail(i, 1, "a string cannot end with a lone backslash");
      const char e = raw[i + 1];
      switch (e) {
        case '"':
          cur += '"';
          i += 2;
          continue;
        case '\\':
          cur += '\\';
          i += 2;
          continue;
        case 'n':
          cur += '\n';
          i += 2;
          continue;
        case 't':
          cur += '\t';
          i += 2;
          continue;
        case 'r':
          cur += '\r';
          i += 2;
          continue;
        case 'u': {
          std::uint32_t cp = 0;
          if (i + 6 > raw.size())
            return fail(i, raw.size() - i, "\\u takes four hex digits, e.g. \\u00e9");
          auto [p, ec] = std::from_chars(raw.data() + i + 2, raw.data() + i + 6, cp, 16);
          if (ec != std::errc() || p != raw.data() + i + 6) {
            return fail(i, 6, "\\u takes four hex digits, e.g. \\u00e9");
          }
          if (cp >= 0xD800 && cp <= 0xDFFF) {
            return fail(i, 6,
                        fmt::format("\\u{} is a surrogate, not a character", raw.substr(i + 2, 4)));
          }
          append_utf8(cur, cp);
          i += 6;
          continue;
        }
        default: {
          // Show the whole code point after the backslash.
          std::size_t len = 1;
          const auto u = static_cast<unsigned char>(e);
          if (u >= 0xF0)
            len = 4;
          else if (u >= 0xE0)
            len = 3;
          else if (u >= 0xC0)
            len = 2;
          return fail(i, 1 + len,
                      fmt::format("unknown escape '\\{}' (use \\\" \\\\ \\n \\t \\r or \\uXXXX)",
                                  raw.substr(i + 1, len)));
        }
      }
    }
    if (c == '$' && raw.substr(i, 3) == "$${") {
      cur += "${";
      i += 3;
      continue;
    }
    if (c == '$' && raw.substr(i, 2) == "${") {
      const std::size_t close = raw.find('}', i + 2);
      if (close == std::string_view::npos) {
        return fail(i, 2, "'${' is not closed with '}' (write $${ for a literal '${')");
      }
      std::string_view ref = raw.substr(i + 2, close - i - 2);
      // Trim spaces: ${ var.env } is fine.
      while (!ref.empty() && ref.front() == ' ') ref.remove_prefix(1);
      while (!ref.empty() && ref.back() == ' ') ref.remove_suffix(1);
      const auto dot = ref.find('.');
      auto is_ident = [](std::string_view s) {
        if (s.empty() || !is_ident_start(s[0])) return false;
        for (char ch : s) {
          if (!is_ident_char(ch)) return false;
        }
        return true;
      };
      if (dot == std::string_view::npos || !is_ident(ref.substr(0, dot)) ||
          !is_ident(ref.substr(dot + 1))) {
        return fail(i, close + 1 - i,
                    fmt::format("'${{{}}}' is not a reference: interpolate a var as ${{var.NAME}} "
                                "or ${{alias.NAME}}",
                                raw.substr(i + 2, close - i - 2)));
      }
      flush();
      StringPart part{
          true, std::string(ref.substr(0, dot)), std::string(ref.substr(dot + 1)),
          Span{kNoFile, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(close + 1)}};
      out.parts.push_back(std::move(part));
      i = close + 1;
      continue;
    }
    // Plain text up to the next '\\' or '$', appended at once.
    std::size_t j = i + 1;
    while (j < raw.size() && raw[j] != '$' && !(escapes && raw[j] == '\\')) ++j;
    cur.append(raw, i, j - i);
    i = j;
  }
  flush();
  if (out.parts.empty()) out.parts.push_back(StringPart{});  // "" is one empty text part
  return out;
}

std::string strip_text_block(std::string_view inner) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= inner.size(); ++i) {
    if (i == inner.size() || inner[i] == '\n' || inner[i] == '\r') {
      lines.push_back(inner.substr(start, i - start));
      if (i < inner.size() && inner[i] == '\r' && i + 1 < inner.size() && inner[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  auto blank = [](std::string_view l) {
    return l.find_first_not_of(" \t") == std::string_view::npos;
  };
  if (lines.size() > 1 && blank(lines.front())) lines.erase(lines.begin());
  if (lines.size() > 1 && blank(lines.back())) lines.pop_back();
  std::size_t indent = std::string_view::npos;
  for (auto l : lines) {
    if (blank(l)) continue;
    indent = std::min(indent, l.find_first_not_of(" \t"));
  }
  if (indent == std::string_view::npos) indent = 0;
  std::string out;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (k) out += '\n';
    std::string_view l = lines[k];
    if (blank(l)) continue;  // whitespace-only lines become empty
    out += l.substr(std::min(indent, l.size()));
  }
  return out;
}

std::string format_date(const Date& d) {
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

std::string format_minute(std::int64_t minute) {
  return fmt::format("{:02}:{:02}", minute / 60, minute % 60);
}

std::string format_duration(std::int64_t seconds) {
  if (seconds == 0) return "0s";
  std::string out;
  static constexpr std::pair<std::int64_t, char> kUnits[] = {
      {86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
  for (auto [n, u] : kUnits) {
    if (seconds >= n) {
      out += fmt::format("{}{}", seconds / n, u);
      seconds %= n;
    }
  }
  return out;
}

}  // namespace swb::syntax
