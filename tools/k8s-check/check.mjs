// Offline check of a Kubernetes Job manifest, as the API server judges it with strict field
// validation (kubectl's default): the batch/v1 Job schema that kubernetes-models generates from
// Kubernetes' OpenAPI document (types, enums, required fields, formats), and no unknown field.
// Usage: node check.mjs FILE.yaml
// Prints {"file", "valid": true}, or {"file", "errors": [...]} and exits 1.
import { readFile } from "node:fs/promises";
import { parseAllDocuments } from "yaml";
import { Job } from "kubernetes-models/batch/v1";

const file = process.argv[2];
if (!file) {
  console.error("usage: node check.mjs FILE.yaml");
  process.exit(2);
}

const docs = parseAllDocuments(await readFile(file, "utf8"), { uniqueKeys: true });
const errors = [];
if (docs.length !== 1) {
  errors.push(`expected one YAML document, found ${docs.length}`);
} else if (docs[0].errors.length > 0) {
  errors.push(...docs[0].errors.map((e) => `${e.linePos?.[0]?.line ?? "?"}:${e.linePos?.[0]?.col ?? "?"}: ${e.message}`));
} else {
  const manifest = docs[0].toJS();
  if (manifest?.apiVersion !== "batch/v1" || manifest?.kind !== "Job") {
    errors.push(`apiVersion/kind: expected batch/v1 Job, found ${manifest?.apiVersion} ${manifest?.kind}`);
  }
  errors.push(...schemaErrors(manifest).map((e) => `${e.instancePath || "/"}: ${e.message}`));
  errors.push(...unknownFields(manifest));
}
console.log(JSON.stringify(errors.length === 0 ? { file, valid: true } : { file, errors }));
process.exit(errors.length === 0 ? 0 : 1);

function schemaErrors(manifest) {
  try {
    new Job(manifest).validate();
    return [];
  } catch (e) {
    if (!Array.isArray(e.errors)) {
      throw e;
    }
    return e.errors;
  }
}

// The schema, like Kubernetes' OpenAPI document, lets unknown fields through; the API server does
// not. A field the schema knows is type-checked: given a value that no Kubernetes type accepts (an
// array of an array of null) it draws an error at or below its path; an unknown field draws none.
function unknownFields(manifest) {
  const found = [];
  const visit = (node, path) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, i]));
      return;
    }
    if (node === null || typeof node !== "object") {
      return;
    }
    for (const key of Object.keys(node)) {
      const at = pointer([...path, key]);
      if (path.length === 0 && (key === "apiVersion" || key === "kind")) {
        continue; // checked above (the model fills them in)
      }
      const probe = structuredClone(manifest);
      [...path].reduce((o, k) => o[k], probe)[key] = [[null]];
      if (schemaErrors(probe).some((e) => e.instancePath === at || e.instancePath.startsWith(at + "/"))) {
        visit(node[key], [...path, key]);
      } else {
        found.push(`${at}: unknown field "${key}"`);
      }
    }
  };
  visit(manifest, []);
  return found;
}

function pointer(path) {
  return path.map((p) => "/" + String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("");
}
