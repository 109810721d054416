// The owned syntax tree: what a file says, with exact source ranges and literal values
// already decoded. Built from ANTLR's parse tree one top-level item at a time; nothing
// here knows ANTLR.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/span.h"

namespace swb::syntax {

struct Ident {
  std::string text;
  Span span;
};

struct Date {
  std::int32_t year = 0, month = 0, day = 0;
  friend auto operator<=>(const Date&, const Date&) = default;
};

enum class ExprKind : std::uint8_t {
  Invalid,  // a literal whose error was already reported: use nothing of it, report nothing
  String,
  Int,
  Decimal,
  Duration,
  Size,
  Percent,
  Date,
  TimeRange,
  Bool,
  List,
  Object,
  Reference,
  Call,
  Symbol,
};

// One piece of a string: literal text, or `${ns.name}` to be filled in from a var.
struct StringPart {
  bool is_ref = false;
  std::string text;  // literal text, or the reference's first segment
  std::string name;  // the reference's second segment
  Span span;         // of the `${…}`, for references
};

struct Expr {
  ExprKind kind = ExprKind::Invalid;
  bool text_block = false;  // String written as """…"""
  Span span;
  // String: the decoded text when there is no interpolation (parts empty).
  // Symbol: the name. Reference: the first segment (kind, `var` or an alias). Call: the
  // function name.
  std::string text;
  Ident member;                   // Reference: the second segment
  std::int64_t number = 0;        // Int; Duration seconds; Size bytes; TimeRange start minute
  std::int64_t number2 = 0;       // TimeRange end minute (1440 for 24:00)
  double decimal = 0;             // Decimal and Percent
  Date date;                      // Date
  std::vector<Expr> items;        // List elements; Object field values; Call arguments
  std::vector<Ident> keys;        // Object field names; Call argument names ("" if positional)
  std::vector<StringPart> parts;  // String with ${…}: the pieces in order
};

struct Attribute {
  Ident name;
  Expr value;
};

struct Block {
  Ident kind;
  Ident name;   // text empty when the block has no name (`org {`, `routing {`)
  Span header;  // `kind name {`
  Span span;    // the whole block
  std::vector<Attribute> attributes;  // in source order
  std::vector<Block> blocks;          // nested blocks, in source order
};

struct Import {
  std::string path;  // decoded
  Span path_span;
  Ident alias;  // explicit `as NAME`, else text empty
  Span span;
};

struct Var {
  Ident name;
  Expr value;
  Span span;
};

// A top-level item that could not be parsed. Its kind and name (when its header was
// readable) let later stages stay quiet about references to it instead of cascading.
struct BrokenItem {
  std::string kind;  // "var" for a var
  std::string name;
};

struct File {
  FileId id = kNoFile;
  std::vector<Import> imports;
  std::vector<Var> vars;
  std::vector<Block> blocks;
  std::vector<BrokenItem> broken;
  std::vector<Span> comments;
};

}  // namespace swb::syntax
