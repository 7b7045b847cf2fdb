/** How the command prints: one JSON document (`--json`) or text for people, and errors. */
import { exitCodes } from "./exitCodes.js";

/** What a command produced: its exit code, the JSON result and the text for people. */
export interface CommandOutcome {
  /** 0 done, 1 failed, 3 problems found (see `exitCodes`). */
  exitCode: number;
  /** The `result` of the JSON document. */
  result: unknown;
  /** The final report for people (tables), printed on stdout. */
  human: string;
}

/** Where the command prints. */
export interface OutputStreams {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/** JSON.stringify replacer: errors as plain objects, no `raw` service payloads, no functions. */
function replacer(key: string, value: unknown): unknown {
  if (key === "raw") return undefined;
  if (value instanceof Error) return errorToJson(value);
  return value;
}

/** An error as JSON: name, message, remedy and the typed fields of the library's errors. */
export function errorToJson(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const e = error as Error & Record<string, unknown>;
  const out: Record<string, unknown> = { name: e.name, message: e.message };
  for (const key of ["remedy", "code", "statusCode", "parameter", "issues", "problems", "step", "expected", "completed", "inFlight"]) {
    if (e[key] !== undefined) out[key] = e[key];
  }
  if (e.cause instanceof Error) out["cause"] = { name: e.cause.name, message: e.cause.message };
  return out;
}

/** The one JSON document `--json` prints. */
export function jsonDocument(command: string, exitCode: number, body: { result: unknown } | { error: unknown }): string {
  const doc = "error" in body
    ? { command, ok: false, exitCode, error: errorToJson(body.error) }
    : { command, ok: exitCode === exitCodes.ok, exitCode, result: body.result };
  return `${JSON.stringify(doc, replacer, 2)}\n`;
}

/** An error for people: the message, the problems one per line, and what to do. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return `Error: ${String(error)}`;
  const remedy = (error as { remedy?: unknown }).remedy;
  const lines = [`Error (${error.name}): ${error.message}`];
  // The library's messages already say "To fix: ..."; the command's own errors add it here.
  if (typeof remedy === "string" && remedy && !error.message.includes("To fix")) lines.push(`To fix: ${remedy}`);
  return lines.join("\n");
}
