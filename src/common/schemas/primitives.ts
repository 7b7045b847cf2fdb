/** Small schemas every request and options schema is built from. */
import type { AbortSignalLike } from "@azure/abort-controller";
import type { TokenCredential } from "@azure/core-auth";
import { z } from "zod";
import { isGuid } from "../armId.js";
import { isKubernetesObjectName } from "../kubernetesNames.js";
import { isKubernetesQuantity, parseQuantity } from "../quantity.js";

/** Refinement parameters: the problem shown, and the fix. */
export function rule(problem: string, fix: string): { error: string; params: { fix: string } } {
  return { error: problem, params: { fix } };
}

/**
 * An object schema that refuses unknown keys, each reported at its own path with a
 * "did you mean" when a known key is close (e.g. `includeNamespaces` -> `includedNamespaces`).
 * Every other field is still checked, so all problems are reported at once.
 */
export function strictObject<S extends z.ZodRawShape>(shape: S): z.ZodObject<S, z.core.$strict> {
  const knownKeys = Object.keys(shape);
  const unknownKey = z.custom<never>((v) => v === undefined, { error: "unknown key", params: { knownKeys } });
  // Output type: the shape only (unknown keys never pass).
  return z.object(shape).catchall(unknownKey);
}

/** A finite number (`1e309`, NaN and Infinity refused). */
export const finiteNumber = z.number({ error: "it is not a finite number" });

/** A duration in milliseconds: finite and >= 0. */
export const durationInMs = z.number().refine((n) => Number.isFinite(n) && n >= 0, rule("it is not a duration", "pass a finite number of milliseconds >= 0"));

/** A positive whole number (a count, a concurrency). */
export const positiveInt = z.number().refine((n) => Number.isSafeInteger(n) && n >= 1, rule("it is not a positive whole number", "pass a whole number >= 1"));

/** A whole number of days in [min, max]. */
export function wholeDays(min: number, max: number): z.ZodType<number> {
  return z.number().refine((n) => Number.isInteger(n) && n >= min && n <= max, rule(`it is not a whole number of days from ${min} to ${max}`, `pass ${min}..${max}`));
}

/** A boolean that is a boolean: "false", "no", 0 are refused. */
export const realBoolean = z.boolean({ error: "it is not a boolean (a string such as \"false\" is not accepted)" });

const hasControlCharacter = (s: string): boolean => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** A non-empty string without control characters. */
export const nonEmptyText = z.string().refine((s) => s.trim() !== "" && !hasControlCharacter(s), rule("it is empty or has control characters", "pass a non-empty, printable string"));

/** A GUID (8-4-4-4-12 hex digits). */
export const guid = z.string().refine(isGuid, rule("it is not a GUID", "pass an id like 00000000-0000-0000-0000-000000000000"));

/** A function (a callback such as `onProgress`). */
export const callback = z.custom<(...args: never[]) => unknown>((v) => typeof v === "function", rule("it is not a function", "pass a function, or omit it"));

/** An `AbortSignalLike`: `aborted` and `addEventListener`/`removeEventListener`. */
export const abortSignalLike = z.custom<AbortSignalLike>((v) => {
  const s = v as { aborted?: unknown; addEventListener?: unknown; removeEventListener?: unknown } | null;
  return typeof s === "object" && s !== null && typeof s.aborted === "boolean" && typeof s.addEventListener === "function" && typeof s.removeEventListener === "function";
}, rule("it is not an AbortSignalLike", "pass an AbortController's signal (new AbortController().signal), or omit it"));

/** A `TokenCredential`: an object with `getToken`. */
export const tokenCredential = z.custom<TokenCredential>((v) => typeof v === "object" && v !== null && typeof (v as { getToken?: unknown }).getToken === "function",
  rule("it is not a TokenCredential (an object with getToken)", "pass e.g. new DefaultAzureCredential() from @azure/identity"));

/** An https URL without user info, query or fragment. */
export const httpsUrl = z.string().refine((s) => {
  if (!URL.canParse(s)) return false;
  const u = new URL(s);
  return u.protocol === "https:" && u.username === "" && u.password === "" && u.search === "" && u.hash === "";
}, rule("it is not an https URL", 'pass the ARM endpoint, e.g. "https://management.azure.com"'));

/** Whether `zone` is a time zone the runtime knows (IANA names such as "Europe/Paris", and "UTC"). */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name. */
export const timeZone = z.string().refine(isTimeZone, rule("it is not an IANA time zone", 'pass e.g. "UTC" or "Europe/Paris"'));

/** An ISO 8601 date-time with an offset, on a real calendar day ("2024-02-30T..." is refused). */
export const isoDateTimeWithOffset = z.string().refine((s) => z.iso.datetime({ offset: true }).safeParse(s).success && !Number.isNaN(Date.parse(s)),
  rule("it is not a real ISO 8601 date-time with an offset", 'pass e.g. "2024-01-01T09:00:00+00:00"'));

/** A Date (valid) or an ISO 8601 date-time string on a real day. */
export const dateLike = z.union([
  z.date().refine((d) => !Number.isNaN(d.getTime()), rule("it is an invalid Date", "pass a valid Date")),
  z.string().refine((s) => (z.iso.datetime({ offset: true }).safeParse(s).success || z.iso.date().safeParse(s).success || z.iso.datetime().safeParse(s).success), rule("it is not a real ISO 8601 date or date-time", 'pass e.g. "2024-05-01T00:00:00Z" or a Date')),
]);

/** A positive Kubernetes quantity ("500m", "1", "4400Mi", "1Gi"), finite. */
export function quantity(example: string): z.ZodType<string> {
  return z.string().refine((s) => {
    const v = isKubernetesQuantity(s) ? parseQuantity(s) : undefined;
    return v !== undefined && Number.isFinite(v) && v > 0;
  }, rule("it is not a positive Kubernetes quantity", `use a quantity such as ${example}`));
}

/** A Kubernetes namespace name (DNS label: lowercase letters, digits and '-', at most 63). */
export const namespaceName = z.string().refine((s) => s.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s),
  rule("it is not a Kubernetes namespace name", "use lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit"));

/** A Kubernetes object name (a DNS subdomain), e.g. a ConfigMap's. */
export const kubernetesObjectName = z.string().refine(isKubernetesObjectName,
  rule("it is not a Kubernetes object name", "use lowercase letters, digits, '-' and '.', at most 253 characters, starting and ending with a letter or digit"));

/** Options of every operation: `abortSignal`. */
export const operationOptionsShape = { abortSignal: abortSignalLike.optional() };

/** Options of every waiting operation. */
export const waitOptionsShape = {
  ...operationOptionsShape,
  onProgress: callback.optional(),
  pollIntervalInMs: durationInMs.optional(),
  timeoutInMs: durationInMs.optional(),
  restoreFrom: z.string().optional(),
};

/**
 * `OperationOptions` of a read: `abortSignal` is checked; other keys are let through, because
 * callers pass a wider options bag down to reads (a stray key cannot change what a read does).
 */
export const readOperationOptions = z.object(operationOptionsShape).optional();

/** `OperationOptions`, strict. */
export const operationOptions = strictObject(operationOptionsShape).optional();

/** `WaitOptions`, strict. */
export const waitOptions = strictObject(waitOptionsShape).optional();
