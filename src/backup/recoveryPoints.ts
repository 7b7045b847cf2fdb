import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { getPagedAsyncIterator } from "@azure/core-paging";
import { parseArmId, resourceTypes, type ArmResourceId } from "../common/armId.js";
import { InputValidationError } from "../errors.js";
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
    backupInstanceId: id ? (parseArmId(id, "recoveryPoint.id").parentId ?? "") : "",
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

const names = (bi: ArmResourceId): [string, string, string] => [bi.resourceGroupName!, bi.typeNames[0]!.name, bi.name];

/**
 * The recovery point name to read for `recoveryPointId` (a name, or a full ARM id that must be
 * of the instance `bi`). Throws {@link InputValidationError} for a point of another instance.
 */
export function recoveryPointName(bi: ArmResourceId, recoveryPointId: unknown): string {
  if (typeof recoveryPointId !== "string" || recoveryPointId.trim() === "") {
    throw new InputValidationError("recoveryPointId", "it is empty", "pass a recovery point's name or id from listRecoveryPoints(backupInstanceId), or omit it for the latest");
  }
  if (!recoveryPointId.startsWith("/")) {
    if (!/^[\w-]+$/.test(recoveryPointId)) throw new InputValidationError("recoveryPointId", `'${recoveryPointId}' is not a recovery point name`, "pass a name or id from listRecoveryPoints(backupInstanceId)");
    return recoveryPointId;
  }
  const rp = parseArmId(recoveryPointId, "recoveryPointId", recoveryPointType);
  if (rp.parentId?.toLowerCase() !== bi.id.toLowerCase()) {
    throw new InputValidationError("recoveryPointId", `the recovery point '${rp.name}' belongs to '${rp.parentId ?? ""}', not to '${bi.id}'`, "restore from a recovery point of the same backup instance (listRecoveryPoints(backupInstanceId)), or restore from the other instance");
  }
  return rp.name;
}

/** Reads a recovery point of an instance; one that does not exist there is an {@link InputValidationError}. */
export async function getRecoveryPoint(client: DataProtectionClient, bi: ArmResourceId, recoveryPointId: string, options: OperationOptions = {}): Promise<RecoveryPointInfo> {
  const name = recoveryPointName(bi, recoveryPointId);
  const raw = await readOrUndefined(`Reading recovery point ${name} of ${bi.id}`, () => client.recoveryPoints.get(...names(bi), name, { abortSignal: options.abortSignal }));
  if (!raw) throw new InputValidationError("recoveryPointId", `the backup instance '${bi.name}' has no recovery point '${name}'`, "pass one from listRecoveryPoints(backupInstanceId), or omit it for the latest");
  return toRecoveryPointInfo(raw);
}

/**
 * The recovery points of an instance, newest first. Their number is bounded by the policy's
 * retention, so they are read in full and sorted; `byPage({ maxPageSize })` regroups them.
 */
export function listRecoveryPoints(client: DataProtectionClient, bi: ArmResourceId, options: OperationOptions = {}): PagedAsyncIterableIterator<RecoveryPointInfo> {
  let sorted: Promise<RecoveryPointInfo[]> | undefined;
  const all = (): Promise<RecoveryPointInfo[]> => sorted ??= callAzure(`Listing the recovery points of ${bi.id}`, async () => {
    const out: RecoveryPointInfo[] = [];
    for await (const r of client.recoveryPoints.list(...names(bi), { abortSignal: options.abortSignal })) out.push(toRecoveryPointInfo(r));
    return out.sort((a, b) => b.time.getTime() - a.time.getTime());
  });
  return getPagedAsyncIterator<RecoveryPointInfo, RecoveryPointInfo[], { continuationToken?: string; maxPageSize?: number }, string>({
    firstPageLink: "0",
    getPage: async (link, maxPageSize) => {
      const start = Number(link);
      if (!Number.isInteger(start) || start < 0) throw new InputValidationError("continuationToken", `'${link}' is not a token of this listing`, "pass a continuationToken of an earlier page");
      const items = await all();
      const end = maxPageSize ? start + maxPageSize : items.length;
      return { page: items.slice(start, end), ...(end < items.length ? { nextPageLink: String(end) } : {}) };
    },
  });
}

/** The newest recovery point of an instance, or undefined when it has none. */
export async function latestRecoveryPoint(client: DataProtectionClient, bi: ArmResourceId, options: OperationOptions = {}): Promise<RecoveryPointInfo | undefined> {
  for await (const rp of listRecoveryPoints(client, bi, options)) return rp;
  return undefined;
}
