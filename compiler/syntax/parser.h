// The syntax stage's entry point: one source file -> its owned syntax tree.
#pragma once

#include <cstddef>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/syntax/tree.h"

namespace swb::syntax {

struct ParseLimits {
  std::size_t max_depth = 64;  // brackets, braces and parentheses
  std::size_t max_list_items = 100000;
};

// Lexes the file, splits it into top-level items, and parses each item on its own with
// ANTLR (SLL first, full LL only for an item SLL rejects), converting and freeing each
// ANTLR tree at once. With `workers` > 1 the items of a large file are parsed on that many
// threads. Never throws; every problem is a diagnostic.
File parse_file(const SourceFile& file, Diagnostics& diags, const ParseLimits& limits,
                unsigned workers = 1);

}  // namespace swb::syntax
