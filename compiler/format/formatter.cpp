// Formatting in two steps. A small recursive-descent pass over the tokens recovers the
// shape of the file (blocks, attributes, lists, objects, calls); the file has already been
// parsed without error, so that shape is known to be valid. A printer then lays the shape
// out, placing every comment relative to the token it was attached to.
#include "compiler/format/formatter.h"

#include <algorithm>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "compiler/syntax/lexer.h"

namespace swb::format {
namespace {

using syntax::Token;
using syntax::TokenKind;
constexpr std::uint32_t kNone = UINT32_MAX;

struct Comment {
  std::uint32_t begin = 0, end = 0;
  bool line_comment = false;  // '#' or '//': nothing may follow it on its line
  bool blank_before = false;  // an empty line separates it from what precedes it
  bool printed = false;
};

// The comments around one token, as ranges into the comment list. A comment belongs to the
// token before it when it starts on that token's line (trailing), else to the token after
// it (leading). Index n (one past the last token) holds the comments that end the file.
struct Trivia {
  std::uint32_t lead_begin = 0, lead_end = 0;
  std::uint32_t trail_begin = 0, trail_end = 0;
  bool blank_before = false;  // an empty line right before the token, after its comments
  bool break_after = false;   // the source breaks the line after the token
};

enum class NodeKind : std::uint8_t {
  Atom,
  Reference,
  Call,
  List,
  Object,
  Attribute,  // a block's attribute, an object's field, a call's named argument
  Block,
  Import,
  Var,
};

struct Node {
  NodeKind kind = NodeKind::Atom;
  std::uint32_t first = 0, last = 0;  // tokens, inclusive
  std::uint32_t key = kNone;   // Attribute, Var: the name; Block: the kind; Call: the function
  std::uint32_t name = kNone;  // Block: its name, when it has one
  std::uint32_t open = kNone, close = kNone;  // the brackets of List, Object, Call, Block
  std::vector<Node> children;         // elements, fields, arguments, members; Attribute/Var: value
  std::vector<std::uint32_t> commas;  // per child: the comma written after it, or kNone
};

// ---- shape ---------------------------------------------------------------------------

// Rebuilds the grammar's shape from the tokens. Returns false only if the tokens do not
// follow grammar/Switchboard.g4, which the parser has already ruled out.
class ShapeReader {
 public:
  explicit ShapeReader(const std::vector<Token>& tokens) : t_(tokens) {}

  bool read_file(std::vector<Node>& items) {
    while (pos_ < t_.size()) {
      Node item;
      if (!read_item(item)) return false;
      items.push_back(std::move(item));
    }
    return true;
  }

 private:
  bool at(TokenKind kind, std::size_t ahead = 0) const {
    return pos_ + ahead < t_.size() && t_[pos_ + ahead].kind == kind;
  }
  bool expect(TokenKind kind) {
    if (!at(kind)) return false;
    ++pos_;
    return true;
  }
  bool at_attribute() const { return at(syntax::kIdent) && at(syntax::kAssign, 1); }

  bool read_item(Node& n) {
    n.first = pos_;
    if (at(syntax::kImport)) {
      n.kind = NodeKind::Import;
      ++pos_;
      if (!expect(syntax::kString)) return false;
      if (at(syntax::kAs) && !(++pos_, expect(syntax::kIdent))) return false;
      n.last = pos_ - 1;
      return true;
    }
    if (at(syntax::kVar)) {
      n.kind = NodeKind::Var;
      n.key = ++pos_;
      if (!expect(syntax::kIdent) || !expect(syntax::kAssign)) return false;
      n.children.emplace_back();
      if (!read_expr(n.children.back())) return false;
      n.last = pos_ - 1;
      return true;
    }
    return read_block(n);
  }

  bool read_block(Node& n) {
    n.kind = NodeKind::Block;
    n.first = n.key = pos_;
    if (!expect(syntax::kIdent)) return false;
    if (at(syntax::kIdent)) n.name = pos_++;
    n.open = pos_;
    if (!expect(syntax::kLBrace)) return false;
    while (!at(syntax::kRBrace)) {
      if (pos_ >= t_.size()) return false;
      n.children.emplace_back();
      const bool ok =
          at_attribute() ? read_attribute(n.children.back()) : read_block(n.children.back());
      if (!ok) return false;
      n.commas.push_back(kNone);
    }
    n.close = n.last = pos_++;
    return true;
  }

  bool read_attribute(Node& n) {
    n.kind = NodeKind::Attribute;
    n.first = n.key = pos_;
    if (!expect(syntax::kIdent) || !expect(syntax::kAssign)) return false;
    n.children.emplace_back();
    if (!read_expr(n.children.back())) return false;
    n.last = pos_ - 1;
    return true;
  }

  // Elements up to `close`, each followed by an optional comma; `fields` reads `name = expr`
  // (objects, where the comma between fields may be left out), `named` allows either form.
  enum class Elements { Exprs, Fields, Args };
  bool read_elements(Node& n, TokenKind close, Elements what) {
    while (!at(close)) {
      if (pos_ >= t_.size()) return false;
      n.children.emplace_back();
      Node& child = n.children.back();
      bool ok;
      if (what == Elements::Fields) {
        ok = at_attribute() && read_attribute(child);
      } else if (what == Elements::Args && at_attribute()) {
        ok = read_attribute(child);
      } else {
        ok = read_expr(child);
      }
      if (!ok) return false;
      if (at(syntax::kComma)) {
        n.commas.push_back(pos_++);
      } else {
        n.commas.push_back(kNone);
        if (what != Elements::Fields && !at(close)) return false;
      }
    }
    n.close = pos_++;
    return true;
  }

  bool read_expr(Node& n) {
    if (pos_ >= t_.size()) return false;
    n.first = pos_;
    const TokenKind kind = t_[pos_].kind;
    if (kind == syntax::kLBrack) {
      n.kind = NodeKind::List;
      n.open = pos_++;
      if (!read_elements(n, syntax::kRBrack, Elements::Exprs)) return false;
    } else if (kind == syntax::kLBrace) {
      n.kind = NodeKind::Object;
      n.open = pos_++;
      if (!read_elements(n, syntax::kRBrace, Elements::Fields)) return false;
    } else if ((kind == syntax::kIdent || kind == syntax::kVar) && at(syntax::kDot, 1)) {
      n.kind = NodeKind::Reference;
      pos_ += 2;
      if (!expect(syntax::kIdent)) return false;
    } else if (kind == syntax::kIdent && at(syntax::kLParen, 1)) {
      n.kind = NodeKind::Call;
      n.key = pos_++;
      n.open = pos_++;
      if (!read_elements(n, syntax::kRParen, Elements::Args)) return false;
    } else if (kind == syntax::kIdent || kind == syntax::kTrue || kind == syntax::kFalse ||
               (kind >= syntax::kTextBlock && kind <= syntax::kInt)) {
      n.kind = NodeKind::Atom;
      ++pos_;
    } else {
      return false;
    }
    n.last = pos_ - 1;
    return true;
  }

  const std::vector<Token>& t_;
  std::size_t pos_ = 0;
};

// ---- comments ------------------------------------------------------------------------

// Line breaks in text[a, b): "\n", "\r\n" and a lone "\r" each count once.
int line_breaks(std::string_view text, std::uint32_t a, std::uint32_t b) {
  int n = 0;
  for (std::uint32_t i = a; i < b; ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++n;
    }
  }
  return n;
}

std::vector<Trivia> attach_comments(std::string_view text, std::uint32_t start,
                                    const std::vector<Token>& tokens,
                                    std::vector<Comment>& comments) {
  const std::size_t n = tokens.size();
  std::vector<Trivia> trivia(n + 1);
  std::uint32_t c = 0;
  const auto m = static_cast<std::uint32_t>(comments.size());
  for (std::size_t i = 0; i <= n; ++i) {
    const auto next = i < n ? tokens[i].begin : static_cast<std::uint32_t>(text.size());
    std::uint32_t prev = i == 0 ? start : tokens[i - 1].end();
    if (i > 0) {
      Trivia& before = trivia[i - 1];
      before.break_after = line_breaks(text, prev, next) > 0;
      before.trail_begin = c;
      while (c < m && comments[c].begin < next && line_breaks(text, prev, comments[c].begin) == 0) {
        prev = comments[c].end;
        ++c;
      }
      before.trail_end = c;
    }
    trivia[i].lead_begin = c;
    while (c < m && comments[c].begin < next) {
      comments[c].blank_before = line_breaks(text, prev, comments[c].begin) >= 2;
      prev = comments[c].end;
      ++c;
    }
    trivia[i].lead_end = c;
    trivia[i].blank_before = line_breaks(text, prev, next) >= 2;
  }
  return trivia;
}

// ---- layout --------------------------------------------------------------------------

class Printer {
 public:
  Printer(std::string_view text, const std::vector<Token>& tokens, std::vector<Comment>& comments,
          const std::vector<Trivia>& trivia)
      : text_(text), tokens_(tokens), comments_(comments), trivia_(trivia) {}

  std::string print(const std::vector<Node>& items) {
    const Node* prev = nullptr;
    for (const Node& item : items) {
      // One blank line around every block; imports and vars keep their grouping.
      if (prev && (item.kind == NodeKind::Block || prev->kind == NodeKind::Block ||
                   item.kind != prev->kind || blank_before(item.first))) {
        blank_line();
      }
      slot_comments(item.first);
      print_item(item);
      end_line();
      prev = &item;
    }
    // Comments after the last declaration.
    const Trivia& tail = trivia_[tokens_.size()];
    for (std::uint32_t c = tail.lead_begin; c < tail.lead_end; ++c) {
      if (!out_.empty() && comments_[c].blank_before) blank_line();
      write_comment(comments_[c]);
      newline();
    }
    return std::move(out_);
  }

 private:
  // -- output primitives --

  std::string_view token_text(std::uint32_t i) const {
    return text_.substr(tokens_[i].begin, tokens_[i].end() - tokens_[i].begin);
  }
  std::string_view comment_text(const Comment& c) const {
    std::string_view s = text_.substr(c.begin, c.end - c.begin);
    if (c.line_comment) {
      while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    }
    return s;
  }

  std::size_t line_indent() const { return indent_ + (continuation_ ? 2 : 0); }
  std::size_t column() const { return at_line_start_ ? line_indent() : col_ + pending_spaces_; }

  // Writes `s`, its line breaks as "\n" like every other one of the output: a text block or
  // a block comment of a CRLF file comes out LF too. A text block means the same either way
  // (its lines are split at "\r\n", "\n" or a lone "\r").
  void write(std::string_view s) {
    if (s.find('\r') != std::string_view::npos) {
      std::string lf;
      lf.reserve(s.size());
      for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\r') {
          lf += s[i];
        } else if (i + 1 >= s.size() || s[i + 1] != '\n') {
          lf += '\n';
        }
      }
      write(lf);
      return;
    }
    if (at_line_start_) {
      out_.append(line_indent(), ' ');
      col_ = line_indent();
      at_line_start_ = false;
    } else {
      out_.append(pending_spaces_, ' ');
      col_ += pending_spaces_;
    }
    pending_spaces_ = 0;
    out_ += s;
    const auto nl = s.rfind('\n');
    col_ = nl == std::string_view::npos ? col_ + count_code_points(s)
                                        : count_code_points(s.substr(nl + 1));
  }
  void spaces(std::size_t n) { pending_spaces_ = std::max(pending_spaces_, n); }
  void newline() {
    out_ += '\n';
    at_line_start_ = true;
    pending_spaces_ = 0;
    col_ = 0;
  }
  // Ends the current line, after the comments that trail it.
  void end_line() {
    flush_trailing();
    if (!at_line_start_) newline();
    continuation_ = false;
  }
  void blank_line() {
    end_line();
    if (!out_.empty() && !out_.ends_with("\n\n")) out_ += '\n';
  }

  void write_comment(Comment& c) {
    if (!at_line_start_) spaces(1);
    write(comment_text(c));
    c.printed = true;
  }
  // Trailing comments waiting for the end of the line. Flushed early (before a token on the
  // same line) only where the source put a comment inside a construct that stays on one line.
  void flush_trailing() {
    for (std::uint32_t c : pending_) {
      if (comments_[c].printed) continue;
      write_comment(comments_[c]);
      if (comments_[c].line_comment) {
        newline();
        continuation_ = true;
      } else {
        spaces(1);
      }
    }
    pending_.clear();
  }
  void hold_trailing(std::uint32_t tok) {
    for (std::uint32_t c = trivia_[tok].trail_begin; c < trivia_[tok].trail_end; ++c) {
      pending_.push_back(c);
    }
  }

  // Writes a token. Comments still attached to it sit where no line can start (inside a
  // header or between a name and its '='): they keep their place on continuation lines.
  void emit(std::uint32_t tok) {
    flush_trailing();
    for (std::uint32_t c = trivia_[tok].lead_begin; c < trivia_[tok].lead_end; ++c) {
      if (comments_[c].printed) continue;
      if (!at_line_start_) newline();
      continuation_ = true;
      write_comment(comments_[c]);
      newline();
    }
    write(token_text(tok));
    hold_trailing(tok);
  }
  // A comma the layout writes at the end of a line: the comments around it follow it.
  void emit_comma(std::uint32_t tok) {
    if (tok == kNone) {
      write(",");
      return;
    }
    write(",");
    skip(tok);
  }
  // A comma the layout drops: its comments still go out, at the end of the line.
  void skip(std::uint32_t tok) {
    if (tok == kNone) return;
    for (std::uint32_t c = trivia_[tok].lead_begin; c < trivia_[tok].lead_end; ++c) {
      pending_.push_back(c);
    }
    hold_trailing(tok);
  }

  // The comments on the lines before an item that starts a line, each on its own line.
  void slot_comments(std::uint32_t tok) {
    const Trivia& t = trivia_[tok];
    bool any = false;
    for (std::uint32_t c = t.lead_begin; c < t.lead_end; ++c) {
      if (comments_[c].printed) continue;
      if (any && comments_[c].blank_before) blank_line();
      write_comment(comments_[c]);
      newline();
      any = true;
    }
    if (any && t.blank_before) blank_line();
  }
  // Whether the source leaves an empty line before the item starting at `tok` (before its
  // comments, if it has any).
  bool blank_before(std::uint32_t tok) const {
    const Trivia& t = trivia_[tok];
    return t.lead_begin < t.lead_end ? comments_[t.lead_begin].blank_before : t.blank_before;
  }
  // The comments before a closing bracket, at the indentation of the contents; then the
  // bracket itself, one level out.
  void close_bracket(std::uint32_t tok, bool after_items) {
    const Trivia& t = trivia_[tok];
    bool any = false;
    for (std::uint32_t c = t.lead_begin; c < t.lead_end; ++c) {
      if ((any || after_items) && comments_[c].blank_before) blank_line();
      write_comment(comments_[c]);
      newline();
      any = true;
    }
    indent_ -= 2;
    emit(tok);
  }

  // -- measuring --

  bool comments_inside(const Node& e) const {
    for (std::uint32_t i = e.first; i <= e.last; ++i) {
      if (i > e.first && trivia_[i].lead_begin < trivia_[i].lead_end) return true;
      if (i < e.last && trivia_[i].trail_begin < trivia_[i].trail_end) return true;
    }
    return false;
  }
  // The width of `e` on one line, or nullopt when it cannot be one line: a text block over
  // several lines, or an object the author opened with a line break (kept expanded).
  std::optional<std::size_t> flat_width(const Node& e) const {
    std::size_t w = 0;
    switch (e.kind) {
      case NodeKind::Atom:
      case NodeKind::Reference:
        for (std::uint32_t i = e.first; i <= e.last; ++i) {
          const std::string_view s = token_text(i);
          if (s.find_first_of("\r\n") != std::string_view::npos) return std::nullopt;
          w += count_code_points(s);
        }
        return w;
      case NodeKind::Attribute: {
        const auto v = flat_width(e.children[0]);
        if (!v) return std::nullopt;
        return token_text(e.key).size() + 3 + *v;
      }
      case NodeKind::Object:
        if (e.children.empty()) return 2;
        if (trivia_[e.open].break_after) return std::nullopt;
        w = 4;  // "{ " and " }"
        break;
      case NodeKind::Call:
        w = token_text(e.key).size() + 2;
        break;
      case NodeKind::List:
        w = 2;
        break;
      default:
        return std::nullopt;
    }
    for (std::size_t k = 0; k < e.children.size(); ++k) {
      const auto c = flat_width(e.children[k]);
      if (!c) return std::nullopt;
      w += *c + (k ? 2 : 0);
    }
    return w;
  }
  // Whether `e`, starting at `column` and followed by `after` more characters on its line,
  // has to be laid out over several lines.
  bool expands(const Node& e, std::size_t column, std::size_t after) const {
    if (e.kind == NodeKind::Atom || e.kind == NodeKind::Reference) return false;
    if (comments_inside(e)) return true;
    const auto w = flat_width(e);
    return !w || column + *w + after > kLineWidth;
  }

  // -- printing --

  void print_item(const Node& item) {
    switch (item.kind) {
      case NodeKind::Import:
        for (std::uint32_t i = item.first; i <= item.last; ++i) {
          if (i > item.first) spaces(1);
          emit(i);
        }
        return;
      case NodeKind::Var:
        emit(item.first);
        spaces(1);
        print_binding(item, 0, std::nullopt);
        return;
      default:
        print_block(item);
    }
  }

  void print_block(const Node& b) {
    emit(b.key);
    if (b.name != kNone) {
      spaces(1);
      emit(b.name);
    }
    spaces(1);
    emit(b.open);
    const Trivia& close = trivia_[b.close];
    const Trivia& open = trivia_[b.open];
    if (b.children.empty() && close.lead_begin == close.lead_end &&
        open.trail_begin == open.trail_end) {
      emit(b.close);
      return;
    }
    end_line();
    indent_ += 2;
    print_members(b.children, b.commas);
    close_bracket(b.close, !b.children.empty());
  }

  // `name = value`, the '=' after `pad` columns of name. `flat` is the layout already
  // chosen for the value, if it was.
  void print_binding(const Node& n, std::size_t pad, std::optional<bool> flat) {
    emit(n.key);
    spaces(pad - std::min(pad, token_text(n.key).size()) + 1);
    emit(n.key + 1);
    spaces(1);
    print_expr(n.children[0], 0, flat);
  }

  // A block's members or an expanded object's fields, one per line. A run of one-line
  // attributes (no empty line, nested block or multi-line value between them) aligns its
  // '=', as terraform fmt does.
  void print_members(const std::vector<Node>& members, const std::vector<std::uint32_t>& commas) {
    const std::size_t n = members.size();
    std::vector<bool> alone(n);
    std::vector<std::size_t> pad(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const Node& m = members[i];
      alone[i] = m.kind != NodeKind::Attribute ||
                 expands(m.children[0], indent_ + token_text(m.key).size() + 3, 0);
    }
    for (std::size_t i = 0; i < n;) {
      std::size_t j = i, width = 0;
      if (!alone[i]) {
        width = token_text(members[i].key).size();
        while (j + 1 < n && !alone[j + 1] && !blank_before(members[j + 1].first)) {
          ++j;
          width = std::max(width, token_text(members[j].key).size());
        }
      }
      for (std::size_t k = i; k <= j; ++k) pad[k] = width;
      i = j + 1;
    }
    for (std::size_t i = 0; i < n; ++i) {
      const Node& m = members[i];
      if (i > 0 && blank_before(m.first)) blank_line();
      slot_comments(m.first);
      if (m.kind == NodeKind::Attribute) {
        print_binding(m, pad[i], !alone[i]);
      } else {
        print_block(m);
      }
      skip(commas[i]);
      end_line();
    }
  }

  void print_expr(const Node& e, std::size_t after, std::optional<bool> flat) {
    if (e.kind == NodeKind::Atom || e.kind == NodeKind::Reference) {
      for (std::uint32_t i = e.first; i <= e.last; ++i) emit(i);
      return;
    }
    if (!flat) flat = !expands(e, column(), after);
    if (*flat) {
      print_flat(e);
    } else {
      print_expanded(e);
    }
  }

  void print_flat(const Node& e) {
    switch (e.kind) {
      case NodeKind::Atom:
      case NodeKind::Reference:
        print_expr(e, 0, true);
        return;
      case NodeKind::Attribute:
        emit(e.key);
        spaces(1);
        emit(e.key + 1);
        spaces(1);
        print_flat(e.children[0]);
        return;
      case NodeKind::Call:
        emit(e.key);
        break;
      default:
        break;
    }
    emit(e.open);
    const bool braces = e.kind == NodeKind::Object && !e.children.empty();
    if (braces) spaces(1);
    for (std::size_t k = 0; k < e.children.size(); ++k) {
      if (k) spaces(1);
      print_flat(e.children[k]);
      if (k + 1 < e.children.size()) {
        if (e.commas[k] == kNone) {
          write(",");
        } else {
          emit(e.commas[k]);
        }
      } else {
        skip(e.commas[k]);
      }
    }
    if (braces) spaces(1);
    emit(e.close);
  }

  void print_expanded(const Node& e) {
    if (e.kind == NodeKind::Call) emit(e.key);
    emit(e.open);
    end_line();
    indent_ += 2;
    if (e.kind == NodeKind::Object) {
      print_members(e.children, e.commas);
    } else {
      // One element per line, each with its comma, the last one too.
      for (std::size_t k = 0; k < e.children.size(); ++k) {
        const Node& c = e.children[k];
        if (k > 0 && blank_before(c.first)) blank_line();
        slot_comments(c.first);
        if (c.kind == NodeKind::Attribute) {
          print_binding(c, 0, !expands(c.children[0], column() + token_text(c.key).size() + 3, 1));
        } else {
          print_expr(c, 1, std::nullopt);
        }
        emit_comma(e.commas[k]);
        end_line();
      }
    }
    close_bracket(e.close, !e.children.empty());
  }

  std::string_view text_;
  const std::vector<Token>& tokens_;
  std::vector<Comment>& comments_;
  const std::vector<Trivia>& trivia_;
  std::string out_;
  std::size_t indent_ = 0;
  std::size_t col_ = 0;
  std::size_t pending_spaces_ = 0;
  bool at_line_start_ = true;
  bool continuation_ = false;  // the current line continues one a comment had to end
  std::vector<std::uint32_t> pending_;
};

}  // namespace

std::optional<std::string> format_file(const SourceFile& file, Diagnostics& diags,
                                       const syntax::ParseLimits& limits) {
  // Only a file that reads without any error is rewritten: its tokens are then exactly
  // what the grammar allows, and a literal that failed to decode cannot be lost.
  Diagnostics parse_diags;
  syntax::parse_file(file, parse_diags, limits);
  const bool ok = !parse_diags.has_errors();
  diags.merge(std::move(parse_diags));
  if (!ok) return std::nullopt;

  Diagnostics ignored;
  const syntax::LexedFile lexed = syntax::lex(file, ignored);
  const std::string_view text = file.text();
  std::vector<Comment> comments;
  comments.reserve(lexed.comments.size());
  for (const Span& s : lexed.comments) {
    Comment c;
    c.begin = s.begin;
    c.end = s.end;
    c.line_comment = text[s.begin] == '#' || text.substr(s.begin, 2) == "//";
    comments.push_back(c);
  }
  const bool bom = text.starts_with("\xEF\xBB\xBF");
  const std::vector<Trivia> trivia = attach_comments(text, bom ? 3 : 0, lexed.tokens, comments);
  std::vector<Node> items;
  if (!ShapeReader(lexed.tokens).read_file(items)) {
    throw std::logic_error("the formatter does not recognise the shape of " + file.path());
  }
  std::string out = Printer(text, lexed.tokens, comments, trivia).print(items);
  for (const Comment& c : comments) {
    if (!c.printed) throw std::logic_error("the formatter lost a comment in " + file.path());
  }
  if (bom) out.insert(0, "\xEF\xBB\xBF");
  return out;
}

}  // namespace swb::format
