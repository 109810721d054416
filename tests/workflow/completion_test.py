#!/usr/bin/env python3
"""The bash completion (tools/swb/completion.bash) offers what `swb help` documents.

  completion_test.py --swb SWB --completion FILE

Runs the completion function in bash as bash would on a Tab: every command `swb help` lists,
every option `swb help COMMAND` lists, the values of `--format`, `--diagnostics` and
`--color`, rule codes from `swb rules` after -W, and `.swb` files and directories for paths.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

import cli_help

DRIVER = r'''
source "$1"; shift
COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; shift
COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_swb
printf '%s\n' "${COMPREPLY[@]}"
'''

failures = []


def complete(words, line_tail, cwd=None):
    """COMPREPLY for a command line whose words (as bash splits them, at `=` too) are
    `swb` and then `words`; `line_tail` is the line as typed after `swb `."""
    line = f"{ARGS.swb} {line_tail}"
    r = subprocess.run(["bash", "-c", DRIVER, "bash", ARGS.completion, line, ARGS.swb, *words],
                       capture_output=True, text=True, cwd=cwd)
    if r.returncode != 0 or r.stderr:
        failures.append(f"`swb {line_tail}`: bash said {r.returncode} {r.stderr!r}")
    return set(filter(None, r.stdout.split("\n")))


def expect(what, got, want, exact=False):
    missing = want - got
    extra = got - want if exact else set()
    if missing or extra:
        failures.append(f"{what}: missing {sorted(missing)}, unexpected {sorted(extra)}")


def main():
    global ARGS
    ARGS = cli_help.arguments("--completion")
    ARGS.completion = str(Path(ARGS.completion).resolve())

    commands = cli_help.commands(ARGS.swb)
    if not commands:
        failures.append("`swb help` lists no commands")
    expect("commands", complete([""], ""), commands)
    expect("global options", complete(["-"], "-"), set(cli_help.options(ARGS.swb)))

    for command in sorted(commands):
        options = cli_help.options(ARGS.swb, command)
        expect(f"options of {command}", complete([command, "-"], f"{command} -"), set(options))
        # An option that takes one of a fixed set of values completes to exactly that set.
        for option, values in options.items():
            if values:
                expect(f"{command} {option}",
                       complete([command, option, ""], f"{command} {option} "), values,
                       exact=True)

    formats = {"check": {"text", "json", "sarif", "github"}, "plan": {"text", "json"}}
    for command, want in formats.items():
        expect(f"{command} --format", complete([command, "--format", ""],
                                               f"{command} --format "), want, exact=True)
    expect("check --format=s", complete(["check", "--format", "=", "s"], "check --format=s"),
           {"sarif"}, exact=True)

    codes = [line.split()[0] for line in subprocess.run(
        [ARGS.swb, "rules"], capture_output=True, text=True, check=True).stdout.splitlines()]
    expect("-W SWB2", complete(["check", "-W", "SWB2"], "check -W SWB2"),
           {f"{c}=" for c in codes if c.startswith("SWB2")}, exact=True)
    expect("-W SWB201=", complete(["check", "-W", "SWB201", "="], "check -W SWB201="),
           {"=error", "=warning", "=note", "=off"}, exact=True)
    expect("-W SWB201=n", complete(["check", "-W", "SWB201", "=", "n"], "check -W SWB201=n"),
           {"note"}, exact=True)
    expect("explain SWB6", complete(["explain", "SWB6"], "explain SWB6"),
           {c for c in codes if c.startswith("SWB6")}, exact=True)

    with tempfile.TemporaryDirectory() as scratch:
        for name in ("a.swb", "b.txt", "sub/c.swb"):
            (Path(scratch) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(scratch) / name).write_text("")
        expect("check PATHS", complete(["check", ""], "check ", cwd=scratch), {"a.swb", "sub"},
               exact=True)

    return cli_help.finish(failures, f"completion: ok ({len(commands)} commands)")


if __name__ == "__main__":
    sys.exit(main())
