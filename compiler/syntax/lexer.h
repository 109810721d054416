// The hand-written lexer: UTF-8 source -> compact tokens, with lexical diagnostics.
// It is several times faster than an ANTLR lexer (which widens input to 32-bit code
// points) and it is where unterminated literals and stray characters are reported.
#pragma once

#include <vector>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/syntax/token.h"

namespace swb::syntax {

struct LexedFile {
  std::vector<Token> tokens;   // no whitespace or comments; no trailing EOF token
  std::vector<Span> comments;  // every comment, in order (for the formatter)
  // Offsets of tokens whose text is broken (an unterminated string): their value must
  // not be used, and the error has been reported.
  std::vector<std::uint32_t> broken;
};

// Returns the offset of the first byte of an invalid UTF-8 sequence (overlong forms,
// surrogates and code points past U+10FFFF are invalid), or npos when `text` is valid.
std::size_t find_invalid_utf8(std::string_view text);

// With `workers` > 1, a large file is lexed in pieces on that many threads; the result is
// the same.
LexedFile lex(const SourceFile& file, Diagnostics& diags, unsigned workers = 1);

}  // namespace swb::syntax
