// Token kinds shared by the hand-written lexer and the ANTLR parser. The values are the
// ones ANTLR assigns to grammar/Switchboard.g4's tokens; parser.cpp static_asserts that.
#pragma once

#include <cstdint>
#include <string_view>

namespace swb::syntax {

enum TokenKind : std::uint8_t {
  kEof = 0,  // ANTLR's EOF is -1; the token source maps kEof to it
  kImport = 1,
  kAs,
  kVar,
  kTrue,
  kFalse,
  kLBrace,
  kRBrace,
  kLBrack,
  kRBrack,
  kLParen,
  kRParen,
  kAssign,
  kComma,
  kDot,
  kTextBlock,
  kString,
  kTimeRange,
  kDate,
  kDuration,
  kSize,
  kPercent,
  kDecimal,
  kInt,
  kIdent,
  kError = 63,  // a character no token can start with, or a token over kMaxLength; reported
};

// 8 bytes: a 110 MB file has 14 million tokens, all held from lexing until their block is
// parsed.
struct Token {
  static constexpr std::uint32_t kMaxLength = (1u << 26) - 1;  // 64 MiB, the default file limit
  std::uint32_t begin;                                         // byte offset into the file
  std::uint32_t length : 26;
  TokenKind kind : 6;
  std::uint32_t end() const { return begin + length; }  // [begin, end)
};
static_assert(sizeof(Token) == 8);

// A name for a token kind in messages: "'{'", "a string", "a name".
std::string_view describe(TokenKind kind);

}  // namespace swb::syntax
