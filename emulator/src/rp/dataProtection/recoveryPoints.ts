import { randomBytes, randomUUID } from "node:crypto";
import { resourceNotFound } from "../../http/armError.js";
import { pageOf } from "../../http/paging.js";
import type { ArmResponse, Route, RouteContext } from "../../http/router.js";
import type { BackupInstanceRecord, BackupPolicyRecord, RecoveryPointRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { requireInstance } from "./backupInstances.js";
import { instanceTemplate, isObject, routeBase, userError, type Json } from "./common.js";
import { isContinuous, restorableWindow } from "./continuousRestore.js";
import { protectionOf } from "./instanceState.js";
import { dropExpiredStores } from "./tiering.js";
import { captureRecoveryPointObjects } from "../clusterObjects.js";

/** ARM type of recovery points. */
export const recoveryPointType = "Microsoft.DataProtection/backupVaults/backupInstances/recoveryPoints";
const day = 86_400;

/**
 * Seconds in an ISO 8601 duration (`P7D`, `PT4H`, `P1W`...), or undefined if it is not one.
 * Guess: a month counts 30 days and a year 365, as the service's exact calendar rules are not specified.
 */
export function durationSeconds(iso: string): number | undefined {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m || iso === "P" || iso.endsWith("T")) return undefined;
  const [y, mo, w, d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number, number];
  return ((y * 365 + mo * 30 + w * 7 + d) * day) + h * 3600 + min * 60 + s;
}

/** Retention of OperationalStore points with this tag: the retention rule of that name, else the default one. Default P7D. */
function retentionSeconds(policy: BackupPolicyRecord | undefined, tag: string): number {
  const rules = (policy?.body.properties["policyRules"] as Json[] | undefined) ?? [];
  const retention = rules.filter((r) => r["objectType"] === "AzureRetentionRule");
  const rule = retention.find((r) => String(r["name"]).toLowerCase() === tag.toLowerCase()) ?? retention.find((r) => r["isDefault"] === true);
  const lifecycles = (rule?.["lifecycles"] as Json[] | undefined) ?? [];
  const op = lifecycles.find((l) => isObject(l["sourceDataStore"]) && l["sourceDataStore"]["dataStoreType"] === "OperationalStore") ?? lifecycles[0];
  const duration = isObject(op?.["deleteAfter"]) ? String(op["deleteAfter"]["duration"]) : "P7D";
  return durationSeconds(duration) ?? 7 * day;
}

/** .NET ticks of a time, as the service reports `retentionTagVersion`. */
function ticks(ms: number): string {
  return (BigInt(ms) * 10_000n + 621_355_968_000_000_000n).toString();
}

/** Creates the recovery point of a successful backup at `timeMs` and applies retention. */
export function createRecoveryPoint(state: EmulatorState, bi: BackupInstanceRecord, timeMs: number, tag: string, resourceCount: number): RecoveryPointRecord {
  const policyId = isObject(bi.body.properties["policyInfo"]) ? String(bi.body.properties["policyInfo"]["policyId"]) : "";
  const policy = state.backupPolicies.get(policyId);
  const expiresAt = timeMs + retentionSeconds(policy, tag) * 1000;
  const name = randomBytes(16).toString("hex");
  const id = `${bi.id}/recoveryPoints/${name}`;
  const iso = (ms: number): string => new Date(ms).toISOString();
  const properties: Json = {
    objectType: "AzureBackupDiscreteRecoveryPoint", recoveryPointId: name, recoveryPointTime: iso(timeMs), recoveryPointType: "Incremental", friendlyName: name,
    recoveryPointDataStoresDetails: [{
      // Guess: the recorded point (2024-04-01) reports expiryTime null; the emulator reports the expiry its retention applies.
      id: randomUUID(), type: "OperationalStore", creationTime: iso(timeMs), expiryTime: iso(expiresAt), metaData: null, visible: true, state: "COMMITTED",
      rehydrationExpiryTime: null, rehydrationStatus: null,
    }],
    // As recorded: the tag in lower case, the version as .NET ticks, policyVersion, expiryTime and recoveryPointState null.
    retentionTagName: tag.toLowerCase(), retentionTagVersion: ticks(timeMs), policyName: policyId.split("/").pop() ?? "", policyVersion: null, expiryTime: null, recoveryPointState: null,
  };
  const rp = state.recoveryPoints.set({ id, backupInstanceId: bi.id, time: timeMs, expiresAt, resourceCount, body: { properties, id, name, type: recoveryPointType } });
  captureRecoveryPointObjects(state, bi.datasourceId, id);
  pruneRecoveryPoints(state, bi, timeMs);
  return rp;
}

/**
 * Removes the points of a backup instance past their retention, always keeping the latest (as
 * the spec says of suspended backups). A stopped instance keeps everything ("held forever").
 */
export function pruneRecoveryPoints(state: EmulatorState, bi: BackupInstanceRecord, nowMs: number): void {
  if (protectionOf(bi).current === "ProtectionStopped") return;
  const points = state.recoveryPoints.under(`${bi.id}/recoveryPoints`);
  const latest = points.reduce<RecoveryPointRecord | undefined>((a, b) => (!a || b.time > a.time ? b : a), undefined);
  for (const rp of points) {
    if (rp !== latest && rp.expiresAt <= nowMs) state.recoveryPoints.delete(rp.id);
    else dropExpiredStores(rp, nowMs);
  }
}

/** The points of a backup instance, newest first (retention applied). Guess: the order is not recorded. */
export function pointsOf(state: EmulatorState, bi: BackupInstanceRecord): RecoveryPointRecord[] {
  pruneRecoveryPoints(state, bi, state.clock.now());
  return state.recoveryPoints.under(`${bi.id}/recoveryPoints`).sort((a, b) => b.time - a.time);
}

/** The `$filter` window: `startDate eq '<iso>' and endDate eq '<iso>'` (either part optional; empty means all). */
export function filterWindow(filter: string | null): { from: number; to: number } {
  const window = { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY };
  if (filter === null || filter.trim() === "") return window;
  const parts = filter.split(/\s+and\s+/i).map((p) => /^\s*(startDate|endDate)\s+eq\s+'([^']+)'\s*$/i.exec(p));
  for (const m of parts) {
    const t = m ? Date.parse(m[2]!) : Number.NaN;
    // Guess: code and wording for a filter the service cannot parse.
    if (!m || Number.isNaN(t)) throw userError(400, "UserErrorInvalidFilter", `The filter '${filter}' is not valid. Use startDate eq '<ISO 8601 time>' and endDate eq '<ISO 8601 time>'.`, ["Correct the $filter and retry."]);
    if (m[1]!.toLowerCase() === "startdate") window.from = t;
    else window.to = t;
  }
  return window;
}

function requirePoint(state: EmulatorState, ctx: RouteContext): RecoveryPointRecord {
  const bi = requireInstance(state, ctx);
  const name = ctx.params["recoveryPointId"]!;
  const rp = pointsOf(state, bi).find((p) => p.body["name"] === name);
  if (!rp) throw resourceNotFound(recoveryPointType, name, ctx.params["resourceGroupName"]);
  return rp;
}

function findRestorableTimeRanges(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const bi = requireInstance(state, ctx);
  const body = isObject(ctx.body) ? ctx.body : {};
  if (typeof body["sourceDataStoreType"] !== "string") throw userError(400, "UserErrorInvalidRequestParameter", "'sourceDataStoreType' is required.", ["Correct the request and retry."]);
  const from = typeof body["startTime"] === "string" ? Date.parse(body["startTime"]) : Number.NEGATIVE_INFINITY;
  const to = typeof body["endTime"] === "string" ? Date.parse(body["endTime"]) : Number.POSITIVE_INFINITY;
  const range = (a: number, b: number): Json => ({ startTime: new Date(a).toISOString(), endTime: new Date(b).toISOString(), objectType: "RestorableTimeRange" });
  let ranges: Json[];
  if (isContinuous(bi)) {
    // As recorded (restore_blob #0): a continuously backed-up instance has one range, its window.
    const w = restorableWindow(state, bi);
    const [a, b] = [Math.max(w.from, from), Math.min(w.to, to)];
    ranges = body["sourceDataStoreType"] === "OperationalStore" && a <= b ? [range(a, b)] : [];
  } else {
    // Guess: AKS points are discrete, so each point is a range of one instant.
    ranges = pointsOf(state, bi).filter((p) => p.time >= from && p.time <= to && body["sourceDataStoreType"] === "OperationalStore").reverse().map((p) => range(p.time, p.time));
  }
  // As recorded: `id` is the backup instance's name, and there is no `name`.
  return { status: 200, body: { properties: { restorableTimeRanges: ranges, objectType: "AzureBackupFindRestorableTimeRangesResponse" }, id: bi.name, type: "Microsoft.DataProtection/backupVaults/backupInstances/findRestorableTimeRanges" } };
}

/**
 * A point as the list answers it. As recorded (recovery_point_show): the list reports every
 * store's `metaData` as null, while a GET of the point answers it in full.
 */
function listItem(rp: RecoveryPointRecord): Json {
  const props = rp.body.properties;
  const details = props["recoveryPointDataStoresDetails"];
  if (!Array.isArray(details)) return rp.body;
  return { ...rp.body, properties: { ...props, recoveryPointDataStoresDetails: details.map((d: unknown) => (isObject(d) ? { ...d, metaData: null } : d)) } };
}

/** Routes of recovery points: list (paged, `$filter`), get, and findRestorableTimeRanges (CONTRACTS 5.5, 5.7). */
export function recoveryPointRoutes(state: EmulatorState): Route[] {
  return [
    {
      ...routeBase, method: "GET", template: `${instanceTemplate}/recoveryPoints`,
      handler: (ctx) => {
        const { from, to } = filterWindow(ctx.query.get("$filter"));
        const items = pointsOf(state, requireInstance(state, ctx)).filter((p) => p.time >= from && p.time <= to).map(listItem);
        return { status: 200, body: pageOf(ctx, items, state.options.pageSize) };
      },
    },
    { ...routeBase, method: "GET", template: `${instanceTemplate}/recoveryPoints/{recoveryPointId}`, handler: (ctx) => ({ status: 200, body: requirePoint(state, ctx).body }) },
    { ...routeBase, method: "POST", template: `${instanceTemplate}/findRestorableTimeRanges`, handler: (ctx) => findRestorableTimeRanges(state, ctx) },
  ];
}
