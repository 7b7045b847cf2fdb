/**
 * Runs a zod schema over a public input and turns every issue into one
 * {@link InputValidationError} naming each parameter path, the problem and the fix.
 */
import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";
import { InputValidationError, type InputIssue } from "../../errors.js";

/** A value to check: its schema, the value, and the parameter name it is reported under. */
export type InputCheck = readonly [schema: z.ZodType, value: unknown, parameter: string];

/**
 * Joins a parameter name and a zod path: ("request", ["vault", "softDelete"]) ->
 * "request.vault.softDelete". A name in parentheses, "(options)", is not prefixed to the
 * fields ("timeoutInMs"); it names the whole value when the value itself is at fault.
 */
export function pathOf(root: string, path: readonly PropertyKey[]): string {
  const flat = root === "" || root.startsWith("(");
  let out = flat ? "" : root;
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  if (out !== "") return out;
  return root === "" ? "request" : root.replace(/^\((.*)\)$/, "$1");
}

/** The known key closest to `key`, when it is close enough to be a typo. */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const best = closest(key, [...known]);
  const limit = Math.max(2, Math.floor(key.length / 3));
  return distance(key.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}

function describe(issue: z.core.$ZodIssue): { problem: string; fix: string } {
  const params = (issue as { params?: { fix?: string; knownKeys?: readonly string[] } }).params;
  if (params?.knownKeys) {
    const key = String(issue.path[issue.path.length - 1]);
    const near = didYouMean(key, params.knownKeys);
    return {
      problem: `\`${key}\` is not a known key`,
      fix: near ? `did you mean \`${near}\`?` : `remove it; the known keys are ${params.knownKeys.map((k) => `\`${k}\``).join(", ")}`,
    };
  }
  if (params?.fix) return { problem: issue.message, fix: params.fix };
  switch (issue.code) {
    case "invalid_type":
      return issue.message.endsWith("received undefined")
        ? { problem: "it is missing", fix: `pass a ${issue.expected} (it is required)` }
        : { problem: issue.message.replace(/^Invalid input: /, ""), fix: `pass a ${issue.expected}` };
    case "invalid_value":
      return { problem: issue.message.replace(/^Invalid (option|input): /, ""), fix: `pass one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}` };
    case "too_small":
      return { problem: issue.message.replace(/^Too small: /, ""), fix: `pass a value >= ${String(issue.minimum)}` };
    case "too_big":
      return { problem: issue.message.replace(/^Too big: /, ""), fix: `pass a value <= ${String(issue.maximum)}` };
    case "invalid_union":
      return { problem: "it matches none of the accepted shapes", fix: "see the parameter's documentation for the accepted shapes" };
    default:
      return { problem: issue.message, fix: "see the parameter's documentation" };
  }
}

/** Turns zod issues into input issues under `root`. */
export function toInputIssues(issues: readonly z.core.$ZodIssue[], root: string): InputIssue[] {
  return issues.map((issue) => ({ parameter: pathOf(root, issue.path), ...describe(issue) }));
}

/** Throws one {@link InputValidationError} listing every issue (nothing when the list is empty). */
export function throwIssues(issues: readonly InputIssue[]): void {
  if (issues.length === 0) return;
  const first = issues[0]!;
  throw new InputValidationError(first.parameter, first.problem, first.fix, issues);
}

/** The issues of checking each value with its schema (an empty list when all pass). */
export function collectIssues(checks: readonly InputCheck[]): InputIssue[] {
  return checks.flatMap(([schema, value, parameter]) => {
    const result = schema.safeParse(value);
    return result.success ? [] : toInputIssues(result.error.issues, parameter);
  });
}

/**
 * Checks every argument of a public method with its schema before any request, and throws one
 * {@link InputValidationError} listing all problems found (parameter path, problem, fix).
 */
export function validateInputs(...checks: readonly InputCheck[]): void {
  throwIssues(collectIssues(checks));
}

/** Checks one value and returns it typed as the schema's output. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, parameter: string): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throwIssues(toInputIssues(result.error.issues, parameter));
  return result.data as z.output<S>;
}
