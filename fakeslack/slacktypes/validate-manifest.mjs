// Validates a Slack app manifest against Slack's manifest JSON schema, offline.
//
//	node validate-manifest.mjs SCHEMA_DIR < manifest.json
//
// SCHEMA_DIR holds manifest.schema.json and schemas/*.json from slackapi/manifest-schema.
// The main schema $refs the versioned schemas by absolute URLs; each is registered from
// the local copy of the same file name, and a $ref with no local copy is an error, so
// nothing is ever fetched.
//
// Prints {"valid": bool, "errors": [{"path", "message", "schemaPath"}]} and exits 0 when
// the manifest is valid, 1 when it is not, 2 when it could not be checked.
import { readFileSync, existsSync } from "node:fs";
import { join, basename } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";

function fail(message) {
  process.stderr.write(`validate-manifest: ${message}\n`);
  process.exit(2);
}

function readJSON(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    fail(`${path}: ${err.message}`);
  }
}

// remoteRefs returns every absolute URL (without fragment) that schema $refs.
function remoteRefs(schema, found = new Set()) {
  if (Array.isArray(schema)) {
    schema.forEach((s) => remoteRefs(s, found));
  } else if (schema && typeof schema === "object") {
    for (const [key, value] of Object.entries(schema)) {
      if (key === "$ref" && typeof value === "string" && /^https?:\/\//.test(value)) {
        found.add(value.split("#")[0]);
      } else {
        remoteRefs(value, found);
      }
    }
  }
  return found;
}

const dir = process.argv[2];
if (!dir) fail("usage: node validate-manifest.mjs SCHEMA_DIR < manifest.json");

const main = readJSON(join(dir, "manifest.schema.json"));
// Slack's schema has keywords of its own ("_note", "regex") and leaves out "type" beside
// "properties" in places, which Ajv's strict mode refuses; they do not change validation.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
for (const uri of remoteRefs(main)) {
  const local = join(dir, "schemas", basename(new URL(uri).pathname));
  if (!existsSync(local)) fail(`no local copy of ${uri} (looked for ${local})`);
  ajv.addSchema(readJSON(local), uri);
}

let validate;
try {
  validate = ajv.compile(main);
} catch (err) {
  fail(`compile schema: ${err.message}`);
}

let manifest;
try {
  manifest = JSON.parse(readFileSync(0, "utf8"));
} catch (err) {
  fail(`manifest is not JSON: ${err.message}`);
}

const valid = validate(manifest);
// The same error comes once per branch of the main schema's oneOf; report it once.
const seen = new Set();
const errors = [];
for (const e of validate.errors ?? []) {
  const path = e.instancePath || "/";
  const message = e.message + (e.params && Object.keys(e.params).length ? " " + JSON.stringify(e.params) : "");
  if (seen.has(path + "\0" + message)) continue;
  seen.add(path + "\0" + message);
  errors.push({ path, message, schemaPath: e.schemaPath });
}
process.stdout.write(JSON.stringify({ valid, errors }) + "\n");
process.exit(valid ? 0 : 1);
