// Literal values: the text of a literal token -> its value, or why it is impossible.
// Pure functions, shared by the parser and --var handling, unit-tested on their own.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/syntax/tree.h"

namespace swb::syntax {

template <class T>
struct Parsed {
  std::optional<T> value;
  std::string error;  // why not, when value is empty
  static Parsed fail(std::string why) { return Parsed{std::nullopt, std::move(why)}; }
};

Parsed<std::int64_t> parse_int(std::string_view text);
Parsed<double> parse_decimal(std::string_view text);
Parsed<std::int64_t> parse_duration(std::string_view text);  // seconds
Parsed<std::int64_t> parse_size(std::string_view text);      // bytes
Parsed<double> parse_percent(std::string_view text);
Parsed<Date> parse_date(std::string_view text);
struct MinuteRange {
  std::int64_t start, end;  // minutes of the day; end may be 1440 (24:00)
};
Parsed<MinuteRange> parse_time_range(std::string_view text);

// A decoded string. `parts` holds literal text and ${…} references in order; a string
// without references is a single literal part. Errors carry the byte offset, relative to
// `raw`, of the offending escape or `${`.
struct DecodedString {
  std::vector<StringPart> parts;
  std::string error;
  std::size_t error_offset = 0;
  std::size_t error_length = 1;
};
// `raw` is what stands between the quotes. Escapes apply only to ordinary strings.
DecodedString decode_string(std::string_view raw, bool escapes);

// A text block's content (between the `"""`s) with its first and last blank lines and the
// common leading indentation removed, lines joined with '\n'.
std::string strip_text_block(std::string_view inner);

// Formatting helpers shared by the backends and messages.
std::string format_date(const Date& d);
std::string format_minute(std::int64_t minute);     // "09:30", "24:00"
std::string format_duration(std::int64_t seconds);  // "1d4h", "30s", "0s"

}  // namespace swb::syntax
