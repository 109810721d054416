// Unit tests for compiler/syntax/parser.h: parse_file on small inputs, error recovery,
// resource limits, and the deferred, multi-threaded parse of `swb check` against it.
#include "compiler/syntax/parser.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/syntax/parse_ahead.h"

namespace swb::syntax {
namespace {

struct Parsed {
  SourceManager sources;
  Diagnostics diags;
  File file;
  const SourceFile* src = nullptr;

  // workers == 0: parse_file. Otherwise the way `swb check` parses: imports and vars at
  // once, the blocks deferred and parsed by ParseAhead on `workers` threads.
  explicit Parsed(std::string text, ParseLimits limits = {}, unsigned workers = 0) {
    src = &sources.add("t.swb", std::move(text));
    if (workers == 0) {
      file = parse_file(*src, diags, limits);
      return;
    }
    SplitFile split = parse_file_deferred(*src, diags, limits, workers);
    file = std::move(split.head);
    ParseAhead ahead({split.blocks.get()}, workers);
    while (auto chunk = ahead.next()) {
      diags.merge(std::move(chunk->diags));
      for (auto& b : chunk->syntax.blocks) file.blocks.push_back(std::move(b));
      for (auto& b : chunk->syntax.broken) file.broken.push_back(std::move(b));
    }
  }
  std::string text(Span s) const {
    return std::string(src->text().substr(s.begin, s.end - s.begin));
  }
  std::size_t count(DiagCode code) const {
    std::size_t n = 0;
    for (const auto& d : diags.list()) n += d.code == code;
    return n;
  }
  std::string diag_dump() const {
    std::string out;
    for (const auto& d : diags.list()) {
      out += fmt::format("{} [{},{}) {}\n", catalog_entry(d.code).id, d.span.begin, d.span.end,
                         d.message);
    }
    return out;
  }
};

const Attribute* Attr(const Block& b, std::string_view name) {
  for (const auto& a : b.attributes) {
    if (a.name.text == name) return &a;
  }
  return nullptr;
}

// ---- a dump of the tree, for whole-tree comparisons ----------------------------------

std::string SpanStr(Span s) { return fmt::format("{}:[{},{})", s.file, s.begin, s.end); }

void DumpExpr(const Expr& e, std::string& out) {
  out += fmt::format("(kind={} tb={} span={} text={} member={}@{} n={} n2={} dec={} date={}-{}-{}",
                     static_cast<int>(e.kind), e.text_block, SpanStr(e.span), e.text, e.member.text,
                     SpanStr(e.member.span), e.number, e.number2, e.decimal, e.date.year,
                     e.date.month, e.date.day);
  for (const auto& k : e.keys) out += fmt::format(" key={}@{}", k.text, SpanStr(k.span));
  for (const auto& p : e.parts) {
    out += fmt::format(" part={}/{}/{}@{}", p.is_ref, p.text, p.name, SpanStr(p.span));
  }
  for (const auto& i : e.items) DumpExpr(i, out);
  out += ")";
}

void DumpBlock(const Block& b, std::string& out) {
  out += fmt::format("block {}@{} {}@{} header={} span={} {{\n", b.kind.text, SpanStr(b.kind.span),
                     b.name.text, SpanStr(b.name.span), SpanStr(b.header), SpanStr(b.span));
  for (const auto& a : b.attributes) {
    out += fmt::format("  {}@{} = ", a.name.text, SpanStr(a.name.span));
    DumpExpr(a.value, out);
    out += "\n";
  }
  for (const auto& nb : b.blocks) DumpBlock(nb, out);
  out += "}\n";
}

std::string Dump(const File& f) {
  std::string out = fmt::format("file {}\n", f.id);
  for (const auto& i : f.imports) {
    out += fmt::format("import {}@{} as {}@{} span={}\n", i.path, SpanStr(i.path_span),
                       i.alias.text, SpanStr(i.alias.span), SpanStr(i.span));
  }
  for (const auto& v : f.vars) {
    out += fmt::format("var {}@{} span={} = ", v.name.text, SpanStr(v.name.span), SpanStr(v.span));
    DumpExpr(v.value, out);
    out += "\n";
  }
  for (const auto& b : f.blocks) DumpBlock(b, out);
  for (const auto& b : f.broken) out += fmt::format("broken {} {}\n", b.kind, b.name);
  for (const auto& c : f.comments) out += fmt::format("comment {}\n", SpanStr(c));
  return out;
}

// ---- the two-token prediction ---------------------------------------------------------

// The parser decides the choices after a comma and at an argument from two tokens; ANTLR's
// own prediction must agree on every input, valid or not: same tree, same diagnostics.
TEST(ParserPrediction, TwoTokensDecideAsAntlrDoes) {
  ASSERT_TRUE(two_token_prediction_complete()) << "the choices were not found in the grammar";
  const std::vector<std::string> inputs = {
      "a { l = [] }",
      "a { l = [1] }",
      "a { l = [1,] }",
      "a { l = [1, 2, 3] }",
      "a { l = [1, 2, 3,] }",
      "a { l = [[1, [2,]], {x = 1}, f(a = 1, b), var.x, k.n, \"s\", \"\"\"\nt\n\"\"\"] }",
      "a { l = [true, false, 1.5, 3d, 2MB, 50%, 2026-01-01, 09:00-17:00, -1] }",
      "a { x = f() }",
      "a { x = f(1) }",
      "a { x = f(1,) }",
      "a { x = f(a = 1, b = [2,], c) }",
      "a { x = f(a.b, g(h), i) }",
      "a { x = f(a, b = c, d = e.f,) }",
      "var v = f(x = [1, 2], y = g(z = 3))",
      // errors: each must be reported exactly as ANTLR's prediction reports it
      "a { l = [1,, 2] }",
      "a { l = [,] }",
      "a { l = [, 1] }",
      "a { l = [1 2] }",
      "a { l = [1, 2 }",
      "a { l = [1, = ] }",
      "a { l = [1, ) ] }",
      "a { x = f(,) }",
      "a { x = f(1,, 2) }",
      "a { x = f(1 2) }",
      "a { x = f(a = ) }",
      "a { x = f(a = = 1) }",
      "a { x = f(a b) }",
      "a { x = f(= 1) }",
      "a { x = f(a = 1 b = 2) }",
      "a { x = f(1, ] }",
      "a { x = f(a, }\nb { y = 1 }",
      "a { l = [f(1, [2, f(x = ]) ] }",
  };
  for (const std::string& input : inputs) {
    set_two_token_prediction(false);
    Parsed antlr(input);
    set_two_token_prediction(true);
    Parsed two(input);
    EXPECT_EQ(antlr.diag_dump(), two.diag_dump()) << input;
    EXPECT_EQ(Dump(antlr.file), Dump(two.file)) << input;
  }
}

// ---- well-formed input ---------------------------------------------------------------

TEST(Parser, ImportsVarsAndBlocks) {
  Parsed p(
      "import \"std/permissions\" as perms\n"
      "import \"lib/common\"\n"
      "var env = \"prod\"\n"
      "org {\n  name = \"Jungle\"\n}\n"
      "channel support_us {\n  type = whatsapp\n}\n");
  EXPECT_EQ(p.diags.size(), 0u) << p.diag_dump();
  EXPECT_EQ(p.file.id, p.src->id());
  ASSERT_EQ(p.file.imports.size(), 2u);
  EXPECT_EQ(p.file.imports[0].path, "std/permissions");
  EXPECT_EQ(p.text(p.file.imports[0].path_span), "\"std/permissions\"");
  EXPECT_EQ(p.file.imports[0].alias.text, "perms");
  EXPECT_EQ(p.text(p.file.imports[0].span), "import \"std/permissions\" as perms");
  EXPECT_EQ(p.file.imports[1].path, "lib/common");
  EXPECT_EQ(p.file.imports[1].alias.text, "");

  ASSERT_EQ(p.file.vars.size(), 1u);
  EXPECT_EQ(p.file.vars[0].name.text, "env");
  EXPECT_EQ(p.file.vars[0].value.kind, ExprKind::String);
  EXPECT_EQ(p.file.vars[0].value.text, "prod");
  EXPECT_EQ(p.text(p.file.vars[0].span), "var env = \"prod\"");

  ASSERT_EQ(p.file.blocks.size(), 2u);
  const Block& org = p.file.blocks[0];
  EXPECT_EQ(org.kind.text, "org");
  EXPECT_EQ(org.name.text, "");
  ASSERT_EQ(org.attributes.size(), 1u);
  EXPECT_EQ(org.attributes[0].name.text, "name");
  EXPECT_EQ(org.attributes[0].value.text, "Jungle");
  EXPECT_EQ(p.text(org.header), "org {");
  EXPECT_EQ(p.text(org.span), "org {\n  name = \"Jungle\"\n}");

  const Block& ch = p.file.blocks[1];
  EXPECT_EQ(ch.kind.text, "channel");
  EXPECT_EQ(ch.name.text, "support_us");
  EXPECT_EQ(p.text(ch.name.span), "support_us");
  EXPECT_EQ(p.text(ch.header), "channel support_us {");
  const Attribute* type = Attr(ch, "type");
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(type->value.kind, ExprKind::Symbol);
  EXPECT_EQ(type->value.text, "whatsapp");
  EXPECT_TRUE(p.file.broken.empty());
}

TEST(Parser, NestedBlocksInSourceOrder) {
  Parsed p(
      "role supervisor {\n"
      "  description = \"Sup\"\n"
      "  channel support_us {\n"
      "    permissions = [view, reply]\n"
      "  }\n"
      "  read_only = false\n"
      "  channel sales {\n"
      "    permissions = []\n"
      "    inner {\n      x = 1\n    }\n"
      "  }\n"
      "}\n");
  EXPECT_EQ(p.diags.size(), 0u) << p.diag_dump();
  ASSERT_EQ(p.file.blocks.size(), 1u);
  const Block& role = p.file.blocks[0];
  ASSERT_EQ(role.attributes.size(), 2u);
  EXPECT_EQ(role.attributes[0].name.text, "description");
  EXPECT_EQ(role.attributes[1].name.text, "read_only");
  EXPECT_EQ(role.attributes[1].value.kind, ExprKind::Bool);
  EXPECT_EQ(role.attributes[1].value.number, 0);
  ASSERT_EQ(role.blocks.size(), 2u);
  EXPECT_EQ(role.blocks[0].kind.text, "channel");
  EXPECT_EQ(role.blocks[0].name.text, "support_us");
  const Attribute* perms = Attr(role.blocks[0], "permissions");
  ASSERT_NE(perms, nullptr);
  ASSERT_EQ(perms->value.kind, ExprKind::List);
  ASSERT_EQ(perms->value.items.size(), 2u);
  EXPECT_EQ(perms->value.items[0].text, "view");
  EXPECT_EQ(perms->value.items[1].text, "reply");
  EXPECT_EQ(role.blocks[1].name.text, "sales");
  ASSERT_EQ(role.blocks[1].blocks.size(), 1u);
  EXPECT_EQ(role.blocks[1].blocks[0].kind.text, "inner");
  EXPECT_EQ(role.blocks[1].blocks[0].name.text, "");
  EXPECT_EQ(Attr(role.blocks[1], "permissions")->value.items.size(), 0u);
}

TEST(Parser, LiteralValues) {
  Parsed p(
      "t {\n"
      "  i = -42\n"
      "  d = 1.5\n"
      "  du = 1d4h\n"
      "  sz = 640KiB\n"
      "  pc = 80%\n"
      "  dt = 2024-02-29\n"
      "  tr = 09:00-24:00\n"
      "  b = true\n"
      "  s = \"a\\tb\"\n"
      "  tb = \"\"\"\n    Hello\n      world\n    \"\"\"\n"
      "}\n");
  EXPECT_EQ(p.diags.size(), 0u) << p.diag_dump();
  ASSERT_EQ(p.file.blocks.size(), 1u);
  const Block& b = p.file.blocks[0];
  ASSERT_EQ(b.attributes.size(), 10u);
  EXPECT_EQ(Attr(b, "i")->value.kind, ExprKind::Int);
  EXPECT_EQ(Attr(b, "i")->value.number, -42);
  EXPECT_EQ(Attr(b, "d")->value.kind, ExprKind::Decimal);
  EXPECT_DOUBLE_EQ(Attr(b, "d")->value.decimal, 1.5);
  EXPECT_EQ(Attr(b, "du")->value.kind, ExprKind::Duration);
  EXPECT_EQ(Attr(b, "du")->value.number, 100800);
  EXPECT_EQ(Attr(b, "sz")->value.kind, ExprKind::Size);
  EXPECT_EQ(Attr(b, "sz")->value.number, 655360);
  EXPECT_EQ(Attr(b, "pc")->value.kind, ExprKind::Percent);
  EXPECT_DOUBLE_EQ(Attr(b, "pc")->value.decimal, 80.0);
  EXPECT_EQ(Attr(b, "dt")->value.kind, ExprKind::Date);
  EXPECT_EQ(Attr(b, "dt")->value.date, (Date{2024, 2, 29}));
  EXPECT_EQ(Attr(b, "tr")->value.kind, ExprKind::TimeRange);
  EXPECT_EQ(Attr(b, "tr")->value.number, 540);
  EXPECT_EQ(Attr(b, "tr")->value.number2, 1440);
  EXPECT_EQ(Attr(b, "b")->value.kind, ExprKind::Bool);
  EXPECT_EQ(Attr(b, "b")->value.number, 1);
  EXPECT_EQ(Attr(b, "s")->value.kind, ExprKind::String);
  EXPECT_EQ(Attr(b, "s")->value.text, "a\tb");
  EXPECT_FALSE(Attr(b, "s")->value.text_block);
  EXPECT_EQ(Attr(b, "tb")->value.kind, ExprKind::String);
  EXPECT_TRUE(Attr(b, "tb")->value.text_block);
  EXPECT_EQ(Attr(b, "tb")->value.text, "Hello\n  world");
  EXPECT_EQ(p.text(Attr(b, "pc")->value.span), "80%");
}

TEST(Parser, ImpossibleLiteralIsSwb003AtTheLiteral) {
  //                  0123456789012345678901234567
  Parsed p(
      "t {\n  a = 1h2d\n  b = 5XB\n  c = 120%\n  d = 2023-02-29\n  e = 10:00-09:00\n  f = "
      "99999999999999999999\n}\n");
  EXPECT_EQ(p.count(DiagCode::SWB003), 6u) << p.diag_dump();
  EXPECT_EQ(p.diags.size(), 6u) << p.diag_dump();
  ASSERT_EQ(p.file.blocks.size(), 1u);
  const std::vector<std::string> texts = {"1h2d",       "5XB",         "120%",
                                          "2023-02-29", "10:00-09:00", "99999999999999999999"};
  for (std::size_t k = 0; k < p.diags.list().size() && k < texts.size(); ++k) {
    EXPECT_EQ(p.text(p.diags.list()[k].span), texts[k]);
    EXPECT_NE(p.diags.list()[k].message.find(texts[k]), std::string::npos)
        << p.diags.list()[k].message;
  }
  for (const auto& a : p.file.blocks[0].attributes) {
    EXPECT_EQ(a.value.kind, ExprKind::Invalid) << a.name.text;
  }
}

TEST(Parser, BadEscapeIsReportedAtTheEscape) {
  //        0123456789012
  Parsed p("t {\n  s = \"ab\\qc\"\n}");
  ASSERT_EQ(p.diags.size(), 1u) << p.diag_dump();
  EXPECT_EQ(p.diags.list()[0].code, DiagCode::SWB003);
  EXPECT_EQ(p.text(p.diags.list()[0].span), "\\q");
}

TEST(Parser, ListsObjectsReferencesAndCalls) {
  Parsed p(
      "template welcome {\n"
      "  channel = channel.support_us\n"
      "  v = var.env\n"
      "  header = text(\"Hi\")\n"
      "  pin = secret(\"WA_PIN\")\n"
      "  buttons = [quick_reply(\"Yes\"), url(text = \"Go\", url = \"https://x.test\"),]\n"
      "  obj = { title = \"T\", items = [{ title = \"a\" }, { title = \"b\" description = \"d\" }] "
      "}\n"
      "  obj2 = {\n    a = 1\n    b = 2\n  }\n"
      "  empty = {}\n"
      "  nested = [[1, 2], [], [3]]\n"
      "  none = f()\n"
      "}\n");
  EXPECT_EQ(p.diags.size(), 0u) << p.diag_dump();
  ASSERT_EQ(p.file.blocks.size(), 1u);
  const Block& b = p.file.blocks[0];

  const Expr& ch = Attr(b, "channel")->value;
  EXPECT_EQ(ch.kind, ExprKind::Reference);
  EXPECT_EQ(ch.text, "channel");
  EXPECT_EQ(ch.member.text, "support_us");
  EXPECT_EQ(p.text(ch.span), "channel.support_us");
  EXPECT_EQ(p.text(ch.member.span), "support_us");

  const Expr& v = Attr(b, "v")->value;
  EXPECT_EQ(v.kind, ExprKind::Reference);
  EXPECT_EQ(v.text, "var");
  EXPECT_EQ(v.member.text, "env");

  const Expr& header = Attr(b, "header")->value;
  EXPECT_EQ(header.kind, ExprKind::Call);
  EXPECT_EQ(header.text, "text");
  ASSERT_EQ(header.items.size(), 1u);
  EXPECT_EQ(header.items[0].text, "Hi");
  ASSERT_EQ(header.keys.size(), 1u);
  EXPECT_EQ(header.keys[0].text, "");
  EXPECT_EQ(p.text(header.span), "text(\"Hi\")");

  const Expr& buttons = Attr(b, "buttons")->value;
  ASSERT_EQ(buttons.kind, ExprKind::List);
  ASSERT_EQ(buttons.items.size(), 2u);  // trailing comma allowed
  const Expr& url = buttons.items[1];
  EXPECT_EQ(url.kind, ExprKind::Call);
  EXPECT_EQ(url.text, "url");
  ASSERT_EQ(url.keys.size(), 2u);
  EXPECT_EQ(url.keys[0].text, "text");
  EXPECT_EQ(url.keys[1].text, "url");
  EXPECT_EQ(url.items[0].text, "Go");
  EXPECT_EQ(url.items[1].text, "https://x.test");

  const Expr& obj = Attr(b, "obj")->value;
  ASSERT_EQ(obj.kind, ExprKind::Object);
  ASSERT_EQ(obj.keys.size(), 2u);
  EXPECT_EQ(obj.keys[0].text, "title");
  EXPECT_EQ(obj.keys[1].text, "items");
  ASSERT_EQ(obj.items.size(), 2u);
  ASSERT_EQ(obj.items[1].kind, ExprKind::List);
  ASSERT_EQ(obj.items[1].items.size(), 2u);
  ASSERT_EQ(obj.items[1].items[1].keys.size(), 2u);  // object fields need no comma
  EXPECT_EQ(obj.items[1].items[1].items[0].text, "b");
  EXPECT_EQ(obj.items[1].items[1].keys[1].text, "description");

  const Expr& obj2 = Attr(b, "obj2")->value;
  ASSERT_EQ(obj2.kind, ExprKind::Object);
  ASSERT_EQ(obj2.items.size(), 2u);  // fields separated by newlines only
  EXPECT_EQ(obj2.items[1].number, 2);

  EXPECT_EQ(Attr(b, "empty")->value.kind, ExprKind::Object);
  EXPECT_TRUE(Attr(b, "empty")->value.items.empty());

  const Expr& nested = Attr(b, "nested")->value;
  ASSERT_EQ(nested.items.size(), 3u);
  EXPECT_EQ(nested.items[0].items.size(), 2u);
  EXPECT_EQ(nested.items[1].items.size(), 0u);
  EXPECT_EQ(nested.items[2].items[0].number, 3);

  EXPECT_EQ(Attr(b, "none")->value.kind, ExprKind::Call);
  EXPECT_TRUE(Attr(b, "none")->value.items.empty());
}

TEST(Parser, InterpolationPartsPointAtDollarBrace) {
  //        0123456789012345678901234567890123
  Parsed p("var greeting = \"Hi ${var.name}, ${perms.x}\"");
  EXPECT_EQ(p.diags.size(), 0u) << p.diag_dump();
  ASSERT_EQ(p.file.vars.size(), 1u);
  const Expr& e = p.file.vars[0].value;
  EXPECT_EQ(e.kind, ExprKind::String);
  ASSERT_EQ(e.parts.size(), 4u);
  EXPECT_EQ(e.parts[0].text, "Hi ");
  EXPECT_TRUE(e.parts[1].is_ref);
  EXPECT_EQ(e.parts[1].text, "var");
  EXPECT_EQ(e.parts[1].name, "name");
  EXPECT_EQ(e.parts[1].span.file, p.src->id());
  EXPECT_EQ(p.text(e.parts[1].span), "${var.name}");
  EXPECT_EQ(e.parts[2].text, ", ");
  EXPECT_EQ(p.text(e.parts[3].span), "${perms.x}");
  EXPECT_EQ(e.parts[3].text, "perms");
}

TEST(Parser, InterpolationErrorPointsInsideTheString) {
  //        0123456789012345678
  Parsed p("var g = \"ab ${nope}\"");
  ASSERT_EQ(p.diags.size(), 1u) << p.diag_dump();
  EXPECT_EQ(p.diags.list()[0].code, DiagCode::SWB003);
  EXPECT_EQ(p.text(p.diags.list()[0].span), "${nope}");
}

TEST(Parser, TextBlockEdgeCases) {
  Parsed p(
      "t {\n"
      "  a = \"\"\"say \"hi\"\"\"\"\n"                  // a quote just before the closing quotes
      "  b = \"\"\"\"\"\"\n"                            // empty
      "  c = \"\"\"\n    Hi ${var.name}\n    \"\"\"\n"  // interpolation, no escapes
      "  d = \"\"\"\n    raw \\n\n    \"\"\"\n"
      "}\n");
  EXPECT_EQ(p.diags.size(), 0u) << p.diag_dump();
  ASSERT_EQ(p.file.blocks.size(), 1u);
  const Block& b = p.file.blocks[0];
  ASSERT_EQ(b.attributes.size(), 4u);
  EXPECT_EQ(Attr(b, "a")->value.text, "say \"hi\"");
  EXPECT_EQ(Attr(b, "b")->value.kind, ExprKind::String);
  EXPECT_EQ(Attr(b, "b")->value.text, "");
  const Expr& c = Attr(b, "c")->value;
  ASSERT_EQ(c.parts.size(), 2u);
  EXPECT_EQ(c.parts[0].text, "Hi ");
  EXPECT_TRUE(c.parts[1].is_ref);
  EXPECT_EQ(c.parts[1].name, "name");
  EXPECT_EQ(c.parts[1].span.file, p.src->id());  // offsets do not map: the whole block
  EXPECT_EQ(Attr(b, "d")->value.text, "raw \\n");
}

TEST(Parser, ImportPathCannotInterpolate) {
  Parsed p("import \"lib/${var.env}\" as lib\n");
  ASSERT_EQ(p.diags.size(), 1u) << p.diag_dump();
  EXPECT_EQ(p.diags.list()[0].code, DiagCode::SWB104);
  ASSERT_EQ(p.file.imports.size(), 1u);
  EXPECT_EQ(p.file.imports[0].alias.text, "lib");
}

TEST(Parser, CommentsAreKept) {
  Parsed p("# top\nskill a { // trailing\n  /* inner */ media = digital\n}\n");
  EXPECT_EQ(p.diags.size(), 0u) << p.diag_dump();
  ASSERT_EQ(p.file.comments.size(), 3u);
  EXPECT_EQ(p.text(p.file.comments[0]), "# top");
  EXPECT_EQ(p.text(p.file.comments[1]), "// trailing");
  EXPECT_EQ(p.text(p.file.comments[2]), "/* inner */");
  ASSERT_EQ(p.file.blocks.size(), 1u);
  EXPECT_EQ(p.file.blocks[0].attributes.size(), 1u);
}

TEST(Parser, EmptyFile) {
  Parsed p("");
  EXPECT_EQ(p.diags.size(), 0u);
  EXPECT_TRUE(p.file.blocks.empty());
  Parsed q("  # only a comment\n\n");
  EXPECT_EQ(q.diags.size(), 0u);
  EXPECT_EQ(q.file.comments.size(), 1u);
}

// ---- recovery ------------------------------------------------------------------------

TEST(ParserRecovery, OneTypoInOneBlockIsOneError) {
  Parsed p(
      "skill first {\n"
      "  media = digital\n"
      "}\n"
      "skill wa_support {\n"
      "  media    = digital\n"
      "  campaign \"WhatsApp\"\n"
      "  direction = inbound\n"
      "}\n"
      "skill last {\n"
      "  media = voice\n"
      "}\n");
  ASSERT_EQ(p.diags.size(), 1u) << p.diag_dump();
  const Diagnostic& d = p.diags.list()[0];
  EXPECT_EQ(d.code, DiagCode::SWB001);
  EXPECT_EQ(p.text(d.span), "\"WhatsApp\"");
  EXPECT_NE(d.message.find("'='"), std::string::npos) << d.message;
  ASSERT_EQ(p.file.blocks.size(), 2u);
  EXPECT_EQ(p.file.blocks[0].name.text, "first");
  EXPECT_EQ(p.file.blocks[1].name.text, "last");
  ASSERT_EQ(p.file.broken.size(), 1u);
  EXPECT_EQ(p.file.broken[0].kind, "skill");
  EXPECT_EQ(p.file.broken[0].name, "wa_support");
}

TEST(ParserRecovery, MissingClosingBraceIsOneError) {
  Parsed p(
      "skill a {\n"
      "  media = digital\n"
      "\n"
      "skill b {\n"
      "  media = voice\n"
      "}\n");
  ASSERT_EQ(p.diags.size(), 1u) << p.diag_dump();
  const Diagnostic& d = p.diags.list()[0];
  EXPECT_EQ(d.code, DiagCode::SWB001);
  EXPECT_EQ(d.span.begin, 8u);  // the `{` that is never closed
  EXPECT_NE(d.help.find("line 4"), std::string::npos) << d.help;
  ASSERT_EQ(p.file.blocks.size(), 1u);
  EXPECT_EQ(p.file.blocks[0].name.text, "b");
  ASSERT_EQ(p.file.broken.size(), 1u);
  EXPECT_EQ(p.file.broken[0].name, "a");
}

TEST(ParserRecovery, MissingClosingBraceAtEndOfFile) {
  Parsed p("skill a {\n  media = digital\n  routing {\n    mode = proficiency\n  }\n");
  ASSERT_EQ(p.diags.size(), 1u) << p.diag_dump();
  EXPECT_EQ(p.diags.list()[0].code, DiagCode::SWB001);
  EXPECT_NE(p.diags.list()[0].help.find("end of the file"), std::string::npos);
  EXPECT_TRUE(p.file.blocks.empty());
}

TEST(ParserRecovery, UnmatchedClosingBrace) {
  Parsed p("skill a {\n}\n}\nskill b {\n}\n");
  ASSERT_EQ(p.diags.size(), 1u) << p.diag_dump();
  EXPECT_EQ(p.diags.list()[0].code, DiagCode::SWB001);
  EXPECT_EQ(p.diags.list()[0].span.begin, 12u);
  ASSERT_GE(p.file.blocks.size(), 1u);
  EXPECT_EQ(p.file.blocks.back().name.text, "b");
}

TEST(ParserRecovery, UnterminatedStringIsOnlySwb002) {
  Parsed p("skill a {\n  campaign = \"WhatsApp\n}\nskill b {\n  media = voice\n}\n");
  EXPECT_EQ(p.count(DiagCode::SWB002), 1u) << p.diag_dump();
  EXPECT_EQ(p.diags.size(), 1u) << p.diag_dump();
  ASSERT_EQ(p.file.blocks.size(), 1u);
  EXPECT_EQ(p.file.blocks[0].name.text, "b");
}

TEST(ParserRecovery, ErrorsInTwoBlocksAreTwoErrors) {
  Parsed p("a x {\n  k = \n}\nb y {\n  = 3\n}\nc z {\n  ok = 1\n}\n");
  EXPECT_EQ(p.count(DiagCode::SWB001), 2u) << p.diag_dump();
  ASSERT_EQ(p.file.blocks.size(), 1u);
  EXPECT_EQ(p.file.blocks[0].kind.text, "c");
}

// ---- limits --------------------------------------------------------------------------

TEST(ParserLimits, HundredThousandNestedListsIsOneSwb004) {
  const std::size_t depth = 100000;
  std::string src = "var x = " + std::string(depth, '[') + std::string(depth, ']') + "\n" +
                    "skill after {\n  media = digital\n}\n";
  Parsed p(src);
  EXPECT_EQ(p.count(DiagCode::SWB004), 1u) << p.diag_dump().substr(0, 2000);
  EXPECT_EQ(p.diags.size(), 1u) << p.diag_dump().substr(0, 2000);
  ASSERT_EQ(p.file.blocks.size(), 1u);
  EXPECT_EQ(p.file.blocks[0].name.text, "after");
  EXPECT_TRUE(p.file.vars.empty());
}

TEST(ParserLimits, HundredThousandNestedBlocksIsOneSwb004) {
  const std::size_t depth = 100000;
  std::string src;
  src.reserve(depth * 6);
  for (std::size_t k = 0; k < depth; ++k) src += "b {";
  src += std::string(depth, '}');
  Parsed p(src);
  EXPECT_EQ(p.count(DiagCode::SWB004), 1u) << p.diag_dump().substr(0, 2000);
  EXPECT_EQ(p.diags.size(), 1u) << p.diag_dump().substr(0, 2000);
}

TEST(ParserLimits, HundredThousandNestedBlocksOnTheirOwnLinesIsOneSwb004) {
  // The layout a generator writes: one `b {` per line, no indentation. Too deep is one
  // SWB004, not one "never closed" error per level.
  const std::size_t depth = 100000;
  std::string src;
  src.reserve(depth * 6);
  for (std::size_t k = 0; k < depth; ++k) src += "b {\n";
  for (std::size_t k = 0; k < depth; ++k) src += "}\n";
  Parsed p(src);
  EXPECT_EQ(p.count(DiagCode::SWB004), 1u) << p.diag_dump().substr(0, 2000);
  EXPECT_EQ(p.diags.size(), 1u) << p.diag_dump().substr(0, 2000);
}

TEST(ParserLimits, HundredThousandUnclosedBracketsIsOneDiagnostic) {
  Parsed p("var x = " + std::string(100000, '('));
  EXPECT_EQ(p.count(DiagCode::SWB004), 1u) << p.diag_dump().substr(0, 2000);
  EXPECT_EQ(p.diags.size(), 1u) << p.diag_dump().substr(0, 2000);
}

TEST(ParserLimits, DepthAtTheLimitIsFine) {
  ParseLimits limits;
  limits.max_depth = 8;
  // 8 levels: the block's brace and 7 brackets.
  Parsed ok("t {\n  x = " + std::string(7, '[') + std::string(7, ']') + "\n}\n", limits);
  EXPECT_EQ(ok.diags.size(), 0u) << ok.diag_dump();
  ASSERT_EQ(ok.file.blocks.size(), 1u);
  Parsed deep("t {\n  x = " + std::string(8, '[') + std::string(8, ']') + "\n}\n", limits);
  ASSERT_EQ(deep.diags.size(), 1u) << deep.diag_dump();
  EXPECT_EQ(deep.diags.list()[0].code, DiagCode::SWB004);
  EXPECT_TRUE(deep.file.blocks.empty());
}

TEST(ParserLimits, ListLongerThanTheLimitIsSwb004) {
  ParseLimits limits;
  limits.max_list_items = 3;
  Parsed ok("var a = [1, 2, 3]\n", limits);
  EXPECT_EQ(ok.diags.size(), 0u) << ok.diag_dump();
  ASSERT_EQ(ok.file.vars.size(), 1u);
  EXPECT_EQ(ok.file.vars[0].value.items.size(), 3u);

  Parsed p("var a = [1, 2, 3, 4, 5]\nvar b = 1\n", limits);
  ASSERT_EQ(p.diags.size(), 1u) << p.diag_dump();
  EXPECT_EQ(p.diags.list()[0].code, DiagCode::SWB004);
  EXPECT_NE(p.diags.list()[0].message.find('3'), std::string::npos);
  ASSERT_EQ(p.file.vars.size(), 2u);
  EXPECT_EQ(p.file.vars[0].value.kind, ExprKind::Invalid);
  EXPECT_EQ(p.file.vars[1].value.number, 1);
}

// ---- threads -------------------------------------------------------------------------

std::string ManyBlocks(std::size_t n) {
  std::string src;
  for (std::size_t k = 0; k < n; ++k) {
    if (k % 997 == 500) {
      src += fmt::format("skill s{} {{\n  media digital\n}}\n", k);  // one syntax error
    } else if (k % 1231 == 17) {
      src += fmt::format("skill s{} {{\n  goal = 120%\n}}\n", k);  // one SWB003
    } else {
      src += fmt::format(
          "# block {}\nskill s{} {{\n  media = digital\n  n = {}\n  t = \"x${{var.v}}\"\n"
          "  l = [a, b.c, f(x = 1)]\n}}\n",
          k, k, k);
    }
  }
  return src;
}

TEST(ParserThreads, TwoWorkersGiveTheSameTreeAndDiagnostics) {
  const std::string src = ManyBlocks(5000);
  Parsed one(src);
  Parsed two(src, {}, 2);
  EXPECT_GT(one.file.blocks.size(), 4900u);
  EXPECT_GT(one.diags.size(), 0u);
  EXPECT_EQ(one.diags.size(), two.diags.size());
  EXPECT_EQ(one.diag_dump(), two.diag_dump());
  EXPECT_EQ(one.file.blocks.size(), two.file.blocks.size());
  EXPECT_TRUE(Dump(one.file) == Dump(two.file)) << "trees differ";
}

TEST(ParserThreads, ManyWorkersRepeatedly) {
  const std::string src = ManyBlocks(12000);
  Parsed one(src);
  const std::string want = Dump(one.file);
  for (int round = 0; round < 3; ++round) {
    Parsed many(src, {}, 6);
    EXPECT_EQ(one.diag_dump(), many.diag_dump());
    EXPECT_TRUE(want == Dump(many.file)) << "trees differ in round " << round;
  }
}

// A large file is split into items in pieces, one per thread (parse_file_deferred, from a
// million tokens a piece; here from a thousand): the pieces give the items a split of the
// whole file gives, or the whole file is split again, when a '}' missing before a cut
// makes an item run into the next piece.
std::string DenseBlocks(std::size_t blocks, std::size_t missing_brace_at) {
  std::string src;
  for (std::size_t k = 0; k < blocks; ++k) {
    // The block missing its '}' is not indented: nothing says where it should have ended,
    // so it runs to the end of the file, across the cuts.
    const char* indent = k == missing_brace_at ? "" : "  ";
    src += fmt::format("b b{} {{\n{}x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]\n", k, indent);
    if (k != missing_brace_at) src += "}\n";
    if (k % 70 == 3) src += "b {\n  y = ]\n}\n";  // a mistake of its own, in an item
    if (k % 300 == 5) src += "c {\n  d = 1\nnested {\n  e = 2\n}\n}\n";  // nested at column 1
  }
  return src;
}

TEST(ParserThreads, PiecesSplitAsOnePass) {
  // 31 000 tokens: 3 pieces of at least 8 000, cut near blocks 333 and 666. A '}' missing
  // just before a cut makes an item run into the next piece (to the next block with a
  // nested block at column 1, where the split sees the '}' is missing).
  const std::size_t blocks = 1000;
  for (const std::size_t missing :
       {SIZE_MAX, std::size_t{20}, std::size_t{330}, std::size_t{660}, blocks - 1}) {
    SourceManager sources;
    const SourceFile& file = sources.add("t.swb", DenseBlocks(blocks, missing));
    Diagnostics one_diags, many_diags;
    const std::vector<ItemRange> one = split_items(file, one_diags, {}, 1, 8000);
    const std::vector<ItemRange> many = split_items(file, many_diags, {}, 4, 8000);
    EXPECT_GT(one.size(), blocks / 2);
    EXPECT_TRUE(one == many) << "items differ, missing '}' at " << missing;
    ASSERT_EQ(one_diags.size(), many_diags.size()) << missing;
    for (std::size_t k = 0; k < one_diags.size(); ++k) {
      EXPECT_EQ(one_diags.list()[k].message, many_diags.list()[k].message) << k;
      EXPECT_EQ(one_diags.list()[k].span.begin, many_diags.list()[k].span.begin) << k;
    }
  }
}

}  // namespace
}  // namespace swb::syntax
