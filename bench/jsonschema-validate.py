#!/usr/bin/python3
"""bench/jsonschema-validate.py SCHEMA DATA: validate DATA with Debian's
python3-jsonschema (Draft7Validator, the schema checked and compiled once),
print one JSON line of timings (seconds). Exit 0 valid, 1 invalid. Run it with
Debian's /usr/bin/python3 (bench/run does), where python3-jsonschema lives."""
import time

t0 = time.perf_counter()
import json
import sys

import jsonschema

schema_path, data_path = sys.argv[1:3]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
t1 = time.perf_counter()
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
t2 = time.perf_counter()
with open(data_path, encoding="utf-8") as f:
    data = json.load(f)
t3 = time.perf_counter()
errors = []
for e in validator.iter_errors(data):
    errors.append("%s: %s" % ("/".join(map(str, e.absolute_path)), e.message))
t4 = time.perf_counter()
try:
    from importlib.metadata import version
    ver = version("jsonschema")
except Exception:
    ver = "?"
print(json.dumps({"tool": "python3-jsonschema", "version": ver, "valid": not errors,
                  "errors": errors[:5], "compile_s": t2 - t1, "parse_s": t3 - t2,
                  "validate_s": t4 - t3, "total_s": t4 - t0}))
sys.exit(0 if not errors else 1)
