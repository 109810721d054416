// The two forms of a plan: terraform-like text for people, `swb-plan/1` JSON for executors.
#include <fmt/format.h>

#include "backends/plan/plan.h"

namespace swb::plan {
namespace {

struct Counts {
  int create = 0, update = 0, remove = 0, manual = 0;
};
Counts count(const Plan& plan) {
  Counts c;
  for (const auto& s : plan.steps) {
    switch (s.op) {
      case Op::create:
        ++c.create;
        break;
      case Op::update:
        ++c.update;
        break;
      case Op::remove:
        ++c.remove;
        break;
      case Op::manual:
        ++c.manual;
        break;
    }
  }
  return c;
}

char sign(Op op) {
  switch (op) {
    case Op::create:
      return '+';
    case Op::update:
      return '~';
    case Op::remove:
      return '-';
    case Op::manual:
      return '!';
  }
  return '!';
}

// Values in the text form: JSON, except that strings are shown quoted and unescaped
// enough to read.
std::string shown(const Json& v) {
  return v.is_null() ? "(absent)" : v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::string render_text(const Plan& plan) {
  if (plan.steps.empty()) {
    return plan.incremental ? "No changes: the deployed configuration already matches.\n"
                            : "No changes: the configuration declares nothing to deploy.\n";
  }
  const Counts c = count(plan);
  std::string out =
      fmt::format("Plan: {} to create, {} to update, {} to delete, {} manual step{}.\n\n", c.create,
                  c.update, c.remove, c.manual, c.manual == 1 ? "" : "s");
  for (const auto& s : plan.steps) {
    out += fmt::format("{} {}: {}", sign(s.op), s.id, s.summary);
    if (!s.target.empty()) out += fmt::format(" ({} {} {})", s.target, s.method, s.path);
    if (!s.note.empty()) out += fmt::format(" [{}]", s.note);
    out += '\n';
    if (s.changes.is_object()) {
      for (const auto& [attr, change] : s.changes.items())
        out +=
            fmt::format("    {}: {} \u2192 {}\n", attr, shown(change["old"]), shown(change["new"]));
    }
  }
  return out;
}

std::string render_json(const Plan& plan) {
  const Counts c = count(plan);
  Json doc;
  doc["format"] = "swb-plan/1";
  doc["summary"] =
      Json{{"create", c.create}, {"update", c.update}, {"delete", c.remove}, {"manual", c.manual}};
  Json steps = Json::array();
  for (const auto& s : plan.steps) {
    Json j;
    j["id"] = s.id;
    j["op"] = std::string(op_name(s.op));
    j["resource"] = s.resource;
    if (!s.target.empty()) {
      j["target"] = s.target;
      j["method"] = s.method;
      j["path"] = s.path;
      if (s.body) j["body"] = *s.body;
    }
    if (s.outputs.is_object() && !s.outputs.empty()) j["outputs"] = s.outputs;
    j["after"] = s.after;
    if (!s.source.empty()) j["source"] = s.source;
    j["summary"] = s.summary;
    if (s.op == Op::update && s.changes.is_object()) j["changes"] = s.changes;
    steps.push_back(std::move(j));
  }
  doc["steps"] = std::move(steps);
  // A step's source names a file, and file names need not be UTF-8.
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace swb::plan
