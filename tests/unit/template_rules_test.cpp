// Unit tests for the templates area (compiler/rules/templates.cpp) on hand-built IR: what the
// golden cases cannot reach through the language (SWB310, since template names are unique per
// config) and robustness on partially invalid IR.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/base/source.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/rules/areas.h"
#include "compiler/rules/limits.h"
#include "ir/ir.h"

namespace swb::rules {
namespace {

Span At(std::uint32_t begin) { return Span{0, begin, begin + 1}; }

Diagnostics RunRule(std::string_view name, const ir::Config& config) {
  SourceManager sources;
  RuleContext context{sources};
  Diagnostics diags;
  bool found = false;
  for (const auto& rule : template_rules()) {
    if (rule.name != name) continue;
    found = true;
    rule.run(config, context, diags);
  }
  EXPECT_TRUE(found) << "no templates rule named " << name;
  return diags;
}

// Two businesses, each with one channel per entry of `business_of_channel`.
ir::Config Accounts(const std::vector<std::uint32_t>& business_of_channel) {
  ir::Config c;
  c.businesses.resize(2);
  c.businesses[0].name = {"acme", At(1)};
  c.businesses[1].name = {"zeta", At(2)};
  for (std::size_t i = 0; i < business_of_channel.size(); ++i) {
    ir::Channel ch;
    ch.name = {c.texts->make("ch" + std::to_string(i)), At(10 + static_cast<std::uint32_t>(i))};
    ch.business = {{c.businesses[business_of_channel[i]].name.text, business_of_channel[i]},
                   At(20)};
    c.channels.push_back(ch);
  }
  return c;
}

ir::Template Template(ir::Config& c, std::string_view name, std::uint32_t channel,
                      std::string_view language, std::uint32_t at) {
  ir::Template t;
  t.name = {c.texts->make(name), At(at)};
  t.channel = {{c.texts->make("ch" + std::to_string(channel)), channel}, At(at + 1)};
  t.language = {c.texts->make(language), At(at + 2)};
  return t;
}

TEST(DuplicateTemplates, SameNameAndLanguageOnOneAccountIsReportedAtTheLaterOne) {
  ir::Config c = Accounts({0, 0});
  // The IR is sorted by name, not by position: the later one in config order comes first.
  c.templates.push_back(Template(c, "order_update", 1, "en_US", 200));
  c.templates.push_back(Template(c, "order_update", 0, "en_US", 100));
  const Diagnostics diags = RunRule("check_duplicate_templates", c);
  ASSERT_EQ(diags.size(), 1u);
  const Diagnostic& d = diags.list()[0];
  EXPECT_EQ(d.code, DiagCode::SWB310);
  EXPECT_EQ(d.span, At(200));
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_EQ(d.notes[0].span, At(100));
  EXPECT_NE(d.message.find("order_update"), std::string::npos);
  EXPECT_NE(d.message.find("acme"), std::string::npos);
}

TEST(DuplicateTemplates, OtherLanguageOrOtherAccountIsFine) {
  ir::Config c = Accounts({0, 1});
  c.templates.push_back(Template(c, "order_update", 0, "en_US", 100));
  c.templates.push_back(Template(c, "order_update", 0, "pt_BR", 200));
  c.templates.push_back(Template(c, "order_update", 1, "en_US", 300));
  EXPECT_EQ(RunRule("check_duplicate_templates", c).size(), 0u);
}

TEST(DuplicateTemplates, UnresolvedChannelsAreSkipped) {
  ir::Config c = Accounts({0});
  c.templates.push_back(Template(c, "order_update", 0, "en_US", 100));
  ir::Template t = Template(c, "order_update", 0, "en_US", 200);
  t.channel.value.index = ir::kUnresolved;
  c.templates.push_back(t);
  EXPECT_EQ(RunRule("check_duplicate_templates", c).size(), 0u);
}

// Lowering leaves invalid attributes without a span; no rule may report or crash on them.
TEST(TemplateRules, SkipWhatLoweringAlreadyReported) {
  ir::Config c;
  ir::Template t;
  t.name = {"order_update", At(1)};
  t.channel.value = {"nowhere", ir::kUnresolved};
  c.templates.push_back(t);
  ir::RichMessage r;
  r.name = {"pick", At(5)};
  c.rich_messages.push_back(r);
  ir::CustomComponent comp;
  comp.name = {"wa", At(9)};
  c.custom_components.push_back(comp);
  SourceManager sources;
  RuleContext context{sources};
  Diagnostics diags;
  for (const auto& rule : template_rules()) rule.run(c, context, diags);
  EXPECT_EQ(diags.size(), 0u);
}

TEST(TemplateLanguages, TableHoldsWhatsAppsCodes) {
  const auto table = limits::template_languages();
  EXPECT_EQ(table.size(), 71u);
  for (std::string_view code : {"en", "en_US", "pt_BR", "es_MX", "zh_TW", "fil", "ky_KG"}) {
    EXPECT_NE(std::find(table.begin(), table.end(), code), table.end()) << code;
  }
  for (std::string_view code : table) {
    EXPECT_EQ(std::count(table.begin(), table.end(), code), 1) << code << " listed twice";
  }
}

}  // namespace
}  // namespace swb::rules
