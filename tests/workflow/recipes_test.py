#!/usr/bin/env python3
"""The CI recipe (examples/ci/github-workflow.yml) and the pre-commit hooks
(.pre-commit-hooks.yaml) are valid YAML that run real swb commands, and the recipe's swb
steps do what they promise when run, as GitHub would, on a pull request in a scratch repo.

  recipes_test.py --swb SWB --source-dir DIR
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

import cli_help

failures = []
SHELL_OPERATORS = {"|", "||", "&&", ";", ">", ">>", "<", "2>", "{", "}"}


def fail(what):
    failures.append(what)


def swb_invocations(script):
    """Each `swb ...` command of a shell script, as its words up to a shell operator."""
    found = []
    for line in script.replace("\\\n", " ").splitlines():
        try:
            words = shlex.split(line, comments=True)
        except ValueError as e:
            fail(f"cannot split `{line}`: {e}")
            continue
        for i, w in enumerate(words):
            if w == "swb" and (i == 0 or words[i - 1] in SHELL_OPERATORS):
                end = next((j for j in range(i + 1, len(words)) if words[j] in SHELL_OPERATORS),
                           len(words))
                found.append(words[i + 1:end])
    return found


def check_invocation(words, commands, where):
    """The command and every option exist, and a fixed-set option has one of its values."""
    if words == ["--version"]:
        return
    if not words or words[0] not in commands:
        return fail(f"{where}: `swb {' '.join(words)}` is not a swb command")
    options = cli_help.options(ARGS.swb, words[0])
    for i, w in enumerate(words[1:], 1):
        if not w.startswith("-"):
            continue
        name = w.split("=", 1)[0]
        if name not in options:
            fail(f"{where}: `swb {words[0]}` has no option {name}")
            continue
        value = w.split("=", 1)[1] if "=" in w else (words[i + 1] if i + 1 < len(words) else "")
        if options[name] and not value.startswith("$") and value not in options[name]:
            fail(f"{where}: `swb {words[0]} {name} {value}`: not one of {sorted(options[name])}")


def check_hooks(commands):
    hooks = yaml.safe_load((Path(ARGS.source_dir) / ".pre-commit-hooks.yaml").read_text())
    by_id = {h.get("id"): h for h in hooks}
    if set(by_id) != {"swb-check", "swb-fmt"}:
        fail(f".pre-commit-hooks.yaml: hook ids are {sorted(by_id, key=str)}")
    for hook in hooks:
        where = f".pre-commit-hooks.yaml {hook.get('id')}"
        missing = {"id", "name", "entry", "language"} - set(hook)
        if missing:
            fail(f"{where}: missing {sorted(missing)}")
        if hook.get("language") != "system":
            fail(f"{where}: language {hook.get('language')!r}, not system")
        files = re.compile(hook.get("files", ""))
        if not files.search("config/a.swb") or files.search("a.swbx") or files.search("a.txt"):
            fail(f"{where}: files {hook.get('files')!r} does not select exactly .swb files")
        words = shlex.split(hook.get("entry", ""))
        if words[:1] != ["swb"]:
            fail(f"{where}: entry {hook.get('entry')!r} does not run swb")
        check_invocation(words[1:], commands, where)
    if by_id.get("swb-check", {}).get("entry") != "swb check":
        fail(".pre-commit-hooks.yaml swb-check: entry is not `swb check`")
    if by_id.get("swb-check", {}).get("pass_filenames") is not False:
        fail(".pre-commit-hooks.yaml swb-check: references span files, so pass_filenames: false")
    if by_id.get("swb-fmt", {}).get("entry") != "swb fmt":
        fail(".pre-commit-hooks.yaml swb-fmt: entry is not `swb fmt`")


def load_workflow(commands):
    path = Path(ARGS.source_dir) / "examples" / "ci" / "github-workflow.yml"
    wf = yaml.safe_load(path.read_text())
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
    if "pull_request" not in (triggers or {}):
        fail("workflow: does not run on pull_request")
    if wf.get("permissions", {}).get("security-events") != "write":
        fail("workflow: upload-sarif needs permissions: security-events: write")
    (job,) = wf["jobs"].values()
    steps = job["steps"]
    uses = [s.get("uses", "") for s in steps]
    own = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")
           and "repository" not in s.get("with", {})]
    if len(own) != 1 or own[0]["with"].get("fetch-depth") != 0:
        fail("workflow: the repository's checkout needs fetch-depth: 0 for swb plan --base")
    scripts = [s["run"] for s in steps if "run" in s]
    every = [w for script in scripts for w in swb_invocations(script)]
    for words in every:
        check_invocation(words, commands, "workflow")
    promised = {"check --format github", "check --format sarif", "fmt --check", "plan --base"}
    for p in promised:
        if not any(" ".join(w).startswith(p) for w in every):
            fail(f"workflow: no step runs `swb {p}`")
    sarif_files = set(re.findall(r"--format sarif [^>]*> *(\S+)", "\n".join(scripts)))
    upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    if len(upload) != 1 or upload[0].get("with", {}).get("sarif_file") not in sarif_files:
        fail(f"workflow: upload-sarif must upload what `--format sarif` wrote ({sarif_files})")
    if not any(u.startswith("actions/checkout@") for u in uses):
        fail("workflow: no checkout")
    return wf, steps


def run_step(step, wf, repo, summary):
    """Runs one `run:` step as GitHub does (bash -eo pipefail), for a pull request into main."""
    expressions = {"github.base_ref": "main", "github.event_name": "pull_request"}

    def expand(value):
        return re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: expressions[m.group(1)], str(value))

    env = dict(os.environ)
    env.update({k: expand(v) for k, v in wf.get("env", {}).items()})
    env.update({k: expand(v) for k, v in step.get("env", {}).items()})
    env["GITHUB_STEP_SUMMARY"] = str(summary)
    env["PATH"] = f"{Path(ARGS.swb).parent}{os.pathsep}{env['PATH']}"
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                           step["run"]], cwd=repo, env=env, capture_output=True, text=True)


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def run_recipe(wf, steps, scratch):
    """A pull request that changes a clean config, then one that breaks it."""
    repo = scratch / "repo"
    shutil.copytree(Path(ARGS.source_dir) / "examples" / "jungle", repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base")
    git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")  # as fetch-depth: 0 leaves it
    swb_steps = [s for s in steps if "run" in s and s.get("name", "").startswith("swb ")]
    if len(swb_steps) < 4:
        fail(f"workflow: {len(swb_steps)} steps named `swb ...`; the test runs those")

    channels = repo / "channels.swb"
    text = channels.read_text()
    changed = text.replace('"Jungle Support (', '"Jungle Help (', 1)
    if changed == text:
        fail("recipe: examples/jungle/channels.swb no longer has the display name to change")
    channels.write_text(changed)
    summary = scratch / "summary.md"
    for step in swb_steps:
        r = run_step(step, wf, repo, summary)
        if r.returncode != 0:
            fail(f"recipe on a good change: `{step['name']}` exit {r.returncode}:\n"
                 f"{r.stdout}{r.stderr}")
    plan = summary.read_text() if summary.exists() else ""
    if "Deployment plan against main" not in plan or "~" not in plan:
        fail(f"recipe: the job summary has no plan of the change:\n{plan}")
    sarif = json.loads((repo / "swb.sarif").read_text())
    if sarif["runs"][0]["results"]:
        fail("recipe: a clean config gave SARIF results")

    channels.write_text(channels.read_text().replace("+1 614 555 1234", "+1 614 555 12"))
    by_name = {s["name"]: s for s in swb_steps}
    for name, step in by_name.items():
        r = run_step(step, wf, repo, summary)
        if "--format github" in step["run"]:
            if r.returncode != 1 or "::error file=channels.swb," not in r.stdout:
                fail(f"recipe on a broken config: `{name}` exit {r.returncode}, {r.stdout!r}")
        elif "--format sarif" in step["run"]:
            results = json.loads((repo / "swb.sarif").read_text())["runs"][0]["results"]
            if r.returncode != 0 or not any(x["ruleId"] == "SWB201" for x in results):
                fail(f"recipe on a broken config: `{name}` must upload the findings and go on "
                     f"(exit {r.returncode})")


def main():
    global ARGS
    ARGS = cli_help.arguments("--source-dir")
    if Path(ARGS.swb).name != "swb":
        sys.exit(f"the recipe runs `swb` from PATH: {ARGS.swb} must be named swb")
    commands = cli_help.commands(ARGS.swb)
    check_hooks(commands)
    wf, steps = load_workflow(commands)
    with tempfile.TemporaryDirectory(prefix="swb-recipes-") as scratch:
        run_recipe(wf, steps, Path(scratch))
    return cli_help.finish(failures, "recipes: ok")


if __name__ == "__main__":
    sys.exit(main())
