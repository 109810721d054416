// swb: the command line. Thin: parse flags, call the library, render, choose the exit code.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "backends/graph/graph_backend.h"
#include "backends/json/json_backend.h"
#include "backends/plan/base_revision.h"
#include "backends/plan/plan_backend.h"
#include "compiler/base/atomic_file.h"
#include "compiler/base/time_report.h"
#include "compiler/config/loader.h"
#include "compiler/diagnostics/catalog.h"
#include "compiler/diagnostics/render.h"
#include "compiler/driver/driver.h"
#include "compiler/format/diff.h"
#include "compiler/format/formatter.h"
#include "compiler/syntax/literals.h"
#include "tools/swb/man_page.h"

#include "swb_version.h"  // SWB_VERSION, written at build time by tools/swb/version.cmake

namespace {

namespace fs = std::filesystem;
using namespace swb;

constexpr int kExitOk = 0, kExitErrors = 1, kExitUsage = 2;

struct CommonOptions {
  std::vector<std::string> paths;
  std::string format;       // the product's format (check, plan)
  std::string diagnostics;  // how diagnostics are written
  std::vector<std::string> vars;
  std::vector<std::string> warnings;  // -W CODE=level
  bool werror = false;
  std::string max_file_size = "64MiB";
  unsigned jobs = 0;
  std::string color = "auto";
  bool quiet = false;
  std::string output;
};

void add_common(CLI::App* sub, CommonOptions& o, bool product_format) {
  sub->add_option("paths", o.paths, "files and directories of the config (default: .)");
  if (product_format) {
    sub->add_option("--format", o.format, "format of the command's product");
  }
  sub->add_option("--diagnostics", o.diagnostics, "how diagnostics are written")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}));
  // One value per occurrence: `--var a=1 FILE` must leave FILE to the paths.
  sub->add_option("--var", o.vars, "override a var: NAME=VALUE (repeatable)")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub->add_option("-W", o.warnings, "set a rule's severity: CODE=error|warning|note|off")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub->add_flag("--werror", o.werror, "treat warnings as errors");
  sub->add_option("--max-file-size", o.max_file_size, "largest file accepted, e.g. 256MiB");
  sub->add_option("-j,--jobs", o.jobs, "threads to use (default: one per core)")
      ->check(CLI::Range(1u, 1024u));
  sub->add_option("--color", o.color, "colour diagnostics")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  sub->add_flag("-q,--quiet", o.quiet, "drop notes and the summary line");
}

int usage(const std::string& message) {
  std::cerr << "swb: " << message << "\n";
  return kExitUsage;
}

bool use_color(const std::string& mode, int fd) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (std::getenv("NO_COLOR")) return false;
  const char* term = std::getenv("TERM");
  return isatty(fd) && term && std::string_view(term) != "dumb";
}

bool write_product(const std::string& output, const std::string& content) {
  if (output.empty() || output == "-") {
    std::fwrite(content.data(), 1, content.size(), stdout);
    return std::fflush(stdout) == 0;
  }
  std::string error;
  if (!write_atomically(output, content, error)) {
    std::cerr << "swb: cannot write " << output << ": " << error << "\n";
    return false;
  }
  return true;
}

struct Prepared {
  CompileOptions compile;
  SeverityPolicy policy;
  RenderOptions render;
};

// Validates the common options; returns an error message for a usage error.
std::optional<std::string> prepare(const CommonOptions& o, std::string_view command,
                                   const char* argv0, Prepared& p) {
  p.compile.paths = o.paths;
  p.compile.load.stdlib_dir = find_stdlib(argv0);
  auto size = syntax::parse_size(o.max_file_size);
  if (!size.value) return fmt::format("--max-file-size: {}", size.error);
  p.compile.load.max_file_size = static_cast<std::uint64_t>(*size.value);
  p.compile.load.threads = o.jobs;
  for (const auto& v : o.vars) {
    const auto eq = v.find('=');
    if (eq == std::string::npos || eq == 0)
      return fmt::format("--var takes NAME=VALUE, got '{}'", v);
    p.compile.vars.push_back({v.substr(0, eq), v.substr(eq + 1), {}});
  }
  for (const auto& w : o.warnings) {
    const auto eq = w.find('=');
    if (eq == std::string::npos)
      return fmt::format("-W takes CODE=error|warning|note|off, got '{}'", w);
    auto code = find_code(w.substr(0, eq));
    if (!code) return fmt::format("-W: unknown code '{}' (see `swb rules`)", w.substr(0, eq));
    const std::string level = w.substr(eq + 1);
    if (level == "error")
      p.policy.overrides[*code] = Severity::Error;
    else if (level == "warning")
      p.policy.overrides[*code] = Severity::Warning;
    else if (level == "note")
      p.policy.overrides[*code] = Severity::Note;
    else if (level == "off")
      p.policy.overrides[*code] = std::nullopt;
    else
      return fmt::format("-W {}: the level must be error, warning, note or off", w);
  }
  p.policy.werror = o.werror;
  p.policy.drop_notes = o.quiet;
  std::string diag_format = o.diagnostics.empty() ? "text" : o.diagnostics;
  if (command == "check" && !o.format.empty()) {
    if (!o.diagnostics.empty() && o.diagnostics != o.format) {
      return "--format and --diagnostics disagree; for check they are the same thing";
    }
    diag_format = o.format;
  }
  if (diag_format == "text")
    p.render.format = DiagFormat::Text;
  else if (diag_format == "json")
    p.render.format = DiagFormat::Json;
  else if (diag_format == "sarif")
    p.render.format = DiagFormat::Sarif;
  else if (diag_format == "github")
    p.render.format = DiagFormat::Github;
  else
    return fmt::format("unknown diagnostics format '{}' (text, json, sarif, github)", diag_format);
  p.render.quiet = o.quiet;
  p.render.tool_version = SWB_VERSION;
  p.render.color = use_color(o.color, command == "check" ? STDOUT_FILENO : STDERR_FILENO);
  return std::nullopt;
}

// Runs the pipeline and renders its diagnostics; returns the exit code so far.
int run_pipeline(Prepared& p, std::ostream& diag_stream, std::unique_ptr<Compilation>& out) {
  out = compile(p.compile);
  if (out->fatal) return usage(*out->fatal);
  PhaseClock clock;
  auto& list = out->diags.list();
  const DiagCounts counts = finalize(list, p.policy, out->sources);
  const std::string text = render(list, counts, out->sources, p.render);
  diag_stream << text << std::flush;
  clock.lap("report");
  return counts.errors ? kExitErrors : kExitOk;
}

int cmd_rules(const std::string& format) {
  if (format == "markdown") {
    // The README's rule table is this output (tests/readme_rules_test.cmake keeps them equal).
    std::cout << "| code | severity | rule |\n|---|---|---|\n";
    for (const auto& e : catalog()) {
      std::string summary(e.summary);
      for (std::size_t at = 0; (at = summary.find('|', at)) != std::string::npos; at += 2) {
        summary.replace(at, 1, "\\|");
      }
      std::cout << fmt::format("| {} | {} | {} |\n", e.id, severity_name(e.severity), summary);
    }
    return kExitOk;
  }
  for (const auto& e : catalog()) {
    std::cout << fmt::format("{}  {:<7}  {:<28} {}\n", e.id, severity_name(e.severity), e.slug,
                             e.summary);
  }
  return kExitOk;
}

std::string indent(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto nl = text.find('\n', start);
    const auto line =
        text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    if (!(nl == std::string_view::npos && line.empty()))
      out += line.empty() ? "\n" : "    " + std::string(line) + "\n";
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

int cmd_explain(const std::string& id) {
  auto code = find_code(id);
  if (!code) return usage(fmt::format("unknown code '{}' (see `swb rules`)", id));
  const auto& e = catalog_entry(*code);
  std::cout << fmt::format("{} ({}, {}): {}\n\n", e.id, severity_name(e.severity), e.slug,
                           e.summary);
  std::string explanation(e.explanation);
  std::cout << explanation << "\n";
  if (!e.bad_example.empty()) std::cout << "\nFails:\n\n" << indent(e.bad_example);
  if (!e.good_example.empty()) std::cout << "\nFixed:\n\n" << indent(e.good_example);
  return kExitOk;
}

// swb fmt: rewrites each file that is not in canonical layout (or, with --check and
// --diff, only says which would change and how). Files with syntax errors are left alone.
int cmd_fmt(const CommonOptions& o, bool check, bool diff, const char* argv0) {
  Prepared p;
  if (auto err = prepare(o, "fmt", argv0, p)) return usage(*err);
  SourceManager sources;
  Diagnostics diags;
  struct Input {
    FileId id;
    std::string write_to;  // the file itself, through any symlink; "" for stdin
  };
  std::vector<Input> inputs;
  const bool from_stdin = o.paths.size() == 1 && o.paths[0] == "-";
  if (from_stdin) {
    std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    inputs.push_back({sources.add("<stdin>", std::move(text)).id(), ""});
  } else {
    ConfigSources found = read_config_sources(o.paths, p.compile.load, sources, diags);
    if (found.fatal) return usage(*found.fatal);
    for (const auto& f : found.files) inputs.push_back({f.id, f.canonical.string()});
  }
  bool changed = false, write_failed = false;
  for (const Input& in : inputs) {
    const SourceFile& file = sources.file(in.id);
    std::optional<std::string> formatted;
    try {
      formatted = format::format_file(file, diags, p.compile.load.limits);
    } catch (const std::logic_error& e) {
      std::cerr << "swb: internal error: " << e.what() << "\n";
      return kExitUsage;
    }
    if (!formatted) continue;
    if (from_stdin && !check && !diff) {
      std::cout << *formatted;
      continue;
    }
    if (*formatted == file.text()) continue;
    changed = true;
    if (diff) {
      std::cout << format::unified_diff(file.path(), file.text(), *formatted);
    } else if (check) {
      std::cout << file.path() << "\n";
    } else {
      std::string error;
      if (!write_atomically(in.write_to, *formatted, error)) {
        std::cerr << "swb: cannot write " << file.path() << ": " << error << "\n";
        write_failed = true;
        continue;
      }
      std::cout << file.path() << "\n";
    }
  }
  std::cout << std::flush;
  auto& list = diags.list();
  const DiagCounts counts = finalize(list, p.policy, sources);
  if (list.empty()) p.render.summary = false;
  std::cerr << render(list, counts, sources, p.render) << std::flush;
  if (write_failed) return kExitUsage;
  return counts.errors || (check && changed) ? kExitErrors : kExitOk;
}

// swb build: check, then the canonical IR as JSON.
int cmd_build(const CommonOptions& o, const char* argv0, std::unique_ptr<Compilation>& c) {
  Prepared p;
  if (!o.format.empty()) return usage("build always writes JSON; --format is not for build");
  if (auto err = prepare(o, "build", argv0, p)) return usage(*err);
  const int rc = run_pipeline(p, std::cerr, c);
  if (rc != kExitOk) return rc;
  std::string doc;
  JsonBackend().generate(c->ir, BackendContext{&c->sources}, doc);
  return write_product(o.output, doc) ? kExitOk : kExitUsage;
}

// swb plan (against nothing, a --state file or a --base revision) and swb graph.
int cmd_plan_or_graph(const CommonOptions& o, bool is_plan, const std::string& plan_state,
                      const std::string& plan_base, const char* argv0,
                      std::unique_ptr<Compilation>& c) {
  const char* command = is_plan ? "plan" : "graph";
  if (is_plan && !o.format.empty() && o.format != "text" && o.format != "json")
    return usage(fmt::format("unknown plan format '{}' (text, json)", o.format));
  if (!plan_state.empty() && !plan_base.empty())
    return usage("--state and --base are two ways to name the base: give one");
  Prepared p;
  if (auto err = prepare(o, command, argv0, p)) return usage(*err);
  std::optional<plan::Snapshot> base;
  if (!plan_state.empty()) {
    // The state is read like a config file: a regular file, within --max-file-size.
    FileRead state = read_regular_file(plan_state, p.compile.load.max_file_size);
    if (state.status == FileRead::Status::too_large) {
      return usage(fmt::format("--state {}: the file is {} bytes, over --max-file-size", plan_state,
                               state.size));
    }
    if (state.status != FileRead::Status::ok)
      return usage(fmt::format("cannot read --state {}: {}", plan_state, state.error));
    std::string error;
    base = plan::snapshot_from_ir_json(state.text, error);
    if (!base) return usage(fmt::format("--state {}: {}", plan_state, error));
  }
  const int rc = run_pipeline(p, std::cerr, c);
  if (rc != kExitOk) return rc;
  std::string doc;
  if (!is_plan) {
    GraphBackend().generate(c->ir, BackendContext{&c->sources}, doc);
    return write_product(o.output, doc) ? kExitOk : kExitUsage;
  }
  if (!plan_base.empty()) {
    plan::RevisionTree tree;
    if (auto err = tree.extract(o.paths, plan_base)) return usage(*err);
    CompileOptions old_options = p.compile;
    old_options.paths = tree.paths();
    auto old = compile(old_options);
    if (old->fatal) return usage(fmt::format("--base {}: {}", plan_base, *old->fatal));
    const DiagCounts counts = finalize(old->diags.list(), p.policy, old->sources);
    if (counts.errors) {
      return usage(fmt::format(
          "--base {}: the config at that revision has {} error{}; plan against an earlier "
          "build with --state instead",
          plan_base, counts.errors, counts.errors == 1 ? "" : "s"));
    }
    base = plan::snapshot_of(old->ir);
  }
  try {
    PlanBackend(o.format == "json" ? PlanBackend::Format::json : PlanBackend::Format::text,
                base ? &*base : nullptr)
        .generate(c->ir, BackendContext{&c->sources}, doc);
  } catch (const std::logic_error& e) {
    std::cerr << "swb: internal error: " << e.what() << "\n";
    return kExitUsage;
  }
  return write_product(o.output, doc) ? kExitOk : kExitUsage;
}

// CLI.md: a failed run never leaves a stale output behind for a reader to take as this run's.
// What -o names goes if it is a regular file: never a directory, device, FIFO or symbolic link,
// which swb does not write, nor a file the run reads (a config file or the --state named as the
// output by mistake).
void remove_stale_output(const std::string& output, const std::vector<std::string>& read,
                         const SourceManager* sources) {
  struct stat out {};
  if (output.empty() || output == "-" || ::lstat(output.c_str(), &out) != 0 ||
      !S_ISREG(out.st_mode))
    return;
  auto is_output = [&](const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && st.st_dev == out.st_dev && st.st_ino == out.st_ino;
  };
  if (std::any_of(read.begin(), read.end(), is_output)) return;
  for (FileId id = 0; sources && id < sources->size(); ++id) {
    if (is_output(sources->file(id).path())) return;
  }
  ::unlink(output.c_str());
}

// CLI.md: an output that cannot be written is exit 2. On stdout (a full disk, /dev/full) that
// shows only when what was printed is flushed, whatever the command: checked once, at the end.
bool stdout_written() {
  std::cout.flush();
  errno = 0;
  if (std::fflush(stdout) == 0 && !std::ferror(stdout) && std::cout.good()) return true;
  const int err = errno;
  std::cerr << "swb: cannot write to standard output"
            << (err ? std::string(": ") + std::strerror(err) : std::string()) << "\n";
  return false;
}

int run(int argc, char** argv) {
  CLI::App app{"swb: check and compile contact-center configuration written as code", "swb"};
  app.set_version_flag("--version", std::string("swb ") + SWB_VERSION);
  app.require_subcommand(0, 1);

  CommonOptions check_o, build_o, plan_o, graph_o;
  auto* check =
      app.add_subcommand("check", "parse, build the IR, run every rule; print diagnostics");
  add_common(check, check_o, true);
  auto* build = app.add_subcommand("build", "check, then write the canonical IR as JSON");
  add_common(build, build_o, false);
  build->add_option("-o,--output", build_o.output, "write to FILE (default: stdout)");
  auto* plan = app.add_subcommand("plan", "check, then print the deployment plan");
  add_common(plan, plan_o, true);
  plan->add_option("-o,--output", plan_o.output, "write to FILE (default: stdout)");
  std::string plan_state, plan_base;
  plan->add_option("--state", plan_state, "plan from what an earlier `swb build` wrote");
  plan->add_option("--base", plan_base, "plan from the same paths at git revision REV");
  auto* graph = app.add_subcommand("graph", "the dependency graph as Graphviz DOT");
  add_common(graph, graph_o, false);
  graph->add_option("-o,--output", graph_o.output, "write to FILE (default: stdout)");
  CommonOptions fmt_o;
  bool fmt_check = false, fmt_diff = false;
  auto* fmt_cmd =
      app.add_subcommand("fmt", "rewrite files in canonical layout ('-': stdin to stdout)");
  add_common(fmt_cmd, fmt_o, false);
  fmt_cmd->add_flag("--check", fmt_check,
                    "rewrite nothing; list the files that would change, exit 1");
  fmt_cmd->add_flag("--diff", fmt_diff, "rewrite nothing; print a unified diff of the changes");
  std::string explain_code;
  auto* explain = app.add_subcommand("explain", "a rule's long description and examples");
  explain->add_option("code", explain_code, "the code, e.g. SWB201")->required();
  auto* rules_cmd = app.add_subcommand("rules", "every rule: code, severity, summary");
  std::string rules_format = "text";
  rules_cmd->add_option("--format", rules_format, "text or markdown")
      ->check(CLI::IsMember({"text", "markdown"}));
  std::string help_topic;
  auto* help = app.add_subcommand("help", "help for a command");
  help->add_option("command", help_topic);
  // Hidden: the build writes share/man/man1/swb.1 with it, from this very description.
  bool help_man = false;
  help->add_flag("--man", help_man)->group("");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }

  if (*rules_cmd) return cmd_rules(rules_format);
  if (*explain) return cmd_explain(explain_code);
  if (*help || app.get_subcommands().empty()) {
    if (help_man) {
      std::cout << render_man_page(app, app.get_name(), SWB_VERSION);
      return kExitOk;
    }
    if (!help_topic.empty()) {
      try {
        std::cout << app.get_subcommand(help_topic)->help(app.get_name());
        return kExitOk;
      } catch (const CLI::OptionNotFound&) {
        return usage(fmt::format("no command '{}'", help_topic));
      }
    }
    // app.help() would describe the `help` subcommand itself once it has been parsed.
    std::cout << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
    return *help ? kExitOk : kExitUsage;
  }

  if (*fmt_cmd) return cmd_fmt(fmt_o, fmt_check, fmt_diff, argv[0]);
  if (*check) {
    Prepared p;
    if (auto err = prepare(check_o, "check", argv[0], p)) return usage(*err);
    std::unique_ptr<Compilation> c;
    std::ostringstream out;
    const int rc = run_pipeline(p, out, c);
    std::cout << out.str() << std::flush;
    return rc;
  }
  if (*build || *plan || *graph) {
    const CommonOptions& o = *build ? build_o : *plan ? plan_o : graph_o;
    std::unique_ptr<Compilation> c;
    const int rc =
        *build ? cmd_build(o, argv[0], c)
               : cmd_plan_or_graph(o, static_cast<bool>(*plan), plan_state, plan_base, argv[0], c);
    if (rc != kExitOk) {
      std::vector<std::string> read = o.paths;
      if (!plan_state.empty()) read.push_back(plan_state);
      remove_stale_output(o.output, read, c ? &c->sources : nullptr);
    }
    return rc;
  }
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  const int rc = run(argc, argv);
  return stdout_written() ? rc : kExitUsage;
}
