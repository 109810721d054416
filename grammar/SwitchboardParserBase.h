// The base of the generated parser (grammar option superClass): Parser's rule entry and exit
// without their dynamic_casts. Every context's parent is the ParserRuleContext that invoked
// it, so a static_cast is exact; ANTLR's own casts cost a tenth of a parse. Each context also
// makes room for a few children at once, where growing one at a time reallocated for each
// of a member's three (`name = value`).
#pragma once

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

  // Hides Parser::exitRule (not virtual): the generated rules call this one.
  void exitRule() {
    // Having matched EOF, the parser cannot consume past it: the stop is EOF itself.
    _ctx->stop = _matchedEOF ? _input->LT(1) : _input->LT(-1);
    if (!_parseListeners.empty()) triggerExitRuleEvent();
    setState(_ctx->invokingState);
    _ctx = static_cast<antlr4::ParserRuleContext*>(_ctx->parent);
  }
};

}  // namespace swb_grammar
