// `swb fmt`'s engine: one file's tokens and comments -> its canonical layout. Only
// whitespace, separating commas and the placement of comments change, never a token, so a
// formatted file means exactly what it meant before.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/syntax/parser.h"

namespace swb::format {

// Lists, objects and calls that fit stay on one line up to this column.
inline constexpr std::size_t kLineWidth = 100;

// The canonical text of `file`, or nullopt when the file has syntax errors (reported to
// `diags`): a file that does not parse is never rewritten.
std::optional<std::string> format_file(const SourceFile& file, Diagnostics& diags,
                                       const syntax::ParseLimits& limits = {});

}  // namespace swb::format
