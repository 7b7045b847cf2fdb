import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { pagedList, type TokenPage } from "../common/paging.js";
import { resourceTypes, parentIdOf } from "../common/armId.js";
import { parseRecoveryPointId, checkName, type BackupInstanceRef, type BackupVaultRef } from "../common/references.js";
import { InputValidationError, PrerequisiteError, ResourceNotFoundError } from "../errors.js";
import { pairedRegionOf } from "../common/regionPairs.js";
import type { ListRecoveryPointsOptions } from "./recoveryPointModels.js";
import { getVault } from "./vaults.js";
import { callAzure } from "../common/azureCalls.js";
import type { OperationOptions } from "../common/options.js";
import type { DataProtectionClient } from "../dataProtection/client.js";
import type { AzureBackupRecoveryPointResource } from "../dataProtection/models.js";
import type { RecoveryPointInfo } from "./restore/models.js";
import { readOrUndefined } from "../common/azureCalls.js";

/** ARM type of a recovery point. */
export const recoveryPointType = `${resourceTypes.backupInstance}/recoveryPoints`;

/** Where a listing reads a point: the tier asked for, and the region of the copy (undefined: the vault's own). */
export interface RecoveryPointView {
  /** The tier asked for; default: the OperationalStore when the point is there, else the VaultStore. */
  dataStore?: "OperationalStore" | "VaultStore";
  /** The region holding the copy (the paired region for secondary-region points). */
  region?: string;
}

/** A recovery point as {@link RecoveryPointInfo}. */
export function toRecoveryPointInfo(r: AzureBackupRecoveryPointResource, view: RecoveryPointView = {}): RecoveryPointInfo {
  const p = r.properties;
  const id = r.id ?? "";
  const dataStores = (p?.recoveryPointDataStoresDetails ?? []).map((d) => d.type ?? "Unknown");
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
    dataStores,
    dataStore: view.dataStore ?? (dataStores.includes("OperationalStore") || !dataStores.includes("VaultStore") ? "OperationalStore" : "VaultStore"),
    region: view.region,
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

const storeOf = { operational: "OperationalStore", vault: "VaultStore" } as const;

/**
 * The recovery points of an instance, newest first, optionally only those of one tier
 * (`source`). Their number is bounded by the policy's retention, so they are read in full and
 * sorted; `byPage({ maxPageSize })` regroups them. With `fromSecondaryRegion`, the vault-tier
 * points in the vault's paired region (see {@link listSecondaryRecoveryPoints}).
 */
export function listRecoveryPoints(client: DataProtectionClient, bi: BackupInstanceRef, options: ListRecoveryPointsOptions = {}): PagedAsyncIterableIterator<RecoveryPointInfo> {
  if (options.fromSecondaryRegion === true) {
    if (options.source === "operational") {
      throw new InputValidationError("source", "the secondary region holds only the vault tier", 'omit source or pass "vault" with fromSecondaryRegion, or list the operational tier without fromSecondaryRegion');
    }
    return listSecondaryRecoveryPoints(client, bi, options);
  }
  const wanted = options.source === undefined ? undefined : storeOf[options.source];
  let sorted: Promise<RecoveryPointInfo[]> | undefined;
  const all = (): Promise<RecoveryPointInfo[]> => sorted ??= callAzure(`Listing the recovery points of ${bi.id}`, async () => {
    const out: RecoveryPointInfo[] = [];
    for await (const r of client.recoveryPoints.list(...names(bi), { abortSignal: options.abortSignal })) {
      const info = toRecoveryPointInfo(r, wanted ? { dataStore: wanted } : {});
      if (!wanted || info.dataStores.includes(wanted)) out.push(info);
    }
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

/**
 * The vault's secondary (paired) region, for cross-region reads: reads the vault and checks it
 * is geo-redundant with cross-region restore enabled. Throws {@link PrerequisiteError} otherwise.
 */
export async function secondaryRegionOf(client: DataProtectionClient, vault: BackupVaultRef, options: OperationOptions, parameter = "fromSecondaryRegion"): Promise<{ sourceRegion: string; secondaryRegion: string }> {
  const v = await getVault(client, vault, options);
  if (!v) throw new ResourceNotFoundError("vaultId", `the vault '${vault.id}' does not exist`, "check the backup instance id");
  if (v.storageRedundancy !== "GeoRedundant" || v.crossRegionRestore !== "Enabled") {
    throw new PrerequisiteError(parameter, `the vault '${vault.name}' is ${v.storageRedundancy ?? "?"} with cross-region restore ${v.crossRegionRestore ?? "Disabled"}: its vault tier is not readable in a paired region`,
      'use a GeoRedundant vault with cross-region restore enabled (ensureVault(vaultId, { storageRedundancy: "GeoRedundant", crossRegionRestore: true, confirm: <vault name> }); irreversible)');
  }
  const secondaryRegion = pairedRegionOf(v.location);
  if (!secondaryRegion) throw new PrerequisiteError(parameter, `the vault's region '${v.location}' has no paired region`, "use a vault in a paired region for cross-region restore");
  return { sourceRegion: v.location, secondaryRegion };
}

/**
 * The vault-tier points of an instance in its vault's paired region
 * (`fetchSecondaryRecoveryPoints`), newest first as the service lists them, paged by the
 * service (`continuationToken` is its `nextLink`). Reads the vault first (once per listing).
 */
export function listSecondaryRecoveryPoints(client: DataProtectionClient, bi: BackupInstanceRef, options: OperationOptions = {}): PagedAsyncIterableIterator<RecoveryPointInfo> {
  let where: Promise<{ sourceRegion: string; secondaryRegion: string }> | undefined;
  return pagedList<RecoveryPointInfo>(async (token) => {
    const { sourceRegion, secondaryRegion } = await (where ??= secondaryRegionOf(client, bi.vault, options));
    const pages = client.fetchSecondaryRecoveryPoints.list(bi.resourceGroupName, secondaryRegion, { sourceRegion, sourceBackupInstanceId: bi.id }, { abortSignal: options.abortSignal });
    const page = await callAzure(`Listing the recovery points of ${bi.id} in ${secondaryRegion}`, async (): Promise<TokenPage<AzureBackupRecoveryPointResource> | undefined> => {
      const next = await pages.byPage(token ? { continuationToken: token } : undefined).next();
      return next.done === true ? undefined : next.value;
    });
    return {
      items: (page ?? []).map((r) => toRecoveryPointInfo(r, { dataStore: "VaultStore", region: secondaryRegion })),
      continuationToken: page?.continuationToken,
    };
  });
}

/** The newest recovery point of an instance, or undefined when it has none. */
export async function latestRecoveryPoint(client: DataProtectionClient, bi: BackupInstanceRef, options: OperationOptions = {}): Promise<RecoveryPointInfo | undefined> {
  for await (const rp of listRecoveryPoints(client, bi, options)) return rp;
  return undefined;
}
