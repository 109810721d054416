// Rendering is the only place where byte offsets become lines and columns.
#include "compiler/diagnostics/render.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "compiler/base/source.h"

namespace swb {
namespace {

using nlohmann::ordered_json;

// Said once at the end when some diagnostics were counted but not listed.
std::string omitted_line(const DiagCounts& c) {
  return fmt::format("{} more not listed: swb lists at most {} diagnostics, the most severe first",
                     c.omitted, kMaxListedDiagnostics);
}

struct Location {
  std::string path;
  LineCol begin, end;  // end is exclusive
};

Location locate(const SourceManager& sources, Span span) {
  const SourceFile& f = sources.file(span.file);
  return Location{f.path(), f.line_col(span.begin), f.line_col(span.end)};
}

std::string plural(std::size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

struct Palette {
  bool on;
  std::string_view bold() const { return on ? "\x1b[1m" : ""; }
  std::string_view reset() const { return on ? "\x1b[0m" : ""; }
  std::string_view green() const { return on ? "\x1b[1;32m" : ""; }
  std::string_view blue() const { return on ? "\x1b[1;34m" : ""; }
  std::string_view severity(Severity s) const {
    if (!on) return "";
    switch (s) {
      case Severity::Error:
        return "\x1b[1;31m";
      case Severity::Warning:
        return "\x1b[1;35m";
      case Severity::Note:
        return "\x1b[1;36m";
    }
    return "";
  }
};

// A line longer than kLongLine bytes (longer than any hand-written one: a 2 000-character
// button URL, a 1 024-character body of emoji) is shown as a window of kSnippetWindow bytes
// around the span, so a generated 50 MB line costs a short snippet per diagnostic, not the
// whole line each time.
constexpr std::size_t kLongLine = 8192;
constexpr std::size_t kSnippetWindow = 240;

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The source line and a caret under the span: "^~~~". Multi-line spans are underlined to
// the end of their first line.
void append_snippet(std::string& out, const SourceManager& sources, Span span, const Palette& p) {
  const SourceFile& f = sources.file(span.file);
  const LineCol b = f.line_col(span.begin);
  const LineCol e = f.line_col(span.end);
  std::string_view line = f.line_text(b.line);
  // Byte offset of the span in the line (line_text drops a leading byte-order mark).
  const std::size_t line_offset = static_cast<std::size_t>(line.data() - f.text().data());
  std::size_t at = std::min<std::size_t>(
      line.size(), span.begin - std::min<std::size_t>(span.begin, line_offset));
  std::size_t width_cp = e.line == b.line
                             ? std::max<std::size_t>(1, e.column - b.column)
                             : std::max<std::size_t>(1, count_code_points(line.substr(at)));
  std::string_view before_mark, after_mark;
  if (line.size() > kLongLine) {
    std::size_t from = at > kSnippetWindow / 4 ? at - kSnippetWindow / 4 : 0;
    while (from > 0 && is_continuation(static_cast<unsigned char>(line[from]))) --from;
    std::size_t to = std::min(line.size(), from + kSnippetWindow);
    while (to < line.size() && is_continuation(static_cast<unsigned char>(line[to]))) ++to;
    if (from > 0) before_mark = "…";
    if (to < line.size()) after_mark = "…";
    line = line.substr(from, to - from);
    at -= from;
    width_cp = std::min(width_cp, std::max<std::size_t>(1, count_code_points(line.substr(at))));
  }
  std::string marker(before_mark.empty() ? 0 : 1, ' ');
  for (std::size_t i = 0; i < at; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (is_continuation(c)) continue;
    marker += c == '\t' ? '\t' : ' ';
  }
  const std::string caret = "^" + std::string(width_cp - 1, '~');
  out += fmt::format("{}{:>5} |{} {}{}{}\n", p.blue(), b.line, p.reset(), before_mark, line,
                     after_mark);
  out += fmt::format("{}      |{} {}{}{}{}\n", p.blue(), p.reset(), marker, p.green(), caret,
                     p.reset());
}

std::string render_text(const std::vector<Diagnostic>& diags, const DiagCounts& counts,
                        const SourceManager& sources, const RenderOptions& o) {
  const Palette p{o.color};
  std::string out;
  for (const auto& d : diags) {
    const auto& id = catalog_entry(d.code).id;
    if (d.span.valid()) {
      const Location loc = locate(sources, d.span);
      out += fmt::format("{}{}:{}:{}: {}{}[{}]:{} {}{}{}\n", p.bold(), loc.path, loc.begin.line,
                         loc.begin.column, p.severity(d.severity), severity_name(d.severity), id,
                         p.reset(), p.bold(), d.message, p.reset());
      // A file-level finding (too large, unreadable) has no line to show.
      if (!sources.file(d.span.file).text().empty()) append_snippet(out, sources, d.span, p);
    } else {
      out += fmt::format("{}{}[{}]:{} {}{}{}\n", p.severity(d.severity), severity_name(d.severity),
                         id, p.reset(), p.bold(), d.message, p.reset());
    }
    for (const auto& n : d.notes) {
      if (n.span.valid()) {
        const Location loc = locate(sources, n.span);
        out += fmt::format("{}:{}:{}: {}note:{} {}\n", loc.path, loc.begin.line, loc.begin.column,
                           p.severity(Severity::Note), p.reset(), n.message);
        if (!sources.file(n.span.file).text().empty()) append_snippet(out, sources, n.span, p);
      } else {
        out += fmt::format("   = note: {}\n", n.message);
      }
    }
    if (!d.help.empty()) out += fmt::format("   {}= help:{} {}\n", p.bold(), p.reset(), d.help);
  }
  if (counts.omitted && !o.quiet) out += omitted_line(counts) + "\n";
  if (o.summary && !o.quiet) out += summary_line(counts) + "\n";
  return out;
}

std::string render_json(const std::vector<Diagnostic>& diags, const DiagCounts& counts,
                        const SourceManager& sources) {
  ordered_json list = ordered_json::array();
  for (const auto& d : diags) {
    ordered_json j;
    j["code"] = catalog_entry(d.code).id;
    j["severity"] = severity_name(d.severity);
    j["message"] = d.message;
    if (d.span.valid()) {
      const Location loc = locate(sources, d.span);
      j["file"] = loc.path;
      j["line"] = loc.begin.line;
      j["column"] = loc.begin.column;
      j["end_line"] = loc.end.line;
      j["end_column"] = loc.end.column;
    }
    ordered_json notes = ordered_json::array();
    for (const auto& n : d.notes) {
      ordered_json jn;
      jn["message"] = n.message;
      if (n.span.valid()) {
        const Location loc = locate(sources, n.span);
        jn["file"] = loc.path;
        jn["line"] = loc.begin.line;
        jn["column"] = loc.begin.column;
      }
      notes.push_back(std::move(jn));
    }
    j["notes"] = std::move(notes);
    if (!d.help.empty()) j["help"] = d.help;
    list.push_back(std::move(j));
  }
  ordered_json doc;
  doc["diagnostics"] = std::move(list);
  doc["errors"] = counts.errors;
  doc["warnings"] = counts.warnings;
  doc["notes"] = counts.notes;
  if (counts.omitted) doc["omitted"] = counts.omitted;
  // File names need not be UTF-8: their bad bytes become U+FFFD rather than an exception.
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

std::string sarif_level(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "none";
}

// SARIF's artifactLocation.uri is a URI reference (RFC 3986), so the path as given is
// percent-encoded: a space, `%`, `#` or a non-ASCII name would otherwise make the log invalid,
// and a `:` in the first segment would read as a scheme. `/` stays the separator.
std::string uri_reference(std::string_view path) {
  constexpr std::string_view kKept = "-._~!$&'()*+,;=@/";
  std::string out;
  for (const char c : path) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || kKept.find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

ordered_json sarif_location(const SourceManager& sources, Span span) {
  const Location loc = locate(sources, span);
  ordered_json region;
  region["startLine"] = loc.begin.line;
  region["startColumn"] = loc.begin.column;
  region["endLine"] = loc.end.line;
  region["endColumn"] = loc.end.column;
  ordered_json phys;
  phys["artifactLocation"]["uri"] = uri_reference(loc.path);
  phys["region"] = std::move(region);
  ordered_json l;
  l["physicalLocation"] = std::move(phys);
  return l;
}

std::string render_sarif(const std::vector<Diagnostic>& diags, const DiagCounts& counts,
                         const SourceManager& sources, const RenderOptions& o) {
  ordered_json rules = ordered_json::array();
  for (const auto& e : catalog()) {
    ordered_json r;
    r["id"] = e.id;
    r["name"] = e.slug;
    r["shortDescription"]["text"] = e.summary;
    r["fullDescription"]["text"] = e.explanation;
    r["defaultConfiguration"]["level"] = sarif_level(e.severity);
    rules.push_back(std::move(r));
  }
  ordered_json results = ordered_json::array();
  for (const auto& d : diags) {
    ordered_json r;
    r["ruleId"] = catalog_entry(d.code).id;
    r["ruleIndex"] = static_cast<int>(d.code);
    r["level"] = sarif_level(d.severity);
    std::string text = d.message;
    if (!d.help.empty()) text += "\nhelp: " + d.help;
    r["message"]["text"] = text;
    if (d.span.valid()) r["locations"] = ordered_json::array({sarif_location(sources, d.span)});
    ordered_json related = ordered_json::array();
    int id = 0;
    for (const auto& n : d.notes) {
      if (!n.span.valid()) continue;
      ordered_json l = sarif_location(sources, n.span);
      l["id"] = id++;
      l["message"]["text"] = n.message;
      related.push_back(std::move(l));
    }
    if (!related.empty()) r["relatedLocations"] = std::move(related);
    results.push_back(std::move(r));
  }
  ordered_json driver;
  driver["name"] = "swb";
  driver["version"] = o.tool_version;
  driver["informationUri"] = "https://github.com/switchboard-cc/swb";
  driver["rules"] = std::move(rules);
  ordered_json run;
  run["tool"]["driver"] = std::move(driver);
  run["results"] = std::move(results);
  if (counts.omitted) {
    ordered_json notification;
    notification["level"] = "note";
    notification["message"]["text"] = omitted_line(counts);
    ordered_json invocation;
    invocation["executionSuccessful"] = true;
    invocation["toolExecutionNotifications"] = ordered_json::array({std::move(notification)});
    run["invocations"] = ordered_json::array({std::move(invocation)});
  }
  ordered_json doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = ordered_json::array({std::move(run)});
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

// GitHub workflow commands escape %, CR and LF in messages, and also , and : in properties.
std::string github_escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_github(const std::vector<Diagnostic>& diags, const DiagCounts& counts,
                          const SourceManager& sources) {
  std::string out;
  for (const auto& d : diags) {
    std::string_view cmd = d.severity == Severity::Error     ? "error"
                           : d.severity == Severity::Warning ? "warning"
                                                             : "notice";
    std::string msg = d.message;
    if (!d.help.empty()) msg += "\nhelp: " + d.help;
    const auto& id = catalog_entry(d.code).id;
    if (d.span.valid()) {
      const Location loc = locate(sources, d.span);
      out += fmt::format("::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n", cmd,
                         github_escape(loc.path, true), loc.begin.line, loc.begin.column,
                         loc.end.line, loc.end.column, id, github_escape(msg, false));
    } else {
      out += fmt::format("::{} title={}::{}\n", cmd, id, github_escape(msg, false));
    }
  }
  if (counts.omitted) out += fmt::format("::notice title=swb::{}\n", omitted_line(counts));
  return out;
}

}  // namespace

std::string summary_line(const DiagCounts& c) {
  std::string s = plural(c.errors, "error") + ", " + plural(c.warnings, "warning");
  if (c.notes) s += ", " + plural(c.notes, "note");
  return s;
}

std::string render(const std::vector<Diagnostic>& diags, const DiagCounts& counts,
                   const SourceManager& sources, const RenderOptions& options) {
  switch (options.format) {
    case DiagFormat::Text:
      return render_text(diags, counts, sources, options);
    case DiagFormat::Json:
      return render_json(diags, counts, sources);
    case DiagFormat::Sarif:
      return render_sarif(diags, counts, sources, options);
    case DiagFormat::Github:
      return render_github(diags, counts, sources);
  }
  return {};
}

}  // namespace swb
