// ANTLR stops here: the generated parser runs over our tokens, one top-level item at a
// time, and its tree is turned into syntax::File before the next item is parsed.
#include "compiler/syntax/parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cassert>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include "SwitchboardParser.h"
#include "antlr4-runtime.h"
#include "compiler/base/memory.h"
#include "compiler/base/parallel.h"
#include "compiler/base/time_report.h"
#include "compiler/syntax/lexer.h"
#include "compiler/syntax/literals.h"

namespace swb::syntax {

using G = ::swb_grammar::SwitchboardParser;

static_assert(
    kImport == static_cast<int>(G::IMPORT) && kAs == static_cast<int>(G::AS) &&
        kVar == static_cast<int>(G::VAR) && kTrue == static_cast<int>(G::TRUE) &&
        kFalse == static_cast<int>(G::FALSE) && kLBrace == static_cast<int>(G::LBRACE) &&
        kRBrace == static_cast<int>(G::RBRACE) && kLBrack == static_cast<int>(G::LBRACK) &&
        kRBrack == static_cast<int>(G::RBRACK) && kLParen == static_cast<int>(G::LPAREN) &&
        kRParen == static_cast<int>(G::RPAREN) && kAssign == static_cast<int>(G::ASSIGN) &&
        kComma == static_cast<int>(G::COMMA) && kDot == static_cast<int>(G::DOT) &&
        kTextBlock == static_cast<int>(G::TEXT_BLOCK) && kString == static_cast<int>(G::STRING) &&
        kTimeRange == static_cast<int>(G::TIME_RANGE) && kDate == static_cast<int>(G::DATE) &&
        kDuration == static_cast<int>(G::DURATION) && kSize == static_cast<int>(G::SIZE) &&
        kPercent == static_cast<int>(G::PERCENT) && kDecimal == static_cast<int>(G::DECIMAL) &&
        kInt == static_cast<int>(G::INT) && kIdent == static_cast<int>(G::IDENT),
    "token.h is out of step with grammar/Switchboard.g4");

namespace {

// Top-level items parsed per unit of work: small enough to balance threads and to bound
// the trees alive at once, large enough that handing them out costs nothing.
constexpr std::size_t kItemsPerChunk = 256;

// ---- splitting a file into top-level items ------------------------------------------

struct ItemSlice {
  std::uint32_t first = 0, last = 0;  // token indices [first, last)
  bool skip = false;                  // already reported (too deep, unclosed, lexical error)
  TokenKind head = kEof;              // the kind of its first token
  // Where the item's end-of-input is reported (the next token's start), when the tokens
  // after it may be gone by the time it is parsed; else kNextToken: found from the tokens.
  static constexpr std::uint32_t kNextToken = UINT32_MAX;
  std::uint32_t eof_offset = kNextToken;
};

// A file's items, and how many blocks there are of each kind (the first word of each item
// that is not an import, a var or already reported), as the text spells it.
struct SplitItems {
  std::vector<ItemSlice> items;
  std::vector<std::pair<std::string_view, std::size_t>> kinds;
  void count(std::string_view kind, std::size_t n = 1) {
    auto it =
        std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == kind; });
    if (it == kinds.end()) it = kinds.insert(it, {kind, 0});
    it->second += n;
  }
};

// Whether `s` holds `a` or `b` (string_view::find_first_of calls memchr over the set for
// each byte of `s`: on every string of a config, 2 % of a check).
bool contains_either(std::string_view s, char a, char b) {
  return std::any_of(s.begin(), s.end(), [&](char c) { return c == a || c == b; });
}

// Whether toks[j] is the first token on its line (a line break, LF or a lone CR, lies
// between it and the token before it).
bool first_on_line(const SourceFile& file, const std::vector<Token>& toks, std::uint32_t j) {
  if (j == 0) return true;
  const std::string_view between =
      file.live_text().substr(toks[j - 1].end(), toks[j].begin - toks[j - 1].end());
  return contains_either(between, '\n', '\r');
}

// Which brackets of a file close, matched as an item's are by the Splitter (a stray
// closer is skipped; a closer that matches an outer opener closes it and leaves those
// inside it unclosed). Built on first use, once for all the pieces of a file split on
// several threads: a file laid out as expected never needs it.
class BracketMatches {
 public:
  const BracketMatches& build(const std::vector<Token>& toks) {
    std::call_once(once_, [&] { index(toks); });
    return *this;
  }
  // Whether the opening bracket at token j is closed somewhere in the file.
  bool closes(std::uint32_t j) const {
    const auto it = std::lower_bound(openers_.begin(), openers_.end(), j);
    return it != openers_.end() && *it == j &&
           closed_[static_cast<std::size_t>(it - openers_.begin())];
  }

 private:
  void index(const std::vector<Token>& toks) {
    struct Open {
      std::size_t index;  // into openers_
      TokenKind kind;
    };
    std::vector<Open> stack;
    std::size_t open_of[3] = {0, 0, 0};  // how many of each kind are on the stack
    auto slot = [](TokenKind k) {
      return k == kLBrace || k == kRBrace ? 0 : k == kLBrack || k == kRBrack ? 1 : 2;
    };
    for (std::uint32_t j = 0; j < toks.size(); ++j) {
      const TokenKind k = toks[j].kind;
      if (k == kLBrace || k == kLBrack || k == kLParen) {
        stack.push_back({openers_.size(), k});
        ++open_of[slot(k)];
        openers_.push_back(j);
        closed_.push_back(false);
      } else if ((k == kRBrace || k == kRBrack || k == kRParen) && open_of[slot(k)] > 0) {
        for (;;) {
          const Open o = stack.back();
          stack.pop_back();
          --open_of[slot(o.kind)];
          if (slot(o.kind) == slot(k)) {
            closed_[o.index] = true;
            break;
          }
        }
      }
    }
  }
  std::once_flag once_;
  std::vector<std::uint32_t> openers_;  // every opening bracket, in order
  std::vector<bool> closed_;            // for each of them
};

class Splitter {
 public:
  Splitter(const SourceFile& file, const LexedFile& lexed, Diagnostics& diags,
           const ParseLimits& limits, BracketMatches& matches)
      : file_(file), toks_(lexed.tokens), diags_(diags), limits_(limits), matches_(matches) {
    broken_.insert(lexed.broken.begin(), lexed.broken.end());
  }

  // The items that start in tokens [begin, end); the last may run past `end`.
  SplitItems run(std::uint32_t begin = 0, std::uint32_t end = UINT32_MAX) {
    SplitItems out;
    std::vector<ItemSlice>& items = out.items;
    const auto n = static_cast<std::uint32_t>(toks_.size());
    end = std::min(end, n);
    std::uint32_t i = begin;
    while (i < end) {
      ItemSlice item{i, i, false};
      std::vector<std::uint32_t> open;  // indices of unclosed brackets
      // Whether each open bracket has content on an indented line of its own: a declaration
      // at column 1 inside such a block means a '}' is missing. (Without this, 100 000 lines
      // of `b {` would be 100 000 missing braces instead of one nesting error.)
      std::vector<char> indented;
      bool too_deep = false, lexical = false;
      // Whether the item's brackets are known to close before the end of the file: then a
      // declaration at column 1 inside it is only unusual layout, not a missing '}'.
      bool closes = false;
      std::uint32_t j = i;
      for (; j < n; ++j) {
        const Token& t = toks_[j];
        if (j > i && open.empty() && starts_item(j)) break;
        if (j > i && !open.empty() && indented.back() && !closes && at_column_one(j) &&
            starts_item(j, /*recovery=*/true)) {
          closes = matches_.build(toks_).closes(open.front());
          // A declaration at column 1 while a block is open that never closes: the '}'
          // missing is before it.
          if (!closes) break;
        }
        if (!open.empty() && !indented.back() && first_on_line(j) && !at_column_one(j)) {
          indented.back() = 1;
        }
        if (t.kind == kError || (!broken_.empty() && broken_.count(t.begin))) lexical = true;
        if (t.kind == kLBrace || t.kind == kLBrack || t.kind == kLParen) {
          open.push_back(j);
          indented.push_back(0);
          if (open.size() > limits_.max_depth && !too_deep) {
            too_deep = true;
            diags_
                .report(DiagCode::SWB004, span_of(t),
                        fmt::format("nesting deeper than {} levels", limits_.max_depth))
                .help("flatten the structure; deep nesting is almost always generated by mistake");
          }
        } else if (t.kind == kRBrace || t.kind == kRBrack || t.kind == kRParen) {
          if (open.empty()) {
            if (!lexical && !too_deep) {
              diags_
                  .report(DiagCode::SWB001, span_of(t),
                          fmt::format("unmatched {}", describe(t.kind)))
                  .help("remove it, or add the opening bracket it closes");
            }
            lexical = true;  // the item is reported; do not cascade
            continue;
          }
          const TokenKind want = t.kind == kRBrace   ? kLBrace
                                 : t.kind == kRBrack ? kLBrack
                                                     : kLParen;
          if (toks_[open.back()].kind != want) {
            if (!lexical && !too_deep) {
              diags_
                  .report(DiagCode::SWB001, span_of(t),
                          fmt::format("{} does not match {}", describe(t.kind),
                                      describe(toks_[open.back()].kind)))
                  .note(span_of(toks_[open.back()]), "opened here");
            }
            lexical = true;
            // A stray closer keeps the opener open, so the opener's own closer still matches.
            const bool closes_outer = std::any_of(
                open.begin(), open.end(), [&](std::uint32_t o) { return toks_[o].kind == want; });
            if (!closes_outer) continue;
            while (toks_[open.back()].kind != want) {
              open.pop_back();
              indented.pop_back();
            }
          }
          open.pop_back();
          indented.pop_back();
        }
      }
      item.last = j;
      if (!open.empty() && !lexical && !too_deep) {
        const Token& o = toks_[open.back()];
        auto d = diags_.report(DiagCode::SWB001, span_of(o),
                               fmt::format("{} is never closed", describe(o.kind)));
        const TokenKind close = o.kind == kLBrace ? kRBrace : o.kind == kLBrack ? kRBrack : kRParen;
        if (j < n) {
          d.help(fmt::format("add {} before the next declaration (line {})", describe(close),
                             file_.line_col(toks_[j].begin).line));
        } else {
          d.help(fmt::format("add {} before the end of the file", describe(close)));
        }
        lexical = true;
      }
      item.skip = too_deep || lexical;
      item.head = kind(i);
      if (!item.skip && item.head == kIdent) {
        out.count(file_.live_text().substr(toks_[i].begin, toks_[i].length));
      }
      items.push_back(item);
      i = j;
    }
    return out;
  }

 private:
  Span span_of(const Token& t) const { return Span{file_.id(), t.begin, t.end()}; }
  bool first_on_line(std::uint32_t j) const { return syntax::first_on_line(file_, toks_, j); }
  bool at_column_one(std::uint32_t j) const {
    const auto b = toks_[j].begin;
    if (b == 0) return true;
    const char prev = file_.live_text()[b - 1];
    return prev == '\n' || prev == '\r';
  }
  TokenKind kind(std::uint32_t j) const { return j < toks_.size() ? toks_[j].kind : kEof; }

  // `import`, `var NAME =`, or `IDENT [IDENT] {` not preceded by `=`, `.` or `,` (where
  // it would be a value).
  bool starts_item(std::uint32_t j, bool recovery = false) const {
    const TokenKind k = kind(j);
    if (k == kImport) return true;
    const TokenKind prev = j > 0 ? kind(j - 1) : kEof;
    // After these a name is a value (`= foo`, `a.b`, `[x, y]`, `f(x)`) or an alias (`as x`).
    auto names_a_value = [](TokenKind t) {
      return t == kAssign || t == kDot || t == kComma || t == kLParen || t == kLBrack || t == kAs;
    };
    // `var` starts a declaration, however malformed (`var = 3`), unless it is read (`var.x`).
    if (k == kVar) return kind(j + 1) != kDot && !names_a_value(prev);
    if (k != kIdent) return false;
    if (!recovery && names_a_value(prev)) return false;
    if (kind(j + 1) == kLBrace) {
      if (prev != kIdent) return !recovery || prev != kAssign;
      // `kind name {`: this is the name, unless the name before is a value (`= foo`).
      return j > 1 && names_a_value(kind(j - 2));
    }
    // `kind name {`, unless a name just before it on the same line makes it a header of
    // three words (`hours office hq {`): one mistake, reported in that declaration.
    return kind(j + 1) == kIdent && kind(j + 2) == kLBrace && (prev != kIdent || first_on_line(j));
  }

 public:
  // A token near `from` (at or after it) where an item is all but sure to start: a
  // declaration at column 1. Where the split of the tokens before it ends there too, the
  // tokens from it on can be split on their own with the same result.
  std::uint32_t likely_item_start(std::uint32_t from) const {
    const auto n = static_cast<std::uint32_t>(toks_.size());
    for (std::uint32_t j = std::max<std::uint32_t>(from, 1); j < n; ++j) {
      if (at_column_one(j) && kind(j - 1) == kRBrace && starts_item(j)) return j;
    }
    return n;
  }

 private:
  const SourceFile& file_;
  const std::vector<Token>& toks_;
  Diagnostics& diags_;
  const ParseLimits& limits_;
  std::set<std::uint32_t> broken_;
  BracketMatches& matches_;
};

// ---- feeding our tokens to ANTLR ----------------------------------------------------

// The token source ANTLR asks for a factory when error recovery makes up a missing token;
// the tokens themselves come from SliceTokenStream.
class NoTokenSource : public antlr4::TokenSource {
 public:
  std::unique_ptr<antlr4::Token> nextToken() override {
    return std::make_unique<antlr4::CommonToken>(antlr4::Token::EOF);
  }
  size_t getLine() const override { return 0; }
  size_t getCharPositionInLine() override { return 0; }
  antlr4::CharStream* getInputStream() override { return nullptr; }
  std::string getSourceName() override { return "swb"; }
  antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override {
    return antlr4::CommonTokenFactory::DEFAULT.get();
  }
};

// Stateless, so one serves every thread.
NoTokenSource no_token_source;

// One of our tokens as ANTLR sees it: a type and inclusive byte offsets, nothing owned.
class SliceToken final : public antlr4::Token {
 public:
  SliceToken(std::size_t type, std::uint32_t begin, std::uint32_t end, std::uint32_t index,
             const SourceFile* file)
      : file_(file), type_(type), begin_(begin), end_(end), index_(index) {}
  std::string getText() const override {
    if (type_ == EOF) return "<EOF>";
    return std::string(file_->live_text().substr(begin_, end_ - begin_));
  }
  size_t getType() const override { return type_; }
  size_t getLine() const override { return 0; }
  size_t getCharPositionInLine() const override { return 0; }
  size_t getChannel() const override { return DEFAULT_CHANNEL; }
  size_t getTokenIndex() const override { return index_; }
  size_t getStartIndex() const override { return begin_; }
  // ANTLR's stop is inclusive; EOF's is its start, as CommonToken's would be.
  size_t getStopIndex() const override { return type_ == EOF ? begin_ : end_ - 1; }
  antlr4::TokenSource* getTokenSource() const override { return &no_token_source; }
  antlr4::CharStream* getInputStream() const override { return nullptr; }
  std::string toString() const override { return getText(); }

  // What token_span gives, without its virtual calls.
  Span span(FileId file) const { return Span{file, begin_, type_ == EOF ? begin_ : end_}; }

 private:
  const SourceFile* file_;
  std::size_t type_;
  std::uint32_t begin_, end_, index_;
};

// An item's tokens, made all at once and ending in EOF, read by index: what
// CommonTokenStream does for a token source, without its per-token allocation, type checks
// and channel scans (our lexer sends comments elsewhere, so every token is on the default
// channel).
class SliceTokenStream final : public antlr4::TokenStream {
 public:
  explicit SliceTokenStream(const SourceFile& file) : file_(file) {}

  // Makes the stream read tokens [first, last) of `toks`, then EOF at `eof_offset`. Tokens
  // of the previous item are gone: call only once the parser is done with them.
  void reset(const std::vector<Token>& toks, std::uint32_t first, std::uint32_t last,
             std::uint32_t eof_offset) {
    tokens_.clear();
    tokens_.reserve(last - first + 1);
    for (std::uint32_t j = first; j < last; ++j) {
      const Token& t = toks[j];
      tokens_.emplace_back(t.kind, t.begin, t.end(), j - first, &file_);
    }
    tokens_.emplace_back(antlr4::Token::EOF, eof_offset, eof_offset, last - first, &file_);
    p_ = 0;
  }

  antlr4::Token* LT(ssize_t k) override {
    if (k == 0) return nullptr;
    if (k < 0) {
      return static_cast<std::size_t>(-k) > p_ ? nullptr : &tokens_[p_ + k];
    }
    return &tokens_[std::min(p_ + static_cast<std::size_t>(k) - 1, tokens_.size() - 1)];
  }
  size_t LA(ssize_t i) override {
    const antlr4::Token* t = LT(i);
    return t ? t->getType() : antlr4::Token::INVALID_TYPE;
  }
  void consume() override {
    if (p_ + 1 >= tokens_.size()) throw antlr4::IllegalStateException("cannot consume EOF");
    ++p_;
  }
  antlr4::Token* get(size_t index) const override {
    if (index >= tokens_.size()) {
      throw antlr4::IndexOutOfBoundsException("token index out of range");
    }
    return const_cast<SliceToken*>(&tokens_[index]);
  }
  ssize_t mark() override { return 0; }
  void release(ssize_t) override {}
  size_t index() override { return p_; }
  void seek(size_t index) override { p_ = std::min(index, tokens_.size() - 1); }
  size_t size() override { return tokens_.size(); }
  std::string getSourceName() const override { return "swb"; }
  antlr4::TokenSource* getTokenSource() const override { return &no_token_source; }

  std::string getText(const antlr4::misc::Interval& interval) override {
    if (interval.a < 0 || interval.b < interval.a || tokens_.empty()) return "";
    const auto a = static_cast<std::size_t>(interval.a);
    const auto b = std::min(static_cast<std::size_t>(interval.b), tokens_.size() - 1);
    if (a > b) return "";
    std::string out;
    for (std::size_t j = a; j <= b && tokens_[j].getType() != antlr4::Token::EOF; ++j) {
      out += tokens_[j].getText();
    }
    return out;
  }
  std::string getText() override {
    return getText(antlr4::misc::Interval(std::size_t{0}, tokens_.size() - 1));
  }
  std::string getText(antlr4::RuleContext* ctx) override {
    return getText(ctx->getSourceInterval());
  }
  std::string getText(antlr4::Token* start, antlr4::Token* stop) override {
    if (!start || !stop) return "";
    return getText(antlr4::misc::Interval(start->getTokenIndex(), stop->getTokenIndex()));
  }

 private:
  const SourceFile& file_;
  std::vector<SliceToken> tokens_;
  std::size_t p_ = 0;
};

// ANTLR's adaptive prediction, skipped for the grammar's three choices that need a second
// token: after a comma in a list or a call, another item or the closing bracket; at an
// argument, `name =` or a value. The grammar is LL(2) there, so when the two tokens are ones a
// valid input has at that point they decide alone, as ANTLR would; anything else (an error,
// most likely) goes to ANTLR's prediction, which reports it as before. This saves ANTLR's
// DFA look-up, taken under a lock shared by every parser of the process, for each list item.
// The choices are found in the ATN by their rule and kind of state, so a changed grammar
// turns a shortcut off rather than making it wrong.
std::atomic<bool> two_token_prediction{true};

class TwoTokenPrediction final : public antlr4::atn::ParserATNSimulator {
 public:
  TwoTokenPrediction(G* parser, antlr4::atn::ParserATNSimulator& base)
      : ParserATNSimulator(parser, base.atn, base.decisionToDFA, base.getSharedContextCache()) {
    using antlr4::atn::ATNState;
    const antlr4::atn::ATN& a = base.atn;
    for (ssize_t token : a.nextTokens(a.ruleToStartState[G::RuleExpr]).toList()) {
      if (token > 0 && token < 64) value_starts_ |= std::uint64_t{1} << token;
    }
    auto only = [&](std::size_t rule, std::size_t type) {
      std::size_t found = kNone;
      for (std::size_t d = 0; d < a.decisionToState.size(); ++d) {
        const ATNState* s = a.decisionToState[d];
        if (s->ruleIndex != rule || const_cast<ATNState*>(s)->getStateType() != type) continue;
        if (found != kNone) return kNone;  // more than one: not the grammar this was written for
        found = d;
      }
      return found;
    };
    list_loop_ = only(G::RuleList, ATNState::STAR_LOOP_ENTRY);  // (COMMA expr)*
    call_loop_ = only(G::RuleExpr, ATNState::STAR_LOOP_ENTRY);  // (COMMA arg)*
    arg_name_ = only(G::RuleArg, ATNState::BLOCK_START);        // (IDENT ASSIGN)?
  }

  bool complete() const { return list_loop_ != kNone && call_loop_ != kNone && arg_name_ != kNone; }

  size_t adaptivePredict(antlr4::TokenStream* input, size_t decision,
                         antlr4::ParserRuleContext* outer) override {
    // Alternative 1 enters a loop's body or an optional part, 2 leaves or skips it.
    if (decision == list_loop_ || decision == call_loop_) {
      const std::size_t close = decision == list_loop_ ? G::RBRACK : G::RPAREN;
      const std::size_t first = input->LA(1);
      if (first == close) return 2;
      if (first == G::COMMA) {
        const std::size_t second = input->LA(2);
        if (second == close) return 2;  // a trailing comma
        if (starts_value(second)) return 1;
      }
    } else if (decision == arg_name_) {
      const std::size_t first = input->LA(1);
      if (first != G::IDENT) {
        if (starts_value(first)) return 2;
      } else {
        const std::size_t second = input->LA(2);
        if (second == G::ASSIGN) return 1;
        if (second == G::DOT || second == G::LPAREN || second == G::COMMA || second == G::RPAREN) {
          return 2;
        }
      }
    }
    return ParserATNSimulator::adaptivePredict(input, decision, outer);
  }

 private:
  static constexpr std::size_t kNone = ~std::size_t{0};
  bool starts_value(std::size_t token) const {
    return token < 64 && (value_starts_ >> token & 1) != 0;
  }
  std::uint64_t value_starts_ = 0;
  std::size_t list_loop_ = kNone, call_loop_ = kNone, arg_name_ = kNone;
};

// A parser over `stream`, with the two-token prediction unless tests turned it off.
std::unique_ptr<G> make_parser(antlr4::TokenStream* stream) {
  auto parser = std::make_unique<G>(stream);
  parser->removeErrorListeners();
  if (two_token_prediction.load(std::memory_order_relaxed)) {
    auto* base = parser->getInterpreter<antlr4::atn::ParserATNSimulator>();
    parser->setInterpreter(new TwoTokenPrediction(parser.get(), *base));  // deletes `base`
  }
  return parser;
}

Span token_span(FileId file, const antlr4::Token* t) {
  if (t->getType() == antlr4::Token::EOF) {
    return Span{file, static_cast<std::uint32_t>(t->getStartIndex()),
                static_cast<std::uint32_t>(t->getStartIndex())};
  }
  return Span{file, static_cast<std::uint32_t>(t->getStartIndex()),
              static_cast<std::uint32_t>(t->getStopIndex() + 1)};
}

// Records the first syntax error of an item, in our words.
class FirstErrorListener : public antlr4::BaseErrorListener {
 public:
  FirstErrorListener(const SourceFile& file) : file_(file) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t, size_t,
                   const std::string&, std::exception_ptr) override {
    if (has_error) return;
    has_error = true;
    auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
    span = token_span(file_.id(), offending);
    std::string found;
    if (offending->getType() == antlr4::Token::EOF) {
      found = !eof_found.empty()                       ? eof_found
              : span.begin >= file_.live_text().size() ? "the end of the file"
                                                       : "the start of the next declaration";
    } else {
      found = describe_found(file_, static_cast<TokenKind>(offending->getType()), span);
    }
    std::string expected;
    if (parser) expected = describe_expected(parser->getExpectedTokens(), eof_expected);
    // `media digital` inside a block, then anything but '{': an attribute that lost its '='
    // (a nested block header would go on with '{'). Reported at the value.
    // (A member parsed alone has nothing before its name.)
    if (parser && offending->getType() != G::LBRACE &&
        offending->getTokenIndex() >= (member_alone ? 2u : 3u)) {
      auto* stream = parser->getTokenStream();
      const antlr4::Token* value = stream->get(offending->getTokenIndex() - 1);
      const antlr4::Token* name = stream->get(offending->getTokenIndex() - 2);
      const size_t before = offending->getTokenIndex() >= 3
                                ? stream->get(offending->getTokenIndex() - 3)->getType()
                                : antlr4::Token::INVALID_TYPE;
      const bool name_is_a_value = before == G::ASSIGN || before == G::DOT || before == G::COMMA ||
                                   before == G::LBRACK || before == G::LPAREN;
      if (value->getType() == G::IDENT && name->getType() == G::IDENT && !name_is_a_value &&
          !starts_value(offending->getType())) {
        span = token_span(file_.id(), value);
        const Span n = token_span(file_.id(), name);
        message = fmt::format("expected '=' between '{}' and '{}'",
                              file_.live_text().substr(n.begin, n.end - n.begin),
                              file_.live_text().substr(span.begin, span.end - span.begin));
        return;
      }
    }
    // `campaign "x"`: a name followed by a value is an attribute that lost its '='.
    if (parser && offending->getTokenIndex() > 0 && starts_value(offending->getType())) {
      const antlr4::Token* prev = parser->getTokenStream()->get(offending->getTokenIndex() - 1);
      if (prev->getType() == G::IDENT) {
        const Span p = token_span(file_.id(), prev);
        message = fmt::format("expected '=' between '{}' and its value",
                              file_.live_text().substr(p.begin, p.end - p.begin));
        return;
      }
    }
    message = expected.empty() ? fmt::format("unexpected {}", found)
                               : fmt::format("expected {}, found {}", expected, found);
  }

  static bool starts_value(size_t t) {
    switch (t) {
      case G::STRING:
      case G::TEXT_BLOCK:
      case G::INT:
      case G::DECIMAL:
      case G::DURATION:
      case G::SIZE:
      case G::PERCENT:
      case G::DATE:
      case G::TIME_RANGE:
      case G::TRUE:
      case G::FALSE:
      case G::LBRACK:
        return true;
      default:
        return false;
    }
  }

  // How a token is named in "found …".
  static std::string describe_found(const SourceFile& file, TokenKind kind, Span span) {
    std::string_view text = file.live_text().substr(span.begin, span.end - span.begin);
    if (kind == kIdent || kind == kImport || kind == kVar || kind == kAs) {
      return fmt::format("'{}'", text);
    }
    if (text.size() <= 24 && kind != kTextBlock && kind != kLBrace && kind != kRBrace &&
        kind != kLBrack && kind != kRBrack && kind != kLParen && kind != kRParen &&
        kind != kAssign && kind != kComma && kind != kDot) {
      return fmt::format("{} {}", describe(kind), text);
    }
    return std::string(describe(kind));
  }

  static std::string describe_expected(const antlr4::misc::IntervalSet& set,
                                       std::string_view eof_expected) {
    std::vector<std::string> names;
    bool value = set.contains(size_t{G::STRING}) && set.contains(size_t{G::INT}) &&
                 set.contains(size_t{G::LBRACK});
    if (value) names.push_back("a value");
    for (size_t t : set.toList()) {
      if (value && t != G::RBRACK && t != G::RBRACE && t != G::RPAREN && t != G::COMMA) continue;
      if (t == antlr4::Token::EOF) {
        names.push_back(std::string(eof_expected));
      } else if (t < 256) {
        names.push_back(std::string(describe(static_cast<TokenKind>(t))));
      }
    }
    names.erase(std::unique(names.begin(), names.end()), names.end());
    if (names.empty()) return {};
    std::string out;
    for (std::size_t k = 0; k < names.size(); ++k) {
      if (k) out += k + 1 == names.size() ? " or " : ", ";
      out += names[k];
    }
    return out;
  }

  bool has_error = false;
  Span span;
  std::string message;
  // For an item that stops before the next token: what that token is ("'}'"), and what
  // an expected end of input is called.
  std::string eof_found;
  std::string_view eof_expected = "the end of the declaration";
  bool member_alone = false;  // the item is one member of a block, parsed on its own

 private:
  const SourceFile& file_;
};

// After a block's first syntax error, the attributes and nested blocks that follow it are
// parsed one at a time, each reporting its own first error: one error per bad member,
// without ANTLR's recovery cascading from the first.
class MemberReporter {
 public:
  MemberReporter(const SourceFile& file, const std::vector<Token>& toks, SliceTokenStream& stream,
                 G& parser, FirstErrorListener& listener, Diagnostics& diags)
      : file_(file),
        toks_(toks),
        stream_(stream),
        parser_(parser),
        listener_(listener),
        diags_(diags) {}

  // The item [first, last), whose first error (already reported) is at `error`; its end of
  // input is at `eof_offset`.
  void run(std::uint32_t first, std::uint32_t last, std::uint32_t eof_offset, std::uint32_t error) {
    last_ = last;
    eof_offset_ = eof_offset;
    if (const auto open = block_open(first, last)) members_after(*open, last, error, 0);
  }

 private:
  struct Member {
    std::uint32_t first, last;
  };

  // The '{' of `IDENT IDENT? {` at `first`, if the tokens there open a block.
  std::optional<std::uint32_t> block_open(std::uint32_t first, std::uint32_t last) const {
    for (std::uint32_t j = first + 1; j < last && j <= first + 2; ++j) {
      if (toks_[j].kind == kLBrace)
        return toks_[first].kind == kIdent ? std::optional(j) : std::nullopt;
      if (toks_[j].kind != kIdent) break;
    }
    return std::nullopt;
  }

  // The members between the '{' at `open` and its '}' (or `last`, if it is not closed),
  // outside brackets. A member starts at a name followed by '=' or by a block's '{', or at
  // a name that begins a line, unless it is the value of an '=' that ended the line before.
  std::vector<Member> split(std::uint32_t open, std::uint32_t last) const {
    auto kind = [&](std::uint32_t j) { return j < last ? toks_[j].kind : kEof; };
    std::vector<Member> out;
    std::uint32_t depth = 0, start = open + 1, j = open + 1;
    for (; j < last; ++j) {
      const TokenKind k = toks_[j].kind;
      if (k == kLBrace || k == kLBrack || k == kLParen) {
        ++depth;
      } else if (k == kRBrace || k == kRBrack || k == kRParen) {
        if (depth == 0 && k == kRBrace) break;
        if (depth > 0) --depth;
      } else if (k == kIdent && depth == 0 && j > start && kind(j - 1) != kDot) {
        const bool heads = kind(j + 1) == kAssign || kind(j + 1) == kLBrace ||
                           (kind(j + 1) == kIdent && kind(j + 2) == kLBrace);
        const bool starts_line = first_on_line(file_, toks_, j);
        // After `name =` a name is that attribute's value, unless it heads a member on a
        // line of its own (`email =` left empty, then `logo { … }`).
        const bool after_assign = kind(j - 1) == kAssign;
        if ((heads || starts_line) && (!after_assign || (heads && starts_line))) {
          out.push_back({start, j});
          start = j;
        }
      }
    }
    if (start < j) out.push_back({start, j});
    return out;
  }

  void members_after(std::uint32_t open, std::uint32_t last, std::uint32_t error, int depth) {
    if (depth > 64) return;
    for (const Member& m : split(open, last)) {
      if (toks_[m.last - 1].end() <= error) continue;  // parsed before the error: fine
      const auto nested = block_open(m.first, m.last);
      if (toks_[m.first].begin <= error) {  // the member the error is in
        if (nested && toks_[*nested].end() <= error)
          members_after(*nested, m.last, error, depth + 1);
        continue;
      }
      if (const auto at = parse_alone(m)) {
        if (nested && toks_[*nested].end() <= *at) members_after(*nested, m.last, *at, depth + 1);
      }
    }
  }

  // Parses one member on its own; reports its first error and returns its offset.
  std::optional<std::uint32_t> parse_alone(const Member& m) {
    const bool at_end = m.last >= last_;
    stream_.reset(toks_, m.first, m.last, at_end ? eof_offset_ : toks_[m.last].begin);
    parser_.reset();
    listener_.has_error = false;
    listener_.eof_found = at_end ? std::string()
                                 : FirstErrorListener::describe_found(
                                       file_, toks_[m.last].kind,
                                       Span{file_.id(), toks_[m.last].begin, toks_[m.last].end()});
    listener_.eof_expected = "the next attribute";
    listener_.member_alone = true;
    parser_.addErrorListener(&listener_);
    parser_.memberItem();
    parser_.removeErrorListeners();
    parser_.reset();
    listener_.eof_found.clear();
    listener_.eof_expected = "the end of the declaration";
    listener_.member_alone = false;
    if (!listener_.has_error) return std::nullopt;
    diags_.report(DiagCode::SWB001, listener_.span, listener_.message);
    return listener_.span.begin;
  }

  const SourceFile& file_;
  const std::vector<Token>& toks_;
  SliceTokenStream& stream_;
  G& parser_;
  FirstErrorListener& listener_;
  Diagnostics& diags_;
  std::uint32_t last_ = 0, eof_offset_ = 0;
};

// ---- ANTLR tree -> syntax tree ------------------------------------------------------

// The ANTLR tree is walked by position, as the grammar lays it out: only trees that parsed
// without an error reach here, so every child is where its rule puts it. A terminal is the
// only node without children (every rule matches at least one token), which tells tokens
// from rule nodes without RTTI: dynamic_cast across the runtime's shared library was a
// tenth of the parse.
using antlr4::tree::ParseTree;

bool is_token(const ParseTree* node) { return node->children.empty(); }

antlr4::Token* token_of(ParseTree* node) {
  assert(dynamic_cast<antlr4::tree::TerminalNode*>(node));
  return static_cast<antlr4::tree::TerminalNode*>(node)->getSymbol();
}

template <class Context>
Context* rule_of(ParseTree* node) {
  assert(dynamic_cast<Context*>(node));
  return static_cast<Context*>(node);
}

std::size_t rule_index(ParseTree* node) {
  return rule_of<antlr4::ParserRuleContext>(node)->getRuleIndex();
}

class Converter {
 public:
  Converter(const SourceFile& file, const std::set<std::uint32_t>& broken, Diagnostics& diags,
            const ParseLimits& limits)
      : file_(file), broken_(broken), diags_(diags), limits_(limits) {}

  // topItem : (importDecl | varDecl | block) EOF
  void convert_item(G::TopItemContext* top, File& out) {
    ParseTree* item = top->children.front();
    switch (rule_index(item)) {
      case G::RuleImportDecl:
        out.imports.push_back(convert_import(rule_of<G::ImportDeclContext>(item)));
        break;
      case G::RuleVarDecl: {
        auto* v = rule_of<G::VarDeclContext>(item);  // VAR IDENT ASSIGN expr
        Var& var = out.vars.emplace_back();
        var.name = ident(v->children[1]);
        convert_expr(v->children[3], var.value);
        var.span = range(v);
        break;
      }
      default:
        convert_block(rule_of<G::BlockContext>(item), out.blocks.emplace_back());
        break;
    }
  }

 private:
  // Every token of a tree without errors is one of the stream's (error recovery is what
  // makes up tokens, and a tree with errors is not converted).
  static const SliceToken* slice(const antlr4::Token* t) {
    assert(dynamic_cast<const SliceToken*>(t) != nullptr);
    return static_cast<const SliceToken*>(t);
  }
  Span span(const antlr4::Token* t) const { return slice(t)->span(file_.id()); }
  static std::size_t type(const antlr4::Token* t) { return slice(t)->getType(); }
  Span range(antlr4::ParserRuleContext* ctx) const {
    return join(span(ctx->getStart()), span(ctx->getStop()));
  }
  std::string_view text(Span s) const { return file_.live_text().substr(s.begin, s.end - s.begin); }
  Ident ident(ParseTree* node) const {
    const Span s = span(token_of(node));
    return Ident{std::string(text(s)), s};
  }

  // importDecl : IMPORT STRING (AS IDENT)?
  Import convert_import(G::ImportDeclContext* ctx) {
    Import imp;
    imp.span = range(ctx);
    const Expr path = convert_string(token_of(ctx->children[1]));
    imp.path_span = path.span;
    if (path.kind == ExprKind::String && path.parts.empty()) {
      imp.path = path.text;
    } else if (path.kind == ExprKind::String) {
      diags_.report(DiagCode::SWB104, path.span, "an import path cannot use ${…}")
          .help("write the path as a plain string, e.g. import \"std/permissions\"");
    }
    if (ctx->children.size() == 4) imp.alias = ident(ctx->children[3]);
    return imp;
  }

  // block  : IDENT IDENT? LBRACE member* RBRACE
  // member : IDENT ( ASSIGN expr | IDENT? LBRACE member* RBRACE )
  // A nested block is a member laid out as a block; an attribute is IDENT ASSIGN expr.
  // Each value is converted where it is to stay (here and below): an Expr is 200 bytes.
  void convert_block(antlr4::ParserRuleContext* ctx, Block& b) {
    const auto& kids = ctx->children;
    b.kind = ident(kids[0]);
    std::size_t k = 1;
    if (type(token_of(kids[1])) == G::IDENT) b.name = ident(kids[k++]);
    b.span = range(ctx);
    b.header = join(b.kind.span, span(token_of(kids[k++])));
    auto is_attribute = [](ParseTree* member) {
      return type(token_of(member->children[1])) == G::ASSIGN;
    };
    const std::size_t members = kids.size() - 1 - k;
    const auto attributes =
        static_cast<std::size_t>(std::count_if(kids.begin() + k, kids.end() - 1, is_attribute));
    b.attributes.reserve(attributes);
    b.blocks.reserve(members - attributes);
    for (; k + 1 < kids.size(); ++k) {
      auto* m = rule_of<G::MemberContext>(kids[k]);
      if (is_attribute(m)) {
        Attribute& a = b.attributes.emplace_back();
        a.name = ident(m->children[0]);
        convert_expr(m->children[2], a.value);
      } else {
        convert_block(m, b.blocks.emplace_back());
      }
    }
  }

  // expr : <a literal token> | list | object | VAR DOT IDENT
  //      | IDENT ( DOT IDENT | LPAREN (arg (COMMA arg)* COMMA?)? RPAREN )?
  // Fills `e`, a default Expr.
  void convert_expr(ParseTree* node, Expr& e) {
    auto* ctx = rule_of<G::ExprContext>(node);
    const auto& kids = ctx->children;
    ParseTree* first = kids.front();
    if (!is_token(first)) {
      if (rule_index(first) == G::RuleList) return convert_list(rule_of<G::ListContext>(first), e);
      return convert_object(rule_of<G::ObjectContext>(first), e);
    }
    antlr4::Token* tok = token_of(first);
    const auto kind = type(tok);
    if (kind != G::IDENT && kind != G::VAR) return convert_literal(tok, e);
    if (kids.size() == 1) {
      e.kind = ExprKind::Symbol;
      e.span = span(tok);
      e.text = std::string(text(e.span));
      return;
    }
    e.span = range(ctx);
    if (type(token_of(kids[1])) == G::DOT) {
      e.kind = ExprKind::Reference;
      e.text = std::string(text(span(tok)));
      e.member = ident(kids[2]);
      return;
    }
    e.kind = ExprKind::Call;  // IDENT LPAREN (arg (COMMA arg)* COMMA?)? RPAREN
    e.member = ident(first);
    e.text = e.member.text;
    for (ParseTree* a : kids) {
      if (is_token(a)) continue;
      const bool named = a->children.size() == 3;  // arg : (IDENT ASSIGN)? expr
      e.keys.push_back(named ? ident(a->children[0]) : Ident{});
      convert_expr(a->children.back(), e.items.emplace_back());
    }
  }

  // list : LBRACK (expr (COMMA expr)* COMMA?)? RBRACK
  void convert_list(G::ListContext* ctx, Expr& e) {
    e.kind = ExprKind::List;
    e.span = range(ctx);
    const auto& kids = ctx->children;
    const std::size_t count = (kids.size() - 1) / 2;  // at the odd positions before ']'
    e.items.reserve(std::min(count, limits_.max_list_items));
    for (std::size_t k = 1, n = 0; k + 1 < kids.size(); k += 2, ++n) {
      if (n == limits_.max_list_items) {
        diags_
            .report(DiagCode::SWB004, range(rule_of<G::ExprContext>(kids[k])),
                    fmt::format("list has {} items, more than the limit of {}", count,
                                limits_.max_list_items))
            .help("split the data over several declarations");
        e.kind = ExprKind::Invalid;
        e.items.clear();
        return;
      }
      convert_expr(kids[k], e.items.emplace_back());
    }
  }

  // object : LBRACE (field COMMA?)* RBRACE ; field : IDENT ASSIGN expr
  void convert_object(G::ObjectContext* ctx, Expr& e) {
    e.kind = ExprKind::Object;
    e.span = range(ctx);
    for (ParseTree* f : ctx->children) {
      if (is_token(f)) continue;
      e.keys.push_back(ident(f->children[0]));
      convert_expr(f->children[2], e.items.emplace_back());
    }
  }

  // Makes `e` an Invalid value at `s`.
  static void invalid(Span s, Expr& e) {
    e = Expr{};
    e.span = s;
  }

  void literal_error(Span s, const std::string& why, Expr& e) {
    diags_.report(DiagCode::SWB003, s, why);
    invalid(s, e);
  }

  Expr convert_string(antlr4::Token* tok) {
    Expr e;
    convert_string(tok, e);
    return e;
  }

  void convert_string(antlr4::Token* tok, Expr& e) {
    const Span s = span(tok);
    if (broken_.count(s.begin)) return invalid(s, e);  // SWB002 already reported
    const std::string_view t = text(s);
    const bool block = type(tok) == G::TEXT_BLOCK;
    e.kind = ExprKind::String;
    e.span = s;
    e.text_block = block;
    if (!block && !contains_either(t.substr(1), '\\', '$')) {
      e.text = t.substr(1, t.size() - 2);  // nothing to decode: most strings
      return;
    }
    DecodedString d;
    std::uint32_t base = s.begin + 1;
    if (block) {
      const std::string stripped = strip_text_block(t.substr(3, t.size() - 6));
      d = decode_string(stripped, /*escapes=*/false);
      base = kNoFile;  // offsets no longer map to the source
    } else {
      d = decode_string(t.substr(1, t.size() - 2), /*escapes=*/true);
    }
    if (!d.error.empty()) {
      const Span at =
          base == kNoFile
              ? s
              : Span{s.file, base + static_cast<std::uint32_t>(d.error_offset),
                     base + static_cast<std::uint32_t>(d.error_offset + d.error_length)};
      diags_.report(DiagCode::SWB003, at, d.error);
      return invalid(s, e);
    }
    for (auto& p : d.parts) {
      if (!p.is_ref) continue;
      p.span = base == kNoFile ? s : Span{s.file, base + p.span.begin, base + p.span.end};
    }
    if (d.parts.size() == 1 && !d.parts[0].is_ref) {
      e.text = std::move(d.parts[0].text);
    } else {
      e.parts = std::move(d.parts);
    }
  }

  void convert_literal(antlr4::Token* tok, Expr& e) {
    const Span s = span(tok);
    const std::string_view t = text(s);
    e.span = s;
    switch (type(tok)) {
      case G::STRING:
      case G::TEXT_BLOCK:
        return convert_string(tok, e);
      case G::TRUE:
      case G::FALSE:
        e.kind = ExprKind::Bool;
        e.number = type(tok) == G::TRUE;
        return;
      case G::INT: {
        auto v = parse_int(t);
        if (!v.value) return literal_error(s, v.error, e);
        e.kind = ExprKind::Int;
        e.number = *v.value;
        return;
      }
      case G::DECIMAL: {
        auto v = parse_decimal(t);
        if (!v.value) return literal_error(s, v.error, e);
        e.kind = ExprKind::Decimal;
        e.decimal = *v.value;
        return;
      }
      case G::DURATION: {
        auto v = parse_duration(t);
        if (!v.value) return literal_error(s, v.error, e);
        e.kind = ExprKind::Duration;
        e.number = *v.value;
        return;
      }
      case G::SIZE: {
        auto v = parse_size(t);
        if (!v.value) return literal_error(s, v.error, e);
        e.kind = ExprKind::Size;
        e.number = *v.value;
        return;
      }
      case G::PERCENT: {
        auto v = parse_percent(t);
        if (!v.value) return literal_error(s, v.error, e);
        e.kind = ExprKind::Percent;
        e.decimal = *v.value;
        return;
      }
      case G::DATE: {
        auto v = parse_date(t);
        if (!v.value) return literal_error(s, v.error, e);
        e.kind = ExprKind::Date;
        e.date = *v.value;
        return;
      }
      case G::TIME_RANGE: {
        auto v = parse_time_range(t);
        if (!v.value) return literal_error(s, v.error, e);
        e.kind = ExprKind::TimeRange;
        e.number = v.value->start;
        e.number2 = v.value->end;
        return;
      }
      default:
        return invalid(s, e);
    }
  }

  const SourceFile& file_;
  const std::set<std::uint32_t>& broken_;
  Diagnostics& diags_;
  const ParseLimits& limits_;
};

// What a broken item declared, read from its first tokens, so references to it are not
// reported as unresolved on top of its syntax error.
BrokenItem broken_item(const SourceFile& file, const std::vector<Token>& toks,
                       const ItemSlice& item) {
  auto text = [&](std::uint32_t j) {
    return std::string(file.live_text().substr(toks[j].begin, toks[j].end() - toks[j].begin));
  };
  auto kind = [&](std::uint32_t j) { return j < item.last ? toks[j].kind : kEof; };
  const std::uint32_t f = item.first;
  if (kind(f) == kVar && kind(f + 1) == kIdent) return BrokenItem{"var", text(f + 1)};
  if (kind(f) == kIdent && kind(f + 1) == kIdent) return BrokenItem{text(f), text(f + 1)};
  if (kind(f) == kIdent) return BrokenItem{text(f), ""};
  return BrokenItem{};
}

// Parses items [begin, end) of `slices` into `out`, with one parser reused for all.
void parse_items(const SourceFile& file, const std::vector<Token>& tokens,
                 const std::vector<ItemSlice>& slices, std::size_t begin, std::size_t end,
                 const std::set<std::uint32_t>& broken, Diagnostics& diags,
                 const ParseLimits& limits, File& out) {
  Converter converter(file, broken, diags, limits);
  FirstErrorListener listener(file);
  auto bail = std::make_shared<antlr4::BailErrorStrategy>();
  auto recover = std::make_shared<antlr4::DefaultErrorStrategy>();
  SliceTokenStream stream(file);
  std::unique_ptr<G> parser;
  for (std::size_t k = begin; k < end; ++k) {
    const ItemSlice& item = slices[k];
    if (item.skip) {
      out.broken.push_back(broken_item(file, tokens, item));
      continue;
    }
    const std::uint32_t eof_offset = item.eof_offset != ItemSlice::kNextToken ? item.eof_offset
                                     : item.last < tokens.size()
                                         ? tokens[item.last].begin
                                         : static_cast<std::uint32_t>(file.live_text().size());
    stream.reset(tokens, item.first, item.last, eof_offset);
    try {
      if (!parser) {
        parser = make_parser(&stream);
      } else {
        parser->setTokenStream(&stream);
      }
      // Stage 1: SLL, bailing at the first error; almost every item is done here.
      parser->getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
          antlr4::atn::PredictionMode::SLL);
      parser->setErrorHandler(bail);
      parser->fast_terminals(true);  // a bail-out parse: no error nodes, no recovery
      G::TopItemContext* tree = nullptr;
      try {
        tree = parser->topItem();
      } catch (const antlr4::ParseCancellationException&) {
        tree = nullptr;
      }
      parser->fast_terminals(false);
      if (!tree) {
        // Stage 2: full LL with error reporting, only for an item SLL rejected.
        stream.seek(0);
        parser->reset();
        parser->getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
            antlr4::atn::PredictionMode::LL);
        parser->setErrorHandler(recover);
        listener.has_error = false;
        parser->addErrorListener(&listener);
        tree = parser->topItem();
        parser->removeErrorListeners();
        if (listener.has_error) {
          diags.report(DiagCode::SWB001, listener.span, listener.message);
          MemberReporter(file, tokens, stream, *parser, listener, diags)
              .run(item.first, item.last, eof_offset, listener.span.begin);
          out.broken.push_back(broken_item(file, tokens, item));
          parser->reset();
          continue;
        }
      }
      converter.convert_item(tree, out);
      parser->reset();  // frees this item's ANTLR tree before the next one
    } catch (const std::exception& ex) {
      parser.reset();
      diags.report(DiagCode::SWB001,
                   Span{file.id(), tokens[item.first].begin, tokens[item.first].end()},
                   fmt::format("this declaration could not be parsed ({})", ex.what()));
      out.broken.push_back(broken_item(file, tokens, item));
    }
  }
}

}  // namespace

void set_two_token_prediction(bool on) { two_token_prediction = on; }

bool two_token_prediction_complete() {
  SourceManager sources;
  SliceTokenStream stream(sources.add("t.swb", ""));
  G parser(&stream);
  return TwoTokenPrediction(&parser, *parser.getInterpreter<antlr4::atn::ParserATNSimulator>())
      .complete();
}

constexpr std::size_t kPieceTokens = 1 << 20;

// Splits a file's tokens into items, a large file in pieces on `workers` threads: each
// piece starts at a likely item start and is split on its own, which gives the items a
// split of the whole would unless an item of one piece runs into the next (a '}' is
// missing, say); then the whole file is split again in one pass. A piece has at least
// `piece_tokens` tokens: fewer are not worth a thread.
SplitItems split(const SourceFile& file, const LexedFile& lexed, Diagnostics& diags,
                 const ParseLimits& limits, unsigned workers,
                 std::size_t piece_tokens = kPieceTokens) {
  const auto n = static_cast<std::uint32_t>(lexed.tokens.size());
  const std::size_t pieces =
      std::min<std::size_t>(workers, n / std::max<std::size_t>(1, piece_tokens));
  BracketMatches matches;
  if (pieces > 1) {
    std::vector<std::uint32_t> cuts{0};
    {
      const Splitter finder(file, lexed, diags, limits, matches);
      for (std::size_t k = 1; k < pieces; ++k) {
        const std::uint32_t at = finder.likely_item_start(
            std::max(cuts.back() + 1, static_cast<std::uint32_t>(std::size_t{n} * k / pieces)));
        if (at >= n) break;
        cuts.push_back(at);
      }
    }
    cuts.push_back(n);
    const std::size_t m = cuts.size() - 1;
    std::vector<Diagnostics> found(m);
    std::vector<SplitItems> parts(m);
    parallel_for(m, workers, [&](std::size_t k) {
      parts[k] = Splitter(file, lexed, found[k], limits, matches).run(cuts[k], cuts[k + 1]);
    });
    bool joined = true;
    for (std::size_t k = 0; k + 1 < m; ++k) {
      const auto& items = parts[k].items;
      joined = joined && !items.empty() && items.back().last == cuts[k + 1];
    }
    if (joined) {
      std::size_t total = 0;
      for (const auto& part : parts) total += part.items.size();
      SplitItems out;
      out.items.reserve(total);
      for (std::size_t k = 0; k < m; ++k) {
        out.items.insert(out.items.end(), parts[k].items.begin(), parts[k].items.end());
        for (const auto& [kind, count] : parts[k].kinds) out.count(kind, count);
        diags.merge(std::move(found[k]));
      }
      return out;
    }
  }
  return Splitter(file, lexed, diags, limits, matches).run();
}

std::vector<ItemRange> split_items(const SourceFile& file, Diagnostics& diags,
                                   const ParseLimits& limits, unsigned workers,
                                   std::size_t piece_tokens) {
  const LexedFile lexed = lex(file, diags);
  std::vector<ItemRange> out;
  for (const ItemSlice& item : split(file, lexed, diags, limits, workers, piece_tokens).items) {
    out.push_back({item.first, item.last, item.skip});
  }
  return out;
}

File parse_file(const SourceFile& file, Diagnostics& diags, const ParseLimits& limits) {
  File out;
  out.id = file.id();
  const LexedFile lexed = lex(file, diags);
  out.comments = lexed.comments;
  const std::set<std::uint32_t> broken(lexed.broken.begin(), lexed.broken.end());
  BracketMatches matches;
  const std::vector<ItemSlice> slices = Splitter(file, lexed, diags, limits, matches).run().items;
  parse_items(file, lexed.tokens, slices, 0, slices.size(), broken, diags, limits, out);
  return out;
}

struct DeferredBlocks::Impl {
  const SourceFile& file;
  // The whole file's tokens (8 bytes each, 113 MB for a 110 MB file). Their pages go back
  // to the system with the text, as the chunks are lowered (release_text), rather than
  // when the file is done.
  LexedFile lexed;
  std::set<std::uint32_t> broken;
  std::vector<ItemSlice> slices;  // the block items, in file order
  ParseLimits limits;
  // The first word of the blocks, each once, and how many blocks start with it.
  std::vector<std::pair<std::string, std::size_t>> kinds;
  // Each chunk's bytes, from its first item to the end of its last: given back once lowered.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> chunk_text;
  // The tokens are given back with the text, front to back (set once the tokens are final).
  std::optional<FrontRelease> tokens_given_back;
};

DeferredBlocks::DeferredBlocks(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DeferredBlocks::~DeferredBlocks() = default;

std::size_t DeferredBlocks::count(std::string_view kind) const {
  for (const auto& [k, n] : impl_->kinds) {
    if (k == kind) return n;
  }
  return 0;
}

void DeferredBlocks::release_text(std::size_t k) const {
  // From the first chunk on, not just this one: the file and the tokens are given back in
  // whole pages (whole huge pages when they are large), so a chunk's own range may hold
  // none, and what lies between chunks (imports, vars) is parsed already.
  Impl& d = *impl_;
  d.file.release(d.chunk_text.front().first, d.chunk_text[k].second);
  const std::size_t end = std::min(d.slices.size(), (k + 1) * kItemsPerChunk);
  // After the last chunk, the spare room past the last token goes too, so no page of the
  // array is kept.
  const std::vector<Token>& toks = d.lexed.tokens;
  d.tokens_given_back->upto(end == d.slices.size() ? toks.data() + toks.capacity()
                                                   : toks.data() + d.slices[end - 1].last);
}

std::size_t DeferredBlocks::chunks() const {
  return (impl_->slices.size() + kItemsPerChunk - 1) / kItemsPerChunk;
}

void DeferredBlocks::parse_chunk(std::size_t k, File& out, Diagnostics& diags) const {
  const Impl& d = *impl_;
  out.id = d.file.id();
  const std::size_t begin = k * kItemsPerChunk;
  const std::size_t end = std::min(d.slices.size(), (k + 1) * kItemsPerChunk);
  parse_items(d.file, d.lexed.tokens, d.slices, begin, end, d.broken, diags, d.limits, out);
}

SplitFile parse_file_deferred(const SourceFile& file, Diagnostics& diags, const ParseLimits& limits,
                              unsigned lex_workers) {
  SplitFile out;
  out.head.id = file.id();
  PhaseClock clock;
  std::unique_ptr<DeferredBlocks::Impl> impl(
      new DeferredBlocks::Impl{file, lex(file, diags, lex_workers), {}, {}, limits, {}, {}, {}});
  clock.lap("  lex");
  out.head.comments = std::move(impl->lexed.comments);
  impl->broken.insert(impl->lexed.broken.begin(), impl->lexed.broken.end());
  std::vector<ItemSlice> head;
  const SplitItems found = split(file, impl->lexed, diags, limits, lex_workers);
  impl->slices.reserve(found.items.size());
  for (const ItemSlice& item : found.items) {
    if (item.skip || item.head == kImport || item.head == kVar) {
      head.push_back(item);
    } else {
      impl->slices.push_back(item);
    }
  }
  for (const auto& [kind, n] : found.kinds) impl->kinds.emplace_back(kind, n);
  clock.lap("  split");
  parse_items(file, impl->lexed.tokens, head, 0, head.size(), impl->broken, diags, limits,
              out.head);
  // An item's end-of-input offset is its next token's start, which may be in a chunk whose
  // tokens are already released when the item is parsed.
  const std::vector<Token>& toks = impl->lexed.tokens;
  for (ItemSlice& item : impl->slices) {
    item.eof_offset = item.last < toks.size() ? toks[item.last].begin
                                              : static_cast<std::uint32_t>(file.live_text().size());
  }
  for (std::size_t begin = 0; begin < impl->slices.size(); begin += kItemsPerChunk) {
    const ItemSlice& first = impl->slices[begin];
    const ItemSlice& last = impl->slices[std::min(impl->slices.size(), begin + kItemsPerChunk) - 1];
    impl->chunk_text.emplace_back(
        first.first < first.last ? toks[first.first].begin : first.eof_offset, last.eof_offset);
  }
  impl->tokens_given_back.emplace(impl->lexed.tokens.data(),
                                  impl->lexed.tokens.capacity() * sizeof(Token));
  out.blocks = std::make_shared<const DeferredBlocks>(std::move(impl));
  return out;
}

}  // namespace swb::syntax
