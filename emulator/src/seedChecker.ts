import { findRegion, regionKey, regionNames } from "./data/regions.js";

/** A JSON object. */
export type Json = Record<string, unknown>;

/** Collects every problem of a value, each named by its path. */
export class Checker {
  readonly problems: string[] = [];

  fail(path: string, message: string): undefined {
    this.problems.push(`${path || "(the file)"}: ${message}`);
    return undefined;
  }

  object(value: unknown, path: string, required: readonly string[], optional: readonly string[]): Json | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return this.fail(path, `must be an object, not ${describe(value)}`);
    const o = value as Json;
    for (const k of Object.keys(o)) {
      if (!required.includes(k) && !optional.includes(k)) this.fail(join(path, k), `unknown field (expected one of: ${[...required, ...optional].join(", ")})`);
    }
    for (const k of required) if (o[k] === undefined) this.fail(join(path, k), "is required");
    return o;
  }

  list<T>(value: unknown, path: string, item: (v: unknown, path: string) => T | undefined): T[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.fail(path, `must be a list, not ${describe(value)}`);
    return value.map((v, i) => item(v, `${path}[${i}]`)).filter((v): v is T => v !== undefined);
  }

  string(value: unknown, path: string, pattern?: RegExp, rule?: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "string") return this.fail(path, `must be a string, not ${describe(value)}`);
    if (pattern && !pattern.test(value)) return this.fail(path, `${JSON.stringify(value)} is not valid: ${rule ?? `must match ${String(pattern)}`}`);
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
      return this.fail(path, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, not ${describe(value)}`);
    }
    return value as T;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || typeof value === "boolean") return value;
    return this.fail(path, `must be true or false, not ${describe(value)}`);
  }

  wholeNumber(value: unknown, path: string): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) return this.fail(path, `must be a whole number >= 0, not ${describe(value)}`);
    return value;
  }

  location(value: unknown, path: string): string | undefined {
    const s = this.string(value, path);
    if (s === undefined) return undefined;
    if (!findRegion(s)) return this.fail(path, `${JSON.stringify(s)} is not an Azure region (${nearestRegion(s)})`);
    return s;
  }
}

/** Edit distance of two strings (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length]!;
}

function nearestRegion(location: string): string {
  const key = regionKey(location);
  const [best] = regionNames.map((name) => ({ name, d: distance(key, name) })).sort((x, y) => x.d - y.d);
  return best && best.d <= 3 ? `did you mean "${best.name}"?` : `e.g. "westeurope", "eastus"`;
}

/** The path of a field: `clusters[3]` + `location` -> `clusters[3].location`. */
export function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/** A value as an error message names it: `"abc"`, `42`, `a list`, `an object`, `null`. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return JSON.stringify(value);
}
