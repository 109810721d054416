// Lexing is one pass over bytes; literals are classified by shape here and given their
// value (or an SWB003) when the syntax tree is built.
#include "compiler/syntax/lexer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "compiler/base/memory.h"
#include "compiler/base/parallel.h"

namespace swb::syntax {
namespace {

// The classes of a byte, one table look-up each (the lexer's inner loops ask per byte).
enum : std::uint8_t {
  kIdentStart = 1,
  kDigit = 2,
  kSpace = 4,
  kLiteralPunct = 8,
  kStringStop = 16,  // ends a run of plain string content: '"', '\\', a line break, NUL
};
constexpr std::array<std::uint8_t, 256> kByteClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] |= kIdentStart;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] |= kIdentStart;
  t['_'] |= kIdentStart;
  for (int c = '0'; c <= '9'; ++c) t[c] |= kDigit;
  for (unsigned char c : {' ', '\t', '\n', '\r'}) t[c] |= kSpace;
  for (unsigned char c : {'.', ':', '%', '-'}) t[c] |= kLiteralPunct;
  for (unsigned char c : {'"', '\\', '\n', '\r', '\0'}) t[c] |= kStringStop;
  return t;
}();

bool is_ident_start(unsigned char c) { return kByteClass[c] & kIdentStart; }
bool is_digit(unsigned char c) { return kByteClass[c] & kDigit; }
bool is_ident_char(unsigned char c) { return kByteClass[c] & (kIdentStart | kDigit); }
bool is_space(unsigned char c) { return kByteClass[c] & kSpace; }

// Characters that may continue a number-like literal: 1d4h, 5MiB, 80%, 1.5, 2026-12-25,
// 09:00-17:30. Scanning the whole run and classifying it afterwards gives one SWB003 for
// `5XB` instead of a number followed by a stray name.
bool is_literal_char(unsigned char c) {
  return kByteClass[c] & (kIdentStart | kDigit | kLiteralPunct);
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

}  // namespace

std::string_view describe(TokenKind kind) {
  switch (kind) {
    case kEof:
      return "end of input";
    case kImport:
      return "'import'";
    case kAs:
      return "'as'";
    case kVar:
      return "'var'";
    case kTrue:
      return "'true'";
    case kFalse:
      return "'false'";
    case kLBrace:
      return "'{'";
    case kRBrace:
      return "'}'";
    case kLBrack:
      return "'['";
    case kRBrack:
      return "']'";
    case kLParen:
      return "'('";
    case kRParen:
      return "')'";
    case kAssign:
      return "'='";
    case kComma:
      return "','";
    case kDot:
      return "'.'";
    case kTextBlock:
      return "a text block";
    case kString:
      return "a string";
    case kTimeRange:
      return "a time range";
    case kDate:
      return "a date";
    case kDuration:
      return "a duration";
    case kSize:
      return "a size";
    case kPercent:
      return "a percentage";
    case kDecimal:
      return "a decimal number";
    case kInt:
      return "an integer";
    case kIdent:
      return "a name";
    case kError:
      return "an invalid character";
  }
  return "a token";
}

std::size_t find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Eight ASCII bytes at a time: most of a config is ASCII.
    while (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, s + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    std::uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07;
    } else {
      return i;  // continuation byte, overlong lead (C0, C1) or past F4
    }
    if (i + len > n) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

namespace {

class Lexer {
 public:
  // Lexes the tokens that start in [begin, end), which begins at a line start; a token
  // that starts there may run past `end`.
  Lexer(const SourceFile& file, Diagnostics& diags, std::size_t begin, std::size_t end)
      : file_(file), text_(file.text()), diags_(diags), end_(end), pos_(begin) {}

  // `reserve_for`: the bytes whose tokens out_.tokens should have room for (the first
  // piece of a file keeps room for the rest, which is appended to it).
  LexedFile run(std::size_t reserve_for = 0) {
    if (pos_ == 0 && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    out_.tokens.reserve(std::max(reserve_for, end_ - pos_) / 6 + 16);
    advise_huge_pages(out_.tokens.data(), out_.tokens.capacity() * sizeof(Token));
    while (true) {
      skip_trivia();
      if (pos_ >= end_) break;
      lex_token();
    }
    return std::move(out_);
  }

  // Whether lexing stopped exactly at `end`, with nothing open: the next range, lexed on
  // its own from its first byte, then lexed as one pass over both would have.
  bool ended_cleanly() const { return pos_ == end_ && !in_conflict_; }

 private:
  Span span(std::size_t b, std::size_t e) const {
    return Span{file_.id(), static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e)};
  }
  void emit(TokenKind k, std::size_t b, std::size_t e) {
    if (e - b > Token::kMaxLength) {  // only a string or text block of over 64 MiB
      if (k != kError) {
        diags_
            .report(DiagCode::SWB004, span(b, b + 1),
                    fmt::format("this {} is {} bytes long; swb reads at most {} bytes as one token",
                                describe(k), e - b, Token::kMaxLength))
            .help("split it, or read it from a file at deployment time");
      }
      k = kError;
      e = b + Token::kMaxLength;
    }
    Token t;
    t.begin = static_cast<std::uint32_t>(b);
    t.length = static_cast<std::uint32_t>(e - b);
    t.kind = k;
    out_.tokens.push_back(t);
  }
  unsigned char at(std::size_t i) const {
    return i < text_.size() ? static_cast<unsigned char>(text_[i]) : 0;
  }
  // at(i) for i <= text_.size(), without the bounds check: the text is a SourceFile's
  // std::string, so a NUL follows its last byte.
  unsigned char byte(std::size_t i) const { return static_cast<unsigned char>(text_.data()[i]); }
  bool at_line_start(std::size_t i) const {
    return i == 0 || text_[i - 1] == '\n' || text_[i - 1] == '\r' ||
           (i == 3 && text_.substr(0, 3) == "\xEF\xBB\xBF");
  }
  std::size_t end_of_line(std::size_t i) const {
    while (i < text_.size() && text_[i] != '\n' && text_[i] != '\r') ++i;
    return i;
  }

  void skip_trivia() {
    while (pos_ < end_) {
      const unsigned char c = at(pos_);
      if (is_space(c)) {
        ++pos_;
        // Aligned attributes leave long runs of spaces: eight at a time.
        constexpr std::uint64_t kEightSpaces = 0x2020202020202020ull;
        std::uint64_t word;
        while (pos_ + 8 <= end_ &&
               (std::memcpy(&word, text_.data() + pos_, 8), word == kEightSpaces))
          pos_ += 8;
        while (pos_ < end_ && is_space(byte(pos_))) ++pos_;
      } else if (c == '#' || (c == '/' && at(pos_ + 1) == '/')) {
        const std::size_t e = end_of_line(pos_);
        out_.comments.push_back(span(pos_, e));
        pos_ = e;
      } else if (c == '/' && at(pos_ + 1) == '*') {
        const std::size_t close = text_.find("*/", pos_ + 2);
        if (close == std::string_view::npos) {
          diags_.report(DiagCode::SWB002, span(pos_, pos_ + 2), "unterminated block comment")
              .help("close it with '*/'");
          out_.comments.push_back(span(pos_, text_.size()));
          pos_ = text_.size();
        } else {
          out_.comments.push_back(span(pos_, close + 2));
          pos_ = close + 2;
        }
      } else {
        return;
      }
    }
  }

  void lex_token() {
    const std::size_t b = pos_;
    const unsigned char c = at(pos_);
    switch (c) {
      case '{':
        ++pos_;
        return emit(kLBrace, b, pos_);
      case '}':
        ++pos_;
        return emit(kRBrace, b, pos_);
      case '[':
        ++pos_;
        return emit(kLBrack, b, pos_);
      case ']':
        ++pos_;
        return emit(kRBrack, b, pos_);
      case '(':
        ++pos_;
        return emit(kLParen, b, pos_);
      case ')':
        ++pos_;
        return emit(kRParen, b, pos_);
      case ',':
        ++pos_;
        return emit(kComma, b, pos_);
      case '.':
        ++pos_;
        return emit(kDot, b, pos_);
      case '"':
        return lex_string();
      default:
        break;
    }
    if ((c == '<' || c == '>' || c == '=' || c == '|') && at_line_start(b) &&
        is_conflict_marker(b)) {
      const std::size_t e = end_of_line(b);
      // One conflict, one error: the '=======' and '>>>>>>>' of a reported '<<<<<<<' are quiet.
      if (c == '<' || !in_conflict_) {
        diags_.report(DiagCode::SWB001, span(b, e), "unresolved merge conflict marker")
            .help(
                "this looks like an unresolved merge conflict: keep the side you want, delete "
                "the other and the '<<<<<<<', '=======' and '>>>>>>>' lines");
      }
      in_conflict_ = c != '>';
      emit(kError, b, e);
      pos_ = e;
      return;
    }
    if (c == '=') {
      ++pos_;
      return emit(kAssign, b, pos_);
    }
    if (is_ident_start(c)) {
      while (is_ident_char(byte(pos_))) ++pos_;  // stops at the NUL after the text
      return emit(keyword_or_ident(text_.substr(b, pos_ - b)), b, pos_);
    }
    if (is_digit(c) || (c == '-' && is_digit(at(pos_ + 1)))) return lex_literal();
    if (c == '\'') {
      // Text in single quotes, closed on its line: one mistake, reported once.
      const std::size_t close = text_.find_first_of("'\n\r", b + 1);
      if (close != std::string_view::npos && text_[close] == '\'') {
        pos_ = close + 1;
        const std::string_view inner = text_.substr(b + 1, close - b - 1);
        // A long text is not repeated whole: the snippet shows it.
        constexpr std::size_t kShown = 40;
        if (inner.size() <= kShown) {
          diags_
              .report(DiagCode::SWB001, span(b, pos_),
                      fmt::format("'{}' is in single quotes", inner))
              .help(fmt::format("strings are written in double quotes: \"{}\"", inner));
        } else {
          std::size_t cut = kShown;  // at the start of a code point
          while (cut > 0 && (static_cast<unsigned char>(inner[cut]) & 0xC0) == 0x80) --cut;
          diags_
              .report(DiagCode::SWB001, span(b, pos_),
                      fmt::format("'{}…' is in single quotes", inner.substr(0, cut)))
              .help("strings are written in double quotes: replace the single quotes around it");
        }
        return emit(kError, b, pos_);
      }
    }
    // Anything else: one whole code point, reported once per run of them.
    std::size_t len = 1;
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    pos_ = std::min(text_.size(), b + len);
    std::string shown = c < 0x20 || c == 0x7F ? fmt::format("\\x{:02X}", c)
                                              : std::string(text_.substr(b, pos_ - b));
    if (out_.tokens.empty() || out_.tokens.back().kind != kError || out_.tokens.back().end() != b) {
      diags_
          .report(DiagCode::SWB001, span(b, pos_), fmt::format("unexpected character '{}'", shown))
          .help(c == '\''  ? "strings are written in double quotes: \"…\""
                : c == ':' ? "attributes are written `name = value`"
                           : "names are ASCII letters, digits and '_'; text goes in \"…\"");
      emit(kError, b, pos_);
    } else {
      Token& run = out_.tokens.back();  // one error token for a run of bad characters
      run.length =
          static_cast<std::uint32_t>(std::min<std::size_t>(pos_ - run.begin, Token::kMaxLength));
    }
  }

  // A word's kind: one of the five keywords, else an identifier. Most words are neither,
  // and most of those are told apart by their first letter without comparing the rest.
  static TokenKind keyword_or_ident(std::string_view word) {
    switch (word[0]) {
      case 'i':
        return word == "import" ? kImport : kIdent;
      case 'a':
        return word == "as" ? kAs : kIdent;
      case 'v':
        return word == "var" ? kVar : kIdent;
      case 't':
        return word == "true" ? kTrue : kIdent;
      case 'f':
        return word == "false" ? kFalse : kIdent;
      default:
        return kIdent;
    }
  }

  bool is_conflict_marker(std::size_t b) const {
    const char m = text_[b];
    for (std::size_t i = 0; i < 7; ++i) {
      if (at(b + i) != static_cast<unsigned char>(m)) return false;
    }
    const unsigned char next = at(b + 7);
    return next == ' ' || next == '\n' || next == '\r' || next == 0;
  }

  void lex_literal() {
    const std::size_t b = pos_;
    ++pos_;  // a digit or the sign
    while (pos_ < text_.size() && is_literal_char(at(pos_))) {
      // A '-' continues a literal only inside dates and time ranges (digit on both sides).
      if (at(pos_) == '-' && !(is_digit(at(pos_ - 1)) && is_digit(at(pos_ + 1)))) break;
      // A '.' continues only between digits (1.5), so `2.x` stays a mistake of its own.
      if (at(pos_) == '.' && !(is_digit(at(pos_ - 1)) && is_digit(at(pos_ + 1)))) break;
      ++pos_;
    }
    emit(classify_literal(text_.substr(b, pos_ - b)), b, pos_);
  }

 public:
  static TokenKind classify_literal(std::string_view s) {
    std::string_view body = s;
    if (!body.empty() && body[0] == '-') body.remove_prefix(1);
    if (all_digits(body)) return kInt;
    if (s.find(':') != std::string_view::npos) return kTimeRange;
    if (s.size() >= 8 && s[0] != '-' && std::count(s.begin(), s.end(), '-') == 2) return kDate;
    if (!s.empty() && s.back() == '%') return kPercent;
    const auto dot = body.find('.');
    if (dot != std::string_view::npos && all_digits(body.substr(0, dot)) &&
        all_digits(body.substr(dot + 1))) {
      return kDecimal;
    }
    // Letters after the digits: a duration if every unit is d/h/m/s, else a size.
    bool duration_units = true;
    for (unsigned char ch : body) {
      if (!is_digit(ch) && ch != 'd' && ch != 'h' && ch != 'm' && ch != 's') duration_units = false;
    }
    return duration_units ? kDuration : kSize;
  }

 private:
  void lex_string() {
    const std::size_t b = pos_;
    if (text_.substr(b, 3) == "\"\"\"") {
      const std::size_t close = text_.find("\"\"\"", b + 3);
      if (close == std::string_view::npos) {
        diags_.report(DiagCode::SWB002, span(b, b + 3), "unterminated text block")
            .help("close it with '\"\"\"'");
        out_.broken.push_back(static_cast<std::uint32_t>(b));
        pos_ = text_.size();
      } else {
        pos_ = close + 3;
        // `""""` closes with the last three quotes: a quote just before the end is content.
        while (at(pos_) == '"') ++pos_;
      }
      return emit(kTextBlock, b, pos_);
    }
    ++pos_;
    while (pos_ < text_.size()) {
      while (!(kByteClass[byte(pos_)] & kStringStop)) ++pos_;  // stops at the NUL after the text
      if (pos_ >= text_.size()) break;
      const unsigned char c = byte(pos_);
      if (c == '"') {
        ++pos_;
        return emit(kString, b, pos_);
      }
      if (c == '\n' || c == '\r') break;
      if (c == '\\' && pos_ + 1 < text_.size() && at(pos_ + 1) != '\n' && at(pos_ + 1) != '\r') {
        pos_ += 2;
      } else {
        ++pos_;
      }
    }
    // A string broken by a raw line break leaves its closing quote on the next line, where
    // it opens a second unterminated string: the same mistake, reported once.
    const bool continuation =
        last_unterminated_line_ != std::string_view::npos &&
        line_start(b) == last_unterminated_line_ &&
        text_.substr(last_unterminated_line_, b - last_unterminated_line_).find('"') ==
            std::string_view::npos;
    if (!continuation) {
      diags_.report(DiagCode::SWB002, span(b, b + 1), "unterminated string")
          .help(
              "close the string on the same line; write a line break as \\n or use a text "
              "block (\"\"\" … \"\"\")");
    }
    // The line after this one, where a continuation would start.
    last_unterminated_line_ = continuation ? std::string_view::npos : next_line_start(pos_);
    out_.broken.push_back(static_cast<std::uint32_t>(b));
    emit(kString, b, pos_);
  }

  const SourceFile& file_;
  std::string_view text_;
  Diagnostics& diags_;
  std::size_t line_start(std::size_t i) const {
    while (i > 0 && text_[i - 1] != '\n' && text_[i - 1] != '\r') --i;
    return i;
  }
  std::size_t next_line_start(std::size_t i) const {
    if (i < text_.size() && text_[i] == '\r') ++i;
    if (i < text_.size() && text_[i] == '\n') ++i;
    return i;
  }

  std::size_t end_;
  std::size_t pos_;
  bool in_conflict_ = false;
  std::size_t last_unterminated_line_ = std::string_view::npos;
  LexedFile out_;
};

}  // namespace

LexedFile lex(const SourceFile& file, Diagnostics& diags, unsigned workers) {
  const std::string_view text = file.text();
  // A large file is cut at line starts and its pieces lexed at once, each as if nothing
  // were open where it starts. That holds unless a text block, a block comment or a merge
  // conflict spans a cut; then the whole file is lexed again in one pass.
  constexpr std::size_t kBytesPerWorker = 4 << 20;
  const std::size_t pieces = std::min<std::size_t>(workers, text.size() / kBytesPerWorker);
  if (pieces > 1) {
    std::vector<std::size_t> cuts{0};
    for (std::size_t k = 1; k < pieces; ++k) {
      const std::size_t nl = text.find('\n', std::max(cuts.back(), text.size() * k / pieces));
      if (nl == std::string_view::npos || nl + 1 >= text.size()) break;
      cuts.push_back(nl + 1);
    }
    cuts.push_back(text.size());
    const std::size_t n = cuts.size() - 1;
    std::vector<Diagnostics> found(n);
    std::vector<LexedFile> parts(n);
    std::vector<char> clean(n, 0);
    parallel_for(n, workers, [&](std::size_t k) {
      Lexer lexer(file, found[k], cuts[k], cuts[k + 1]);
      parts[k] = lexer.run(k == 0 ? text.size() : 0);
      clean[k] = lexer.ended_cleanly();
    });
    if (std::all_of(clean.begin(), clean.end() - 1, [](char c) { return c != 0; })) {
      LexedFile out = std::move(parts[0]);
      diags.merge(std::move(found[0]));
      for (std::size_t k = 1; k < n; ++k) {
        auto append = [](auto& into, auto& from) {
          into.insert(into.end(), from.begin(), from.end());
        };
        // The first piece reserved room for the whole file's tokens. The others are given
        // back a block at a time as they are copied, so that the file's tokens are not held
        // twice (113 MB each for a 110 MB file).
        const std::vector<Token>& from = parts[k].tokens;
        FrontRelease copied(from.data(), from.capacity() * sizeof(Token));
        constexpr std::size_t kBlock = 1 << 16;
        for (std::size_t i = 0; i < from.size(); i += kBlock) {
          const std::size_t j = std::min(from.size(), i + kBlock);
          out.tokens.insert(out.tokens.end(), from.begin() + i, from.begin() + j);
          copied.upto(from.data() + j);
        }
        std::vector<Token>().swap(parts[k].tokens);
        append(out.comments, parts[k].comments);
        append(out.broken, parts[k].broken);
        diags.merge(std::move(found[k]));
      }
      return out;
    }
  }
  return Lexer(file, diags, 0, text.size()).run();
}

}  // namespace swb::syntax
