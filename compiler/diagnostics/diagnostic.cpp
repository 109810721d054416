// The diagnostics engine: merging, severity policy, ordering, did-you-mean.
#include "compiler/diagnostics/diagnostic.h"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "compiler/base/source.h"

namespace swb {

namespace {

// Messages quote what the config wrote, which can be megabytes long: each text is cut at
// this many bytes (on a UTF-8 boundary), so output stays proportional to the count.
constexpr std::size_t kMaxDiagnosticText = 4096;

void clip(std::string& text) {
  if (text.size() <= kMaxDiagnosticText) return;
  std::size_t cut = kMaxDiagnosticText;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  text += "\u2026";
}

}  // namespace

DiagBuilder::~DiagBuilder() {
  clip(diag_.message);
  clip(diag_.help);
  for (auto& n : diag_.notes) clip(n.message);
  sink_->add(std::move(diag_));
}

void Diagnostics::merge(Diagnostics&& other) {
  if (list_.empty()) {
    list_ = std::move(other.list_);
  } else {
    list_.insert(list_.end(), std::make_move_iterator(other.list_.begin()),
                 std::make_move_iterator(other.list_.end()));
  }
  other.list_.clear();
}

bool Diagnostics::has_errors() const {
  return std::any_of(list_.begin(), list_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

DiagCounts finalize(std::vector<Diagnostic>& diags, const SeverityPolicy& policy,
                    const SourceManager& sources) {
  std::vector<Diagnostic> kept;
  kept.reserve(diags.size());
  for (auto& d : diags) {
    if (auto it = policy.overrides.find(d.code); it != policy.overrides.end()) {
      if (!it->second) continue;
      d.severity = *it->second;
    }
    if (policy.werror && d.severity == Severity::Warning) d.severity = Severity::Error;
    if (policy.drop_notes && d.severity == Severity::Note) continue;
    kept.push_back(std::move(d));
  }
  auto key = [&](const Diagnostic& d) {
    const std::string* path = nullptr;
    static const std::string kNone;
    path = d.span.valid() ? &sources.file(d.span.file).path() : &kNone;
    return std::make_tuple(std::cref(*path), d.span.begin, static_cast<int>(d.code), d.span.end,
                           std::cref(d.message));
  };
  std::stable_sort(kept.begin(), kept.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
  // The same finding reached twice (a module read by two files) is reported once.
  kept.erase(std::unique(kept.begin(), kept.end(),
                         [](const Diagnostic& a, const Diagnostic& b) {
                           return a.code == b.code && a.span == b.span && a.message == b.message;
                         }),
             kept.end());
  DiagCounts counts;
  for (const auto& d : kept) {
    switch (d.severity) {
      case Severity::Error:
        ++counts.errors;
        break;
      case Severity::Warning:
        ++counts.warnings;
        break;
      case Severity::Note:
        ++counts.notes;
        break;
    }
  }
  if (kept.size() > kMaxListedDiagnostics) {
    // Keep the most severe, then the first in order; what is kept stays in order.
    std::vector<std::size_t> by_severity(kept.size());
    for (std::size_t i = 0; i < kept.size(); ++i) by_severity[i] = i;
    std::stable_sort(by_severity.begin(), by_severity.end(), [&](std::size_t a, std::size_t b) {
      return static_cast<int>(kept[a].severity) > static_cast<int>(kept[b].severity);
    });
    std::vector<bool> listed(kept.size(), false);
    for (std::size_t i = 0; i < kMaxListedDiagnostics; ++i) listed[by_severity[i]] = true;
    std::vector<Diagnostic> shown;
    shown.reserve(kMaxListedDiagnostics);
    for (std::size_t i = 0; i < kept.size(); ++i) {
      if (listed[i]) shown.push_back(std::move(kept[i]));
    }
    counts.omitted = kept.size() - shown.size();
    kept = std::move(shown);
  }
  diags = std::move(kept);
  return counts;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Damerau (optimal string alignment) distance, case-insensitive: transposed letters are
  // the most common typo in names like `recieve`.
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  auto lower = [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
          lower(a[i - 2]) == lower(b[j - 1])) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    prev2.swap(prev);
    prev.swap(cur);
  }
  return prev[m];
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  // Accept up to a third of the word's length in edits (at least 1, at most 3), like
  // clang's typo correction.
  const std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  std::optional<std::string> best;
  std::size_t best_d = limit + 1;
  for (const auto& c : candidates) {
    if (c == word) continue;
    // The distance is at least the difference in length: skipping those keeps a 1 MB word
    // from costing a million steps per candidate.
    const std::size_t gap =
        word.size() > c.size() ? word.size() - c.size() : c.size() - word.size();
    if (gap > limit) continue;
    std::size_t d = edit_distance(word, c);
    if (d < best_d || (d == best_d && best && c < *best)) {
      best_d = d;
      best = c;
    }
  }
  if (best && best_d <= limit) return best;
  return std::nullopt;
}

}  // namespace swb
