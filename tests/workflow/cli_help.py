"""What `swb help` documents, read from CLI11's help text, and the way the workflow tests
report: shared by the completion, recipe and formats tests."""

import argparse
import re
import subprocess
from pathlib import Path


def arguments(*names):
    """The command line of a test: --swb (made absolute) and the given options, all required."""
    parser = argparse.ArgumentParser()
    for name in ("--swb", *names):
        parser.add_argument(name, required=True)
    args = parser.parse_args()
    args.swb = str(Path(args.swb).resolve())
    return args


def help_text(swb, *command):
    return subprocess.run([swb, "help", *command], capture_output=True, text=True,
                          check=True).stdout


def section(text, title):
    """The lines of one section of CLI11's help (`Options:`, `Subcommands:`)."""
    m = re.search(rf"^{title}:\n((?:  .*\n|\s*\n)*)", text, re.M)
    return m.group(1) if m else ""


def commands(swb):
    return set(re.findall(r"^  (\w+) ", section(help_text(swb), "Subcommands"), re.M))


def options(swb, *command):
    """{option: the set of values it takes, or None} of `swb help [COMMAND]`."""
    found = {}
    for line in section(help_text(swb, *command), "Options").splitlines():
        m = re.match(r"  (-\S+)(?: (\S+))?", line)
        if not m:
            continue
        values = re.search(r":\{([^}]*)\}", m.group(2) or "")
        for name in m.group(1).split(","):
            found[name] = set(values.group(1).split(",")) if values else None
    return found


def finish(failures, passed, most=40):
    """Prints the failures (the first `most`) or `passed`; returns the exit code."""
    for f in failures[:most]:
        print("FAIL", f)
    if len(failures) > most:
        print(f"... and {len(failures) - most} more")
    if failures:
        return 1
    print(passed)
    return 0
