// Deployment plans (PLAN.md): the ordered API calls and manual steps that take a tenant
// from a base state (nothing, or an earlier build) to a checked config.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ir/ir.h"

namespace swb {

class SourceManager;

namespace plan {

using Json = nlohmann::ordered_json;

enum class Op { create, update, remove, manual };
std::string_view op_name(Op op);  // "create", "update", "delete", "manual"

struct PlanStep {
  std::string id;  // RESOURCE/action
  Op op = Op::create;
  std::string resource;  // kind.name, or "org"
  std::string target;    // "meta" or "cxone"; empty on manual steps
  std::string method, path;
  std::optional<Json> body;
  Json outputs;  // object, or null when the step returns nothing later steps use
  std::vector<std::string> after;
  std::string source;  // file:line:column of the declaration; empty on deletes
  std::string summary;
  Json changes;      // updates only: {attribute: {"old", "new"}}
  std::string note;  // text format only, e.g. "renamed from role.x: delete + create"

  // Ordering: documented phase (PLAN.md "Order" 1-9, deletes 10), kind rank, name, and
  // the step's position within its declaration. `needs` are dependencies before
  // `after` is reduced to the direct ones.
  int phase = 0;
  int kind_rank = 0;
  std::string name;
  int seq = 0;
  std::vector<std::string> needs;
};

struct Plan {
  std::vector<PlanStep> steps;
  bool incremental = false;
};

// A declaration as the canonical IR JSON has it (`swb build`), keyed "kind.name"
// ("org" for the singleton). Both configs being compared are brought to this form.
struct Declaration {
  std::string kind, name;
  Json value;  // the object as in the IR JSON, "name" included
};
struct Snapshot {
  std::map<std::string, Declaration> decls;
};

// Reads `swb build` output; nullopt and a message in `error` when it is not one.
std::optional<Snapshot> snapshot_from_ir_json(std::string_view text, std::string& error);
Snapshot snapshot_of(const ir::Config& config);

// The references a declaration makes: attribute path and "kind.name" of the target, in
// the order they are written in the canonical JSON.
struct Reference {
  std::string attribute;
  std::string target;
};
std::vector<Reference> references_of(const Declaration& decl);

struct PlanOptions {
  const SourceManager* sources = nullptr;
  const Snapshot* base = nullptr;  // null: plan everything from nothing
};

// Builds and orders the plan. A dependency cycle among steps (impossible by
// construction) throws std::logic_error naming the steps involved.
Plan build_plan(const ir::Config& config, const PlanOptions& options);

// Orders steps by dependencies, ties by (phase, kind rank, name, seq), and fills `after`
// with the direct dependencies. Returns the steps in a cycle when there is one.
std::optional<std::string> order_steps(std::vector<PlanStep>& steps);

std::string render_text(const Plan& plan);
std::string render_json(const Plan& plan);

// Step-level placeholder check used by the tests and by build_plan itself: every `after`
// id exists earlier, no id repeats, and every `{resource.output}` placeholder produced
// within the plan is produced by a step in the `after` closure. Returns the problems.
std::vector<std::string> validate(const Plan& plan);

}  // namespace plan
}  // namespace swb
