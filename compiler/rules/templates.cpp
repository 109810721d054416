// Rules of the templates area (SWB3xx): WhatsApp message templates, rich messages and the
// custom components that show templates to agents.
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "compiler/rules/areas.h"
#include "compiler/rules/common.h"
#include "compiler/rules/limits.h"

namespace swb::rules {
namespace {

// ---- helpers ------------------------------------------------------------------------------

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A `{{…}}` placeholder in template text. Only `{{1}}`, `{{2}}`, … are valid (number set);
// `{{0}}`, `{{name}}` or `{{ 1 }}` are placeholders too, so that they can be reported.
struct Placeholder {
  std::size_t offset = 0;  // of the first `{`
  std::size_t length = 0;  // up to and including the closing `}}`
  std::string_view inner;  // between the braces
  std::optional<long> number;
};

std::vector<Placeholder> placeholders(std::string_view text) {
  std::vector<Placeholder> out;
  std::size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string_view::npos) {
    const std::size_t close = text.find("}}", pos + 2);
    if (close == std::string_view::npos) break;
    const std::string_view inner = text.substr(pos + 2, close - pos - 2);
    if (inner.find_first_of("{\n") != std::string_view::npos) {
      pos += 1;  // `{{{1}}`: the placeholder starts at a later brace
      continue;
    }
    Placeholder p{pos, close + 2 - pos, inner, std::nullopt};
    if (all_digits(inner) && inner.front() != '0' && inner.size() <= 6) {
      long n = 0;
      std::from_chars(inner.data(), inner.data() + inner.size(), n);
      p.number = n;
    }
    out.push_back(p);
    pos = close + 2;
  }
  return out;
}

// The number of distinct placeholders, as Meta counts variables (`{{1}}` twice is one).
std::size_t distinct_placeholders(const std::vector<Placeholder>& ps) {
  std::set<std::string_view> seen;
  for (const auto& p : ps) seen.insert(p.inner);
  return seen.size();
}

// The span of bytes [offset, offset + length) of a string value, when the value is written
// as a plain one-line literal (no escapes or interpolation), so that a diagnostic can point
// at the placeholder itself; otherwise the whole value's span.
Span value_subspan(const RuleContext& ctx, const ir::Located<ir::Text>& v, std::size_t offset,
                   std::size_t length) {
  const Span s = v.span;
  if (!s.valid() || s.file >= ctx.sources.size()) return s;
  const std::string_view file = ctx.sources.file(s.file).text();
  if (s.end > file.size() || s.end < s.begin) return s;
  const std::string_view src = file.substr(s.begin, s.end - s.begin);
  if (src.size() != v.value.size() + 2 || src.front() != '"' || src.back() != '"' ||
      src.substr(1, v.value.size()) != v.value || offset + length > v.value.size()) {
    return s;
  }
  const auto begin = static_cast<std::uint32_t>(s.begin + 1 + offset);
  return Span{s.file, begin, static_cast<std::uint32_t>(begin + length)};
}

bool is_http_url(std::string_view url) {
  const std::string lower = lower_ascii(url.substr(0, 8));
  std::size_t scheme = 0;
  if (lower.rfind("https://", 0) == 0) {
    scheme = 8;
  } else if (lower.rfind("http://", 0) == 0) {
    scheme = 7;
  } else {
    return false;
  }
  const std::string_view rest = url.substr(scheme);
  const std::size_t host_end = rest.find_first_of("/?#");
  const std::string_view host = rest.substr(0, host_end);
  return !host.empty() && host.find_first_of(" \t") == std::string_view::npos &&
         url.find_first_of(" \t\n") == std::string_view::npos;
}

// ---- template bodies ----------------------------------------------------------------------

// Whitespace runs collapsed to one space, ends trimmed: a text block's line breaks do not
// change the code message.
std::string normalize_space(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : trim_blanks(s)) {
    if (is_blank_char(c)) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Whether `body` is Meta's preset code message (limits.h): the code sentence, then optionally
// the security recommendation, then optionally the expiry warning.
bool is_auth_code_message(std::string_view body) {
  std::string_view rest;
  const std::string text = normalize_space(body);
  rest = text;
  if (rest.substr(0, limits::kAuthCodeMessage.size()) != limits::kAuthCodeMessage) return false;
  rest.remove_prefix(limits::kAuthCodeMessage.size());
  auto sentence = [&](std::string_view s) {
    if (rest.size() > s.size() && rest.front() == ' ' && rest.substr(1, s.size()) == s) {
      rest.remove_prefix(s.size() + 1);
      return true;
    }
    return false;
  };
  sentence(limits::kAuthSecuritySentence);
  if (sentence(limits::kAuthExpiryPrefix)) {
    std::size_t digits = 0;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') ++digits;
    if (digits == 0 || digits > 3) return false;
    int minutes = 0;
    std::from_chars(rest.data(), rest.data() + digits, minutes);
    if (minutes < limits::kAuthExpiryMinutesMin || minutes > limits::kAuthExpiryMinutesMax) {
      return false;
    }
    rest.remove_prefix(digits);
    if (rest != limits::kAuthExpirySuffix) return false;
    rest = {};
  }
  return rest.empty();
}

std::string auth_code_message_forms() {
  return fmt::format("\"{}\", optionally followed by \"{}\" and then \"{}N{}\" (N from {} to {})",
                     limits::kAuthCodeMessage, limits::kAuthSecuritySentence,
                     limits::kAuthExpiryPrefix, limits::kAuthExpirySuffix,
                     limits::kAuthExpiryMinutesMin, limits::kAuthExpiryMinutesMax);
}

bool is_authentication(const ir::Template& t) {
  return present(t.category) && t.category.value == ir::TemplateCategory::authentication;
}

// ---- SWB301 -------------------------------------------------------------------------------

void check_template_name(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& t : config.templates) {
    std::string_view name = t.name.text;
    if (name.empty()) continue;
    const bool charset_ok = std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
    if (!charset_ok) {
      std::string fixed = lower_ascii(name);
      for (char& c : fixed) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) c = '_';
      }
      diags
          .report(DiagCode::SWB301, t.name.span,
                  fmt::format("template name '{}' may use only lowercase letters, digits and "
                              "underscores",
                              name))
          .help(fmt::format("WhatsApp refuses other characters; rename it, e.g. `template {}`",
                            fixed));
    }
    if (text_length(name) > limits::kTemplateNameMax) {
      diags
          .report(DiagCode::SWB301, t.name.span,
                  fmt::format("template name is {} characters long; WhatsApp accepts at most {}",
                              text_length(name), limits::kTemplateNameMax))
          .help("give the template a shorter name");
    }
  }
}

// ---- SWB302 -------------------------------------------------------------------------------

// `en-us`, `EN_US` → `en_US`: the spelling a BCP 47 tag or a case slip most likely meant.
std::string canonical_language(std::string_view code) {
  std::string out;
  const std::size_t sep = code.find_first_of("-_");
  out = lower_ascii(code.substr(0, sep));
  if (sep != std::string_view::npos) {
    out += '_';
    for (char c : code.substr(sep + 1)) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

void check_template_language(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  const auto table = limits::template_languages();
  for (const auto& t : config.templates) {
    if (!present(t.language)) continue;
    std::string_view code = t.language.value;
    if (std::find(table.begin(), table.end(), code) != table.end()) continue;
    auto d = diags.report(DiagCode::SWB302, t.language.span,
                          fmt::format("'{}' is not a template language WhatsApp supports", code));
    const std::string canonical = canonical_language(code);
    std::optional<std::string> suggestion;
    if (std::find(table.begin(), table.end(), canonical) != table.end()) {
      suggestion = canonical;
    } else {
      const std::vector<std::string> candidates(table.begin(), table.end());
      suggestion = closest_match(code, candidates);
    }
    // Regions WhatsApp supports for the same language: `pt_AO` → pt_BR, pt_PT.
    std::vector<std::string_view> regions;
    const std::string base = canonical.substr(0, canonical.find('_'));
    for (std::string_view c : table) {
      if (c == base || c.substr(0, base.size() + 1) == base + "_") regions.push_back(c);
    }
    if (suggestion) {
      d.help(
          fmt::format("did you mean '{}'? WhatsApp writes language codes with an underscore "
                      "before the region (en_US, pt_BR, es_MX)",
                      *suggestion));
    } else if (!regions.empty()) {
      d.help(fmt::format("for this language WhatsApp supports {}", fmt::join(regions, ", ")));
    } else {
      d.help(
          "use one of WhatsApp's template language codes, such as en, en_US, en_GB, es, es_MX, "
          "fr, de, pt_BR (`swb explain SWB302`)");
    }
  }
}

// ---- SWB303–SWB306: the body --------------------------------------------------------------

void check_template_body_length(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& t : config.templates) {
    if (!present(t.body)) continue;
    if (is_blank(t.body.value)) {
      diags
          .report(DiagCode::SWB303, t.body.span,
                  fmt::format("template {} has an empty body", t.name.text))
          .help("write the message text in `body`; WhatsApp requires one");
      continue;
    }
    const std::size_t n = text_length(t.body.value);
    if (n > limits::kBodyMax) {
      diags
          .report(
              DiagCode::SWB303, t.body.span,
              fmt::format("template {}'s body is {} characters long; WhatsApp accepts at most {}",
                          t.name.text, n, limits::kBodyMax))
          .help("shorten it, split it into two templates, or move detail behind a URL button");
    }
  }
}

void check_template_variables(const ir::Config& config, const RuleContext& ctx,
                              Diagnostics& diags) {
  for (const auto& t : config.templates) {
    if (!present(t.body)) continue;
    const auto ps = placeholders(t.body.value);
    std::set<long> numbers;
    for (const auto& p : ps) {
      if (p.number) {
        numbers.insert(*p.number);
        continue;
      }
      const Span at = value_subspan(ctx, t.body, p.offset, p.length);
      if (all_digits(p.inner)) {
        diags
            .report(
                DiagCode::SWB304, at,
                fmt::format("template {} uses {{{{{}}}}}: variables are numbered from {{{{1}}}}",
                            t.name.text, p.inner))
            .help("number the variables {{1}}, {{2}}, … in order, without leading zeros");
      } else if (all_digits(trim_blanks(p.inner))) {
        diags
            .report(DiagCode::SWB304, at,
                    fmt::format("template {} uses {{{{{}}}}}, with spaces inside the braces",
                                t.name.text, p.inner))
            .help(fmt::format("write {{{{{}}}}}", trim_blanks(p.inner)));
      } else {
        diags
            .report(DiagCode::SWB304, at,
                    fmt::format("template {} uses the named variable {{{{{}}}}}: WhatsApp "
                                "templates use numbered ones, {{{{1}}}}, {{{{2}}}}, …",
                                t.name.text, p.inner))
            .help(
                "replace it with the next number, {{1}} for the first variable, and give its "
                "sample value in `examples`");
      }
    }
    // Gaps: the numbers used must be exactly 1..n.
    long expected = 1;
    for (long n : numbers) {
      if (n != expected) break;
      ++expected;
    }
    if (expected <= (numbers.empty() ? 0 : *numbers.rbegin())) {
      const long missing = expected;
      // Point at the first use of a number past the gap.
      for (const auto& p : ps) {
        if (!p.number || *p.number <= missing) continue;
        diags
            .report(DiagCode::SWB304, value_subspan(ctx, t.body, p.offset, p.length),
                    fmt::format("template {} uses {{{{{}}}}} but not {{{{{}}}}}: variables are "
                                "numbered {{{{1}}}}…{{{{n}}}} without gaps",
                                t.name.text, *p.number, missing))
            .help(numbers.size() == 1
                      ? std::string("number the variable {{1}}")
                      : fmt::format("renumber the variables {{{{1}}}} to {{{{{}}}}} and keep "
                                    "`examples` in the same order",
                                    numbers.size()));
        break;
      }
    }
  }
}

void check_template_edge_variables(const ir::Config& config, const RuleContext& ctx,
                                   Diagnostics& diags) {
  for (const auto& t : config.templates) {
    // An authentication body is Meta's preset, which starts with {{1}} by design; SWB309
    // checks it instead.
    if (!present(t.body) || is_authentication(t)) continue;
    const std::string_view body = t.body.value;
    const std::string_view trimmed = trim_blanks(body);
    if (trimmed.empty()) continue;
    const std::size_t start = static_cast<std::size_t>(trimmed.data() - body.data());
    const std::size_t end = start + trimmed.size();
    const auto ps = placeholders(body);
    if (ps.empty()) continue;
    const bool at_start = ps.front().offset == start;
    const bool at_end = ps.back().offset + ps.back().length == end;
    if (!at_start && !at_end) continue;
    const Placeholder& p = at_start ? ps.front() : ps.back();
    std::string where;
    if (at_start) where = fmt::format("starts with the variable {{{{{}}}}}", ps.front().inner);
    if (at_start && at_end) where += " and ";
    if (at_end)
      where +=
          fmt::format("ends with {}{{{{{}}}}}", at_start ? "" : "the variable ", ps.back().inner);
    diags
        .report(DiagCode::SWB305, value_subspan(ctx, t.body, p.offset, p.length),
                fmt::format("template {}'s body {}", t.name.text, where))
        .help(
            "WhatsApp refuses bodies that start or end with a variable: put fixed text before "
            "the first and after the last one, e.g. \"Hi {{1}}, …\"");
  }
}

void check_template_examples(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& t : config.templates) {
    if (!present(t.body) || !present(t.examples)) continue;
    const std::size_t variables = distinct_placeholders(placeholders(t.body.value));
    const std::size_t examples = t.examples.value.size();
    if (variables == examples) continue;
    // A defaulted `examples` carries the block header's span, which starts before the name.
    const bool written = t.examples.span.begin > t.name.span.begin;
    if (!written) {
      diags
          .report(DiagCode::SWB306, t.body.span,
                  fmt::format("template {}'s body has {} variable{} but no examples", t.name.text,
                              variables, variables == 1 ? "" : "s"))
          .help(
              fmt::format("add `examples = [ … ]` with {} sample value{}, the first for {{{{1}}}}",
                          variables, variables == 1 ? "" : "s"));
      continue;
    }
    diags
        .report(
            DiagCode::SWB306, t.examples.span,
            fmt::format("template {} has {} example{} for {} distinct body variable{}", t.name.text,
                        examples, examples == 1 ? "" : "s", variables, variables == 1 ? "" : "s"))
        .help(variables == 0 ? std::string("the body has no variables: remove `examples`")
                             : fmt::format("give exactly one sample value per variable, in order "
                                           "({} in all)",
                                           variables));
  }
}

// ---- SWB307, SWB308: header, footer, buttons ----------------------------------------------

void check_template_header_footer(const ir::Config& config, const RuleContext& ctx,
                                  Diagnostics& diags) {
  for (const auto& t : config.templates) {
    if (t.header && present(*t.header) && t.header->value.kind == ir::HeaderKind::text) {
      std::string_view text = t.header->value.text;
      const std::size_t n = text_length(text);
      if (n > limits::kHeaderTextMax) {
        diags
            .report(DiagCode::SWB307, t.header->span,
                    fmt::format("template {}'s header text is {} characters long; WhatsApp "
                                "accepts at most {}",
                                t.name.text, n, limits::kHeaderTextMax))
            .help("shorten the header and move the rest into the body");
      }
      // Distinct, as for the body: `{{1}}` used twice is one variable (RULES.md SWB304).
      const std::size_t vars = distinct_placeholders(placeholders(text));
      if (vars > limits::kHeaderVariablesMax) {
        diags
            .report(
                DiagCode::SWB307, t.header->span,
                fmt::format("template {}'s header has {} variables; WhatsApp accepts at most {}",
                            t.name.text, vars, limits::kHeaderVariablesMax))
            .help("keep one variable, {{1}}, in the header and move the others into the body");
      }
    }
    if (t.footer && present(*t.footer)) {
      const std::size_t n = text_length(t.footer->value);
      if (n > limits::kFooterMax) {
        diags
            .report(DiagCode::SWB307, t.footer->span,
                    fmt::format("template {}'s footer is {} characters long; WhatsApp accepts at "
                                "most {}",
                                t.name.text, n, limits::kFooterMax))
            .help("shorten the footer; keep it to fixed text such as an opt-out line");
      }
      const auto ps = placeholders(t.footer->value);
      if (!ps.empty()) {
        diags
            .report(DiagCode::SWB307, value_subspan(ctx, *t.footer, ps[0].offset, ps[0].length),
                    fmt::format("template {}'s footer has the variable {{{{{}}}}}; footers take "
                                "no variables",
                                t.name.text, ps[0].inner))
            .help("move personalised text into the body");
      }
    }
  }
}

std::string_view button_kind_name(ir::ButtonKind k) {
  switch (k) {
    case ir::ButtonKind::quick_reply:
      return "quick_reply";
    case ir::ButtonKind::url:
      return "url";
    case ir::ButtonKind::phone:
      return "phone";
    case ir::ButtonKind::copy_code:
      return "copy_code";
  }
  return "button";
}

void check_template_buttons(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  struct KindLimit {
    ir::ButtonKind kind;
    std::size_t max;
  };
  static constexpr std::array<KindLimit, 3> kKindLimits = {{
      {ir::ButtonKind::url, limits::kUrlButtonsMax},
      {ir::ButtonKind::phone, limits::kPhoneButtonsMax},
      {ir::ButtonKind::copy_code, limits::kCopyCodeButtonsMax},
  }};
  for (const auto& t : config.templates) {
    if (!present(t.buttons)) continue;
    const auto& buttons = t.buttons.value;
    if (buttons.size() > limits::kButtonsMax) {
      diags
          .report(DiagCode::SWB308, buttons[limits::kButtonsMax].span,
                  fmt::format("template {} has {} buttons; WhatsApp accepts at most {}",
                              t.name.text, buttons.size(), limits::kButtonsMax))
          .help("remove buttons from here on");
    }
    for (const auto& [kind, max] : kKindLimits) {
      std::size_t seen = 0;
      for (const auto& b : buttons) {
        if (b.value.kind != kind || ++seen != max + 1) continue;
        diags
            .report(DiagCode::SWB308, b.span,
                    fmt::format("template {} has more than {} {}() button{}", t.name.text, max,
                                button_kind_name(kind), max == 1 ? "" : "s"))
            .help(fmt::format("WhatsApp accepts at most {} {}() button{} per template; remove "
                              "this one",
                              max, button_kind_name(kind), max == 1 ? "" : "s"));
      }
    }
    for (const auto& b : buttons) {
      if (present(b.value.text)) {
        const std::size_t n = text_length(b.value.text.value);
        if (n > limits::kButtonTextMax) {
          diags
              .report(DiagCode::SWB308, b.value.text.span,
                      fmt::format("button text \"{}\" is {} characters long; WhatsApp accepts at "
                                  "most {}",
                                  b.value.text.value, n, limits::kButtonTextMax))
              .help("shorten the button text");
        }
      }
      if (b.value.kind == ir::ButtonKind::url && present(b.value.target)) {
        std::string_view url = b.value.target.value;
        if (!is_http_url(url)) {
          diags
              .report(DiagCode::SWB308, b.value.target.span,
                      fmt::format("button URL \"{}\" is not an http or https URL", url))
              .help("write the full address, e.g. \"https://example.com/orders/{{1}}\"");
        } else if (text_length(url) > limits::kButtonUrlMax) {
          diags
              .report(DiagCode::SWB308, b.value.target.span,
                      fmt::format("button URL is {} characters long; WhatsApp accepts at most {}",
                                  text_length(url), limits::kButtonUrlMax))
              .help("use a shorter URL, e.g. from a link shortener you control");
        }
      }
    }
  }
}

// ---- SWB309 -------------------------------------------------------------------------------

void check_authentication_templates(const ir::Config& config, const RuleContext&,
                                    Diagnostics& diags) {
  for (const auto& t : config.templates) {
    if (!is_authentication(t)) continue;
    if (t.header) {
      diags
          .report(DiagCode::SWB309, t.header->span,
                  fmt::format("authentication template {} has a header", t.name.text))
          .help("authentication templates take no header: remove it");
    }
    if (present(t.buttons)) {
      for (const auto& b : t.buttons.value) {
        if (b.value.kind == ir::ButtonKind::copy_code) continue;
        diags
            .report(DiagCode::SWB309, b.span,
                    fmt::format("authentication template {} has a {}() button", t.name.text,
                                button_kind_name(b.value.kind)))
            .help("authentication templates take one copy_code(…) button only: remove it");
      }
    }
    if (present(t.body) && !is_auth_code_message(t.body.value)) {
      diags
          .report(DiagCode::SWB309, t.body.span,
                  fmt::format("authentication template {}'s body is not WhatsApp's code message",
                              t.name.text))
          .help(fmt::format("write {}; other content belongs in a `utility` template",
                            auth_code_message_forms()));
    }
  }
}

// ---- SWB310, SWB312 -----------------------------------------------------------------------

// The business account a template is deployed to, through its channel; nullptr if unresolved.
const ir::Business* account_of(const ir::Config& config, const ir::Template& t) {
  if (!present(t.channel)) return nullptr;
  const ir::Channel* channel = target(config, t.channel.value);
  if (!channel || !present(channel->business)) return nullptr;
  return target(config, channel->business.value);
}

// Meta identifies a template by name and language within an account. Template names are
// unique per config (SWB106 in lowering), so today two IR templates never share a name; the
// check is kept so that the rule holds if one template name ever carries several languages.
void check_duplicate_templates(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  // The templates are sorted by name: only a run of one name can hold duplicates.
  const auto& all = config.templates;
  for (std::size_t i = 0, j = 0; i < all.size(); i = j) {
    for (j = i + 1; j < all.size() && all[j].name.text == all[i].name.text;) ++j;
    if (j - i < 2) continue;
    std::map<std::pair<const ir::Business*, std::string_view>, std::vector<const ir::Template*>>
        groups;
    for (std::size_t k = i; k < j; ++k) {
      const ir::Template& t = all[k];
      const ir::Business* account = account_of(config, t);
      if (!account || !present(t.language)) continue;
      groups[{account, t.language.value}].push_back(&t);
    }
    for (auto& [key, ts] : groups) {
      if (ts.size() < 2) continue;
      std::sort(ts.begin(), ts.end(), [](const ir::Template* a, const ir::Template* b) {
        return before_in_config(a->name.span, b->name.span);
      });
      const auto& [account, language] = key;
      for (std::size_t k = 1; k < ts.size(); ++k) {
        diags
            .report(DiagCode::SWB310, ts[k]->name.span,
                    fmt::format("template {} in {} is declared twice on business account {}",
                                ts[k]->name.text, language, account->name.text))
            .note(ts[0]->name.span, "first declared here")
            .help("give the second template its own name");
      }
    }
  }
}

// Which channels some custom component shows templates of, by channel index. A component
// with no channels (absent or empty) covers every channel; so does an unresolved entry
// (already SWB108), which may have meant any channel, rather than cascading. One pass over
// the components: asking each component about each channel was quadratic.
std::vector<char> covered_channels(const ir::Config& config) {
  std::vector<char> covered(config.channels.size(), 0);
  for (const auto& c : config.custom_components) {
    const bool all = c.channels.value.empty() ||
                     std::any_of(c.channels.value.begin(), c.channels.value.end(),
                                 [](const auto& ref) { return !ref.value.resolved(); });
    if (all) return std::vector<char>(config.channels.size(), 1);
    for (const auto& ref : c.channels.value) {
      if (ref.value.index < covered.size()) covered[ref.value.index] = 1;
    }
  }
  return covered;
}

void check_templates_have_component(const ir::Config& config, const RuleContext&,
                                    Diagnostics& diags) {
  // The first template of each channel in config order, and how many it has.
  std::map<std::uint32_t, std::pair<const ir::Template*, std::size_t>> by_channel;
  for (const auto& t : config.templates) {
    if (!present(t.channel) || !target(config, t.channel.value)) continue;
    auto& [first, count] = by_channel[t.channel.value.index];
    if (!first || before_in_config(t.name.span, first->name.span)) first = &t;
    ++count;
  }
  const std::vector<char> covered = covered_channels(config);
  for (const auto& [index, entry] : by_channel) {
    const auto& [first, count] = entry;
    if (covered[index]) continue;
    const ir::Channel& channel = config.channels[index];
    diags
        .report(DiagCode::SWB312, first->name.span,
                fmt::format("channel {} has {} template{} but no custom_component shows them to "
                            "agents",
                            channel.name.text, count, count == 1 ? "" : "s"))
        .note(channel.name.span, fmt::format("channel {} is declared here", channel.name.text))
        .help(fmt::format("add `custom_component NAME {{ url = \"…%s\"  channels = [channel.{}] "
                          "}}` with the template-settings URL from WhatsApp (Cloud API) > My "
                          "channels",
                          channel.name.text));
  }
}

// ---- SWB320–SWB323: custom components -----------------------------------------------------

void check_component_url(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& c : config.custom_components) {
    if (!present(c.url)) continue;
    std::string_view url = c.url.value;
    const std::string_view placeholder = limits::kComponentUrlPlaceholder;
    if (url.size() < placeholder.size() ||
        std::string_view(url).substr(url.size() - placeholder.size()) != placeholder) {
      diags
          .report(DiagCode::SWB320, c.url.span,
                  fmt::format("the url of custom component {} does not end with {}", c.name.text,
                              placeholder))
          .help(fmt::format("append {} to the template-settings URL: CXone replaces it with the "
                            "agent's channel",
                            placeholder));
    }
    if (lower_ascii(url).find(limits::kLegacyComponentMarker) != std::string::npos) {
      diags
          .report(DiagCode::SWB321, c.url.span,
                  fmt::format("custom component {} points at the legacy {} integration",
                              c.name.text, limits::kLegacyComponentMarker))
          .help(
              "delete this component and declare one with the template-settings URL from "
              "WhatsApp (Cloud API) > My channels");
    }
  }
}

void check_component_height(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& c : config.custom_components) {
    // The default is the recommended height, so only a written value can differ.
    if (!present(c.height) || c.height.value == limits::kComponentHeightRecommended) continue;
    diags
        .report(DiagCode::SWB322, c.height.span,
                fmt::format("custom component {} is {} px high; {} px is recommended", c.name.text,
                            c.height.value, limits::kComponentHeightRecommended))
        .help(
            fmt::format("set `height = {}` or leave it out", limits::kComponentHeightRecommended));
  }
}

void check_component_channels(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& c : config.custom_components) {
    if (!present(c.channels) || !c.channels.value.empty()) continue;
    diags
        .report(DiagCode::SWB323, c.channels.span,
                fmt::format("custom component {} lists no channels, so it is shown for every "
                            "channel",
                            c.name.text))
        .help("list the channels whose templates it shows: `channels = [channel.NAME]`");
  }
}

// ---- SWB330, SWB331: rich messages --------------------------------------------------------

// Whether `s` is an ISO-8601 date-time: YYYY-MM-DDTHH:MM[:SS[.fff]] with an optional `Z` or
// ±HH:MM offset (without one, the message's `timezone` applies).
bool is_iso8601_date_time(std::string_view s) {
  auto number = [&](std::size_t pos, std::size_t len, int& out) {
    if (pos + len > s.size() || !all_digits(s.substr(pos, len))) return false;
    std::from_chars(s.data() + pos, s.data() + pos + len, out);
    return true;
  };
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!number(0, 4, year) || s.size() < 16 || s[4] != '-' || !number(5, 2, month) || s[7] != '-' ||
      !number(8, 2, day) || s[10] != 'T' || !number(11, 2, hour) || s[13] != ':' ||
      !number(14, 2, minute)) {
    return false;
  }
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] ||
      (month == 2 && day == 29 && !leap) || hour > 23 || minute > 59) {
    return false;
  }
  std::size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!number(pos + 1, 2, second) || second > 59) return false;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      std::size_t digits = 0;
      while (pos + 1 + digits < s.size() && all_digits(s.substr(pos + 1 + digits, 1))) ++digits;
      if (digits == 0) return false;
      pos += 1 + digits;
    }
  }
  if (pos == s.size()) return true;
  if (s[pos] == 'Z') return pos + 1 == s.size();
  if (s[pos] != '+' && s[pos] != '-') return false;
  int oh = 0, om = 0;
  return pos + 6 == s.size() && number(pos + 1, 2, oh) && s[pos + 3] == ':' &&
         number(pos + 4, 2, om) && oh <= 23 && om <= 59;
}

void report_too_long(Diagnostics& diags, const ir::Located<ir::Text>& v, std::string_view what,
                     std::size_t max) {
  if (!present(v)) return;
  const std::size_t n = text_length(v.value);
  if (n <= max) return;
  diags
      .report(DiagCode::SWB330, v.span,
              fmt::format("{} \"{}\" is {} characters long; at most {} are accepted", what, v.value,
                          n, max))
      .help(fmt::format("shorten the {}", what));
}

void check_quick_replies(const ir::RichMessage& r, Diagnostics& diags) {
  if (!present(r.replies)) return;
  const auto& replies = r.replies.value;
  if (replies.size() > limits::kQuickRepliesMax) {
    diags
        .report(DiagCode::SWB330, replies[limits::kQuickRepliesMax].span,
                fmt::format("rich message {} has {} quick replies; at most {} are accepted",
                            r.name.text, replies.size(), limits::kQuickRepliesMax))
        .help("remove replies from here on, or use a list_picker for more choices");
  }
  for (const auto& reply : replies) {
    report_too_long(diags, reply, "quick reply", limits::kQuickReplyTextMax);
  }
}

void check_list_picker(const ir::RichMessage& r, Diagnostics& diags) {
  if (r.button) report_too_long(diags, *r.button, "button label", limits::kListButtonMax);
  if (!present(r.sections)) return;
  const auto& sections = r.sections.value;
  if (sections.size() > limits::kListSectionsMax) {
    diags
        .report(DiagCode::SWB330, sections[limits::kListSectionsMax].span,
                fmt::format("list picker {} has {} sections; at most {} are accepted", r.name.text,
                            sections.size(), limits::kListSectionsMax))
        .help("merge or remove sections from here on");
  }
  std::size_t total = 0;
  for (const auto& section : sections) {
    total += section.value.items.value.size();
  }
  std::size_t seen = 0;
  for (const auto& section : sections) {
    report_too_long(diags, section.value.title, "section title", limits::kListTitleMax);
    for (const auto& item : section.value.items.value) {
      if (++seen == limits::kListItemsMax + 1) {
        diags
            .report(DiagCode::SWB330, item.span,
                    fmt::format("list picker {} has {} items in all; at most {} are accepted",
                                r.name.text, total, limits::kListItemsMax))
            .help("remove items from here on; the limit counts the items of every section");
      }
      report_too_long(diags, item.value.title, "item title", limits::kListTitleMax);
      if (item.value.description) {
        report_too_long(diags, *item.value.description, "item description",
                        limits::kListDescriptionMax);
      }
    }
  }
}

void check_time_picker(const ir::RichMessage& r, Diagnostics& diags) {
  if (!present(r.slots) || r.slots.value.empty()) {
    diags
        .report(DiagCode::SWB330, present(r.slots) ? r.slots.span : r.name.span,
                fmt::format("time picker {} offers no time slots", r.name.text))
        .help("add `slots = [{ start = \"2026-05-04T10:00:00-04:00\", duration = 30m }]`");
    return;
  }
  for (const auto& slot : r.slots.value) {
    const auto& start = slot.value.start;
    if (!present(start) || is_iso8601_date_time(start.value)) continue;
    diags
        .report(DiagCode::SWB330, start.span,
                fmt::format("slot start \"{}\" is not an ISO-8601 date-time", start.value))
        .help(
            "write YYYY-MM-DDTHH:MM:SS with an optional Z or offset, e.g. "
            "\"2026-05-04T10:00:00-04:00\"");
  }
}

void check_rich_link(const ir::RichMessage& r, Diagnostics& diags) {
  std::vector<std::string_view> missing;
  if (!r.url) missing.push_back("url");
  if (!r.title) missing.push_back("title");
  if (missing.empty()) return;
  diags
      .report(DiagCode::SWB330, r.name.span,
              fmt::format("rich link {} has no {}", r.name.text, fmt::join(missing, " and no ")))
      .help("a rich_link needs both `url` and `title`");
}

void check_rich_message_limits(const ir::Config& config, const RuleContext&, Diagnostics& diags) {
  for (const auto& r : config.rich_messages) {
    if (!present(r.type)) continue;
    switch (r.type.value) {
      case ir::RichType::quick_replies:
        check_quick_replies(r, diags);
        break;
      case ir::RichType::list_picker:
        check_list_picker(r, diags);
        break;
      case ir::RichType::time_picker:
        check_time_picker(r, diags);
        break;
      case ir::RichType::rich_link:
        check_rich_link(r, diags);
        break;
    }
  }
}

// Which attributes each rich message type takes (LANGUAGE.md: rich_message).
struct RichAttribute {
  std::string_view name;
  std::vector<ir::RichType> types;
  bool belongs_to(ir::RichType t) const {
    return std::find(types.begin(), types.end(), t) != types.end();
  }
};

std::optional<Span> written_span(const ir::RichMessage& r, std::string_view name) {
  auto opt = [](const auto& o) -> std::optional<Span> {
    return o ? std::optional<Span>(o->span) : std::nullopt;
  };
  auto list = [](const auto& l) -> std::optional<Span> {
    return present(l) ? std::optional<Span>(l.span) : std::nullopt;
  };
  if (name == "text") return opt(r.text);
  if (name == "replies") return list(r.replies);
  if (name == "button") return opt(r.button);
  if (name == "sections") return list(r.sections);
  if (name == "slots") return list(r.slots);
  if (name == "timezone") return opt(r.timezone);
  if (name == "title") return opt(r.title);
  if (name == "url") return opt(r.url);
  if (name == "image_url") return opt(r.image_url);
  return std::nullopt;
}

void check_rich_message_attributes(const ir::Config& config, const RuleContext&,
                                   Diagnostics& diags) {
  using T = ir::RichType;
  static const std::array<RichAttribute, 9> kAttributes = {{
      {"text", {T::quick_replies, T::list_picker}},
      {"replies", {T::quick_replies}},
      {"button", {T::list_picker}},
      {"sections", {T::list_picker}},
      {"slots", {T::time_picker}},
      {"timezone", {T::time_picker}},
      {"title", {T::rich_link}},
      {"url", {T::rich_link}},
      {"image_url", {T::rich_link}},
  }};
  for (const auto& r : config.rich_messages) {
    if (!present(r.type)) continue;
    const std::string_view type = ir::enum_name(r.type.value);
    for (const auto& attr : kAttributes) {
      if (attr.belongs_to(r.type.value)) continue;
      const auto span = written_span(r, attr.name);
      if (!span) continue;
      std::vector<std::string_view> owners;
      for (T t : attr.types) owners.push_back(ir::enum_name(t));
      std::vector<std::string_view> accepted;
      for (const auto& a : kAttributes) {
        if (a.belongs_to(r.type.value)) accepted.push_back(a.name);
      }
      diags
          .report(DiagCode::SWB331, *span,
                  fmt::format("`{}` does not belong to a {} rich message (it is for {})", attr.name,
                              type, fmt::join(owners, " and ")))
          .help(fmt::format("a {} takes {}; remove `{}` or change `type`", type,
                            fmt::join(accepted, ", "), attr.name));
    }
  }
}

constexpr std::array<Rule, 16> kRules = {{
    {"templates", "check_template_name", &check_template_name},
    {"templates", "check_template_language", &check_template_language},
    {"templates", "check_template_body_length", &check_template_body_length},
    {"templates", "check_template_variables", &check_template_variables},
    {"templates", "check_template_edge_variables", &check_template_edge_variables},
    {"templates", "check_template_examples", &check_template_examples},
    {"templates", "check_template_header_footer", &check_template_header_footer},
    {"templates", "check_template_buttons", &check_template_buttons},
    {"templates", "check_authentication_templates", &check_authentication_templates},
    {"templates", "check_duplicate_templates", &check_duplicate_templates},
    {"templates", "check_templates_have_component", &check_templates_have_component},
    {"templates", "check_component_url", &check_component_url},
    {"templates", "check_component_height", &check_component_height},
    {"templates", "check_component_channels", &check_component_channels},
    {"templates", "check_rich_message_limits", &check_rich_message_limits},
    {"templates", "check_rich_message_attributes", &check_rich_message_attributes},
}};

}  // namespace

std::span<const Rule> template_rules() { return kRules; }

}  // namespace swb::rules

namespace swb::limits {

// Meta's "Supported languages" for message templates, as the Graph API spells them.
std::span<const std::string_view> template_languages() {
  static constexpr std::array<std::string_view, 71> kLanguages = {
      "af", "sq", "ar",    "az",    "bn",    "bg",    "ca", "zh_CN", "zh_HK", "zh_TW", "hr",
      "cs", "da", "nl",    "en",    "en_GB", "en_US", "et", "fil",   "fi",    "fr",    "ka",
      "de", "el", "gu",    "ha",    "he",    "hi",    "hu", "id",    "ga",    "it",    "ja",
      "kn", "kk", "rw_RW", "ko",    "ky_KG", "lo",    "lv", "lt",    "mk",    "ms",    "ml",
      "mr", "nb", "fa",    "pl",    "pt_BR", "pt_PT", "pa", "ro",    "ru",    "sr",    "sk",
      "sl", "es", "es_AR", "es_ES", "es_MX", "sw",    "sv", "ta",    "te",    "th",    "tr",
      "uk", "ur", "uz",    "vi",    "zu"};
  return kLanguages;
}

}  // namespace swb::limits
