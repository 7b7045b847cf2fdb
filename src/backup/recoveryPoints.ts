import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { pagedList } from "../common/paging.js";
import { resourceTypes, parentIdOf } from "../common/armId.js";
import { parseRecoveryPointId, checkName, type BackupInstanceRef } from "../common/references.js";
import { InputValidationError, ResourceNotFoundError } from "../errors.js";
import { callAzure } from "../common/azureCalls.js";
import type { OperationOptions } from "../common/options.js";
import type { DataProtectionClient } from "../dataProtection/client.js";
import type { AzureBackupRecoveryPointResource } from "../dataProtection/models.js";
import type { RecoveryPointInfo } from "./restore/models.js";
import { readOrUndefined } from "../common/azureCalls.js";

/** ARM type of a recovery point. */
export const recoveryPointType = `${resourceTypes.backupInstance}/recoveryPoints`;

/** A recovery point as {@link RecoveryPointInfo}. */
export function toRecoveryPointInfo(r: AzureBackupRecoveryPointResource): RecoveryPointInfo {
  const p = r.properties;
  const id = r.id ?? "";
  return {
    id,
    name: p?.recoveryPointId ?? r.name ?? "",
    backupInstanceId: id ? parentIdOf(id) : "",
    time: new Date(p?.recoveryPointTime ?? 0),
    type: p?.recoveryPointType,
    state: p?.recoveryPointState,
    retentionTag: p?.retentionTagName,
    policyName: p?.policyName,
    expiryTime: p?.expiryTime ? new Date(p.expiryTime) : undefined,
    dataStores: (p?.recoveryPointDataStoresDetails ?? []).map((d) => d.type ?? "Unknown"),
    raw: r,
  };
}

const names = (bi: BackupInstanceRef): [string, string, string] => [bi.resourceGroupName, bi.vault.name, bi.name];

/**
 * The recovery point name to read for `recoveryPointId` (a name, or a full ARM id that must be
 * of the instance `bi`). Throws {@link InputValidationError} for a point of another instance.
 */
export function recoveryPointName(bi: BackupInstanceRef, recoveryPointId: unknown): string {
  if (typeof recoveryPointId !== "string" || recoveryPointId.trim() === "") {
    throw new InputValidationError("recoveryPointId", "it is empty", "pass a recovery point's name or id from listRecoveryPoints(backupInstanceId), or omit it for the latest");
  }
  if (!recoveryPointId.startsWith("/")) {
    return checkName("recoveryPoint", recoveryPointId, "recoveryPointId");
  }
  const rp = parseRecoveryPointId(recoveryPointId, "recoveryPointId");
  if (rp.parentId?.toLowerCase() !== bi.id.toLowerCase()) {
    throw new InputValidationError("recoveryPointId", `the recovery point '${rp.name}' belongs to '${rp.parentId ?? ""}', not to '${bi.id}'`, "restore from a recovery point of the same backup instance (listRecoveryPoints(backupInstanceId)), or restore from the other instance");
  }
  return rp.name;
}

/** Reads a recovery point of an instance; one that does not exist there is a {@link ResourceNotFoundError}. */
export async function getRecoveryPoint(client: DataProtectionClient, bi: BackupInstanceRef, recoveryPointId: string, options: OperationOptions = {}): Promise<RecoveryPointInfo> {
  const name = recoveryPointName(bi, recoveryPointId);
  const raw = await readOrUndefined(`Reading recovery point ${name} of ${bi.id}`, () => client.recoveryPoints.get(...names(bi), name, { abortSignal: options.abortSignal }));
  if (!raw) throw new ResourceNotFoundError("recoveryPointId", `the backup instance '${bi.name}' has no recovery point '${name}'`, "pass one from listRecoveryPoints(backupInstanceId), or omit it for the latest");
  return toRecoveryPointInfo(raw);
}

/**
 * The recovery points of an instance, newest first. Their number is bounded by the policy's
 * retention, so they are read in full and sorted; `byPage({ maxPageSize })` regroups them.
 */
export function listRecoveryPoints(client: DataProtectionClient, bi: BackupInstanceRef, options: OperationOptions = {}): PagedAsyncIterableIterator<RecoveryPointInfo> {
  let sorted: Promise<RecoveryPointInfo[]> | undefined;
  const all = (): Promise<RecoveryPointInfo[]> => sorted ??= callAzure(`Listing the recovery points of ${bi.id}`, async () => {
    const out: RecoveryPointInfo[] = [];
    for await (const r of client.recoveryPoints.list(...names(bi), { abortSignal: options.abortSignal })) out.push(toRecoveryPointInfo(r));
    return out.sort((a, b) => b.time.getTime() - a.time.getTime());
  });
  return pagedList<RecoveryPointInfo>(async (token, maxPageSize) => {
    const start = Number(token ?? "0");
    if (!Number.isInteger(start) || start < 0) throw new InputValidationError("continuationToken", `'${String(token)}' is not a token of this listing`, "pass a continuationToken of an earlier page");
    const items = await all();
    const end = maxPageSize ? start + maxPageSize : items.length;
    return { items: items.slice(start, end), continuationToken: end < items.length ? String(end) : undefined };
  });
}

/** The newest recovery point of an instance, or undefined when it has none. */
export async function latestRecoveryPoint(client: DataProtectionClient, bi: BackupInstanceRef, options: OperationOptions = {}): Promise<RecoveryPointInfo | undefined> {
  for await (const rp of listRecoveryPoints(client, bi, options)) return rp;
  return undefined;
}
