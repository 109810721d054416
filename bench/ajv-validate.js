#!/usr/bin/env node
// bench/ajv-validate.js SCHEMA DATA: compile the JSON Schema once with ajv 8,
// validate DATA once, print one JSON line of timings (seconds). Exit 0 valid,
// 1 invalid. bench/run reports validate_s ("validation only") and, separately,
// the whole process's wall time.
'use strict';
const t0 = process.hrtime.bigint();
const fs = require('fs');
const Ajv = require('ajv');
const secs = (a, b) => Number(b - a) / 1e9;
const [schemaPath, dataPath] = process.argv.slice(2);
if (!schemaPath || !dataPath) {
  console.error('usage: ajv-validate.js SCHEMA DATA');
  process.exit(2);
}
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const t1 = process.hrtime.bigint();
const ajv = new Ajv({ allErrors: false });
const validate = ajv.compile(schema);
const t2 = process.hrtime.bigint();
const data = JSON.parse(fs.readFileSync(dataPath, 'utf8'));
const t3 = process.hrtime.bigint();
const valid = validate(data);
const t4 = process.hrtime.bigint();
console.log(JSON.stringify({
  tool: 'ajv', version: require('ajv/package.json').version, valid,
  errors: valid ? [] : validate.errors.slice(0, 5),
  compile_s: secs(t1, t2), parse_s: secs(t2, t3), validate_s: secs(t3, t4), total_s: secs(t0, t4),
}));
process.exit(valid ? 0 : 1);
