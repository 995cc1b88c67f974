// Validates YAML files against the JSON Schemas in schemas/ with Ajv: an independent check of the
// schemas `sim schema` generates (docs/scenario-format.md, "Editor support"). Each file names its
// schema as VS Code's YAML extension reads it, in a first-lines comment:
//   # yaml-language-server: $schema=../schemas/scenario.schema.json
// Usage: node check.mjs FILE.yaml...   Prints one JSON line per file ({file, schema, valid, errors});
// exit 0 when every file is valid, 1 when one is not, 2 when a file names no schema or cannot be read.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
const compiled = new Map();
let worst = 0;
for (const file of process.argv.slice(2)) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    console.log(JSON.stringify({ file, error: String(e.message) }));
    worst = 2;
    continue;
  }
  const modeline = /^#\s*yaml-language-server:\s*\$schema=(\S+)/m.exec(text.split('\n').slice(0, 5).join('\n'));
  if (!modeline) {
    console.log(JSON.stringify({ file, error: 'no "# yaml-language-server: $schema=..." line in its first lines' }));
    worst = 2;
    continue;
  }
  const schemaPath = resolve(dirname(file), modeline[1]);
  if (!compiled.has(schemaPath)) {
    compiled.set(schemaPath, ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8'))));
  }
  const validate = compiled.get(schemaPath);
  const valid = validate(parse(text));
  const errors = valid ? [] : validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}${e.params && e.params.additionalProperty ? `: '${e.params.additionalProperty}'` : ''}`);
  console.log(JSON.stringify({ file, schema: modeline[1], valid, errors }));
  if (!valid) worst = Math.max(worst, 1);
}
process.exit(worst);
