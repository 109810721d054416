// The catalog table, expanded from catalog.def; the only place code strings live.
#include "compiler/diagnostics/catalog.h"

#include <array>
#include <cctype>
#include <cstdlib>
#include <string>

namespace swb {
namespace {

constexpr std::array kEntries = {
#define SWB_DIAG(code, sev, slug, summary, explanation, bad, good) \
  CatalogEntry{DiagCode::code, #code, Severity::sev, slug, summary, explanation, bad, good},
#include "compiler/diagnostics/catalog.def"
#undef SWB_DIAG
};

}  // namespace

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Note:
      return "note";
    case Severity::Warning:
      return "warning";
    case Severity::Error:
      return "error";
  }
  std::abort();
}

std::span<const CatalogEntry> catalog() { return kEntries; }

const CatalogEntry& catalog_entry(DiagCode code) {
  return kEntries[static_cast<std::size_t>(code)];
}

std::optional<DiagCode> find_code(std::string_view id) {
  std::string upper(id);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& e : kEntries) {
    if (e.id == upper) return e.code;
  }
  return std::nullopt;
}

}  // namespace swb
