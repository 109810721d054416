// Unit tests for compiler/syntax/literals.h: every literal kind, decode_string,
// strip_text_block and the formatting helpers.
#include "compiler/syntax/literals.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace swb::syntax {
namespace {

// The error of a failed parse must be non-empty and name the offending text.
template <class T>
void ExpectFailureNaming(const Parsed<T>& p, std::string_view text) {
  EXPECT_FALSE(p.value.has_value()) << "'" << text << "' was accepted";
  EXPECT_FALSE(p.error.empty()) << "'" << text << "' failed without a message";
  EXPECT_NE(p.error.find(text), std::string::npos)
      << "error for '" << text << "' does not name it: " << p.error;
}

// ---- integers ------------------------------------------------------------------------

TEST(ParseInt, ValidValues) {
  EXPECT_EQ(parse_int("0").value, 0);
  EXPECT_EQ(parse_int("200").value, 200);
  EXPECT_EQ(parse_int("-42").value, -42);
  EXPECT_EQ(parse_int("007").value, 7);
  EXPECT_EQ(parse_int("9223372036854775807").value, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_int("-9223372036854775808").value, std::numeric_limits<std::int64_t>::min());
  EXPECT_TRUE(parse_int("12").error.empty());
}

TEST(ParseInt, OverflowIsAnErrorNamingTheValue) {
  ExpectFailureNaming(parse_int("9223372036854775808"), "9223372036854775808");
  ExpectFailureNaming(parse_int("-9223372036854775809"), "-9223372036854775809");
  ExpectFailureNaming(parse_int("99999999999999999999999"), "99999999999999999999999");
}

TEST(ParseInt, NotAnInteger) {
  ExpectFailureNaming(parse_int("12a"), "12a");
  ExpectFailureNaming(parse_int("1.5"), "1.5");
  EXPECT_FALSE(parse_int("").value.has_value());
  EXPECT_FALSE(parse_int("").error.empty());
}

// ---- decimals ------------------------------------------------------------------------

TEST(ParseDecimal, ValidValues) {
  EXPECT_DOUBLE_EQ(*parse_decimal("1.5").value, 1.5);
  EXPECT_DOUBLE_EQ(*parse_decimal("-0.25").value, -0.25);
  EXPECT_DOUBLE_EQ(*parse_decimal("10.0").value, 10.0);
}

TEST(ParseDecimal, Invalid) {
  ExpectFailureNaming(parse_decimal("1.5x"), "1.5x");
  ExpectFailureNaming(parse_decimal("abc"), "abc");
}

TEST(ParseDecimal, OnlyTheLiteralFormIsAccepted) {
  // LANGUAGE.md: a decimal is -?[0-9]+\.[0-9]+. --var values reach parse_decimal
  // directly, so forms the lexer never produces must be rejected here.
  ExpectFailureNaming(parse_decimal("nan"), "nan");
  ExpectFailureNaming(parse_decimal("inf"), "inf");
  ExpectFailureNaming(parse_decimal("1e5"), "1e5");
  ExpectFailureNaming(parse_decimal("1."), "1.");
  ExpectFailureNaming(parse_decimal(".5"), ".5");
}

// ---- durations -----------------------------------------------------------------------

TEST(ParseDuration, SingleUnitsInSeconds) {
  EXPECT_EQ(parse_duration("30s").value, 30);
  EXPECT_EQ(parse_duration("15m").value, 900);
  EXPECT_EQ(parse_duration("2h").value, 7200);
  EXPECT_EQ(parse_duration("1d").value, 86400);
  EXPECT_EQ(parse_duration("0s").value, 0);
}

TEST(ParseDuration, CombinedUnits) {
  EXPECT_EQ(parse_duration("1d4h").value, 86400 + 4 * 3600);
  EXPECT_EQ(parse_duration("1h30m").value, 5400);
  EXPECT_EQ(parse_duration("1d2h3m4s").value, 86400 + 7200 + 180 + 4);
  EXPECT_EQ(parse_duration("90m").value, 5400);              // no carry limit on a unit
  EXPECT_EQ(parse_duration("2d30s").value, 2 * 86400 + 30);  // units may be skipped
}

TEST(ParseDuration, UnitsOutOfOrderOrRepeated) {
  ExpectFailureNaming(parse_duration("1h2d"), "1h2d");
  ExpectFailureNaming(parse_duration("1h1h"), "1h1h");
  ExpectFailureNaming(parse_duration("30s1m"), "30s1m");
}

TEST(ParseDuration, Malformed) {
  ExpectFailureNaming(parse_duration("5"), "5");        // no unit
  ExpectFailureNaming(parse_duration("1h30"), "1h30");  // trailing number without unit
  ExpectFailureNaming(parse_duration("5w"), "5w");      // unknown unit
  ExpectFailureNaming(parse_duration("h"), "h");        // unit without number
  ExpectFailureNaming(parse_duration("-5m"), "-5m");    // negative
}

TEST(ParseDuration, EmptyTextIsNotADuration) {
  // An empty text has the shape of no literal at all; it must not silently become 0s.
  const auto p = parse_duration("");
  EXPECT_FALSE(p.value.has_value());
  EXPECT_FALSE(p.error.empty());
}

TEST(ParseDuration, Overflow) {
  ExpectFailureNaming(parse_duration("999999999999999999d"), "999999999999999999d");
  ExpectFailureNaming(parse_duration("99999999999999999999s"), "99999999999999999999s");
  // Each term fits, the sum does not.
  ExpectFailureNaming(parse_duration("106751991167300d86399h"), "106751991167300d86399h");
}

// ---- sizes ---------------------------------------------------------------------------

TEST(ParseSize, DecimalUnits) {
  EXPECT_EQ(parse_size("0B").value, 0);
  EXPECT_EQ(parse_size("5B").value, 5);
  EXPECT_EQ(parse_size("5KB").value, 5000);
  EXPECT_EQ(parse_size("5MB").value, 5000000);
  EXPECT_EQ(parse_size("2GB").value, 2000000000);
}

TEST(ParseSize, BinaryUnits) {
  EXPECT_EQ(parse_size("640KiB").value, 640 * 1024);
  EXPECT_EQ(parse_size("1MiB").value, 1048576);
  EXPECT_EQ(parse_size("256MiB").value, 256LL * 1048576);
  EXPECT_EQ(parse_size("3GiB").value, 3LL * 1073741824);
}

TEST(ParseSize, DecimalNumbers) {
  EXPECT_EQ(parse_size("1.5KB").value, 1500);
  EXPECT_EQ(parse_size("1.5KiB").value, 1536);
  EXPECT_EQ(parse_size("0.5MiB").value, 524288);
  EXPECT_EQ(parse_size("2.5GB").value, 2500000000LL);
}

TEST(ParseSize, DecimalNumbersThatAreWholeBytesAreExact) {
  // Each of these is a whole number of bytes; binary floating point must not make them
  // "not a whole number" (4.1 * 1e6 == 4099999.9999999995 in double arithmetic).
  EXPECT_EQ(parse_size("4.1MB").value, std::optional<std::int64_t>(4100000));
  EXPECT_EQ(parse_size("1.001KB").value, std::optional<std::int64_t>(1001));
  EXPECT_EQ(parse_size("2.01KB").value, std::optional<std::int64_t>(2010));
  EXPECT_EQ(parse_size("1.005KB").value, std::optional<std::int64_t>(1005));
}

TEST(ParseSize, LargeIntegerSizesAreExact) {
  // 2^53 + 1 bytes: an int64 value that double cannot represent.
  EXPECT_EQ(parse_size("9007199254740993B").value, std::optional<std::int64_t>(9007199254740993LL));
}

TEST(ParseSize, FractionalBytesRejected) {
  ExpectFailureNaming(parse_size("0.5B"), "0.5B");
  ExpectFailureNaming(parse_size("0.1KiB"), "0.1KiB");  // 102.4 bytes
}

TEST(ParseSize, UnknownUnit) {
  ExpectFailureNaming(parse_size("5XB"), "5XB");
  ExpectFailureNaming(parse_size("5kb"), "5kb");
  ExpectFailureNaming(parse_size("5TB"), "5TB");
  ExpectFailureNaming(parse_size("5"), "5");
}

TEST(ParseSize, NegativeOrMissingNumber) {
  ExpectFailureNaming(parse_size("-5MB"), "-5MB");
  ExpectFailureNaming(parse_size("MB"), "MB");
}

TEST(ParseSize, TooLarge) { ExpectFailureNaming(parse_size("99999999999GiB"), "99999999999GiB"); }

// ---- percent -------------------------------------------------------------------------

TEST(ParsePercent, ValidValues) {
  EXPECT_DOUBLE_EQ(*parse_percent("0%").value, 0.0);
  EXPECT_DOUBLE_EQ(*parse_percent("80%").value, 80.0);
  EXPECT_DOUBLE_EQ(*parse_percent("99.5%").value, 99.5);
  EXPECT_DOUBLE_EQ(*parse_percent("100%").value, 100.0);
}

TEST(ParsePercent, OutOfRange) {
  ExpectFailureNaming(parse_percent("120%"), "120%");
  ExpectFailureNaming(parse_percent("100.5%"), "100.5%");
  ExpectFailureNaming(parse_percent("-1%"), "-1%");
}

TEST(ParsePercent, Malformed) {
  ExpectFailureNaming(parse_percent("80"), "80");
  ExpectFailureNaming(parse_percent("a%"), "a%");
  EXPECT_FALSE(parse_percent("").value.has_value());
  EXPECT_FALSE(parse_percent("").error.empty());
  EXPECT_FALSE(parse_percent("%").value.has_value());
}

TEST(ParsePercent, NotANumberOrExponentIsRejected) {
  // NaN compares false with both bounds, so it must not slip through the 0-100 check.
  ExpectFailureNaming(parse_percent("nan%"), "nan%");
  ExpectFailureNaming(parse_percent("inf%"), "inf%");
  ExpectFailureNaming(parse_percent("1e2%"), "1e2%");
}

TEST(ParseSize, NumberMustHaveDigitsOnBothSidesOfThePoint) {
  ExpectFailureNaming(parse_size(".5KB"), ".5KB");
  ExpectFailureNaming(parse_size("5.KB"), "5.KB");
}

// ---- dates ---------------------------------------------------------------------------

TEST(ParseDate, ValidDates) {
  EXPECT_EQ(parse_date("2026-12-25").value, (Date{2026, 12, 25}));
  EXPECT_EQ(parse_date("2026-01-01").value, (Date{2026, 1, 1}));
  EXPECT_EQ(parse_date("2026-04-30").value, (Date{2026, 4, 30}));
  EXPECT_EQ(parse_date("2026-12-31").value, (Date{2026, 12, 31}));
}

TEST(ParseDate, LeapYears) {
  EXPECT_EQ(parse_date("2024-02-29").value, (Date{2024, 2, 29}));
  EXPECT_EQ(parse_date("2000-02-29").value, (Date{2000, 2, 29}));  // divisible by 400
  ExpectFailureNaming(parse_date("2023-02-29"), "2023-02-29");
  ExpectFailureNaming(parse_date("1900-02-29"), "1900-02-29");  // divisible by 100 only
  ExpectFailureNaming(parse_date("2024-02-30"), "2024-02-30");
}

TEST(ParseDate, ImpossibleDates) {
  ExpectFailureNaming(parse_date("2026-02-30"), "2026-02-30");
  ExpectFailureNaming(parse_date("2026-04-31"), "2026-04-31");
  ExpectFailureNaming(parse_date("2026-13-01"), "2026-13-01");
  ExpectFailureNaming(parse_date("2026-00-10"), "2026-00-10");
  ExpectFailureNaming(parse_date("2026-01-00"), "2026-01-00");
  ExpectFailureNaming(parse_date("2026-01-32"), "2026-01-32");
}

TEST(ParseDate, Malformed) {
  ExpectFailureNaming(parse_date("2026-1-01"), "2026-1-01");
  ExpectFailureNaming(parse_date("26-01-01"), "26-01-01");
  ExpectFailureNaming(parse_date("2026/01/01"), "2026/01/01");
  ExpectFailureNaming(parse_date("2026-0a-01"), "2026-0a-01");
}

// ---- time ranges ---------------------------------------------------------------------

TEST(ParseTimeRange, ValidRanges) {
  auto r = parse_time_range("09:00-17:30");
  ASSERT_TRUE(r.value.has_value()) << r.error;
  EXPECT_EQ(r.value->start, 9 * 60);
  EXPECT_EQ(r.value->end, 17 * 60 + 30);

  r = parse_time_range("00:00-00:01");
  ASSERT_TRUE(r.value.has_value()) << r.error;
  EXPECT_EQ(r.value->start, 0);
  EXPECT_EQ(r.value->end, 1);

  r = parse_time_range("23:59-24:00");
  ASSERT_TRUE(r.value.has_value()) << r.error;
  EXPECT_EQ(r.value->start, 1439);
  EXPECT_EQ(r.value->end, 1440);
}

TEST(ParseTimeRange, WholeDayEndsAt2400) {
  auto r = parse_time_range("00:00-24:00");
  ASSERT_TRUE(r.value.has_value()) << r.error;
  EXPECT_EQ(r.value->start, 0);
  EXPECT_EQ(r.value->end, 1440);
}

TEST(ParseTimeRange, Hour24IsOnlyAnEnd) {
  ExpectFailureNaming(parse_time_range("24:00-24:00"), "24:00-24:00");
  ExpectFailureNaming(parse_time_range("24:00-23:00"), "24:00-23:00");
  ExpectFailureNaming(parse_time_range("09:00-24:01"), "09:00-24:01");
  ExpectFailureNaming(parse_time_range("25:00-26:00"), "25:00-26:00");
}

TEST(ParseTimeRange, StartMustBeBeforeEnd) {
  ExpectFailureNaming(parse_time_range("10:00-10:00"), "10:00-10:00");
  ExpectFailureNaming(parse_time_range("17:00-09:00"), "17:00-09:00");
}

TEST(ParseTimeRange, ImpossibleMinutes) {
  ExpectFailureNaming(parse_time_range("09:60-10:00"), "09:60-10:00");
  ExpectFailureNaming(parse_time_range("09:00-10:75"), "09:00-10:75");
}

TEST(ParseTimeRange, Malformed) {
  ExpectFailureNaming(parse_time_range("9:00-17:30"), "9:00-17:30");
  ExpectFailureNaming(parse_time_range("09:00"), "09:00");
  ExpectFailureNaming(parse_time_range("09:0a-17:30"), "09:0a-17:30");
}

// ---- decode_string -------------------------------------------------------------------

// The single literal text of a decoded string without references.
std::string Text(const DecodedString& d) {
  EXPECT_TRUE(d.error.empty()) << d.error;
  EXPECT_EQ(d.parts.size(), 1u);
  if (d.parts.size() != 1) return "<" + std::to_string(d.parts.size()) + " parts>";
  EXPECT_FALSE(d.parts[0].is_ref);
  return d.parts[0].text;
}

TEST(DecodeString, PlainText) {
  EXPECT_EQ(Text(decode_string("hello world", true)), "hello world");
  EXPECT_EQ(Text(decode_string("", true)), "");
  EXPECT_EQ(Text(decode_string("caf\xC3\xA9", true)), "caf\xC3\xA9");
}

TEST(DecodeString, EveryEscape) {
  EXPECT_EQ(Text(decode_string(R"(a\"b)", true)), "a\"b");
  EXPECT_EQ(Text(decode_string(R"(a\\b)", true)), "a\\b");
  EXPECT_EQ(Text(decode_string(R"(a\nb)", true)), "a\nb");
  EXPECT_EQ(Text(decode_string(R"(a\tb)", true)), "a\tb");
  EXPECT_EQ(Text(decode_string(R"(a\rb)", true)), "a\rb");
  EXPECT_EQ(Text(decode_string(R"(\u0041)", true)), "A");
  EXPECT_EQ(Text(decode_string(R"(\u00e9)", true)), "\xC3\xA9");      // é, 2 bytes
  EXPECT_EQ(Text(decode_string(R"(\u00E9)", true)), "\xC3\xA9");      // upper-case hex
  EXPECT_EQ(Text(decode_string(R"(\u20ac)", true)), "\xE2\x82\xAC");  // €, 3 bytes
  EXPECT_EQ(Text(decode_string(R"(\\n)", true)), "\\n");              // escaped backslash, then n
}

TEST(DecodeString, NoEscapesInTextBlocks) {
  EXPECT_EQ(Text(decode_string(R"(a\nb\q)", false)), R"(a\nb\q)");
}

TEST(DecodeString, UnknownEscapePositionAndLength) {
  const auto d = decode_string(R"(ab\qcd)", true);
  EXPECT_FALSE(d.error.empty());
  EXPECT_NE(d.error.find("\\q"), std::string::npos) << d.error;
  EXPECT_EQ(d.error_offset, 2u);
  EXPECT_EQ(d.error_length, 2u);
}

TEST(DecodeString, UnknownEscapeOfMultibyteCharacterCoversTheCodePoint) {
  const auto d = decode_string("x\\\xC3\xA9y", true);  // x\éy
  EXPECT_FALSE(d.error.empty());
  EXPECT_EQ(d.error_offset, 1u);
  EXPECT_EQ(d.error_length, 3u);  // backslash + 2-byte é
}

TEST(DecodeString, BadUnicodeEscapes) {
  auto d = decode_string(R"(a\u12zzb)", true);
  EXPECT_FALSE(d.error.empty());
  EXPECT_EQ(d.error_offset, 1u);
  EXPECT_EQ(d.error_length, 6u);

  d = decode_string(R"(ab\u12)", true);  // truncated at the end
  EXPECT_FALSE(d.error.empty());
  EXPECT_EQ(d.error_offset, 2u);
  EXPECT_EQ(d.error_length, 4u);

  d = decode_string(R"(\ud800)", true);  // a lone surrogate is not a character
  EXPECT_FALSE(d.error.empty());
  EXPECT_EQ(d.error_offset, 0u);
  EXPECT_EQ(d.error_length, 6u);
}

TEST(DecodeString, TrailingBackslash) {
  const auto d = decode_string("abc\\", true);
  EXPECT_FALSE(d.error.empty());
  EXPECT_EQ(d.error_offset, 3u);
}

TEST(DecodeString, InterpolationTextRefText) {
  //                      0123456789012345678
  const auto d = decode_string("Jungle ${var.env}!", true);
  ASSERT_TRUE(d.error.empty()) << d.error;
  ASSERT_EQ(d.parts.size(), 3u);
  EXPECT_FALSE(d.parts[0].is_ref);
  EXPECT_EQ(d.parts[0].text, "Jungle ");
  EXPECT_TRUE(d.parts[1].is_ref);
  EXPECT_EQ(d.parts[1].text, "var");
  EXPECT_EQ(d.parts[1].name, "env");
  EXPECT_EQ(d.parts[1].span.begin, 7u);  // the `$` of `${`
  EXPECT_EQ(d.parts[1].span.end, 17u);   // just past `}`
  EXPECT_FALSE(d.parts[2].is_ref);
  EXPECT_EQ(d.parts[2].text, "!");
}

TEST(DecodeString, InterpolationWithAlias) {
  const auto d = decode_string("${perms.agent}", true);
  ASSERT_TRUE(d.error.empty()) << d.error;
  // The reference is the whole string: no empty literal pieces around it.
  ASSERT_EQ(d.parts.size(), 1u);
  EXPECT_TRUE(d.parts[0].is_ref);
  EXPECT_EQ(d.parts[0].text, "perms");
  EXPECT_EQ(d.parts[0].name, "agent");
}

TEST(DecodeString, AdjacentReferences) {
  const auto d = decode_string("a${var.x}${var.y}", true);
  ASSERT_TRUE(d.error.empty()) << d.error;
  ASSERT_EQ(d.parts.size(), 3u);
  EXPECT_EQ(d.parts[0].text, "a");
  EXPECT_TRUE(d.parts[1].is_ref);
  EXPECT_EQ(d.parts[1].name, "x");
  EXPECT_TRUE(d.parts[2].is_ref);
  EXPECT_EQ(d.parts[2].name, "y");
  EXPECT_EQ(d.parts[2].span.begin, 9u);
}

TEST(DecodeString, EscapesAroundInterpolation) {
  const auto d = decode_string(R"(a\n${var.x}\t)", true);
  ASSERT_TRUE(d.error.empty()) << d.error;
  ASSERT_EQ(d.parts.size(), 3u);
  EXPECT_EQ(d.parts[0].text, "a\n");
  EXPECT_EQ(d.parts[1].span.begin, 3u);  // raw offset, after the 2-byte escape
  EXPECT_EQ(d.parts[2].text, "\t");
}

TEST(DecodeString, SpacesInsideInterpolationAreTrimmed) {
  const auto d = decode_string("x${ var.env }", true);
  ASSERT_TRUE(d.error.empty()) << d.error;
  ASSERT_EQ(d.parts.size(), 2u);
  EXPECT_EQ(d.parts[1].text, "var");
  EXPECT_EQ(d.parts[1].name, "env");
}

TEST(DecodeString, DoubleDollarIsLiteral) {
  EXPECT_EQ(Text(decode_string("cost $${var.x}", true)), "cost ${var.x}");
  EXPECT_EQ(Text(decode_string("$${", true)), "${");
  EXPECT_EQ(Text(decode_string("$5 and $$", true)), "$5 and $$");
  EXPECT_EQ(Text(decode_string("$${", false)), "${");
}

TEST(DecodeString, UnclosedInterpolation) {
  const auto d = decode_string("ab${var.x", true);
  EXPECT_FALSE(d.error.empty());
  EXPECT_EQ(d.error_offset, 2u);
  EXPECT_EQ(d.error_length, 2u);
}

TEST(DecodeString, InterpolationThatIsNotAReference) {
  auto d = decode_string("a${not a ref}b", true);
  EXPECT_FALSE(d.error.empty());
  EXPECT_NE(d.error.find("not a ref"), std::string::npos) << d.error;
  EXPECT_EQ(d.error_offset, 1u);
  EXPECT_EQ(d.error_length, 12u);  // `${not a ref}`

  EXPECT_FALSE(decode_string("${var}", true).error.empty());
  EXPECT_FALSE(decode_string("${var.}", true).error.empty());
  EXPECT_FALSE(decode_string("${.x}", true).error.empty());
  EXPECT_FALSE(decode_string("${a.b.c}", true).error.empty());
  EXPECT_FALSE(decode_string("${1a.b}", true).error.empty());
  EXPECT_FALSE(decode_string("${}", true).error.empty());
}

// ---- strip_text_block ----------------------------------------------------------------

TEST(StripTextBlock, RemovesCommonIndentationAndBlankEnds) {
  EXPECT_EQ(strip_text_block("\n    Hello\n      world\n    "), "Hello\n  world");
}

TEST(StripTextBlock, KeepsInnerBlankLines) {
  EXPECT_EQ(strip_text_block("\n  one\n\n  two\n"), "one\n\ntwo");
  // A whitespace-only inner line becomes empty rather than keeping stray spaces.
  EXPECT_EQ(strip_text_block("\n  one\n     \n  two\n  "), "one\n\ntwo");
}

TEST(StripTextBlock, RemovesOnlyOneBlankLineAtEachEnd) {
  EXPECT_EQ(strip_text_block("\n\n  x\n\n"), "\nx\n");
}

TEST(StripTextBlock, CrLfAndCrLineEnds) {
  EXPECT_EQ(strip_text_block("\r\n    a\r\n      b\r\n    "), "a\n  b");
  EXPECT_EQ(strip_text_block("\r  a\r  b\r"), "a\nb");
}

TEST(StripTextBlock, TextOnTheOpeningLine) {
  EXPECT_EQ(strip_text_block("single"), "single");
  EXPECT_EQ(strip_text_block(""), "");
}

TEST(StripTextBlock, LeastIndentedLineDecides) {
  EXPECT_EQ(strip_text_block("\n      deep\n  shallow\n    mid\n"), "    deep\nshallow\n  mid");
}

// ---- formatting ----------------------------------------------------------------------

TEST(Format, Date) {
  EXPECT_EQ(format_date(Date{2026, 12, 25}), "2026-12-25");
  EXPECT_EQ(format_date(Date{2024, 2, 9}), "2024-02-09");
  EXPECT_EQ(format_date(Date{987, 1, 1}), "0987-01-01");
}

TEST(Format, Minute) {
  EXPECT_EQ(format_minute(0), "00:00");
  EXPECT_EQ(format_minute(570), "09:30");
  EXPECT_EQ(format_minute(1440), "24:00");
}

TEST(Format, Duration) {
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_duration(30), "30s");
  EXPECT_EQ(format_duration(900), "15m");
  EXPECT_EQ(format_duration(86400 + 4 * 3600), "1d4h");
  EXPECT_EQ(format_duration(86400 + 30), "1d30s");
  EXPECT_EQ(format_duration(90061), "1d1h1m1s");
}

TEST(Format, DurationRoundTrips) {
  for (std::int64_t s : {1LL, 59LL, 61LL, 3599LL, 3601LL, 86399LL, 90061LL, 1000000LL}) {
    const auto p = parse_duration(format_duration(s));
    EXPECT_EQ(p.value, std::optional<std::int64_t>(s)) << format_duration(s);
  }
}

}  // namespace
}  // namespace swb::syntax
