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
  kError = 255,  // a character no token can start with; reported by the lexer
};

struct Token {
  TokenKind kind;
  std::uint32_t begin;  // byte offsets into the file, [begin, end)
  std::uint32_t end;
};

// A name for a token kind in messages: "'{'", "a string", "a name".
std::string_view describe(TokenKind kind);

}  // namespace swb::syntax
