/**
 * Validates JSON bodies against the saved Azure OpenAPI (Swagger 2.0) files in the shared
 * specs folder, with ajv.
 *
 * API:
 * - `specValidator(specFile, definition)` returns `(body) => string[]`: readable errors, `[]`
 *   when the body is valid. `specFile` is relative to the specs folder, e.g.
 *   `"Microsoft.KubernetesConfiguration/2025-03-01/extensions.json"`; `definition` is a key of
 *   that file's `definitions`, e.g. `"Extension"`.
 * - `specsDir()` is the folder: `specs/` of `sharedDir()` (`$AKS_BACKUP_SHARED_DIR`, `../shared`, or the copy in test/fixtures).
 *
 * How the Swagger files become JSON Schema:
 * - `$ref`s keep their published relative form, which assumes the layout of
 *   Azure/azure-rest-api-specs. SOURCES.md's first table maps each saved file to its repository
 *   path; a ref is resolved against the referring file's repository path and mapped back to the
 *   saved file (files not in the table resolve relative to their saved path).
 * - Nulls: real Azure bodies send `null` for optional fields that have no value (e.g.
 *   `"currentVersion": null`, `"includedNamespaces": null`), which Swagger rarely says. So a
 *   property accepts `null` when it is marked `x-nullable: true` OR is not in its parent's
 *   `required` list. A required property without `x-nullable` must not be null.
 * - Polymorphism: a definition with a `discriminator` validates a body against the derived
 *   definition (same file) whose `x-ms-discriminator-value` (or name) equals the body's
 *   discriminator value, and against the base alone when no derived definition matches.
 * - Enums are checked strictly, even when `x-ms-enum.modelAsString` allows other values in
 *   clients: an emulator answering a value outside the enum is worth knowing about.
 * - Extra properties are allowed (Swagger rarely sets `additionalProperties: false` and real
 *   bodies carry undocumented fields). Formats are not checked.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { sharedDir } from "./shared.js";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const base = "https://specs.aks-backup.test/";

/** The specs folder: `specs/` of `sharedDir()`. */
export function specsDir(): string {
  return path.join(sharedDir(), "specs");
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Saved path -> repository path, from the first table of SOURCES.md. */
function sourceTable(dir: string): Map<string, string> {
  const table = new Map<string, string>();
  const file = path.join(dir, "SOURCES.md");
  if (!existsSync(file)) return table;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^\|\s*`([^`]+\.json)`\s*\|\s*`([^`]+\.json)`/.exec(line);
    if (m) table.set(m[1]!, m[2]!);
  }
  return table;
}

function jsonFiles(dir: string, rel = ""): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return jsonFiles(dir, r);
    return e.name.endsWith(".json") ? [r] : [];
  });
}

function nullable(schema: Json): JsonObject {
  return { anyOf: [{ type: "null" }, schema], "x-null-wrapper": true };
}

/** Rewrites one schema: absolute refs, nullability. */
function convert(schema: Json, resolveRef: (ref: string) => string): Json {
  if (Array.isArray(schema)) return schema.map((s) => convert(s, resolveRef));
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "$ref" && typeof v === "string") out[k] = resolveRef(v);
    else if (k === "properties" && isObject(v)) {
      const required = Array.isArray(schema["required"]) ? schema["required"] : [];
      const props: JsonObject = {};
      for (const [name, sub] of Object.entries(v)) {
        const converted = convert(sub, resolveRef);
        const isNullable = (isObject(sub) && sub["x-nullable"] === true) || !required.includes(name);
        props[name] = isNullable ? nullable(converted) : converted;
      }
      out[k] = props;
    } else out[k] = convert(v, resolveRef);
  }
  return out;
}

/** Turns `D` with a discriminator into a dispatcher over its derived definitions. */
function addPolymorphism(defs: JsonObject, fileUri: string): void {
  for (const [name, def] of Object.entries(defs)) {
    if (!isObject(def) || typeof def["discriminator"] !== "string") continue;
    const prop = def["discriminator"];
    const baseName = `${name}__base`;
    const ownRef = `${fileUri}#/definitions/${name}`;
    const derived: Array<{ value: string; ref: string }> = [];
    for (const [dName, d] of Object.entries(defs)) {
      const allOf = isObject(d) && Array.isArray(d["allOf"]) ? d["allOf"] : [];
      const parent = allOf.find((s) => isObject(s) && s["$ref"] === ownRef);
      if (!parent || !isObject(parent)) continue;
      parent["$ref"] = `${fileUri}#/definitions/${baseName}`;
      const value = isObject(d) && typeof d["x-ms-discriminator-value"] === "string" ? d["x-ms-discriminator-value"] : dName;
      derived.push({ value, ref: `${fileUri}#/definitions/${dName}` });
    }
    defs[baseName] = def;
    defs[name] = {
      allOf: [
        { $ref: `${fileUri}#/definitions/${baseName}` },
        ...derived.map((d) => ({ if: { properties: { [prop]: { const: d.value } }, required: [prop] }, then: { $ref: d.ref } })),
      ],
    };
  }
}

let ajvInstance: Ajv | undefined;

function loadAjv(): Ajv {
  if (ajvInstance) return ajvInstance;
  const dir = specsDir();
  const sources = sourceTable(dir);
  const savedBySource = new Map([...sources].map(([saved, source]) => [source, saved]));
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true, verbose: true });
  for (const rel of jsonFiles(dir)) {
    const doc = JSON.parse(readFileSync(path.join(dir, rel), "utf8")) as Json;
    if (!isObject(doc) || !isObject(doc["definitions"])) continue;
    const fileUri = base + rel;
    const repoPath = sources.get(rel);
    const resolveRef = (ref: string): string => {
      const [file = "", fragment = ""] = ref.split("#");
      if (file === "") return `${fileUri}#${fragment}`;
      const target = repoPath
        ? savedBySource.get(path.posix.normalize(path.posix.join(path.posix.dirname(repoPath), file)))
        : path.posix.normalize(path.posix.join(path.posix.dirname(rel), file));
      if (target === undefined) throw new Error(`${rel}: cannot map $ref '${ref}' to a saved file (see SOURCES.md)`);
      return `${base}${target}#${fragment}`;
    };
    const defs: JsonObject = Object.fromEntries(Object.entries(doc["definitions"]).map(([name, d]) => [name, convert(d, resolveRef)]));
    addPolymorphism(defs, fileUri);
    for (const [name, d] of Object.entries(defs)) {
      if (!isObject(d)) continue;
      delete d["discriminator"]; // ajv would read Swagger's string form as its own keyword
      if (d["x-nullable"] === true) defs[name] = nullable(d);
    }
    ajv.addSchema({ $id: fileUri, definitions: defs });
  }
  ajvInstance = ajv;
  return ajv;
}

function describe(value: unknown): string {
  const s = JSON.stringify(value);
  return s === undefined ? "undefined" : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function formatErrors(errors: ErrorObject[]): string[] {
  const lines = errors
    // The null branch of a nullable wrapper, and the wrapper's own summary, only add noise.
    .filter((e) => !(e.keyword === "type" && (e.params as { type?: unknown }).type === "null"))
    .filter((e) => !(e.keyword === "anyOf" && isObject(e.parentSchema as Json) && (e.parentSchema as JsonObject)["x-null-wrapper"] === true))
    .filter((e) => e.keyword !== "if")
    .map((e) => {
      const where = e.instancePath === "" ? "(root)" : e.instancePath;
      const extra = e.keyword === "enum" ? ` (${describe((e.params as { allowedValues: unknown }).allowedValues)})` : "";
      return `${where} ${e.message ?? e.keyword}${extra}; got ${describe(e.data)}`;
    });
  return [...new Set(lines)];
}

/**
 * A validator for one definition of one saved spec file. Returns readable errors, `[]` when
 * `body` is valid. Throws at once if the file or definition does not exist.
 */
export function specValidator(specFile: string, definition: string): (body: unknown) => string[] {
  const ajv = loadAjv();
  const ref = `${base}${specFile}#/definitions/${definition.replace(/~/g, "~0").replace(/\//g, "~1")}`;
  let validate: ValidateFunction | undefined;
  try {
    validate = ajv.getSchema(ref);
  } catch (e) {
    throw new Error(`specValidator: cannot compile ${specFile}#${definition}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!validate) throw new Error(`specValidator: no definition '${definition}' in ${specFile} (under ${specsDir()})`);
  const fn = validate;
  return (body: unknown) => (fn(body) ? [] : formatErrors(fn.errors ?? []));
}
