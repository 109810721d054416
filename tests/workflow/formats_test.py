#!/usr/bin/env python3
"""The diagnostics formats CI consumes, checked against CLI.md on real configs.

  formats_test.py sarif  --swb SWB --source-dir DIR --fetch SCRIPT --cache DIR
  formats_test.py github --swb SWB --source-dir DIR

`sarif` validates `swb check --format sarif` against the official SARIF 2.1.0 schema (fetched
by tools/fetch-sarif-schema) and against what CLI.md requires of it, result by result beside
the JSON form of the same run. Without the schema it fails under CI (CI=true) and otherwise
exits 77, which CTest reports as skipped, after running every check that needs no schema.
`github` rebuilds each workflow command from the JSON form with GitHub's escaping rules and
requires the output to be exactly those lines.
"""

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

import cli_help

SKIP = 77
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error", "warning", "note"}
GITHUB_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}

failures = []


def fail(where, what):
    failures.append(f"{where}: {what}")


def swb(args, cwd):
    return subprocess.run([ARGS.swb, *args], cwd=cwd, capture_output=True, text=True)


def case_args(path):
    """The `# ARGS:` line of a golden case, so --var cases run as the golden driver runs them."""
    files = [path] if path.is_file() else sorted(path.rglob("*.swb"))
    for f in files:
        for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("# ARGS:"):
                return shlex.split(line[len("# ARGS:"):])
    return []


def inputs(scratch):
    """(label, argv after `check --format F`, cwd): examples, every golden case, odd names."""
    src = Path(ARGS.source_dir)
    found = [("examples/jungle", ["examples/jungle"], src),
             ("examples/mistakes", ["examples/mistakes"], src)]
    cases = src / "tests" / "cases"
    for p in sorted(cases.rglob("*")):
        if any(parent.suffix == ".case" for parent in p.relative_to(cases).parents):
            continue  # a file of a multi-file case
        if (p.is_dir() and p.suffix == ".case") or (p.is_file() and p.suffix == ".swb"):
            rel = p.relative_to(src).as_posix()
            found.append((rel, case_args(p) + [rel], src))
    # A name that is not a URI as it stands, and a multi-byte character before the span, so
    # the columns are code points, not bytes.
    odd = scratch / "odd dir"
    odd.mkdir()
    (odd / "50%,a:b é.swb").write_text(
        'skill s { campaign = "é"  media = digitl }\n', encoding="utf-8")
    found.append(("odd dir", ["odd dir"], scratch))
    return found


def json_form(label, argv, cwd):
    """The JSON diagnostics and exit code of one run, or None for a usage error (exit 2)."""
    r = swb(["check", "--format", "json", *argv], cwd)
    if r.returncode == 2:
        return None, 2
    try:
        return json.loads(r.stdout), r.returncode
    except json.JSONDecodeError as e:
        fail(label, f"--format json is not one JSON document: {e}")
        return None, r.returncode


def runs(scratch, fmt):
    """Every input run with `--format fmt`: (label, cwd, its JSON form, the run), having
    checked that both exit alike; a usage error (exit 2) has no document and is left out."""
    for label, argv, cwd in inputs(scratch):
        diags_doc, code = json_form(label, argv, cwd)
        if diags_doc is None:
            continue
        r = swb(["check", "--format", fmt, *argv], cwd)
        if r.returncode != code:
            fail(label, f"exit {r.returncode} with {fmt}, {code} with json")
        yield label, cwd, diags_doc, r


def source_slice(cwd, path, region):
    """The text a single-line region covers, counting columns in code points; None for a file
    that is not UTF-8 or a region past its last line."""
    try:
        lines = (Path(cwd) / path).read_text(encoding="utf-8").split("\n")
    except (UnicodeDecodeError, OSError):
        return None
    if region["startLine"] > len(lines):
        return None
    line = lines[region["startLine"] - 1].removesuffix("\r")
    return line[region["startColumn"] - 1:region["endColumn"] - 1]


# ---- SARIF -------------------------------------------------------------------------------

def load_validator():
    """A draft 2020-12 validator of the official schema, or None (and why) when there is none."""
    try:
        from jsonschema import Draft202012Validator, FormatChecker
    except ImportError:
        return None, "python3-jsonschema (Debian) with Draft202012Validator is not installed"
    fetched = subprocess.run([ARGS.fetch, ARGS.cache], capture_output=True, text=True)
    if fetched.returncode != 0:
        return None, fetched.stderr.strip() or "tools/fetch-sarif-schema failed"
    schema = json.loads(Path(fetched.stdout.strip()).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    checker = FormatChecker()
    # Without python3-rfc3987 jsonschema skips the "uri" formats silently: refuse that.
    if "uri-reference" not in checker.checkers:
        return None, "python3-rfc3987 (Debian) is needed to check the schema's uri formats"
    return Draft202012Validator(schema, format_checker=checker), None


def check_sarif_against_cli_md(label, log, diags, rules, version, cwd):
    if log.get("$schema") != SCHEMA_URI:
        fail(label, f"$schema is {log.get('$schema')!r}")
    if log.get("version") != "2.1.0":
        fail(label, f"version is {log.get('version')!r}")
    if len(log.get("runs", [])) != 1:
        return fail(label, "not exactly one run")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    if driver.get("name") != "swb" or driver.get("version") != version:
        fail(label, f"tool.driver is {driver.get('name')!r} {driver.get('version')!r}")
    got_rules = [(r.get("id"), r.get("defaultConfiguration", {}).get("level")) for r in
                 driver.get("rules", [])]
    if got_rules != rules:
        fail(label, "tool.driver.rules are not `swb rules` (id, default level), in order")
    for r in driver.get("rules", []):
        for key in ("shortDescription", "fullDescription"):
            if not r.get(key, {}).get("text"):
                fail(label, f"rule {r.get('id')} has no {key}.text")
    results = run.get("results", [])
    if len(results) != len(diags):
        return fail(label, f"{len(results)} results for {len(diags)} diagnostics")
    for res, d in zip(results, diags):
        where = f"{label}: result {d['code']} at {d.get('file')}:{d.get('line')}"
        if res.get("ruleId") != d["code"] or res.get("level") != d["severity"]:
            fail(where, f"ruleId/level {res.get('ruleId')}/{res.get('level')}")
        if "ruleIndex" in res and driver["rules"][res["ruleIndex"]]["id"] != res.get("ruleId"):
            fail(where, "ruleIndex names another rule")
        if not res.get("message", {}).get("text", "").startswith(d["message"]):
            fail(where, "message.text does not start with the message")
        if "file" not in d:
            if "locations" in res:
                fail(where, "a location for a diagnostic that has none")
            continue
        phys = res["locations"][0]["physicalLocation"]
        uri = phys["artifactLocation"]["uri"]
        if urllib.parse.unquote(uri) != d["file"]:
            fail(where, f"uri {uri!r} is not the path as given, {d['file']!r}")
        region = phys["region"]
        want = {"startLine": d["line"], "startColumn": d["column"],
                "endLine": d["end_line"], "endColumn": d["end_column"]}
        if region != want:
            fail(where, f"region {region} is not the JSON form's {want}")
        if min(want.values()) < 1 or (want["endLine"], want["endColumn"]) < (
                want["startLine"], want["startColumn"]):
            fail(where, f"region {region} is not 1-based with its end after its start")
        if want["startLine"] == want["endLine"]:
            covered = source_slice(cwd, d["file"], region)
            if covered is not None and len(covered) != region["endColumn"] - region["startColumn"]:
                fail(where, f"columns {region} run past the end of the line")
        related = [(r["message"]["text"], urllib.parse.unquote(
            r["physicalLocation"]["artifactLocation"]["uri"]),
            r["physicalLocation"]["region"]["startLine"],
            r["physicalLocation"]["region"]["startColumn"])
            for r in res.get("relatedLocations", [])]
        notes = [(n["message"], n["file"], n["line"], n["column"])
                 for n in d["notes"] if "file" in n]
        if related != notes:
            fail(where, f"relatedLocations {related} are not the notes {notes}")


def run_sarif(scratch):
    validator, why_not = load_validator()
    version = swb(["--version"], ".").stdout.strip().removeprefix("swb ")
    rules = []
    for line in swb(["rules"], ".").stdout.splitlines():
        code, severity = line.split()[:2]
        rules.append((code, severity))
    seen = {"levels": set(), "related": 0}
    for label, cwd, diags_doc, r in runs(scratch, "sarif"):
        try:
            log = json.loads(r.stdout)
        except json.JSONDecodeError as e:
            fail(label, f"not one JSON document: {e}")
            continue
        if validator is not None:
            for e in sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))[:5]:
                fail(label, f"schema: at /{'/'.join(map(str, e.absolute_path))}: {e.message}")
        check_sarif_against_cli_md(label, log, diags_doc["diagnostics"], rules, version, cwd)
        results = log["runs"][0].get("results", [])
        seen["levels"] |= {res.get("level") for res in results}
        seen["related"] += sum(1 for res in results if res.get("relatedLocations"))
        if label == "examples/jungle" and (r.returncode != 0 or results):
            fail(label, f"exit {r.returncode} with {len(results)} results; the example is clean")
        if label == "odd dir":
            region = results[0]["locations"][0]["physicalLocation"]["region"]
            if source_slice(cwd, "odd dir/50%,a:b é.swb", region) != "digitl":
                fail(label, f"region {region} does not cover `digitl` in code points")
    if seen["levels"] != LEVELS or not seen["related"]:
        fail("inputs", f"levels {sorted(seen['levels'])}, {seen['related']} with related "
             "locations: the inputs no longer cover errors, warnings, notes and notes' locations")
    return why_not


# ---- GitHub ------------------------------------------------------------------------------

def escape_data(s):
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s):
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github_line(d):
    """CLI.md's workflow command for one diagnostic of the JSON form."""
    message = d["message"] + (f"\nhelp: {d['help']}" if d.get("help") else "")
    props = []
    if "file" in d:
        props = [f"file={escape_property(d['file'])}", f"line={d['line']}",
                 f"col={d['column']}", f"endLine={d['end_line']}",
                 f"endColumn={d['end_column']}"]
    props.append(f"title={escape_property(d['code'])}")
    return f"::{GITHUB_COMMAND[d['severity']]} {','.join(props)}::{escape_data(message)}"


def run_github(scratch):
    commands = set()
    for label, _, diags_doc, r in runs(scratch, "github"):
        if r.stderr:
            fail(label, f"stderr is not empty: {r.stderr!r}")
        want = [github_line(d) for d in diags_doc["diagnostics"]]
        got = r.stdout.split("\n")
        if got[-1] != "":
            fail(label, "output does not end with a newline")
        got = got[:-1]
        for i, (g, w) in enumerate(zip(got, want)):
            if g != w:
                fail(label, f"line {i + 1}:\n   got {g!r}\n  want {w!r}")
        if len(got) != len(want):
            fail(label, f"{len(got)} lines for {len(want)} diagnostics")
        commands |= {g.split(" ", 1)[0] for g in got}
    if commands != {"::error", "::warning", "::notice"}:
        fail("inputs", f"commands seen {sorted(commands)}: not every severity is covered")


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["sarif", "github"])
    parser.add_argument("--swb", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--fetch")
    parser.add_argument("--cache")
    ARGS = parser.parse_args()
    ARGS.swb = os.path.abspath(ARGS.swb)
    with tempfile.TemporaryDirectory(prefix="swb-formats-") as scratch:
        why_not = run_sarif(Path(scratch)) if ARGS.mode == "sarif" else run_github(Path(scratch))
    if failures:
        return cli_help.finish(failures, "")
    if why_not:
        in_ci = os.environ.get("CI", "").lower() not in ("", "0", "false")
        print(f"{'FAIL' if in_ci else 'SKIP'}: no schema validation: {why_not}")
        if in_ci:
            return 1
        print("(every check that needs no schema passed; CI, with CI=true, fails here)")
        return SKIP
    return cli_help.finish(failures, f"{ARGS.mode}: ok")


if __name__ == "__main__":
    sys.exit(main())
