/**
 * Replays a recording from the shared recordings folder (real ARM traffic, see its README.md)
 * against a running emulator and reports every difference as readable text.
 *
 * API:
 * - `replayRecording(emu, options)` -> `ReplayReport`. Typical use:
 *   ```ts
 *   const report = await replayRecording(emu, { recording: "test_k8s_extension.json" });
 *   expect(report.problems, report.summary()).toEqual([]);
 *   ```
 *   Seed the emulator first (clusters, vaults, registered providers), and start it with
 *   `startArmEmulator({ subscriptionId: "00000000-0000-0000-0000-000000000000" })` so that the
 *   recorded ids work as they are; use `mapIds` for anything else.
 * - `loadRecording(name)` reads a recording; `recordingsDir()` is its folder
 *   (`recordings/` of `sharedDir()`: `$AKS_BACKUP_SHARED_DIR`, `../shared`, or the copy in test/fixtures).
 * - `armRequest(emu, method, pathAndQuery, options)` sends one raw HTTPS request with the
 *   emulator's token (or `token: null` for none) and returns `{ status, headers, body }`.
 * - `compareShapes(recorded, actual, options)` is the body comparison on its own.
 *
 * What happens per interaction, in order:
 * 1. `skip(interaction, index)` may return a reason: the step is skipped and annotated.
 * 2. Recorded LRO polls are not sent. A recorded interaction is a poll when it GETs the path of
 *    an earlier response's `azure-asyncoperation`/`operation-location` header, or of its
 *    `location` header when that differs from the request path. At the first recorded poll of
 *    an operation the harness follows the EMULATOR's own header instead, advancing simulated
 *    time by `advanceSecondsPerPoll` before each poll, until a terminal status (or, for
 *    `location`, a non-202), and compares that final answer with the recording's last poll of
 *    the same kind. The other recorded polls are annotated as skipped. An operation the
 *    recording never polled (e.g. `--no-wait`) is not followed either.
 * 3. Otherwise it sends method, path, `api-version`, query and body (after `mapIds`) and compares:
 *    - status codes;
 *    - LRO headers (`azure-asyncoperation`, `operation-location`, `location`): presence, and path
 *      shape as a template (GUIDs and long ids become `{id}`, path compared case-insensitively,
 *      query keys compared exactly, e.g. `api-Version`);
 *    - body shape (see `compareShapes`): key sets, value types (null counts as its own type),
 *      and exact values of enum-like keys (`enumKeys`), ignoring volatile keys.
 * A 404 `InvalidResourceType`/`InvalidResourceNamespace` from the emulator where the recording
 * has something else is reported as "not served" so it can be skipped with a reason.
 */
import { readFileSync } from "node:fs";
import { request } from "node:https";
import path from "node:path";
import type { ArmEmulator } from "../../src/index.js";
import { sharedDir } from "./shared.js";

/** One recorded HTTP exchange, as the recordings README describes it. */
export interface RecordedInteraction {
  method: string;
  path: string;
  apiVersion: string | null;
  query: Record<string, string>;
  requestBody: unknown;
  status: number;
  headers: Record<string, string>;
  responseBody: unknown;
}

/** A recording file. */
export interface Recording {
  source: { repo: string; path: string; commit: string };
  interactions: RecordedInteraction[];
}

/** A raw response. `body` is parsed JSON, the raw text if not JSON, or null when empty. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Options of {@link armRequest}. */
export interface ArmRequestOptions {
  /** JSON body to send. */
  body?: unknown;
  /** A body sent as is (wins over `body`), e.g. to send broken JSON. */
  rawBody?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Bearer token; default: one from `emu.credential`; `null` sends no Authorization header. */
  token?: string | null;
}

/** Options of {@link compareShapes}. */
export interface ShapeOptions {
  /** Keys never compared, at any depth. Default: {@link volatileKeys}. */
  volatileKeys?: readonly string[];
  /** Keys whose string values must be equal. Default: {@link defaultEnumKeys}. */
  enumKeys?: readonly string[];
  /**
   * Paths not compared, with the reason (for the record). A path is dot-separated from the body
   * root (`properties.currentVersion`, `value.0.name`); `*` matches one segment, `**` any number.
   */
  ignore?: ReadonlyArray<{ path: string; reason: string }>;
}

/** Options of {@link replayRecording}. */
export interface ReplayOptions extends ShapeOptions {
  /** A file name in the recordings folder, or an absolute path. */
  recording: string;
  /**
   * Recorded substring -> emulator substring, applied (case-insensitively) to paths, queries,
   * request bodies and recorded headers. Read at every interaction: `before` may add entries.
   */
  mapIds?: Record<string, string>;
  /** Returns a reason to skip the interaction (it is not sent), or undefined to send it. */
  skip?: (interaction: RecordedInteraction, index: number) => string | undefined;
  /** Runs before each interaction is handled (seed state, move time). */
  before?: (interaction: RecordedInteraction, index: number) => void | Promise<void>;
  /** Simulated seconds to advance before each poll of an emulator LRO. Default: 30. */
  advanceSecondsPerPoll?: number;
  /** Polls before giving up on an emulator LRO. Default: 50. */
  maxPolls?: number;
}

/** What happened to one recorded interaction. */
export interface ReplayStep {
  index: number;
  method: string;
  path: string;
  /** `sent`: replayed and compared; `followed`: first recorded poll, replaced by following the emulator; `skipped`: not sent. */
  outcome: "sent" | "followed" | "skipped";
  /** Why it was skipped. */
  reason?: string;
  recordedStatus: number;
  /** The emulator's status (for `followed`, that of its final poll). */
  status?: number;
  /** Differences found; empty when it matched. */
  problems: string[];
}

/** Result of {@link replayRecording}. */
export interface ReplayReport {
  steps: ReplayStep[];
  /** Every difference, each prefixed with `#index METHOD path`. Empty when the replay matched. */
  problems: string[];
  /** A readable line per step, then the problems. Use as the assertion message. */
  summary(): string;
}

/** Keys ignored by default: ids, times, etags and other values that change between runs. */
export const volatileKeys = ["systemData", "etag", "startTime", "endTime", "duration", "createdAt", "lastModifiedAt", "time", "lastModifiedTime"] as const;

/** Keys whose string values are compared exactly by default. */
export const defaultEnumKeys = [
  "provisioningState", "status", "registrationState", "registrationPolicy", "type", "kind", "objectType", "code",
  "currentProtectionState", "level", "displayStatus", "extensionType", "releaseTrain",
] as const;


/** The shared recordings folder. */
export function recordingsDir(): string {
  return path.join(sharedDir(), "recordings");
}

/** Reads a recording by file name (in {@link recordingsDir}) or absolute path. */
export function loadRecording(name: string): Recording {
  const file = path.isAbsolute(name) ? name : path.join(recordingsDir(), name);
  return JSON.parse(readFileSync(file, "utf8")) as Recording;
}

function parseBody(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Sends one HTTPS request to the emulator. `pathAndQuery` may also be an absolute emulator URL. */
export async function armRequest(emu: ArmEmulator, method: string, pathAndQuery: string, options: ArmRequestOptions = {}): Promise<RawResponse> {
  const url = pathAndQuery.startsWith("https://") ? pathAndQuery : emu.endpoint + pathAndQuery;
  const token = options.token === undefined ? (await emu.credential.getToken("https://management.azure.com/.default"))?.token : options.token;
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = { ...options.headers };
  if (token !== null && token !== undefined) headers["authorization"] = `Bearer ${token}`;
  if (payload !== undefined) headers["content-type"] = "application/json";
  const { hostname, port } = new URL(url);
  // Sent as a raw request target (not via URL) so that paths like `//subscriptions` reach the server as written.
  const target = url.slice(url.indexOf("/", "https://".length));
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path: target, method, headers, ca: emu.ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(", ") : v;
        resolve({ status: res.statusCode ?? 0, headers: h, body: parseBody(Buffer.concat(chunks).toString("utf8")) });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

// ---- shapes ----

function typeOf(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeOf(v) === "object";
}

function show(v: unknown): string {
  const s = JSON.stringify(v) ?? "undefined";
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
}

function globMatch(pattern: string[], p: string[]): boolean {
  if (pattern.length === 0) return p.length === 0;
  const [head, ...rest] = pattern;
  if (head === "**") return p.some((_, i) => globMatch(rest, p.slice(i))) || globMatch(rest, []);
  if (p.length === 0) return false;
  return (head === "*" || head === p[0]) && globMatch(rest, p.slice(1));
}

/**
 * Compares the shape of an emulator body with a recorded one and returns the differences
 * (`body.path: ...` lines). Objects: key sets and, per key, value types; strings under
 * `enumKeys` must be equal. Arrays of equal length are compared item by item; otherwise the
 * items are compared as a set of shapes (keys every recorded item has must be in every emulator
 * item; keys no recorded item has are extra), and a top-level `value` list must have the same
 * length. Arrays of scalars are compared by item type only.
 */
export function compareShapes(recorded: unknown, actual: unknown, options: ShapeOptions = {}): string[] {
  const volatile = new Set(options.volatileKeys ?? volatileKeys);
  const enums = new Set(options.enumKeys ?? defaultEnumKeys);
  const ignore = (options.ignore ?? []).map((i) => i.path.split("."));
  const out: string[] = [];
  const ignored = (p: string[]): boolean => ignore.some((g) => globMatch(g, p));
  const name = (p: string[]): string => (p.length === 0 ? "body" : `body.${p.join(".")}`);

  const walk = (rec: unknown, act: unknown, p: string[]): void => {
    if (ignored(p)) return;
    const key = p[p.length - 1];
    if (key !== undefined && volatile.has(key)) return;
    const [rt, at] = [typeOf(rec), typeOf(act)];
    if (rt !== at) {
      out.push(`${name(p)}: recorded ${rt} ${show(rec)}, emulator ${at} ${show(act)}`);
      return;
    }
    if (rt === "string" && key !== undefined && enums.has(key) && rec !== act) {
      out.push(`${name(p)}: recorded ${show(rec)}, emulator ${show(act)}`);
    } else if (isRecord(rec) && isRecord(act)) {
      for (const k of Object.keys(rec)) {
        if (!(k in act)) { if (!ignored([...p, k]) && !volatile.has(k)) out.push(`${name([...p, k])}: missing in emulator (recorded ${show(rec[k])})`); }
        else walk(rec[k], act[k], [...p, k]);
      }
      for (const k of Object.keys(act)) {
        if (!(k in rec) && !ignored([...p, k]) && !volatile.has(k)) out.push(`${name([...p, k])}: extra in emulator (${show(act[k])})`);
      }
    } else if (Array.isArray(rec) && Array.isArray(act)) {
      compareArrays(rec, act, p);
    }
  };

  const compareArrays = (rec: unknown[], act: unknown[], p: string[]): void => {
    if (rec.length === act.length) {
      rec.forEach((r, i) => walk(r, act[i], [...p, String(i)]));
      return;
    }
    if (p.length === 1 && p[0] === "value") out.push(`body.value: recorded ${rec.length} items, emulator ${act.length}`);
    const recItems = rec.filter(isRecord);
    const actItems = act.filter(isRecord);
    if (recItems.length === 0 || actItems.length === 0) {
      const [r0, a0] = [rec[0], act[0]];
      if (rec.length > 0 && act.length > 0 && typeOf(r0) !== typeOf(a0)) out.push(`${name([...p, "*"])}: recorded items ${typeOf(r0)}, emulator items ${typeOf(a0)}`);
      return;
    }
    const everywhere = Object.keys(recItems[0]!).filter((k) => recItems.every((r) => k in r));
    const anywhere = new Set(recItems.flatMap((r) => Object.keys(r)));
    actItems.forEach((a, i) => {
      for (const k of everywhere) if (!(k in a) && !ignored([...p, String(i), k]) && !volatile.has(k)) out.push(`${name([...p, String(i), k])}: missing in emulator`);
      for (const k of Object.keys(a)) {
        if (!anywhere.has(k) && !ignored([...p, String(i), k]) && !volatile.has(k)) out.push(`${name([...p, String(i), k])}: extra in emulator (${show(a[k])})`);
        const r = recItems.find((x) => k in x);
        if (r && typeOf(r[k]) !== typeOf(a[k]) && !ignored([...p, String(i), k]) && !volatile.has(k)) {
          out.push(`${name([...p, String(i), k])}: recorded ${typeOf(r[k])}, emulator ${typeOf(a[k])} ${show(a[k])}`);
        }
      }
    });
  };

  walk(recorded, actual, []);
  return out;
}

// ---- LRO headers ----

const lroHeaders = ["azure-asyncoperation", "operation-location", "location"] as const;
const guidLike = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|[A-Za-z0-9+/_=-]{40,})$/i;

function stripOrigin(url: string): string {
  return url.replace(/^https?:\/\/[^/]+/i, "");
}

function pathOnly(url: string): string {
  return stripOrigin(url).split("?")[0]!.replace(/\/+$/, "").toLowerCase();
}

/** A path template: lower-cased path with GUIDs and long ids as `{id}`, plus the query keys (api-version value kept). */
export function urlTemplate(url: string): string {
  const [p = "", q = ""] = stripOrigin(url).split("?");
  const segs = p.split("/").map((s) => (guidLike.test(decodeURIComponent(s)) ? "{id}" : s.toLowerCase()));
  const query = new URLSearchParams(q);
  const keys = [...query.keys()].sort().map((k) => (k.toLowerCase() === "api-version" ? `${k}=${query.get(k) ?? ""}` : k));
  return segs.join("/") + (keys.length > 0 ? `?${keys.join("&")}` : "");
}

function compareHeaders(recorded: Record<string, string>, actual: Record<string, string>): string[] {
  const out: string[] = [];
  for (const h of lroHeaders) {
    const [r, a] = [recorded[h], actual[h]];
    if (r === undefined && a === undefined) continue;
    if (r === undefined) out.push(`header ${h}: not recorded, emulator sent ${a}`);
    else if (a === undefined) out.push(`header ${h}: recorded ${r}, emulator sent none`);
    else if (urlTemplate(r) !== urlTemplate(a)) out.push(`header ${h}: recorded shape ${urlTemplate(r)}, emulator ${urlTemplate(a)}`);
  }
  return out;
}

// ---- replay ----

function mapString(s: string, ids: Array<[RegExp, string]>): string {
  return ids.reduce((acc, [re, to]) => acc.replace(re, to), s);
}

function mapDeep(v: unknown, ids: Array<[RegExp, string]>): unknown {
  if (typeof v === "string") return mapString(v, ids);
  if (Array.isArray(v)) return v.map((x) => mapDeep(x, ids));
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [mapString(k, ids), mapDeep(x, ids)]));
  return v;
}

interface Poll {
  /** Index of the interaction that started the operation. */
  start: number;
  via: "async" | "location";
}

/** Marks which interactions poll an earlier operation. */
function classifyPolls(interactions: RecordedInteraction[]): Map<number, Poll> {
  const monitors = new Map<string, Poll>();
  const polls = new Map<number, Poll>();
  interactions.forEach((it, i) => {
    const p = pathOnly(it.path);
    const poll = it.method === "GET" ? monitors.get(p) : undefined;
    if (poll) {
      polls.set(i, poll);
      return;
    }
    const async = it.headers["azure-asyncoperation"] ?? it.headers["operation-location"];
    if (async !== undefined) monitors.set(pathOnly(async), { start: i, via: "async" });
    const loc = it.headers["location"];
    if (loc !== undefined && pathOnly(loc) !== p) monitors.set(pathOnly(loc), { start: i, via: "location" });
  });
  return polls;
}

const terminal = new Set(["succeeded", "failed", "canceled", "cancelled"]);

function statusOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const s = body["status"] ?? (isRecord(body["properties"]) ? body["properties"]["provisioningState"] : undefined);
  return typeof s === "string" ? s : undefined;
}

/** Follows an emulator monitor URL until it ends; returns the last answer. */
async function follow(emu: ArmEmulator, url: string, via: Poll["via"], options: ReplayOptions): Promise<RawResponse> {
  const max = options.maxPolls ?? 50;
  for (let n = 0; n < max; n++) {
    emu.advanceTime(options.advanceSecondsPerPoll ?? 30);
    const res = await armRequest(emu, "GET", url);
    if (via === "location" ? res.status !== 202 : res.status >= 400 || terminal.has((statusOf(res.body) ?? "").toLowerCase())) return res;
  }
  throw new Error(`replay: the emulator's operation ${url} did not end after ${max} polls`);
}

function notServed(res: RawResponse, recordedStatus: number): boolean {
  const code = isRecord(res.body) && isRecord(res.body["error"]) ? res.body["error"]["code"] : undefined;
  return res.status === 404 && recordedStatus !== 404 && (code === "InvalidResourceType" || code === "InvalidResourceNamespace");
}

/** Replays a recording against the emulator and reports the differences. */
export async function replayRecording(emu: ArmEmulator, options: ReplayOptions): Promise<ReplayReport> {
  const { interactions } = loadRecording(options.recording);
  // Read again at every interaction, so that `before` may add ids the emulator generated (jobs, recovery points).
  const idMap = (): Array<[RegExp, string]> => Object.entries(options.mapIds ?? {}).map(([from, to]) => [
    new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), to,
  ]);
  let ids = idMap();
  const polls = classifyPolls(interactions);
  /** The emulator's monitor URLs of each started operation, by start index. */
  const started = new Map<number, Record<string, string>>();
  const followed = new Set<string>();
  const steps: ReplayStep[] = [];

  for (const [index, it] of interactions.entries()) {
    await options.before?.(it, index);
    ids = idMap();
    const base = { index, method: it.method, path: it.path, recordedStatus: it.status };
    const reason = options.skip?.(it, index);
    if (reason !== undefined) {
      steps.push({ ...base, outcome: "skipped", reason, problems: [] });
      continue;
    }
    const poll = polls.get(index);
    if (poll) {
      const key = `${poll.start}:${poll.via}`;
      const emuHeaders = started.get(poll.start);
      if (followed.has(key) || !emuHeaders) {
        steps.push({ ...base, outcome: "skipped", reason: emuHeaders ? "LRO poll: replaced by following the emulator's header" : "LRO poll of an operation that was not replayed", problems: [] });
        continue;
      }
      followed.add(key);
      const url = poll.via === "async" ? (emuHeaders["azure-asyncoperation"] ?? emuHeaders["operation-location"]) : emuHeaders["location"];
      if (url === undefined) {
        steps.push({ ...base, outcome: "followed", problems: [`the recording polls its ${poll.via} header but the emulator sent none`] });
        continue;
      }
      const res = await follow(emu, url, poll.via, options);
      // Compare with the recording's last poll of this operation through the same header.
      const lastIndex = Math.max(...[...polls].filter(([, p]) => p.start === poll.start && p.via === poll.via).map(([i]) => i));
      const last = interactions[lastIndex]!;
      const problems = res.status !== last.status ? [`status: recorded ${last.status} (final poll #${lastIndex}), emulator ${res.status}`] : [];
      problems.push(...compareShapes(mapDeep(last.responseBody, ids), res.body, options));
      steps.push({ ...base, outcome: "followed", status: res.status, problems });
      continue;
    }
    const query = new URLSearchParams();
    if (it.apiVersion !== null) query.set("api-version", it.apiVersion);
    for (const [k, v] of Object.entries(it.query)) query.set(k, mapString(v, ids));
    const q = query.toString();
    const res = await armRequest(emu, it.method, mapString(it.path, ids) + (q ? `?${q}` : ""), {
      ...(it.requestBody === null ? {} : { body: mapDeep(it.requestBody, ids) }),
    });
    started.set(index, res.headers);
    if (notServed(res, it.status)) {
      steps.push({ ...base, outcome: "sent", status: res.status, problems: [`not served by the emulator (${show(res.body)}); skip it with a reason`] });
      continue;
    }
    const problems: string[] = [];
    if (res.status !== it.status) problems.push(`status: recorded ${it.status}, emulator ${res.status}`);
    problems.push(...compareHeaders(mapDeep(it.headers, ids) as Record<string, string>, res.headers));
    problems.push(...compareShapes(mapDeep(it.responseBody, ids), res.body, options));
    steps.push({ ...base, outcome: "sent", status: res.status, problems });
  }

  const problems = steps.flatMap((s) => s.problems.map((p) => `#${s.index} ${s.method} ${s.path}: ${p}`));
  return {
    steps,
    problems,
    summary: () => [
      ...steps.map((s) => {
        const head = `#${s.index} ${s.method} ${s.path} -> recorded ${s.recordedStatus}`;
        if (s.outcome === "skipped") return `${head}, skipped: ${s.reason ?? ""}`;
        return `${head}, emulator ${s.status ?? "-"}${s.outcome === "followed" ? " (followed the emulator's LRO)" : ""}${s.problems.length ? ` [${s.problems.length} problem(s)]` : " ok"}`;
      }),
      ...(problems.length ? ["", "Problems:", ...problems] : []),
    ].join("\n"),
  };
}
