import { expect } from "vitest";
import fc from "fast-check";
import { InputValidationError, PreflightError, type EnableBackupRequest } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { setupRequest } from "../support/setupRequest.js";

/** Methods that change something in Azure. */
const writeMethods = new Set(["PUT", "PATCH", "POST", "DELETE"]);

/** Error classes a hostile input may end in. */
export type RefusalClass = "InputValidationError" | "ConfirmationRequiredError" | "PreflightError";

/** What a refusal may cost: nothing (default), or only the reads its check needs. */
export interface RefusalExpectation {
  /** The error's `name`. Default: InputValidationError (or its subclass ConfirmationRequiredError). */
  name?: RefusalClass;
  /** The parameter (or preflight subject) named, when checked. */
  parameter?: string | RegExp;
  /** Reads (GET) the check needs are allowed; writes never are. Default: no request at all. */
  reads?: boolean;
}

async function settle(call: () => unknown): Promise<unknown> {
  try {
    const result = call();
    // A paged list fails on its first page: pull it.
    if (result && typeof (result as AsyncIterator<unknown>).next === "function" && !(result instanceof Promise)) {
      await (result as AsyncIterator<unknown>).next();
      return undefined;
    }
    // A poller (begin*) fails when awaited.
    if (result && typeof (result as { pollUntilDone?: unknown }).pollUntilDone === "function") {
      await (result as { pollUntilDone(): Promise<unknown> }).pollUntilDone();
      return undefined;
    }
    await result;
    return undefined;
  } catch (e) {
    return e;
  }
}

/**
 * Runs `call` and checks that it was refused with a typed input error, that no request was sent
 * (or, with `reads`, only GETs), and that no write was sent. Returns the error.
 */
export async function expectRefused(emu: ArmEmulator, call: () => unknown, expectation: RefusalExpectation = {}): Promise<Error> {
  const before = emu.requests.length;
  const error = await settle(call);
  const sent = emu.requests.slice(before);
  expect(error, "the call was accepted").toBeInstanceOf(Error);
  const e = error as Error;
  if (expectation.name === "PreflightError") {
    expect(e).toBeInstanceOf(PreflightError);
    if (expectation.parameter !== undefined) {
      expect((e as PreflightError).problems.map((p) => p.subject).join(" ")).toMatch(expectation.parameter);
    }
  } else {
    expect(e, `${e.name}: ${e.message}`).toBeInstanceOf(InputValidationError);
    expect(e.name).toBe(expectation.name ?? (e.name === "ConfirmationRequiredError" ? "ConfirmationRequiredError" : "InputValidationError"));
    const v = e as InputValidationError;
    expect(v.problem.length).toBeGreaterThan(0);
    expect(v.fix.length).toBeGreaterThan(0);
    if (expectation.parameter !== undefined) expect(v.issues.map((i) => i.parameter).join(" ")).toMatch(expectation.parameter);
  }
  expect(sent.filter((r) => writeMethods.has(r.method)).map((r) => `${r.method} ${r.path}`), "a write was sent").toEqual([]);
  if (!expectation.reads) expect(sent.map((r) => `${r.method} ${r.path}`), "a request was sent").toEqual([]);
  return e;
}

/** Writes the emulator has seen since `from`. */
export function writesSince(emu: ArmEmulator, from: number): string[] {
  return emu.requests.slice(from).filter((r) => writeMethods.has(r.method)).map((r) => `${r.method} ${r.path}`);
}

/** A protectable cluster, storage account and the ids of a setup around them (nothing created in the vault). */
export function seed(e: ArmEmulator, name: string, location = "westeurope"): EnableBackupRequest {
  return setupRequest(e, name, location);
}

/** Last segments that must never reach a path: traversal, encodings, query, fragment, control characters, spaces. */
export const hostileSegments = [
  "..", ".", "%2e%2e", "%2E%2E", ".%2e", "%2e", "name?api-version=1", "name#frag", "aks0?api-version=1&$filter=x#",
  "a\u0000b", "a\nb", "a\tb", "na me", "a%2Fb", "a\\b", "",
];

/** Values that are not ids at all. */
export const notIds: unknown[] = [undefined, null, 42, true, {}, [], "", "   ", "not-an-id", "/subscriptions/not-a-guid/resourceGroups/rg", "a".repeat(5000)];

/** Replaces the last segment of an id. */
export function withLastSegment(id: string, segment: string): string {
  return id.slice(0, id.lastIndexOf("/") + 1) + segment;
}

/** An arbitrary string that holds at least one token no ARM name may hold. */
export const hostileName = fc
  .tuple(fc.string({ maxLength: 8 }), fc.constantFrom("..", "%2e%2e", "?", "#", "\u0000", "\u001f", "/", "\\", " ", "%2F", "%00", "\u202e"), fc.string({ maxLength: 8 }))
  .map(([a, t, b]) => `${a}${t}${b}`);

/**
 * A hostile name for the last segment of an id. Trailing slashes are left out: an id's
 * trailing slash is dropped by design (ids pasted from the portal end in one), so `A0/` as a
 * last segment is the valid id `.../A0`; `test/common/armId.test.ts` covers that.
 */
export const hostileLastSegment = hostileName.filter((name) => !/\/+$/.test(name));

/** Numbers (and things) that are not a duration in ms. */
export const notADuration = fc.oneof(
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number("1e309"), Number("-1e309"), -1, -5),
  fc.double({ max: -0.001, noNaN: true }),
  fc.string({ maxLength: 5 }),
  fc.constantFrom(null, true, {}, []),
);

/** Run settings: small, so the suite stays fast. */
export const runs = { numRuns: Number(process.env.HOSTILE_RUNS ?? 12) } as const;

/** An AbortSignal that is not one. */
export const notSignals: unknown[] = [{}, "abort", 1, { aborted: "no" }, { aborted: false }];
