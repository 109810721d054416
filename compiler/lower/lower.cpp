// Lowering walks each block with the schema's describe() tables: the visitor below claims
// the block's attributes field by field, converts each value to the field's C++ type, and
// reports what is left over, missing, mistyped or duplicated.
#include "compiler/lower/lower.h"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <utility>

#include "compiler/base/memory.h"
#include "compiler/base/parallel.h"
#include "compiler/base/time_report.h"
#include "compiler/schema/schema.h"
#include "compiler/syntax/literals.h"
#include "compiler/syntax/parse_ahead.h"

namespace swb {
namespace {

using syntax::Expr;
using syntax::ExprKind;

// The declarations of one kind seen so far, as indices into their vector: which name came
// first, without a copy of every name (a map of them took 26 MB at N = 100 000). Open
// addressing over 32-bit slots, at most half full.
class NameIndex {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;

  // The index in `decls` of the declaration named `name`, or kNone.
  template <class D>
  std::uint32_t find(const std::vector<D>& decls, std::string_view name) const {
    if (slots_.empty()) return kNone;
    for (std::size_t k = slot_of(name);; k = (k + 1) & (slots_.size() - 1)) {
      const std::uint32_t s = slots_[k];
      if (s == 0) return kNone;
      if (decls[s - 1].name.text == name) return s - 1;
    }
  }
  // Adds decls[index], whose name is not in the index yet.
  template <class D>
  void insert(const std::vector<D>& decls, std::uint32_t index) {
    if (2 * (size_ + 1) > slots_.size()) {
      std::vector<std::uint32_t> old(std::max<std::size_t>(16, 2 * slots_.size()), 0);
      old.swap(slots_);
      for (const std::uint32_t s : old) {
        if (s != 0) place(decls[s - 1].name.text, s);
      }
    }
    place(decls[index].name.text, index + 1);
    ++size_;
  }

 private:
  std::size_t slot_of(std::string_view name) const {
    return std::hash<std::string_view>{}(name) & (slots_.size() - 1);
  }
  void place(std::string_view name, std::uint32_t slot_value) {
    std::size_t k = slot_of(name);
    while (slots_[k] != 0) k = (k + 1) & (slots_.size() - 1);
    slots_[k] = slot_value;
  }

  std::vector<std::uint32_t> slots_;  // index + 1; 0 is an empty slot
  std::size_t size_ = 0;
};

std::string quoted_list(const std::vector<std::string_view>& names,
                        std::string_view last = " or ") {
  std::string s;
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (k) s += k + 1 == names.size() ? last : ", ";
    s += names[k];
  }
  return s;
}

std::string_view a_or_an(std::string_view word) {
  return !word.empty() && std::string_view("aeiou").find(word[0]) != std::string_view::npos &&
                 word != "user"
             ? "an"
             : "a";
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  if (auto m = closest_match(word, candidates)) return fmt::format("did you mean '{}'?", *m);
  return {};
}

// What a value is, for "expected X, found Y". Never echoes a string's contents: it may be
// a secret typed in the wrong place.
std::string describe_found(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Invalid:
      return "an invalid value";
    case ExprKind::String:
      return e.text_block ? "a text block" : "a string";
    case ExprKind::Int:
      return fmt::format("the integer {}", e.number);
    case ExprKind::Decimal:
      return "a decimal number";
    case ExprKind::Duration:
      return "a duration";
    case ExprKind::Size:
      return "a size";
    case ExprKind::Percent:
      return "a percentage";
    case ExprKind::Date:
      return "a date";
    case ExprKind::TimeRange:
      return "a time range";
    case ExprKind::Bool:
      return e.number ? "true" : "false";
    case ExprKind::List:
      return "a list";
    case ExprKind::Object:
      return "an object";
    case ExprKind::Reference:
      return fmt::format("the reference {}.{}", e.text, e.member.text);
    case ExprKind::Call:
      return fmt::format("a call to {}()", e.text);
    case ExprKind::Symbol:
      return fmt::format("'{}'", e.text);
  }
  return "a value";
}

// ---- what each field type accepts, for messages ---------------------------------------
template <class T>
struct TypeInfo;
template <>
struct TypeInfo<ir::Text> {
  static std::string name() { return "a string"; }
};
template <>
struct TypeInfo<std::int64_t> {
  static std::string name() { return "an integer"; }
};
template <>
struct TypeInfo<bool> {
  static std::string name() { return "true or false"; }
};
template <>
struct TypeInfo<ir::Duration> {
  static std::string name() { return "a duration such as 15m or 1d4h"; }
};
template <>
struct TypeInfo<ir::Percent> {
  static std::string name() { return "a percentage such as 80%"; }
};
template <>
struct TypeInfo<ir::Date> {
  static std::string name() { return "a date such as 2026-12-25"; }
};
template <>
struct TypeInfo<ir::TimeRange> {
  static std::string name() { return "a time range such as 09:00-17:00"; }
};
template <>
struct TypeInfo<ir::DaySchedule> {
  static std::string name() { return "a time range, a list of time ranges, or closed"; }
};
template <>
struct TypeInfo<ir::Secret> {
  static std::string name() { return "secret(\"ENV_NAME\")"; }
};
// The functions that make `makes` (all of them, without it), as written:
// "quick_reply(text), url(text, url) or …".
std::string signatures(std::optional<schema::Makes> makes) {
  std::vector<std::string> sigs;
  for (const auto& f : schema::kFunctions) {
    if (!makes || f.makes == *makes) sigs.push_back(schema::signature(f));
  }
  return quoted_list(std::vector<std::string_view>(sigs.begin(), sigs.end()));
}
template <>
struct TypeInfo<ir::Header> {
  static std::string name() { return "a header: " + signatures(schema::Makes::header); }
};
template <>
struct TypeInfo<ir::Button> {
  static std::string name() { return "a button: " + signatures(schema::Makes::button); }
};
template <>
struct TypeInfo<ir::Section> {
  static std::string name() { return "an object { title = \"…\", items = [ … ] }"; }
};
template <>
struct TypeInfo<ir::ListItem> {
  static std::string name() { return "an object { title = \"…\", description = \"…\" }"; }
};
template <>
struct TypeInfo<ir::Slot> {
  static std::string name() {
    return "an object { start = \"2026-05-03T10:00:00Z\", duration = 30m }";
  }
};
template <class K>
struct TypeInfo<ir::Ref<K>> {
  static std::string name() {
    return fmt::format("a reference to a {0}, such as {0}.NAME", schema::kind_of<K>());
  }
};
template <class E>
concept IrEnum = std::is_enum_v<E> && requires {
  ir::EnumTraits<E>::spelled;
};
template <IrEnum E>
struct TypeInfo<E> {
  static std::string name() { return "one of " + quoted_list(ir::enum_names<E>()); }
};

// Objects written as `{ … }` (list picker sections, items, time slots).
template <class T>
concept IsObject = std::is_same_v<T, ir::Section> || std::is_same_v<T, ir::ListItem> ||
    std::is_same_v<T, ir::Slot>;

// ---- scopes and vars -------------------------------------------------------------------
struct Scope;
struct VarEntry {
  const syntax::Var* decl = nullptr;
  const Expr* value = nullptr;
  const Scope* scope = nullptr;
  // Its value calls a function that does not exist: reported there, so what reads the var
  // reports nothing more (the value has no type to check a use against).
  bool poisoned = false;
};
using VarTable = std::map<std::string, VarEntry, std::less<>>;

struct Scope {
  const VarTable* vars = nullptr;
  const std::map<std::string, std::size_t, std::less<>>* aliases = nullptr;
};

// A var is copied wherever it is used, and interpolation concatenates: a few lines can
// double a string sixteen times or use a large list a million times ("billion laughs").
// What var references and interpolation produce is charged against one budget per run,
// each value weighing its text plus kValueWeight per node.
constexpr std::size_t kMaxExpansion = std::size_t{256} << 20;
constexpr std::size_t kValueWeight = 16;

struct Poison {
  std::set<std::pair<std::string, std::string>, std::less<>> decls;  // (kind, name) not parsed
  std::set<std::string, std::less<>> vars;
};

class Lowerer;

// Claims the members of one block or object for the fields of an IR struct.
class MemberVisitor {
 public:
  struct Member {
    const syntax::Ident* name;
    const Expr* value;           // attributes and object fields
    const syntax::Block* block;  // nested blocks
    bool claimed = false;
  };

  // What the members belong to, for messages: `fixed` as it is ("org"), or `kind name`
  // ("channel support_us"), inside `parent` when there is one ("logo in business acme").
  // Written out only for a diagnostic: a clean config never formats one.
  struct Owner {
    std::string_view fixed, kind, name;
    const MemberVisitor* parent = nullptr;
    static Owner text(std::string_view fixed) { return {fixed, {}, {}, nullptr}; }
    static Owner of(std::string_view kind, std::string_view name,
                    const MemberVisitor* parent = nullptr) {
      return {{}, kind, name, parent};
    }
  };
  MemberVisitor(Lowerer& l, const Scope& scope, Owner owner, Span header)
      : l_(l), scope_(scope), owner_(owner), header_(header) {}
  std::string what() const {
    std::string out = owner_.kind.empty()   ? std::string(owner_.fixed)
                      : owner_.name.empty() ? std::string(owner_.kind)
                                            : fmt::format("{} {}", owner_.kind, owner_.name);
    if (owner_.parent) out += " in " + owner_.parent->what();
    return out;
  }

  void add_block_members(const syntax::Block& b) {
    for (const auto& a : b.attributes) members_.push_back({&a.name, &a.value, nullptr});
    for (const auto& nb : b.blocks) members_.push_back({&nb.kind, nullptr, &nb});
    std::sort(members_.begin(), members_.end(), [](const Member& x, const Member& y) {
      return x.name->span.begin < y.name->span.begin;
    });
  }
  void add_object_members(const Expr& obj) {
    for (std::size_t k = 0; k < obj.keys.size(); ++k) {
      members_.push_back({&obj.keys[k], &obj.items[k], nullptr});
    }
  }

  template <class T>
  void attr(std::string_view name, ir::Located<T>& field, const schema::FieldSpec& spec);
  template <class T>
  void attr(std::string_view name, std::optional<ir::Located<T>>& field,
            const schema::FieldSpec& spec);
  template <class S>
  void block(std::string_view name, std::optional<S>& field, const schema::FieldSpec& spec);
  template <class S>
  void blocks(std::string_view name, std::vector<S>& field);

  // Reports every member no field claimed.
  void finish();

 private:
  // The first attribute called `name`; later ones are SWB107.
  const Member* take(std::string_view name, bool want_block);
  // Converts a claimed attribute's value to the field's type; false when reported.
  template <class T>
  bool convert_member(const Member& m, std::string_view name, const schema::FieldSpec& spec,
                      ir::Located<T>& out);
  void report_missing(std::string_view name, const schema::FieldSpec& spec, bool is_block);

  Lowerer& l_;
  const Scope& scope_;
  Owner owner_;
  Span header_;
  std::vector<Member> members_;
  std::vector<std::string> known_;  // every field name, for did-you-mean
};

class Lowerer {
 public:
  Lowerer(const LoadedConfig& config, Diagnostics& diags, const LowerOptions& options)
      : config_(config), diags_(diags), options_(options) {}

  ir::Config run(const std::vector<VarOverride>& overrides);

  Diagnostics& diags() { return diags_; }
  // A string of the IR, kept in the config's pool.
  ir::Text text(std::string_view s) { return texts_->make(s); }

  // ---- conversion of one value to a field type; false when reported ----
  template <class T>
  bool convert(const Expr& e, const Scope& s, ir::Located<T>& out);

  // Follows var.NAME and alias.NAME to the expression they stand for.
  std::pair<const Expr*, const Scope*> deref(const Expr& e, const Scope& s);

  const Expr& default_expr(std::string_view text);

  // The attribute being converted: its name, for messages about values deep inside it, and
  // whether its type is `text` (a text block is accepted where a string is).
  struct Field {
    std::string_view name;
    bool text = false;
  };
  Field current_field;
  std::vector<Span> rejected;  // see ir::Config::rejected

 private:
  friend class MemberVisitor;

  template <class T>
  bool convert_value(const Expr& e, const Scope& s, T& out, Span& span);
  // SWB113: a secret where a literal is required (the specific code, not SWB104's type error).
  bool misplaced_secret(Span at, const std::string& message) {
    diags_.report(DiagCode::SWB113, at, message)
        .help("only two_step_pin takes a secret; write the value itself");
    return false;
  }
  bool type_error(const Expr& e, const std::string& expected) {
    diags_.report(DiagCode::SWB104, e.span,
                  fmt::format("expected {}, found {}", expected, describe_found(e)));
    return false;
  }
  bool string_of(const Expr& e, const Scope& s, std::string& out, int depth);
  // A call's arguments by parameter: args[k] is the one for f.params[k].
  using BoundArgs = std::array<const Expr*, schema::FunctionSpec::kMaxParams>;
  // Binds positional arguments in order and named ones by name; false when reported.
  bool bind_arguments(const Expr& call, const schema::FunctionSpec& f, BoundArgs& args);
  // The header or button function a call names, its arguments bound; nullptr when reported.
  const schema::FunctionSpec* bind_call(const Expr& call, schema::Makes makes, BoundArgs& args);
  // SWB104 for a call to a function that does not exist: no function that makes `makes`
  // where the place says what the call must make (a template header or button), no function
  // at all elsewhere.
  void report_unknown_function(const Expr& call, std::optional<schema::Makes> makes);
  // Reports each call in `e` to a function that does not exist; false when there is one.
  bool check_functions_known(const Expr& e);
  // Charges `weight` to the expansion budget; false (and SWB004, once) when it is spent.
  bool charge_expansion(std::size_t weight, Span at);
  std::size_t weight_of(const Expr& e);

  void build_var_tables(const std::vector<VarOverride>& overrides);
  // Calls `fn` with every var of the config and of its modules.
  template <class F>
  void for_each_var(F fn);
  // Checks a var's value where it is written, read or not; the declaration references in
  // it (`skill.support`) are added to `references`, to be resolved once every declaration
  // is known.
  void check_var_value(const Expr& e, const Scope& s, std::vector<const Expr*>& references);
  void report_duplicate_templates(const ir::Config& cfg);
  void apply_override(const VarOverride& o);
  template <class D>
  void lower_decl(const syntax::Block& b, const Scope& s, std::vector<D>& out, NameIndex& seen);
  void lower_org(const syntax::Block& b, const Scope& s, ir::Config& cfg);
  void resolve(ir::Config& cfg);
  void check_unused(const ir::Config& cfg);
  std::string import_hint(std::string_view alias) const;

  const LoadedConfig& config_;
  ir::TextPool* texts_ = nullptr;  // the pool of the config being built
  Diagnostics& diags_;
  const LowerOptions& options_;
  VarTable config_vars_;
  std::deque<VarTable> module_vars_;
  std::deque<Scope> module_scopes_;
  std::deque<Scope> file_scopes_;
  std::deque<Expr> owned_exprs_;  // --var values and defaults
  std::map<std::string, const Expr*, std::less<>> defaults_;
  std::vector<const VarEntry*> deref_stack_;
  std::size_t expanded_ = 0;
  std::map<const Expr*, std::size_t> weights_;
  Poison poison_;
  std::optional<Span> org_span_;
  std::vector<std::pair<ir::Template, Span>> duplicate_templates_;
};

// ---- MemberVisitor ----------------------------------------------------------------------

const MemberVisitor::Member* MemberVisitor::take(std::string_view name, bool want_block) {
  const Member* first = nullptr;
  for (auto& m : members_) {
    if (m.name->text != name || m.claimed) continue;
    const bool fits = want_block ? (m.block || m.value->kind == ExprKind::Object) : !m.block;
    if (!fits) continue;
    m.claimed = true;
    if (!first) {
      first = &m;
    } else {
      l_.diags()
          .report(DiagCode::SWB107, m.name->span,
                  fmt::format("'{}' is set twice in {}", name, what()))
          .note(first->name->span, "first set here")
          .help("remove one of them");
    }
  }
  return first;
}

void MemberVisitor::report_missing(std::string_view name, const schema::FieldSpec& spec,
                                   bool is_block) {
  // A misspelt attribute (`campain`) is reported once, as unknown with its did-you-mean,
  // not a second time as the required one that is missing.
  for (const auto& m : members_) {
    if (!m.claimed && !m.block == !is_block && closest_match(m.name->text, {std::string(name)})) {
      return;
    }
  }
  // `roles = […]` on a user is reported as SWB402 (one role per user), not as a missing role.
  if (name == "role") {
    for (const auto& m : members_) {
      if (m.name->text == "roles") return;
    }
  }
  l_.diags()
      .report(spec.missing, header_,
              fmt::format("{} is missing the required {} '{}'", what(),
                          is_block ? "block" : "attribute", name))
      .help(is_block ? fmt::format("add `{} {{ … }}`", name) : fmt::format("add `{} = …`", name));
}

template <class T>
bool MemberVisitor::convert_member(const Member& m, std::string_view name,
                                   const schema::FieldSpec& spec, ir::Located<T>& out) {
  const auto saved = std::exchange(l_.current_field, {name, spec.text});
  const bool ok = l_.convert(*m.value, scope_, out);
  l_.current_field = saved;
  return ok;
}

template <class T>
void MemberVisitor::attr(std::string_view name, ir::Located<T>& field,
                         const schema::FieldSpec& spec) {
  known_.emplace_back(name);
  if (const Member* m = take(name, false)) {
    if (!convert_member(*m, name, spec, field)) l_.rejected.push_back(m->value->span);
    return;
  }
  if (!spec.default_value.empty()) {
    l_.convert(l_.default_expr(spec.default_value), scope_, field);
    field.span = header_;
    return;
  }
  if (spec.required) report_missing(name, spec, false);
}

template <class T>
void MemberVisitor::attr(std::string_view name, std::optional<ir::Located<T>>& field,
                         const schema::FieldSpec& spec) {
  known_.emplace_back(name);
  const Member* m = take(name, false);
  if (!m && spec.default_value.empty()) {
    if (spec.required) report_missing(name, spec, false);
    return;
  }
  ir::Located<T> v;
  if (m) {
    if (!convert_member(*m, name, spec, v)) {
      // Present but invalid: keep it present (span only) so no rule reports it missing.
      v = {};
      v.span = m->value->span;
      l_.rejected.push_back(v.span);
    }
  } else {
    l_.convert(l_.default_expr(spec.default_value), scope_, v);
    v.span = header_;
  }
  field = std::move(v);
}

template <class S>
void lower_members(MemberVisitor& v, S& out) {
  schema::describe(v, out);
  v.finish();
}

template <class S>
void MemberVisitor::block(std::string_view name, std::optional<S>& field,
                          const schema::FieldSpec& spec) {
  known_.emplace_back(name);
  const Member* m = take(name, true);
  if (!m) {
    if (spec.required) report_missing(name, spec, true);
    return;
  }
  S out{};
  if (m->block) {
    const syntax::Block& b = *m->block;
    out.span = b.span;
    if (!b.name.text.empty()) {
      l_.diags()
          .report(DiagCode::SWB102, b.name.span, fmt::format("a {} block takes no name", name))
          .help(fmt::format("write `{} {{ … }}`", name));
    }
    MemberVisitor sub(l_, scope_, Owner::of(name, {}, this), b.header);
    sub.add_block_members(b);
    lower_members(sub, out);
  } else {
    out.span = m->value->span;
    MemberVisitor sub(l_, scope_, Owner::of(name, {}, this),
                      Span{m->value->span.file, m->value->span.begin, m->value->span.begin + 1});
    sub.add_object_members(*m->value);
    lower_members(sub, out);
  }
  field = std::move(out);
}

// The name of a named nested block is a reference (role grants, user skills) or a name.
void assign_name(ir::Grant& g, ir::Text name, Span at) { g.channel = {{name}, at}; }
void assign_name(ir::UserSkill& s, ir::Text name, Span at) { s.skill = {{name}, at}; }
void assign_name(ir::Filter& f, ir::Text name, Span at) { f.name = {name, at}; }
std::string_view name_noun(const ir::Grant&) { return "the channel it grants"; }
std::string_view name_noun(const ir::UserSkill&) { return "the skill"; }
std::string_view name_noun(const ir::Filter&) { return "a name"; }

template <class S>
void MemberVisitor::blocks(std::string_view name, std::vector<S>& field) {
  known_.emplace_back(name);
  std::map<std::string, Span, std::less<>> seen;
  // Room for them all at once: a role's grants grown by doubling left a third unused.
  field.reserve(field.size() + static_cast<std::size_t>(std::count_if(
                                   members_.begin(), members_.end(), [&](const Member& m) {
                                     return m.block && !m.claimed && m.name->text == name;
                                   })));
  for (auto& m : members_) {
    if (m.name->text != name || m.claimed || !m.block) continue;
    m.claimed = true;
    const syntax::Block& b = *m.block;
    S out{};
    out.span = b.span;
    if (b.name.text.empty()) {
      l_.diags()
          .report(DiagCode::SWB103, b.header,
                  fmt::format("this {} block in {} needs {}", name, what(), name_noun(out)))
          .help(fmt::format("write `{} NAME {{ … }}`", name));
      continue;
    }
    if (auto [it, fresh] = seen.emplace(b.name.text, b.name.span); !fresh) {
      l_.diags()
          .report(DiagCode::SWB107, b.name.span,
                  fmt::format("{} {} appears twice in {}", name, b.name.text, what()))
          .note(it->second, "first here")
          .help("merge the two blocks");
      continue;
    }
    assign_name(out, l_.text(b.name.text), b.name.span);
    MemberVisitor sub(l_, scope_, Owner::of(name, b.name.text, this), b.header);
    sub.add_block_members(b);
    lower_members(sub, out);
    field.push_back(std::move(out));
  }
}

void MemberVisitor::finish() {
  for (const auto& m : members_) {
    if (m.claimed) continue;
    if (m.name->text == "roles" && owner_.kind == "user" && !owner_.parent) {
      // At the value, like every diagnostic about what was written (a block: its header).
      l_.diags()
          .report(DiagCode::SWB402, m.block ? m.block->header : m.value->span,
                  fmt::format("{} sets `roles`: a Digital Experience user has exactly one role",
                              what()))
          .help("write `role = role.NAME` with the one role this user should have");
      continue;
    }
    const bool is_block = m.block != nullptr;
    auto d = l_.diags().report(
        DiagCode::SWB102, m.name->span,
        fmt::format("{} has no {} '{}'", what(), is_block ? "block" : "attribute", m.name->text));
    std::string help = did_you_mean(m.name->text, known_);
    if (help.empty() && !known_.empty()) {
      std::vector<std::string_view> names(known_.begin(), known_.end());
      help = "it takes " + quoted_list(names);
    }
    if (!help.empty()) d.help(help);
  }
}

// ---- conversion -------------------------------------------------------------------------

const Expr& Lowerer::default_expr(std::string_view text) {
  if (auto it = defaults_.find(text); it != defaults_.end()) return *it->second;
  Expr e;
  if (text == "[]") {
    e.kind = ExprKind::List;
  } else if (text == "true" || text == "false") {
    e.kind = ExprKind::Bool;
    e.number = text == "true";
  } else if (auto n = syntax::parse_int(text); n.value) {
    e.kind = ExprKind::Int;
    e.number = *n.value;
  } else {
    e.kind = ExprKind::Symbol;
    e.text = std::string(text);
  }
  owned_exprs_.push_back(std::move(e));
  defaults_.emplace(std::string(text), &owned_exprs_.back());
  return owned_exprs_.back();
}

std::string Lowerer::import_hint(std::string_view alias) const {
  // Another file may import the same alias: suggest that very import.
  for (const auto& f : config_.files) {
    for (const auto& imp : f.syntax.imports) {
      const std::string a = !imp.alias.text.empty()
                                ? imp.alias.text
                                : std::string(imp.path.substr(imp.path.rfind('/') + 1));
      if (a == alias) {
        return fmt::format("imports are per file: add `import \"{}\"{}` to this file", imp.path,
                           imp.alias.text.empty() ? "" : " as " + imp.alias.text);
      }
    }
  }
  return {};
}

std::pair<const Expr*, const Scope*> Lowerer::deref(const Expr& e, const Scope& s) {
  if (e.kind != ExprKind::Reference) return {&e, &s};
  const VarTable* table = nullptr;
  std::string_view space;
  if (e.text == "var") {
    table = s.vars;
    space = "var";
  } else if (s.aliases) {
    if (auto it = s.aliases->find(e.text); it != s.aliases->end()) {
      table = &module_vars_[it->second];
      space = e.text;
    }
  }
  if (!table) {
    const auto& kinds = schema::kind_names();
    if (std::find(kinds.begin(), kinds.end(), e.text) != kinds.end()) return {&e, &s};
    // Neither a var, an alias imported by this file, nor a declaration kind.
    auto d =
        diags_.report(DiagCode::SWB108, e.span,
                      fmt::format("unknown name '{}' in {}.{}", e.text, e.text, e.member.text));
    std::vector<std::string> candidates(kinds.begin(), kinds.end());
    candidates.push_back("var");
    if (s.aliases) {
      for (const auto& [alias, _] : *s.aliases) candidates.push_back(alias);
    }
    if (auto hint = import_hint(e.text); !hint.empty()) {
      d.help(hint);
    } else if (auto m = closest_match(e.text, candidates)) {
      d.help(fmt::format("did you mean '{}.{}'?", *m, e.member.text));
    } else {
      d.help(
          "a reference is KIND.NAME (channel.support_us), var.NAME, or ALIAS.NAME for an "
          "imported module's var");
    }
    return {nullptr, nullptr};
  }
  auto it = table->find(e.member.text);
  if (it == table->end()) {
    if (space == "var" && poison_.vars.count(e.member.text)) return {nullptr, nullptr};
    std::vector<std::string> names;
    for (const auto& [n, _] : *table) names.push_back(n);
    auto d = diags_.report(DiagCode::SWB110, e.span,
                           space == "var"
                               ? fmt::format("unknown var '{}'", e.member.text)
                               : fmt::format("module '{}' has no var '{}'", space, e.member.text));
    std::string help = did_you_mean(e.member.text, names);
    if (help.empty() && space == "var")
      help = fmt::format("declare it: `var {} = …`", e.member.text);
    d.help(help);
    return {nullptr, nullptr};
  }
  const VarEntry* entry = &it->second;
  if (entry->poisoned) return {nullptr, nullptr};
  if (std::find(deref_stack_.begin(), deref_stack_.end(), entry) != deref_stack_.end()) {
    diags_.report(DiagCode::SWB110, e.span,
                  fmt::format("var '{}' is defined in terms of itself", e.member.text));
    return {nullptr, nullptr};
  }
  deref_stack_.push_back(entry);
  auto result = deref(*entry->value, *entry->scope);
  deref_stack_.pop_back();
  if (result.first && !charge_expansion(weight_of(*result.first), e.span))
    return {nullptr, nullptr};
  return result;
}

std::size_t Lowerer::weight_of(const Expr& e) {
  if (auto it = weights_.find(&e); it != weights_.end()) return it->second;
  std::size_t w = kValueWeight + e.text.size();
  for (const auto& item : e.items) w += weight_of(item);
  for (const auto& part : e.parts) w += kValueWeight + part.text.size();
  weights_.emplace(&e, w);
  return w;
}

bool Lowerer::charge_expansion(std::size_t weight, Span at) {
  const bool was_spent = expanded_ > kMaxExpansion;
  expanded_ += weight;
  if (expanded_ <= kMaxExpansion) return true;
  if (!was_spent) {
    diags_
        .report(DiagCode::SWB004, at,
                fmt::format("vars expand to more than {} MiB here", kMaxExpansion >> 20))
        .help(
            "a var is copied wherever it is used and interpolation concatenates: use large "
            "vars in fewer places, or do not interpolate a var into itself over and over");
  }
  return false;
}

bool Lowerer::string_of(const Expr& e0, const Scope& s0, std::string& out, int depth) {
  auto [e, s] = deref(e0, s0);
  if (!e) return false;
  if (depth > 16) {
    diags_.report(DiagCode::SWB110, e0.span, "interpolation nests too deeply (a var cycle?)");
    return false;
  }
  switch (e->kind) {
    case ExprKind::Invalid:
      return false;
    case ExprKind::String: {
      if (e->parts.empty()) {
        out = e->text;
        return true;
      }
      std::string acc;
      for (const auto& p : e->parts) {
        if (!p.is_ref) {
          acc += p.text;
          continue;
        }
        Expr ref;
        ref.kind = ExprKind::Reference;
        ref.span = p.span;
        ref.text = p.text;
        ref.member = {p.name, p.span};
        if (ref.text != "var" && !(s->aliases && s->aliases->count(ref.text))) {
          auto d = diags_.report(
              DiagCode::SWB108, p.span,
              fmt::format("'${{{}.{}}}': only vars can be interpolated", p.text, p.name));
          if (auto hint = import_hint(p.text); !hint.empty())
            d.help(hint);
          else
            d.help("write ${var.NAME}, or ${alias.NAME} for a var of an imported module");
          return false;
        }
        std::string piece;
        if (!string_of(ref, *s, piece, depth + 1)) return false;
        if (!charge_expansion(kValueWeight + piece.size(), p.span)) return false;
        acc += piece;
      }
      out = std::move(acc);
      return true;
    }
    case ExprKind::Int:
      out = std::to_string(e->number);
      return true;
    case ExprKind::Decimal:
      out = fmt::format("{}", e->decimal);
      return true;
    default: {
      // Only a `${…}` gets here (an attribute's value is known to be a string): LANGUAGE.md §3
      // interpolates a var's string or number value, nothing else.
      if (e->kind == ExprKind::Call && e->text == "secret") {
        return misplaced_secret(e0.span,
                                fmt::format("cannot interpolate ${{{}.{}}}: it holds a call to "
                                            "secret(), which is never written into text",
                                            e0.text, e0.member.text));
      }
      const bool is_bool = e->kind == ExprKind::Bool;
      const std::string held =
          is_bool ? fmt::format("a bool ({})", describe_found(*e)) : describe_found(*e);
      diags_
          .report(DiagCode::SWB104, e0.span,
                  fmt::format("cannot interpolate ${{{}.{}}}: it holds {}, not a string or number",
                              e0.text, e0.member.text, held))
          .help(is_bool ? fmt::format("write the text itself, or give the var a string: \"{}\"",
                                      describe_found(*e))
                        : std::string("write the text itself, or interpolate a var that holds a "
                                      "string or number"));
      return false;
    }
  }
}

bool Lowerer::bind_arguments(const Expr& call, const schema::FunctionSpec& f, BoundArgs& args) {
  args.fill(nullptr);
  std::array<Span, schema::FunctionSpec::kMaxParams> given_at{};
  const std::size_t arity = f.arity();
  const auto params_begin = f.params.begin();
  const auto params_end = f.params.begin() + static_cast<std::ptrdiff_t>(arity);
  const std::string accepted = fmt::format("write {}", schema::signature(f));
  auto wrong_count = [&] {
    diags_
        .report(DiagCode::SWB104, call.span,
                fmt::format("{}() takes {} argument{}, found {}", f.name, arity,
                            arity == 1 ? "" : "s", call.items.size()))
        .help(accepted);
    return false;
  };
  const syntax::Ident* first_named = nullptr;
  std::size_t positional = 0;
  bool ok = true;
  for (std::size_t k = 0; k < call.items.size(); ++k) {
    const syntax::Ident& key = call.keys[k];
    const Expr& value = call.items[k];
    const Span at =
        key.text.empty() ? value.span : Span{key.span.file, key.span.begin, value.span.end};
    std::size_t index = 0;
    if (key.text.empty()) {
      if (first_named) {
        diags_
            .report(DiagCode::SWB104, at,
                    fmt::format("positional argument of {}() after the named argument '{}'", f.name,
                                first_named->text))
            .help(fmt::format("name it too, or put the positional arguments first: {}",
                              schema::signature(f)));
        ok = false;
        continue;
      }
      index = positional++;
      if (index >= arity) return wrong_count();
    } else {
      if (!first_named) first_named = &key;
      const auto it = std::find(params_begin, params_end, key.text);
      if (it == params_end) {
        auto d = diags_.report(DiagCode::SWB104, key.span,
                               fmt::format("{}() has no parameter '{}'", f.name, key.text));
        const std::vector<std::string> names(params_begin, params_end);
        const std::string guess = did_you_mean(key.text, names);
        const std::string takes =
            arity == 0
                ? std::string("no arguments")
                : quoted_list(std::vector<std::string_view>(params_begin, params_end), " and ");
        d.help(fmt::format("{}{}{}() takes {}", guess, guess.empty() ? "" : " ", f.name, takes));
        ok = false;
        continue;
      }
      index = static_cast<std::size_t>(it - params_begin);
    }
    if (args[index]) {
      diags_
          .report(DiagCode::SWB104, at,
                  fmt::format("argument '{}' of {}() is given twice", f.params[index], f.name))
          .note(given_at[index], "first given here")
          .help(fmt::format("give each argument once: {}", schema::signature(f)));
      ok = false;
      continue;
    }
    args[index] = &value;
    given_at[index] = at;
  }
  if (!ok) return false;
  if (!first_named) return positional == arity || wrong_count();
  for (std::size_t k = 0; k < arity; ++k) {
    if (args[k]) continue;
    diags_
        .report(DiagCode::SWB104, call.span,
                fmt::format("{}() is missing the argument '{}'", f.name, f.params[k]))
        .help(accepted);
    return false;
  }
  return true;
}

void Lowerer::report_unknown_function(const Expr& call, std::optional<schema::Makes> makes) {
  const std::string_view noun = !makes                            ? ""
                                : *makes == schema::Makes::header ? "header "
                                : *makes == schema::Makes::button ? "button "
                                                                  : "secret ";
  auto d = diags_.report(DiagCode::SWB104, call.member.span,
                         fmt::format("unknown {}function '{}'", noun, call.text));
  const std::string help = did_you_mean(call.text, schema::function_names(makes));
  d.help(!help.empty() ? help : (makes ? "use " : "the functions are ") + signatures(makes));
}

bool Lowerer::check_functions_known(const Expr& e) {
  bool ok = true;
  if (e.kind == ExprKind::Call && !schema::find_function(e.text, std::nullopt)) {
    report_unknown_function(e, std::nullopt);
    ok = false;
  }
  for (const auto& item : e.items) ok = check_functions_known(item) && ok;
  return ok;
}

const schema::FunctionSpec* Lowerer::bind_call(const Expr& call, schema::Makes makes,
                                               BoundArgs& args) {
  const schema::FunctionSpec* f = schema::find_function(call.text, makes);
  if (!f) {
    report_unknown_function(call, makes);
    return nullptr;
  }
  return bind_arguments(call, *f, args) ? f : nullptr;
}

template <class T>
bool Lowerer::convert(const Expr& e, const Scope& s, ir::Located<T>& out) {
  Span span = e.span;
  T value{};
  if (!convert_value(e, s, value, span)) return false;
  out.value = std::move(value);
  out.span = span;
  return true;
}

template <class T>
bool Lowerer::convert_value(const Expr& e0, const Scope& s0, T& out, Span& span) {
  auto [ep, sp] = deref(e0, s0);
  if (!ep) return false;
  const Expr& e = *ep;
  const Scope& s = *sp;
  if (e.kind == ExprKind::Invalid) return false;
  // `secret(…)` where a plain value is required is SWB113 whatever the type, written here or
  // read from a var.
  if constexpr (!std::is_same_v<T, ir::Secret>) {
    if (e.kind == ExprKind::Call && e.text == "secret") {
      return misplaced_secret(e0.span, &e == &e0 ? std::string("secret() cannot be used here")
                                                 : fmt::format("{}.{} holds a call to secret(), "
                                                               "which cannot be used here",
                                                               e0.text, e0.member.text));
    }
  }
  // A call to a function that does not exist (in a header or button, bind_call says so and
  // names the functions that place takes).
  if constexpr (!std::is_same_v<T, ir::Header> && !std::is_same_v<T, ir::Button>) {
    if (e.kind == ExprKind::Call && !schema::find_function(e.text, std::nullopt)) {
      report_unknown_function(e, std::nullopt);
      return false;
    }
  }

  if constexpr (std::is_same_v<T, ir::Text>) {
    if (e.kind != ExprKind::String) return type_error(e0, TypeInfo<T>::name());
    if (e.text_block && !current_field.text) {
      diags_
          .report(DiagCode::SWB104, e0.span,
                  fmt::format("expected {}, found {}", TypeInfo<T>::name(), describe_found(e)))
          .help(
              "write it on one line as \"…\"; only text attributes, such as a template's body, "
              "take a text block");
      return false;
    }
    if (e.parts.empty()) {  // nothing to interpolate: the pool copies the decoded text
      out = text(e.text);
      return true;
    }
    std::string value;
    if (!string_of(e, s, value, 0)) return false;
    out = text(value);
    return true;
  } else if constexpr (std::is_same_v<T, std::int64_t>) {
    if (e.kind == ExprKind::String && syntax::parse_int(e.text).value) {
      diags_
          .report(DiagCode::SWB104, e0.span,
                  fmt::format("expected {}, found a string", TypeInfo<T>::name()))
          .help(fmt::format("write {} without quotes", e.text));
      return false;
    }
    if (e.kind != ExprKind::Int) return type_error(e0, TypeInfo<T>::name());
    out = e.number;
    return true;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (e.kind != ExprKind::Bool) return type_error(e0, TypeInfo<T>::name());
    out = e.number != 0;
    return true;
  } else if constexpr (std::is_same_v<T, ir::Duration>) {
    if (e.kind != ExprKind::Duration) return type_error(e0, TypeInfo<T>::name());
    out.seconds = e.number;
    return true;
  } else if constexpr (std::is_same_v<T, ir::Percent>) {
    if (e.kind != ExprKind::Percent) return type_error(e0, TypeInfo<T>::name());
    out.value = e.decimal;
    return true;
  } else if constexpr (std::is_same_v<T, ir::Date>) {
    if (e.kind != ExprKind::Date) return type_error(e0, TypeInfo<T>::name());
    out = {e.date.year, e.date.month, e.date.day};
    return true;
  } else if constexpr (std::is_same_v<T, ir::TimeRange>) {
    if (e.kind != ExprKind::TimeRange) return type_error(e0, TypeInfo<T>::name());
    out = {static_cast<std::int32_t>(e.number), static_cast<std::int32_t>(e.number2)};
    return true;
  } else if constexpr (std::is_same_v<T, ir::DaySchedule>) {
    if (e.kind == ExprKind::Symbol && e.text == "closed") return true;
    if (e.kind == ExprKind::TimeRange) {
      ir::Located<ir::TimeRange> r;
      convert(e, s, r);
      out.ranges.push_back(r);
      return true;
    }
    if (e.kind == ExprKind::List) {
      bool ok = true;
      for (const auto& item : e.items) {
        ir::Located<ir::TimeRange> r;
        if (convert(item, s, r))
          out.ranges.push_back(r);
        else
          ok = false;
      }
      return ok;
    }
    if (e.kind == ExprKind::Symbol) {
      diags_.report(DiagCode::SWB105, e.span, fmt::format("'{}' is not a day's hours", e.text))
          .help("write a time range such as 09:00-17:00, a list of them, or closed");
      return false;
    }
    return type_error(e0, TypeInfo<T>::name());
  } else if constexpr (IrEnum<T>) {
    const auto& names = ir::enum_names<T>();
    if (e.kind != ExprKind::Symbol) {
      if (e.kind == ExprKind::String && !e.text.empty() &&
          std::find(names.begin(), names.end(), e.text) != names.end()) {
        diags_
            .report(DiagCode::SWB104, e.span,
                    fmt::format("expected {}, found a string", TypeInfo<T>::name()))
            .help(fmt::format("write {} without quotes", e.text));
        return false;
      }
      return type_error(e0, TypeInfo<T>::name());
    }
    for (std::size_t k = 0; k < names.size(); ++k) {
      if (names[k] == e.text) {
        out = static_cast<T>(k);
        return true;
      }
    }
    std::vector<std::string> candidates(names.begin(), names.end());
    const bool permission = std::is_same_v<T, ir::Permission>;
    auto d = diags_.report(permission ? DiagCode::SWB403 : DiagCode::SWB105, e.span,
                           permission ? fmt::format("unknown permission '{}'", e.text)
                                      : fmt::format("'{}' is not an accepted value of '{}'", e.text,
                                                    current_field.name));
    std::string help = did_you_mean(e.text, candidates);
    if (!help.empty()) help += fmt::format(" (accepted: {})", quoted_list(names));
    d.help(help.empty() ? fmt::format("accepted: {}", quoted_list(names)) : help);
    return false;
  } else if constexpr (requires { typename T::Target; }) {
    // A reference: kind.NAME. Resolution to an index happens once every declaration exists.
    using K = typename T::Target;
    const std::string_view want = schema::kind_of<K>();
    if (e.kind != ExprKind::Reference) {
      auto d = diags_.report(
          DiagCode::SWB104, e0.span,
          fmt::format("expected {}, found {}", TypeInfo<T>::name(), describe_found(e)));
      if (e.kind == ExprKind::Symbol || e.kind == ExprKind::String) {
        d.help(fmt::format("write {}.{}", want, e.kind == ExprKind::Symbol ? e.text : "NAME"));
      }
      return false;
    }
    if (e.text != want) {
      // deref() let it through, so it names another declaration kind.
      diags_
          .report(DiagCode::SWB109, e.span,
                  fmt::format("expected a reference to {} {}, found a reference to {} {}",
                              a_or_an(want), want, a_or_an(e.text), e.text))
          .help(fmt::format("write {}.NAME", want));
      return false;
    }
    out.name = text(e.member.text);
    span = e.span;
    return true;
  } else if constexpr (std::is_same_v<T, ir::Secret>) {
    if (e.kind == ExprKind::Call && e.text == "secret") {
      BoundArgs args;
      if (!bind_arguments(e, *schema::find_function("secret", schema::Makes::secret), args)) {
        return false;
      }
      const Expr& env = *args[0];
      if (env.kind != ExprKind::String || !env.parts.empty() || env.text.empty()) {
        diags_
            .report(DiagCode::SWB104, e.span,
                    "secret() takes one argument: the name of an environment variable")
            .help("write secret(\"WA_PIN_SUPPORT_US\")");
        return false;
      }
      out.env = text(env.text);
      return true;
    }
    // Never echo the literal: it is the secret.
    diags_.report(DiagCode::SWB113, e0.span, "a literal value where secret(\"…\") is required")
        .help(
            "never commit the PIN: write secret(\"ENV_NAME\") and supply ENV_NAME when deploying");
    return false;
  } else if constexpr (std::is_same_v<T, ir::Header>) {
    if (e.kind != ExprKind::Call) return type_error(e0, TypeInfo<T>::name());
    BoundArgs args;
    const schema::FunctionSpec* f = bind_call(e, schema::Makes::header, args);
    if (!f) return false;
    out.kind = f->header;
    if (args[0]) {
      ir::Located<ir::Text> arg;
      if (!convert(*args[0], s, arg)) return false;
      (out.kind == ir::HeaderKind::text ? out.text : out.url) = arg.value;
    }
    return true;
  } else if constexpr (std::is_same_v<T, ir::Button>) {
    if (e.kind != ExprKind::Call) return type_error(e0, TypeInfo<T>::name());
    BoundArgs args;
    const schema::FunctionSpec* f = bind_call(e, schema::Makes::button, args);
    if (!f) return false;
    out.kind = f->button;
    if (!convert(*args[0], s, out.text)) return false;
    if (out.kind == ir::ButtonKind::url || out.kind == ir::ButtonKind::phone)
      return convert(*args[1], s, out.target);
    return true;
  } else if constexpr (IsObject<T>) {
    if (e.kind != ExprKind::Object) return type_error(e0, TypeInfo<T>::name());
    out.span = e.span;
    const std::string entry = fmt::format("this entry of '{}'", current_field.name);
    MemberVisitor v(*this, s, MemberVisitor::Owner::text(entry),
                    Span{e.span.file, e.span.begin, e.span.begin + 1});
    v.add_object_members(e);
    schema::describe(v, out);
    v.finish();
    return true;
  } else if constexpr (requires {
                         out.begin();
                         typename T::value_type;
                       }) {
    // A list of located elements.
    using Elem = typename T::value_type;  // ir::Located<X>
    if (e.kind != ExprKind::List) {
      auto d = diags_.report(DiagCode::SWB104, e0.span,
                             fmt::format("expected a list, found {}", describe_found(e)));
      d.help("write [ … ], even for a single value");
      return false;
    }
    bool ok = true;
    out.reserve(e.items.size());
    for (const auto& item : e.items) {
      Elem elem;
      if (convert(item, s, elem))
        out.push_back(std::move(elem));
      else
        ok = false;
    }
    return ok;
  } else {
    static_assert(sizeof(T) == 0, "no conversion for this field type");
  }
}

// ---- declarations -----------------------------------------------------------------------

template <class F>
void Lowerer::for_each_var(F fn) {
  for (auto& [name, entry] : config_vars_) fn(entry);
  for (auto& table : module_vars_) {
    for (auto& [name, entry] : table) fn(entry);
  }
}

void Lowerer::check_var_value(const Expr& e, const Scope& s, std::vector<const Expr*>& references) {
  switch (e.kind) {
    case ExprKind::Reference:
      // deref() stops at a declaration reference: the expression itself.
      if (deref(e, s).first == &e) references.push_back(&e);
      break;
    case ExprKind::String:
      if (!e.parts.empty()) {
        std::string ignored;
        string_of(e, s, ignored, 0);
      }
      break;
    case ExprKind::List:
    case ExprKind::Object:
    case ExprKind::Call:
      for (const auto& item : e.items) check_var_value(item, s, references);
      break;
    default:
      break;
  }
}

template <class D>
void Lowerer::lower_decl(const syntax::Block& b, const Scope& s, std::vector<D>& out,
                         NameIndex& seen) {
  const std::string_view kind = schema::kind_of<D>();
  if (b.name.text.empty()) {
    diags_.report(DiagCode::SWB103, b.header, fmt::format("a {} declaration needs a name", kind))
        .help(fmt::format("write `{} NAME {{ … }}`", kind));
    return;
  }
  const std::uint32_t first = seen.find(out, b.name.text);
  const bool fresh = first == NameIndex::kNone;
  if (!fresh && !std::is_same_v<D, ir::Template>) {
    diags_
        .report(DiagCode::SWB106, b.name.span,
                fmt::format("{} {} is declared twice", kind, b.name.text))
        .note(out[first].name.span, "first declared here")
        .help("rename one of them, or merge them");
    return;
  }
  D d{};
  d.name = {text(b.name.text), b.name.span};
  d.span = b.span;
  MemberVisitor v(*this, s, MemberVisitor::Owner::of(kind, b.name.text), b.header);
  v.add_block_members(b);
  schema::describe(v, d);
  v.finish();
  if constexpr (std::is_same_v<D, ir::Template>) {
    // A second template of the same name is SWB310 when it has the first one's language on
    // the same business account, else SWB106; which, is known once channels resolve.
    if (!fresh) {
      duplicate_templates_.push_back({std::move(d), out[first].name.span});
      return;
    }
  }
  out.push_back(std::move(d));
  seen.insert(out, static_cast<std::uint32_t>(out.size() - 1));
}

void Lowerer::report_duplicate_templates(const ir::Config& cfg) {
  auto find = [](const auto& vec, std::string_view name) -> decltype(&vec[0]) {
    auto it = std::lower_bound(vec.begin(), vec.end(), name,
                               [](const auto& d, std::string_view n) { return d.name.text < n; });
    return it != vec.end() && it->name.text == name ? &*it : nullptr;
  };
  auto business_of = [&](const ir::Template& t) -> const ir::Business* {
    const ir::Channel* ch = find(cfg.channels, t.channel.value.name);
    if (!ch || !ch->business.value.resolved()) return nullptr;
    return &cfg.businesses[ch->business.value.index];
  };
  for (const auto& [dup, first_span] : duplicate_templates_) {
    const ir::Template* first = find(cfg.templates, dup.name.text);
    const ir::Business* account = business_of(dup);
    if (first && account && account == business_of(*first) &&
        first->language.value == dup.language.value) {
      diags_
          .report(DiagCode::SWB310, dup.name.span,
                  fmt::format("template {} in {} is declared twice on business account {}",
                              dup.name.text, dup.language.value, account->name.text))
          .note(first_span, "first declared here")
          .help("a template's name and language identify it at Meta: rename one, or remove it");
    } else {
      diags_
          .report(DiagCode::SWB106, dup.name.span,
                  fmt::format("template {} is declared twice", dup.name.text))
          .note(first_span, "first declared here")
          .help("declarations are referenced by name, so each template needs its own block name");
    }
  }
}

void Lowerer::lower_org(const syntax::Block& b, const Scope& s, ir::Config& cfg) {
  if (org_span_) {
    diags_.report(DiagCode::SWB112, b.header, "org is declared more than once")
        .note(*org_span_, "first declared here")
        .help("a config has one org block; merge them");
    return;
  }
  org_span_ = b.header;
  if (!b.name.text.empty()) {
    diags_.report(DiagCode::SWB102, b.name.span, "org takes no name").help("write `org { … }`");
  }
  ir::Org org{};
  org.span = b.span;
  MemberVisitor v(*this, s, MemberVisitor::Owner::text("org"), b.header);
  v.add_block_members(b);
  schema::describe(v, org);
  v.finish();
  cfg.org = std::move(org);
}

void Lowerer::apply_override(const VarOverride& o) {
  auto it = config_vars_.find(o.name);
  if (it == config_vars_.end()) {
    std::vector<std::string> names;
    for (const auto& [n, _] : config_vars_) names.push_back(n);
    std::string msg = fmt::format("--var {}: the config declares no var '{}'", o.name, o.name);
    auto d = diags_.report(DiagCode::SWB110, o.name_span, msg);
    if (auto m = closest_match(o.name, names)) d.help(fmt::format("did you mean '{}'?", *m));
    return;
  }
  VarEntry& entry = it->second;
  const Expr& def = entry.decl->value;
  Expr e;
  e.span = entry.decl->name.span;
  auto mismatch = [&](std::string_view expected, const std::string& why) {
    diags_
        .report(DiagCode::SWB110, entry.decl->name.span,
                fmt::format("--var {}={}: {}", o.name, o.value,
                            why.empty() ? fmt::format("expected {}", expected) : why))
        .help(fmt::format("the var's default here is {}; give a value of the same type",
                          describe_found(def)));
  };
  switch (def.kind) {
    case ExprKind::String:
      e.kind = ExprKind::String;
      e.text = o.value;
      // Written as a string literal (`--var 'env="dev"'`): read as one, escapes and all.
      if (o.value.size() >= 2 && o.value.front() == '"' && o.value.back() == '"') {
        const std::string_view inner = std::string_view(o.value).substr(1, o.value.size() - 2);
        syntax::DecodedString d = syntax::decode_string(inner, true);
        if (!d.error.empty()) return mismatch("a string", d.error);
        e.text.clear();
        for (const auto& part : d.parts) {
          if (part.is_ref) return mismatch("a string", "a --var value cannot interpolate ${…}");
          e.text += part.text;
        }
      }
      break;
    case ExprKind::Int: {
      auto v = syntax::parse_int(o.value);
      if (!v.value) return mismatch("an integer", "");
      e.kind = ExprKind::Int;
      e.number = *v.value;
      break;
    }
    case ExprKind::Decimal: {
      auto v = syntax::parse_decimal(o.value);
      if (!v.value) return mismatch("a decimal number", "");
      e.kind = ExprKind::Decimal;
      e.decimal = *v.value;
      break;
    }
    case ExprKind::Bool:
      if (o.value != "true" && o.value != "false") return mismatch("true or false", "");
      e.kind = ExprKind::Bool;
      e.number = o.value == "true";
      break;
    case ExprKind::Duration: {
      auto v = syntax::parse_duration(o.value);
      if (!v.value) return mismatch("a duration", v.error);
      e.kind = ExprKind::Duration;
      e.number = *v.value;
      break;
    }
    case ExprKind::Size: {
      auto v = syntax::parse_size(o.value);
      if (!v.value) return mismatch("a size", v.error);
      e.kind = ExprKind::Size;
      e.number = *v.value;
      break;
    }
    case ExprKind::Percent: {
      auto v = syntax::parse_percent(o.value);
      if (!v.value) return mismatch("a percentage", v.error);
      e.kind = ExprKind::Percent;
      e.decimal = *v.value;
      break;
    }
    case ExprKind::Date: {
      auto v = syntax::parse_date(o.value);
      if (!v.value) return mismatch("a date", v.error);
      e.kind = ExprKind::Date;
      e.date = *v.value;
      break;
    }
    case ExprKind::TimeRange: {
      auto v = syntax::parse_time_range(o.value);
      if (!v.value) return mismatch("a time range", v.error);
      e.kind = ExprKind::TimeRange;
      e.number = v.value->start;
      e.number2 = v.value->end;
      break;
    }
    case ExprKind::Symbol: {
      const bool ident =
          !o.value.empty() &&
          std::all_of(
              o.value.begin(), o.value.end(),
              [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }) &&
          !std::isdigit(static_cast<unsigned char>(o.value[0]));
      if (!ident) return mismatch("a name", "");
      e.kind = ExprKind::Symbol;
      e.text = o.value;
      break;
    }
    default:
      return mismatch("", fmt::format("var '{}' holds {}, which --var cannot set", o.name,
                                      describe_found(def)));
  }
  owned_exprs_.push_back(std::move(e));
  entry.value = &owned_exprs_.back();
}

void Lowerer::build_var_tables(const std::vector<VarOverride>& overrides) {
  for (const auto& m : config_.modules) {
    module_vars_.emplace_back();
    module_scopes_.push_back(Scope{&module_vars_.back(), &m.aliases});
  }
  auto add_vars = [&](const syntax::File& f, VarTable& table, const Scope* scope) {
    for (const auto& v : f.vars) {
      auto [it, fresh] = table.emplace(v.name.text, VarEntry{&v, &v.value, scope});
      if (!fresh) {
        diags_
            .report(DiagCode::SWB106, v.name.span,
                    fmt::format("var {} is declared twice", v.name.text))
            .note(it->second.decl->name.span, "first declared here")
            .help("vars share one namespace across the config's files; rename one");
      }
    }
    for (const auto& b : f.broken) {
      if (b.kind == "var") poison_.vars.insert(b.name);
    }
  };
  for (std::size_t i = 0; i < config_.modules.size(); ++i) {
    add_vars(config_.modules[i].syntax, module_vars_[i], &module_scopes_[i]);
  }
  for (const auto& f : config_.files) {
    file_scopes_.push_back(Scope{&config_vars_, &f.aliases});
  }
  std::size_t k = 0;
  for (const auto& f : config_.files) add_vars(f.syntax, config_vars_, &file_scopes_[k++]);
  for (const auto& o : overrides) apply_override(o);
}

// ---- resolution -------------------------------------------------------------------------

// Walks every reference field of the IR and resolves it to an index.
class Resolver {
 public:
  // The indices of each kind's declarations by the hash of their names (see find), keyed by
  // the kind's vector in the config.
  using Tables = std::map<const void*, std::vector<std::uint32_t>>;

  // Every vector of cfg must be sorted by name, each name once: a reference resolves to its
  // declaration's index in that order. `tables` are make_tables(cfg)'s.
  Resolver(ir::Config& cfg, Diagnostics& diags, const Poison& poison, const Tables& tables)
      : cfg_(cfg), diags_(diags), poison_(poison), tables_(tables) {}

  // A table of every kind's names, in a power of two slots at most half full, probed
  // linearly. (A binary search over 100 000 names missed the cache at nearly every step.)
  static Tables make_tables(const ir::Config& cfg) {
    Tables out;
    schema::for_each_kind(cfg, [&](std::string_view, std::string_view, const auto& decls) {
      std::vector<std::uint32_t>& table = out[&decls];
      std::size_t slots = 2;
      while (slots < 2 * decls.size()) slots *= 2;
      table.assign(slots, kFree);
      for (std::uint32_t i = 0; i < decls.size(); ++i) {
        std::size_t h = std::hash<std::string_view>{}(decls[i].name.text.view()) & (slots - 1);
        while (table[h] != kFree) h = (h + 1) & (slots - 1);
        table[h] = i;
      }
    });
    return out;
  }

  // The references of the org block (kind == kOrg) or of declarations [begin, end) of the
  // kind-th vector of the config (schema::for_each_kind's order). Pieces of the config can
  // be resolved on different threads, each with its own Resolver: they write only into their
  // own declarations and read the names, which nothing changes any more.
  static constexpr std::size_t kOrg = ~std::size_t{0};
  void run(std::size_t kind, std::size_t begin, std::size_t end) {
    if (kind == kOrg) {
      if (cfg_.org) schema::describe(*this, *cfg_.org);
      return;
    }
    std::size_t k = 0;
    schema::for_each_kind(cfg_, [&](std::string_view, std::string_view, auto& vec) {
      if (k++ != kind) return;
      for (std::size_t i = begin; i < end; ++i) schema::describe(*this, vec[i]);
    });
  }

  // Adds another resolver's counts of uses to this one's.
  void add_uses(const Resolver& other) {
    for (const auto& [kind, counts] : other.uses) {
      std::vector<int>& mine = uses[kind];
      if (mine.size() < counts.size()) mine.resize(counts.size());
      for (std::size_t i = 0; i < counts.size(); ++i) mine[i] += counts[i];
    }
  }

  template <class T>
  void attr(std::string_view, ir::Located<T>& f, const schema::FieldSpec&) {
    visit(f);
  }
  template <class T>
  void attr(std::string_view, std::optional<ir::Located<T>>& f, const schema::FieldSpec&) {
    if (f) visit(*f);
  }
  template <class S>
  void block(std::string_view, std::optional<S>& f, const schema::FieldSpec&) {
    if (f) schema::describe(*this, *f);
  }
  template <class S>
  void blocks(std::string_view, std::vector<S>& v) {
    for (auto& s : v) {
      name_ref(s);
      schema::describe(*this, s);
    }
  }

  // A declaration reference written in a var's value (`var s = skill.support`), checked
  // where it is written whether or not anything reads the var (a use resolves it again, to
  // the same finding). It is no use of what it names.
  void resolve_written(const Expr& ref) {
    schema::for_each_kind(cfg_, [&](std::string_view kind, std::string_view, const auto& vec) {
      using K = typename std::decay_t<decltype(vec)>::value_type;
      if (kind == ref.text) find<K>(ref.member.text, ref.span);
    });
  }

  std::map<std::string, std::vector<int>> uses;  // "hours" / "sla" -> use count per index

 private:
  void name_ref(ir::Grant& g) { visit(g.channel); }
  void name_ref(ir::UserSkill& s) { visit(s.skill); }
  void name_ref(ir::Filter&) {}

  template <class T>
  void visit(ir::Located<T>& f) {
    if constexpr (requires {
                    f.value.index;
                    f.value.name;
                  }) {
      resolve_ref(f);
    } else if constexpr (IsObject<T>) {
      schema::describe(*this, f.value);
    } else if constexpr (!std::is_same_v<T, ir::Text> && requires {
                           f.value.begin();
                           typename T::value_type;
                         }) {
      for (auto& e : f.value) visit(e);
    }
  }

  template <class K>
  void resolve_ref(ir::Located<ir::Ref<K>>& f) {
    if (f.value.name.empty()) return;
    f.value.index = find<K>(f.value.name, f.span);
    if (!f.value.resolved()) return;
    if constexpr (std::is_same_v<K, ir::Hours> || std::is_same_v<K, ir::Sla>) {
      auto& u = uses[std::string(schema::kind_of<K>())];
      if (u.size() < decls_of<K>().size()) u.resize(decls_of<K>().size());
      ++u[f.value.index];
    }
  }

  // The index of the K called `name`, or ir::kUnresolved once SWB108 is reported at `at`.
  template <class K>
  std::uint32_t find(std::string_view name, Span at) {
    const std::vector<K>& decls = decls_of<K>();
    if (!decls.empty()) {
      const std::vector<std::uint32_t>& table = tables_.at(&decls);
      const std::size_t mask = table.size() - 1;
      const std::size_t start = std::hash<std::string_view>{}(name);
      for (std::size_t h = start & mask; table[h] != kFree; h = (h + 1) & mask) {
        if (decls[table[h]].name.text.view() == name) return table[h];
      }
    }
    const std::string kind(schema::kind_of<K>());
    // A declaration with a syntax error: that error was reported.
    if (poison_.decls.count({kind, std::string(name)})) return ir::kUnresolved;
    std::vector<std::string> candidates;
    for (const K& d : decls) candidates.push_back(d.name.text.str());
    auto d = diags_.report(DiagCode::SWB108, at, fmt::format("no {} named '{}'", kind, name));
    if (auto m = closest_match(name, candidates)) {
      d.help(fmt::format("did you mean '{}.{}'?", kind, *m));
    } else if (candidates.empty()) {
      d.help(fmt::format("the config declares no {} at all", kind));
    }
    return ir::kUnresolved;
  }

  static constexpr std::uint32_t kFree = ~std::uint32_t{0};

  template <class K>
  const std::vector<K>& decls_of() {
    const std::vector<K>* out = nullptr;
    schema::for_each_kind(cfg_, [&](std::string_view, std::string_view, const auto& vec) {
      if constexpr (std::is_same_v<const std::vector<K>&, decltype(vec)>) out = &vec;
    });
    return *out;
  }

  ir::Config& cfg_;
  Diagnostics& diags_;
  const Poison& poison_;
  const Tables& tables_;
};

template <class D>
void sort_by_name(std::vector<D>& v) {
  const auto by_name = [](const D& a, const D& b) { return a.name.text < b.name.text; };
  if (!std::is_sorted(v.begin(), v.end(), by_name)) std::sort(v.begin(), v.end(), by_name);
}

ir::Config Lowerer::run(const std::vector<VarOverride>& overrides) {
  build_var_tables(overrides);
  // A call to a function that does not exist is reported in the var's value, before
  // anything reads the var: its readers then report nothing.
  for_each_var([&](VarEntry& entry) { entry.poisoned = !check_functions_known(*entry.value); });
  for (const auto& f : config_.files) {
    for (const auto& b : f.syntax.broken) {
      if (b.kind != "var") poison_.decls.insert({b.kind, b.name});
    }
  }
  ir::Config cfg;
  texts_ = cfg.texts.get();
  std::map<std::string, NameIndex, std::less<>> seen;
  auto lower_block = [&](const syntax::Block& b, const Scope& scope) {
    const std::string& kind = b.kind.text;
    if (kind == "org") {
      lower_org(b, scope, cfg);
      return;
    }
    bool known = false;
    schema::for_each_kind(cfg, [&](std::string_view kname, std::string_view, auto& vec) {
      if (known || kname != kind) return;
      known = true;
      lower_decl(b, scope, vec, seen[kind]);
    });
    if (!known) {
      auto d = diags_.report(DiagCode::SWB101, b.kind.span,
                             fmt::format("unknown block kind '{}'", kind));
      if (auto m = closest_match(kind, schema::kind_names())) {
        d.help(fmt::format("did you mean '{}'?", *m));
      } else {
        std::vector<std::string_view> names(schema::kind_names().begin(),
                                            schema::kind_names().end());
        d.help("declarations are " + quoted_list(names));
      }
    }
  };
  // Blocks already parsed (a config built in memory), then the deferred ones: parsed a few
  // chunks ahead on other threads, lowered here in file order, and freed chunk by chunk.
  std::vector<const syntax::DeferredBlocks*> deferred;
  std::vector<std::size_t> deferred_file;
  for (std::size_t k = 0; k < config_.files.size(); ++k) {
    const auto& f = config_.files[k];
    for (const auto& b : f.syntax.blocks) lower_block(b, file_scopes_[k]);
    if (f.deferred) {
      deferred.push_back(f.deferred.get());
      deferred_file.push_back(k);
    }
  }
  // The split counted the blocks of each kind: the vectors never grow by doubling (up to
  // half their size unused, and old and new buffers alive at once while they move).
  schema::for_each_kind(cfg, [&](std::string_view kind, std::string_view, auto& vec) {
    std::size_t n = vec.size();
    for (const syntax::DeferredBlocks* d : deferred) n += d->count(kind);
    vec.reserve(n);
    advise_huge_pages(vec.data(), vec.capacity() * sizeof(vec[0]));
  });
  syntax::ParseAhead ahead(std::move(deferred), worker_count(options_.threads), options_.on_parsed);
  while (auto chunk = ahead.next()) {
    diags_.merge(std::move(chunk->diags));
    for (const auto& b : chunk->syntax.broken) {
      if (b.kind != "var") poison_.decls.insert({b.kind, b.name});
    }
    const Scope& scope = file_scopes_[deferred_file[chunk->file]];
    for (const auto& b : chunk->syntax.blocks) lower_block(b, scope);
    ahead.recycle(std::move(*chunk));
  }
  seen.clear();  // names are checked; the sorted vectors resolve references from here on
  // A var nothing reads is still checked: its mistakes are there for the next reader.
  std::vector<const Expr*> var_references;
  for_each_var(
      [&](const VarEntry& entry) { check_var_value(*entry.value, *entry.scope, var_references); });
  const PhaseClock clock;
  clock.time("sort by name", 0, [&] {
    schema::for_each_kind(cfg,
                          [](std::string_view, std::string_view, auto& vec) { sort_by_name(vec); });
  });
  const Resolver::Tables tables = Resolver::make_tables(cfg);
  Resolver resolver(cfg, diags_, poison_, tables);
  clock.time("resolve references", 0, [&] {
    // In pieces of a few thousand declarations, on every worker; each piece's findings are
    // then merged in the pieces' order, which is the order of one pass.
    struct Piece {
      std::size_t kind, begin, end;
    };
    constexpr std::size_t kPiece = 4096;
    std::vector<Piece> pieces{{Resolver::kOrg, 0, 0}};
    std::size_t kind = 0;
    schema::for_each_kind(cfg, [&](std::string_view, std::string_view, const auto& vec) {
      for (std::size_t i = 0; i < vec.size(); i += kPiece) {
        pieces.push_back({kind, i, std::min(vec.size(), i + kPiece)});
      }
      ++kind;
    });
    std::vector<Diagnostics> found(pieces.size());
    std::vector<std::unique_ptr<Resolver>> resolvers(pieces.size());
    parallel_for(pieces.size(), worker_count(options_.threads), [&](std::size_t i) {
      resolvers[i] = std::make_unique<Resolver>(cfg, found[i], poison_, tables);
      resolvers[i]->run(pieces[i].kind, pieces[i].begin, pieces[i].end);
    });
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      diags_.merge(std::move(found[i]));
      resolver.add_uses(*resolvers[i]);
    }
    for (const Expr* ref : var_references) resolver.resolve_written(*ref);
  });
  // SWB111: hours and SLAs are deployed for their users; one without any is a leftover.
  auto unused = [&](std::string_view kind, const auto& vec) {
    const auto& u = resolver.uses[std::string(kind)];
    for (std::size_t i = 0; i < vec.size(); ++i) {
      if (i < u.size() && u[i] > 0) continue;
      diags_
          .report(DiagCode::SWB111, vec[i].name.span,
                  fmt::format("{} {} is never referenced", kind, vec[i].name.text))
          .help(kind == "hours" ? "reference it from an sla (hours = hours.NAME), or remove it"
                                : "reference it from org.sla or a channel's sla, or remove it");
    }
  };
  std::sort(rejected.begin(), rejected.end());
  cfg.rejected = std::move(rejected);
  report_duplicate_templates(cfg);
  unused("hours", cfg.hours);
  unused("sla", cfg.slas);
  return cfg;
}

}  // namespace

ir::Config lower(const LoadedConfig& config, const std::vector<VarOverride>& overrides,
                 Diagnostics& diags, const LowerOptions& options) {
  return Lowerer(config, diags, options).run(overrides);
}

}  // namespace swb
