// Diagnostics: what went wrong, where, and how to fix it. Stages report into a
// Diagnostics list; the driver merges, applies -W overrides, sorts and renders.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/diagnostics/catalog.h"
#include "ir/span.h"

namespace swb {

struct DiagNote {
  Span span;  // may be invalid: a note without a location
  std::string message;
};

struct Diagnostic {
  DiagCode code;
  Severity severity;
  Span span;
  std::string message;
  std::vector<DiagNote> notes;
  std::string help;
};

class Diagnostics;

// Builds one diagnostic and commits it when it goes out of scope:
//   diags.report(DiagCode::SWB106, span, "…").note(first, "first declared here").help("…");
class DiagBuilder {
 public:
  DiagBuilder(Diagnostics& sink, Diagnostic d) : sink_(&sink), diag_(std::move(d)) {}
  DiagBuilder(const DiagBuilder&) = delete;
  DiagBuilder& operator=(const DiagBuilder&) = delete;
  ~DiagBuilder();

  DiagBuilder& note(Span span, std::string message) {
    diag_.notes.push_back({span, std::move(message)});
    return *this;
  }
  DiagBuilder& help(std::string text) {
    diag_.help = std::move(text);
    return *this;
  }

 private:
  Diagnostics* sink_;
  Diagnostic diag_;
};

// Not thread-safe: each worker reports into its own list and the lists are merged.
class Diagnostics {
 public:
  DiagBuilder report(DiagCode code, Span span, std::string message) {
    return DiagBuilder(
        *this, Diagnostic{code, catalog_entry(code).severity, span, std::move(message), {}, {}});
  }
  void add(Diagnostic d) { list_.push_back(std::move(d)); }
  void merge(Diagnostics&& other);

  bool has_errors() const;
  std::size_t size() const { return list_.size(); }
  const std::vector<Diagnostic>& list() const { return list_; }
  std::vector<Diagnostic>& list() { return list_; }

 private:
  std::vector<Diagnostic> list_;
};

// What the user asked for with -W CODE=…, --werror and --quiet.
struct SeverityPolicy {
  std::map<DiagCode, std::optional<Severity>> overrides;  // nullopt: off
  bool werror = false;
  bool drop_notes = false;  // --quiet: notes are neither listed nor counted, in every format
};

class SourceManager;

struct DiagCounts {
  std::size_t errors = 0, warnings = 0, notes = 0;
  std::size_t omitted = 0;  // counted above but not listed (past kMaxListedDiagnostics)
};

// How many diagnostics a run lists. A generated or hostile file can yield millions (one
// 50 MB line of bad dates); listing them all would take gigabytes and minutes for output
// no one reads. All are still counted, and errors are listed before warnings and notes.
inline constexpr std::size_t kMaxListedDiagnostics = 10000;

// Applies the policy, drops duplicates, switched-off codes and (under --quiet) notes, sorts by
// file path, line, column and code, counts, and keeps at most kMaxListedDiagnostics.
DiagCounts finalize(std::vector<Diagnostic>& diags, const SeverityPolicy& policy,
                    const SourceManager& sources);

// Did-you-mean: the candidate closest to `word` by edit distance, if close enough.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace swb
