// The syntax stage's entry point: one source file -> its owned syntax tree.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

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
// ANTLR tree at once. Never throws; every problem is a diagnostic. (`swb check` parses
// config files through parse_file_deferred instead, on several threads.)
File parse_file(const SourceFile& file, Diagnostics& diags, const ParseLimits& limits);

// The blocks of a file, lexed and split into items but not parsed yet: lowering parses them
// chunk by chunk, in order, and drops each chunk's trees once lowered, so that no whole-file
// tree is ever held (a syntax tree takes about ten bytes per byte of input).
class DeferredBlocks {
 public:
  struct Impl;
  explicit DeferredBlocks(std::unique_ptr<Impl> impl);
  ~DeferredBlocks();

  std::size_t chunks() const;
  // Parses chunk k: its blocks, and the items that could not be parsed, into `out`; its
  // problems into `diags`. Each chunk once; distinct chunks may be parsed on different
  // threads at once.
  void parse_chunk(std::size_t k, File& out, Diagnostics& diags) const;
  // Gives back the memory of the text and tokens of chunks 0 to k once chunk k is parsed and
  // lowered (see SourceFile::release); diagnostics that need the text later read it from
  // the file again. Called for each chunk in order, from one thread.
  void release_text(std::size_t k) const;
  // How many blocks are of this kind (`channel`), known from the split alone: lets a caller
  // size its tables, or start work that only some kinds need, before the blocks are parsed.
  std::size_t count(std::string_view kind) const;

 private:
  std::unique_ptr<Impl> impl_;
};

// parse_file, but for blocks: `head` gets the file's imports, vars and comments (and the
// items the split already found broken), `blocks` everything else, to be parsed later.
// `file` must outlive `blocks`. A large file is lexed on `lex_workers` threads.
struct SplitFile {
  File head;
  std::shared_ptr<const DeferredBlocks> blocks;
};
SplitFile parse_file_deferred(const SourceFile& file, Diagnostics& diags, const ParseLimits& limits,
                              unsigned lex_workers = 1);

// The token ranges [first, last) of the file's top-level items and whether each is skipped
// (already reported), as parse_file_deferred splits them on `workers` threads, in pieces of
// at least `piece_tokens` tokens (parse_file_deferred: a million): for tests.
struct ItemRange {
  std::uint32_t first, last;
  bool skip;
  bool operator==(const ItemRange&) const = default;
};
std::vector<ItemRange> split_items(const SourceFile& file, Diagnostics& diags,
                                   const ParseLimits& limits, unsigned workers,
                                   std::size_t piece_tokens);

// Whether the parser decides the choices after a comma in a list or call, and at a call's
// argument, from the next two tokens when they are ones a valid input has there (the
// default), or leaves every choice to ANTLR's prediction: for tests, which compare the two.
// Read when a parse starts.
void set_two_token_prediction(bool on);
// Whether the parser found those choices in the grammar (false: every one goes to ANTLR).
bool two_token_prediction_complete();

}  // namespace swb::syntax
