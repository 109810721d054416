// The base of the generated parser (grammar option superClass): Parser's rule entry and exit
// without their dynamic_casts. Every context's parent is the ParserRuleContext that invoked
// it, so a static_cast is exact; ANTLR's own casts cost a tenth of a parse. Each context also
// makes room for a few children at once, where growing one at a time reallocated for each
// of a member's three (`name = value`). More costs of the runtime are avoided here:
// - the generated rules leave through `finally([=] { exitRule(); })`, which in the runtime
//   wraps the lambda in a std::function; the member template below, found first, does not;
// - with fast_terminals() on, each token's leaf node is built in an arena that reset()
//   empties, instead of a heap allocation freed one by one when the tree goes, and a match
//   takes the token without the error strategy and the runtime's leaf class, both of which
//   only error recovery needs.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

#include "antlr4-runtime.h"

namespace swb_grammar {

class SwitchboardParserBase : public antlr4::Parser {
 public:
  using antlr4::Parser::Parser;

  void enterRule(antlr4::ParserRuleContext* localctx, size_t state, size_t) override {
    setState(state);
    _ctx = localctx;
    _ctx->start = _input->LT(1);
    if (_buildParseTrees) _ctx->children.reserve(4);
    if (_buildParseTrees && _ctx->parent != nullptr) {
      static_cast<antlr4::ParserRuleContext*>(_ctx->parent)->addChild(_ctx);
    }
    if (!_parseListeners.empty()) triggerEnterRuleEvent();
  }

  // Leaf nodes from the arena while on: only for a parse that builds its tree with no parse
  // listener and no error recovery (a bail-out parse), whose tree goes at the next reset().
  void fast_terminals(bool on) { fast_terminals_ = on; }

  antlr4::Token* consume() override {
    if (!fast()) return antlr4::Parser::consume();
    antlr4::Token* t = _input->LT(1);
    take(t);
    return t;
  }

  // Parser::match without the error strategy's reportMatch, which ends an error recovery a
  // bail-out parse never starts.
  antlr4::Token* match(size_t type) override {
    if (fast()) {
      antlr4::Token* t = _input->LT(1);
      if (t->getType() == type) {
        if (type == antlr4::Token::EOF) _matchedEOF = true;
        take(t);
        return t;
      }
    }
    return antlr4::Parser::match(type);
  }

  // Parser::enterOuterAlt replaces the context in its parent's children when it changed,
  // which only a left-recursive rule does; this grammar has none.
  void enterOuterAlt(antlr4::ParserRuleContext* localctx, size_t alt) override {
    if (_ctx != localctx) return antlr4::Parser::enterOuterAlt(localctx, alt);
    localctx->setAltNumber(alt);
  }

  void reset() override {
    antlr4::Parser::reset();
    _tracker.reset();
    used_ = 0;  // the nodes' destructors free nothing (a leaf has no children): not run
  }

  // Recognizer::getInterpreter without its dynamic_cast, which the generated rules call at
  // every choice they leave to prediction: the interpreter is the ParserATNSimulator they ask
  // for, or one derived from it.
  template <class T>
  T* getInterpreter() const {
    static_assert(std::is_base_of_v<T, antlr4::atn::ParserATNSimulator>);
    return static_cast<T*>(_interpreter);
  }

  template <class F>
  struct OnExit {
    F f;
    ~OnExit() { f(); }
  };
  template <class F>
  static OnExit<F> finally(F f) {
    return OnExit<F>{std::move(f)};
  }

  // Hides Parser::exitRule (not virtual): the generated rules call this one.
  void exitRule() {
    // Having matched EOF, the parser cannot consume past it: the stop is EOF itself.
    _ctx->stop = _matchedEOF ? _input->LT(1) : _input->LT(-1);
    if (!_parseListeners.empty()) triggerExitRuleEvent();
    setState(_ctx->invokingState);
    _ctx = static_cast<antlr4::ParserRuleContext*>(_ctx->parent);
  }

 protected:
  // The rule contexts of the generated rules, which create them through `_tracker` (this
  // member hides Parser::_tracker from them): made in blocks of memory that reset() reuses,
  // where the runtime's tracker allocated and freed each one. Their destructors still run
  // (a context owns its vector of children), last made first.
  class ContextArena {
   public:
    ContextArena() = default;
    ContextArena(const ContextArena&) = delete;
    ContextArena& operator=(const ContextArena&) = delete;
    ~ContextArena() { reset(); }

    template <class T, class... Args>
    T* createInstance(Args&&... args) {
      static_assert(std::is_base_of_v<antlr4::tree::ParseTree, T>);
      static_assert(alignof(T) <= alignof(std::max_align_t) && sizeof(T) <= kBlockBytes);
      constexpr std::size_t size =
          (sizeof(T) + alignof(std::max_align_t) - 1) & ~(alignof(std::max_align_t) - 1);
      if (blocks_.empty() || offset_ + size > kBlockBytes) next_block();
      T* result = new (blocks_[block_].get() + offset_) T(std::forward<Args>(args)...);
      offset_ += size;
      live_.push_back(result);
      return result;
    }

    void reset() {
      for (auto it = live_.rbegin(); it != live_.rend(); ++it) (*it)->~ParseTree();
      live_.clear();
      block_ = 0;
      offset_ = 0;
    }

   private:
    static constexpr std::size_t kBlockBytes = 64 * 1024;  // new[] aligns it for any context
    void next_block() {
      if (!blocks_.empty()) ++block_;
      if (block_ == blocks_.size()) blocks_.emplace_back(new unsigned char[kBlockBytes]);
      offset_ = 0;
    }
    std::vector<std::unique_ptr<unsigned char[]>> blocks_;
    std::size_t block_ = 0, offset_ = 0;
    std::vector<antlr4::tree::ParseTree*> live_;
  };
  ContextArena _tracker;  // NOLINT: the generated code's name for it

 private:
  // A token's leaf in a bail-out parse: TerminalNodeImpl without its virtual base, whose
  // construction and setParent (a virtual thunk) cost as much as the rest of a match.
  class Leaf final : public antlr4::tree::TerminalNode {
   public:
    explicit Leaf(antlr4::Token* symbol) : symbol_(symbol) {}
    antlr4::Token* getSymbol() override { return symbol_; }
    void setParent(antlr4::RuleContext* parent) override { this->parent = parent; }
    antlr4::misc::Interval getSourceInterval() override {
      return antlr4::misc::Interval(symbol_->getTokenIndex(), symbol_->getTokenIndex());
    }
    antlrcpp::Any accept(antlr4::tree::ParseTreeVisitor* visitor) override {
      return visitor->visitTerminal(this);
    }
    std::string getText() override { return symbol_->getText(); }
    std::string toStringTree(antlr4::Parser*, bool) override { return toString(); }
    std::string toString() override {
      return symbol_->getType() == antlr4::Token::EOF ? "<EOF>" : symbol_->getText();
    }
    std::string toStringTree(bool) override { return toString(); }

   private:
    antlr4::Token* symbol_;
  };
  using Node = Leaf;

  bool fast() const { return fast_terminals_ && _buildParseTrees && _parseListeners.empty(); }

  // Consumes `t`, the current token, and adds its leaf to the context.
  void take(antlr4::Token* t) {
    if (t->getType() != antlr4::Token::EOF) _input->consume();
    Node* leaf = new_terminal(t);
    leaf->parent = _ctx;
    _ctx->children.push_back(leaf);
  }
  struct alignas(Node) Slot {
    unsigned char bytes[sizeof(Node)];
  };
  static constexpr std::size_t kSlotsPerBlock = 1024;

  Node* new_terminal(antlr4::Token* t) {
    if (used_ == blocks_.size() * kSlotsPerBlock) blocks_.emplace_back(new Slot[kSlotsPerBlock]);
    Slot& slot = blocks_[used_ / kSlotsPerBlock][used_ % kSlotsPerBlock];
    ++used_;
    return new (slot.bytes) Node(t);
  }

  bool fast_terminals_ = false;
  std::vector<std::unique_ptr<Slot[]>> blocks_;
  std::size_t used_ = 0;
};

}  // namespace swb_grammar
