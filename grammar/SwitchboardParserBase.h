// The base of the generated parser (grammar option superClass): Parser's rule entry and exit
// without their dynamic_casts. Every context's parent is the ParserRuleContext that invoked
// it, so a static_cast is exact; ANTLR's own casts cost a tenth of a parse. Each context also
// makes room for a few children at once, where growing one at a time reallocated for each
// of a member's three (`name = value`). Two more costs of the runtime are avoided here:
// - the generated rules leave through `finally([=] { exitRule(); })`, which in the runtime
//   wraps the lambda in a std::function; the member template below, found first, does not;
// - with fast_terminals() on, each token's leaf node is built in an arena that reset()
//   empties, instead of a heap allocation freed one by one when the tree goes.
#pragma once

#include <memory>
#include <new>
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
    if (!fast_terminals_ || !_buildParseTrees || !_parseListeners.empty())
      return antlr4::Parser::consume();
    antlr4::Token* t = getCurrentToken();
    if (t->getType() != antlr4::Token::EOF) getInputStream()->consume();
    _ctx->addChild(new_terminal(t));
    return t;
  }

  void reset() override {
    antlr4::Parser::reset();
    used_ = 0;  // the nodes' destructors free nothing (a leaf has no children): not run
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

 private:
  using Node = antlr4::tree::TerminalNodeImpl;
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
