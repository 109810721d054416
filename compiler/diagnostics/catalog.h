// The diagnostic catalog: every code swb can report, generated from catalog.def.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace swb {

enum class Severity : std::uint8_t { Note, Warning, Error };

std::string_view severity_name(Severity s);

enum class DiagCode : std::uint16_t {
#define SWB_DIAG(code, sev, slug, summary, explanation, bad, good) code,
#include "compiler/diagnostics/catalog.def"
#undef SWB_DIAG
};

struct CatalogEntry {
  DiagCode code;
  std::string_view id;  // "SWB201"
  Severity severity;    // default severity
  std::string_view slug;
  std::string_view summary;
  std::string_view explanation;
  std::string_view bad_example;
  std::string_view good_example;
};

std::span<const CatalogEntry> catalog();
const CatalogEntry& catalog_entry(DiagCode code);
std::optional<DiagCode> find_code(std::string_view id);  // "SWB201" or "swb201"

}  // namespace swb
