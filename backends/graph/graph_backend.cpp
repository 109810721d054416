// One node per declaration (id and label kind.name), one cluster and colour per kind, one
// edge per reference from the referring declaration, labelled with the attribute.
#include "backends/graph/graph_backend.h"

#include <fmt/format.h>

#include <map>

#include "backends/plan/plan.h"

namespace swb {
namespace {

struct KindStyle {
  std::string_view kind, colour;
};
// PLAN.md's kind order, so the picture reads in deployment order.
constexpr KindStyle kKinds[] = {
    {"org", "#eeeeee"},      {"business", "#fde2c8"},     {"channel", "#cde7f7"},
    {"template", "#d9f2d0"}, {"rich_message", "#e4f5dc"}, {"custom_component", "#eef8e8"},
    {"role", "#f3d9f0"},     {"user", "#f8e6f5"},         {"skill", "#fff2b3"},
    {"queue", "#fff8d6"},    {"hours", "#e0e0f8"},        {"sla", "#d0d0f0"}};

std::string dot_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void GraphBackend::generate(const ir::Config& config, const BackendContext&,
                            std::string& out) const {
  const plan::Snapshot snap = plan::snapshot_of(config);
  std::map<std::string_view, std::vector<const plan::Declaration*>> by_kind;
  for (const auto& [key, d] : snap.decls) by_kind[d.kind].push_back(&d);
  auto id_of = [](const plan::Declaration& d) {
    return d.kind == "org" ? std::string("org") : d.kind + "." + d.name;
  };
  out += "digraph switchboard {\n";
  out += "  rankdir=LR;\n";
  out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  for (const auto& [kind, colour] : kKinds) {
    const auto it = by_kind.find(kind);
    if (it == by_kind.end()) continue;
    out += fmt::format("  subgraph {} {{\n    label={};\n    style=dashed;\n",
                       dot_string("cluster_" + std::string(kind)), dot_string(kind));
    for (const auto* d : it->second) {
      const std::string id = id_of(*d);
      out += fmt::format("    {} [label={}, fillcolor={}];\n", dot_string(id), dot_string(id),
                         dot_string(colour));
    }
    out += "  }\n";
  }
  for (const auto& [kind, style] : kKinds) {
    const auto it = by_kind.find(kind);
    if (it == by_kind.end()) continue;
    for (const auto* d : it->second) {
      for (const auto& ref : plan::references_of(*d)) {
        out += fmt::format("  {} -> {} [label={}];\n", dot_string(id_of(*d)),
                           dot_string(ref.target), dot_string(ref.attribute));
      }
    }
  }
  out += "}\n";
}

}  // namespace swb
