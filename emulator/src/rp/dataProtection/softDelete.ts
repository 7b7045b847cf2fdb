import { randomUUID } from "node:crypto";
import { ArmError } from "../../http/armError.js";
import { pageOf } from "../../http/paging.js";
import type { ArmResponse, Route, RouteContext } from "../../http/router.js";
import type { BackupInstanceRecord, BackupVaultRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { ResourceTable } from "../../state/table.js";
import { isObject, requireVault, routeBase, vaultTemplate, type Json } from "./common.js";
import { composeProperties, userProperties } from "./instanceState.js";

/** A soft-deleted backup instance: what `deletedBackupInstances` answers, and the instance to bring back. */
interface DeletedInstanceRecord {
  /** `{vaultId}/deletedBackupInstances/{name}`. */
  id: string;
  name: string;
  vaultId: string;
  /** The backup instance as it was when deleted. */
  instance: BackupInstanceRecord;
  body: Json;
}

const deletedType = "Microsoft.DataProtection/backupVaults/deletedBackupInstances";
const byState = new WeakMap<EmulatorState, ResourceTable<DeletedInstanceRecord>>();

function deleted(state: EmulatorState): ResourceTable<DeletedInstanceRecord> {
  let t = byState.get(state);
  if (!t) {
    t = new ResourceTable();
    byState.set(state, t);
  }
  return t;
}

/** Days a deleted instance is kept when the vault's soft delete is On or AlwaysOn; undefined when Off. */
export function softDeleteRetentionDays(vault: BackupVaultRecord): number | undefined {
  const security = vault.body.properties["securitySettings"];
  const sd = isObject(security) ? security["softDeleteSettings"] : undefined;
  if (!isObject(sd) || (sd["state"] !== "On" && sd["state"] !== "AlwaysOn")) return undefined;
  return typeof sd["retentionDurationInDays"] === "number" ? sd["retentionDurationInDays"] : 14;
}

/**
 * Keeps a deleted backup instance under `deletedBackupInstances`, as recorded (softdelete #10,
 * #11): `deletionInfo` (deletion time, billing end, purge time `retention` days later, activity
 * id), status and state `SoftDeleted`, `objectType: DeletedBackupInstance`. Its recovery points
 * stay until the purge, when they go with it.
 */
export function keepDeletedInstance(state: EmulatorState, vault: BackupVaultRecord, bi: BackupInstanceRecord, retentionDays: number): void {
  const now = state.clock.now();
  const iso = (ms: number): string => new Date(ms).toISOString();
  const id = `${vault.id}/deletedBackupInstances/${bi.name}`;
  const { protectionStatus: _s, currentProtectionState: _c, protectionErrorDetails: _e, provisioningState: _p, objectType: _o, ...user } = userProperties(bi);
  const purgeAt = now + retentionDays * 86_400_000;
  const record: DeletedInstanceRecord = {
    id, name: bi.name, vaultId: vault.id, instance: bi,
    body: {
      properties: {
        deletionInfo: { deletionTime: iso(now), billingEndDate: iso(now), scheduledPurgeTime: iso(purgeAt), deleteActivityID: randomUUID() },
        ...user, protectionStatus: { status: "SoftDeleted" }, currentProtectionState: "SoftDeleted", provisioningState: "Succeeded", objectType: "DeletedBackupInstance",
      },
      id, name: bi.name, type: deletedType,
    },
  };
  deleted(state).set(record);
  state.scheduler.after(retentionDays * 86_400, () => {
    if (deleted(state).get(id) !== record) return;
    deleted(state).delete(id);
    for (const rp of state.recoveryPoints.under(`${bi.id}/recoveryPoints`)) state.recoveryPoints.delete(rp.id);
  });
}

/** As recorded (softdelete #2, #38): 404 `UserErrorGenericResourceNotFound`, without `additionalInfo`. */
function notFound(): ArmError {
  return new ArmError(404, "UserErrorGenericResourceNotFound", "Azure resource does not exist. Please make sure required resources exist. If the issue persists, contact Microsoft support.", { target: null, details: null });
}

function requireDeleted(state: EmulatorState, ctx: RouteContext): DeletedInstanceRecord {
  const d = deleted(state).get(`${requireVault(state, ctx).id}/deletedBackupInstances/${ctx.params["backupInstanceName"]!}`);
  // Guess: a GET of a missing deleted instance answers like the recorded undelete of one.
  if (!d) throw notFound();
  return d;
}

/**
 * As recorded (softdelete #27, api 2025-07-01): `undelete` answers 200 with an empty body at once,
 * and the instance is back with protection stopped (`ProtectionStopped`), even while another vault
 * protects the datasource (resuming is what that refuses). Guess: a name a live instance already
 * uses in the vault is refused with 409.
 */
function undelete(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const d = requireDeleted(state, ctx);
  if (state.backupInstances.has(d.instance.id)) throw new ArmError(409, "UserErrorBackupInstanceAlreadyExists", `A backup instance named '${d.name}' already exists in the vault.`);
  deleted(state).delete(d.id);
  const bi = d.instance;
  bi.busyWith = undefined;
  bi.body.properties = composeProperties(userProperties(bi), { current: "ProtectionStopped", provisioningState: "Succeeded" });
  state.backupInstances.set(bi);
  return { status: 200 };
}

/** Routes of soft-deleted backup instances: list, get, undelete. */
export function softDeleteRoutes(state: EmulatorState): Route[] {
  const list = `${vaultTemplate}/deletedBackupInstances`;
  return [
    {
      ...routeBase, method: "GET", template: list,
      handler: (ctx) => ({ status: 200, body: pageOf(ctx, deleted(state).under(`${requireVault(state, ctx).id}/deletedBackupInstances`).map((d) => d.body), state.options.pageSize) }),
    },
    { ...routeBase, method: "GET", template: `${list}/{backupInstanceName}`, handler: (ctx) => ({ status: 200, body: requireDeleted(state, ctx).body }) },
    { ...routeBase, method: "POST", template: `${list}/{backupInstanceName}/undelete`, handler: (ctx) => undelete(state, ctx) },
  ];
}
