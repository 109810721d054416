#!/usr/bin/env bash
# Regenerates the README's rule table from the catalog (`swb rules --format markdown`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
swb="${SWB:-build/swb}"
table="$("$swb" rules --format markdown)"
python3 - "$table" <<'PY'
import re, sys
table = sys.argv[1]
text = open("README.md").read()
new = re.sub(r"(<!-- rules:begin -->\n).*?(<!-- rules:end -->)",
             lambda m: m.group(1) + table + "\n" + m.group(2), text, flags=re.S)
open("README.md", "w").write(new)
PY
