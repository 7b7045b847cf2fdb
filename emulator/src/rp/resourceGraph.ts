import { createHash, randomUUID } from "node:crypto";
import { ArmError, badRequest } from "../http/armError.js";
import { retryAfterHeaders } from "../http/retryAfter.js";
import type { ArmResponse, Route, RouteContext } from "../http/router.js";
import type { EmulatorState } from "../state/state.js";
import * as published from "../data/apiVersions.js";
import { idsOf, queryForms } from "./resourceGraphForms.js";

/**
 * Azure Resource Graph: `POST /providers/Microsoft.ResourceGraph/resources` (`Resources` of the
 * 2024-04-01 spec, as `@azure/arm-resourcegraph` 5 sends it). Answers the exact query forms of
 * `resourceGraphForms.ts` from emulator state, in ARG's response shape (`totalRecords`, `count`,
 * `data` as an object array, `$skipToken`, `resultTruncated`), with ARG's own paging
 * (`options.$top`, `options.$skip`, `options.$skipToken`) and per-user quota headers.
 */

const versions = published.versionsOf(published.resourceGraph);
/** ARG's default page size, and the largest `$top` it takes. */
const defaultTop = 100;
const maxTop = 1000;
/** ARG's documented default quota: 15 queries per 5-second window per user. */
export const resourceGraphQuota = { requests: 15, windowSeconds: 5 } as const;

interface QuotaWindow {
  start: number;
  used: number;
}
const windows = new WeakMap<EmulatorState, QuotaWindow>();

/** `hh:mm:ss`, as ARG writes `x-ms-user-quota-resets-after`. */
function hms(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, "0")).join(":");
}

/**
 * Spends one query of the caller's quota window (simulated time). Guess: one window per
 * emulator (it has one caller); ARG keys it by user. A query over quota is answered 429
 * `RateLimiting` (Guess: the code ARG's throttling guidance shows) with the reset time, and
 * `Retry-After` / `retry-after-ms` (Guess: the emulator adds them so Azure SDK retry policies wait).
 */
function takeQuota(state: EmulatorState): Record<string, string> {
  const now = state.clock.now();
  let w = windows.get(state);
  if (!w || now - w.start >= resourceGraphQuota.windowSeconds * 1000) {
    w = { start: now, used: 0 };
    windows.set(state, w);
  }
  const resetsAfter = (w.start + resourceGraphQuota.windowSeconds * 1000 - now) / 1000;
  if (w.used >= resourceGraphQuota.requests) {
    const headers = { "x-ms-user-quota-remaining": "0", "x-ms-user-quota-resets-after": hms(resetsAfter), ...retryAfterHeaders(state.clock, resetsAfter) };
    throw new ArmError(429, "RateLimiting", "Client application has been throttled and should not attempt to repeat the request until an amount of time has elapsed. Please see https://aka.ms/resourcegraph-throttling for help.", {}, headers);
  }
  w.used += 1;
  return { "x-ms-user-quota-remaining": String(resourceGraphQuota.requests - w.used), "x-ms-user-quota-resets-after": hms(resetsAfter) };
}

/** ARG's 400 for a query it cannot run (Guess: wording; codes as ARG answers a parser failure). */
function invalidQuery(detail: string, headers: Record<string, string>): ArmError {
  return new ArmError(400, "BadRequest", `Please provide below info when asking for support: timestamp = ${new Date().toISOString()}, correlationId = ${randomUUID()}.`, {
    details: [
      { code: "InvalidQuery", message: "Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying." },
      { code: "UnsupportedQuery", message: detail },
    ],
  }, headers);
}

interface SkipToken {
  /** Offset of the next page. */
  o: number;
  /** Hash of the query and scopes the token belongs to. */
  h: string;
}

function readOptions(body: Record<string, unknown>, headers: Record<string, string>): { top: number; skip: number; token: string | undefined } {
  const options = body["options"];
  if (options !== undefined && options !== null && (typeof options !== "object" || Array.isArray(options))) throw badRequest("'options' must be an object.", "InvalidRequestContent", "options");
  const o = (options ?? {}) as Record<string, unknown>;
  const top = o["$top"] ?? defaultTop;
  const skip = o["$skip"] ?? 0;
  if (typeof top !== "number" || !Number.isInteger(top) || top < 1 || top > maxTop) throw invalidQuery(`'$top' must be a whole number from 1 to ${maxTop}.`, headers);
  if (typeof skip !== "number" || !Number.isInteger(skip) || skip < 0) throw invalidQuery("'$skip' must be a whole number >= 0.", headers);
  const format = o["resultFormat"];
  if (format !== undefined && format !== "objectArray") throw invalidQuery("The emulator answers resultFormat 'objectArray' only.", headers);
  const token = o["$skipToken"];
  if (token !== undefined && typeof token !== "string") throw badRequest("'$skipToken' must be a string.", "InvalidRequestContent", "options.$skipToken");
  return { top, skip, token };
}

function query(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const quota = takeQuota(state);
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  if (typeof body !== "object" || Array.isArray(body)) throw badRequest("The request body must be a query request object.");
  const text = body["query"];
  if (typeof text !== "string" || text.trim() === "") throw badRequest("The 'query' property is required.", "InvalidRequestContent", "query");
  const subsIn = body["subscriptions"];
  if (subsIn !== undefined && (!Array.isArray(subsIn) || subsIn.some((s) => typeof s !== "string"))) throw badRequest("'subscriptions' must be an array of strings.", "InvalidRequestContent", "subscriptions");
  // Guess: no subscriptions (and any management groups) means every subscription the caller can read.
  const subs = new Set(((subsIn as string[] | undefined) ?? [...state.subscriptions]).map((s) => s.toLowerCase()).filter((s) => state.subscriptions.has(s)));
  const { top, skip, token } = readOptions(body, quota);
  const normalised = text.replace(/\s+/g, " ").trim();
  const match = queryForms.map((f) => ({ f, m: f.pattern.exec(normalised) })).find((x) => x.m);
  if (!match) throw invalidQuery("The emulator answers only the Resource Graph query forms documented in emulator/README.md (it is not a KQL engine).", quota);
  const rows = match.f.rows(state, subs, idsOf(match.m![1]));
  const hash = createHash("sha256").update(JSON.stringify([normalised, [...subs].sort()])).digest("base64url").slice(0, 16);
  let offset = skip;
  if (token !== undefined) {
    let parsed: SkipToken | undefined;
    try {
      parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as SkipToken;
    } catch {
      parsed = undefined;
    }
    // Guess: a token used with another query or other scopes is refused like a malformed one.
    if (!parsed || typeof parsed.o !== "number" || parsed.h !== hash) throw invalidQuery("The $skipToken is not valid for this query and these scopes.", quota);
    offset = parsed.o;
  }
  const data = rows.slice(offset, offset + top);
  const next = offset + top < rows.length ? Buffer.from(JSON.stringify({ o: offset + top, h: hash } satisfies SkipToken)).toString("base64url") : undefined;
  return {
    status: 200,
    headers: quota,
    body: { totalRecords: rows.length, count: data.length, data, facets: [], resultTruncated: "false", ...(next ? { $skipToken: next } : {}) },
  };
}

/** The Resource Graph route. A read: it needs no provider registration (it has no subscription in its path). */
export function resourceGraphRoutes(state: EmulatorState): Route[] {
  return [{ method: "POST", template: "/providers/Microsoft.ResourceGraph/resources", apiVersions: versions, namespace: "Microsoft.ResourceGraph", write: false, handler: (ctx) => query(state, ctx) }];
}
