/**
 * Soft-deleted backup instances: with soft delete On or AlwaysOn, a deleted instance is kept
 * (with its recovery points) under `{vault}/deletedBackupInstances` until its purge time, and
 * can be brought back (`undelete`), with protection stopped.
 */
import type { PollerLike } from "@azure/core-lro";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { callAzure, readOrUndefined } from "../common/azureCalls.js";
import { parentIdOf, parseArmId } from "../common/armId.js";
import { mapPaged } from "../common/paging.js";
import type { OperationOptions } from "../common/options.js";
import type { WaitState } from "../common/poller.js";
import { parseBackupInstanceId, parseBackupVaultId, type BackupInstanceRef, type BackupVaultRef } from "../common/references.js";
import type { DataProtectionClient } from "../dataProtection/client.js";
import type { DeletedBackupInstanceResource } from "../dataProtection/resourceGuardModels.js";
import { ResourceNotFoundError } from "../errors.js";
import type { BackupInstanceInfo, ProtectionWaitOptions } from "./models.js";
import { readInstance, waitForProtectionState } from "./protection.js";
import { suspendedStates } from "./stateRules.js";

/** A soft-deleted backup instance, as `listDeleted` reads it. */
export interface DeletedBackupInstanceInfo {
  /** `{vault}/deletedBackupInstances/{name}`: pass it to `undelete`. */
  id: string;
  /** The instance's name (the live instance comes back under it). */
  name: string;
  /** The vault. */
  vaultId: string;
  /** The id the instance has again once undeleted. */
  backupInstanceId: string;
  /** The protected resource (the cluster). */
  datasourceId: string | undefined;
  /** The policy it had. */
  policyId: string | undefined;
  /** When it was deleted. */
  deletionTime: string | undefined;
  /** When it is purged for good (recovery points included). */
  scheduledPurgeTime: string | undefined;
  /** Delete activity id, for support. */
  deleteActivityId: string | undefined;
}

/** Options of `undelete`: wait options (default `timeoutInMs` 30 minutes). */
export type UndeleteOptions = ProtectionWaitOptions;

function toDeletedInfo(vault: BackupVaultRef, d: DeletedBackupInstanceResource): DeletedBackupInstanceInfo {
  const name = d.name ?? "";
  const p = d.properties;
  return {
    id: d.id ?? `${vault.id}/deletedBackupInstances/${name}`,
    name,
    vaultId: vault.id,
    backupInstanceId: `${vault.id}/backupInstances/${name}`,
    datasourceId: p?.dataSourceInfo?.resourceID,
    policyId: p?.policyInfo?.policyId,
    deletionTime: p?.deletionInfo?.deletionTime,
    scheduledPurgeTime: p?.deletionInfo?.scheduledPurgeTime,
    deleteActivityId: p?.deletionInfo?.deleteActivityID,
  };
}

/** Lists the soft-deleted backup instances of a vault (paged as the service pages). */
export function listDeleted(client: DataProtectionClient, vault: BackupVaultRef, options: OperationOptions): PagedAsyncIterableIterator<DeletedBackupInstanceInfo> {
  return mapPaged(client.deletedBackupInstances.list(vault.resourceGroupName, vault.name, { abortSignal: options.abortSignal }), (d) => toDeletedInfo(vault, d),
    `Listing the deleted backup instances of ${vault.id}`);
}

/** The live instance a deleted-instance id (`{vault}/deletedBackupInstances/{name}`) or a vault and name come back as. */
export function undeleteTarget(idOrVault: string | BackupVaultRef, name: string | undefined): BackupInstanceRef {
  if (typeof idOrVault === "string" && name === undefined && /\/deletedBackupInstances\//i.test(idOrVault)) {
    const parsed = parseArmId(idOrVault, "deletedBackupInstanceId", "Microsoft.DataProtection/backupVaults/deletedBackupInstances");
    const vault = parseBackupVaultId(parentIdOf(parsed.id), "deletedBackupInstanceId");
    return parseBackupInstanceId(`${vault.id}/backupInstances/${parsed.name}`, "deletedBackupInstanceId");
  }
  const vault = parseBackupVaultId(idOrVault, "vaultId");
  return parseBackupInstanceId(`${vault.id}/backupInstances/${String(name)}`, "backupInstanceName");
}

/**
 * Brings a soft-deleted instance back (`POST .../deletedBackupInstances/{name}/undelete`) and
 * waits until it reads with protection stopped (resume it with `resumeProtection`). Converges:
 * an instance already live gets no request; one neither live nor deleted is a
 * {@link ResourceNotFoundError}.
 */
export function beginUndelete(client: DataProtectionClient, bi: BackupInstanceRef, pollIntervalInMs: number, options: UndeleteOptions): PollerLike<WaitState<BackupInstanceInfo>, BackupInstanceInfo> {
  const live = ["ProtectionStopped", "ProtectionConfigured", "ProtectionError", ...suspendedStates];
  return waitForProtectionState(client, bi, live, pollIntervalInMs, options, async (abortSignal) => {
    const o = { abortSignal };
    const what = `Reading the deleted backup instance ${bi.name} of ${bi.vault.id}`;
    const deleted = await readOrUndefined(what, () => client.deletedBackupInstances.get(bi.resourceGroupName, bi.vault.name, bi.name, o));
    if (!deleted) {
      if (await readInstance(client, bi, o)) return;
      throw new ResourceNotFoundError("deletedBackupInstanceId", `the vault '${bi.vault.id}' has no deleted backup instance '${bi.name}' (purged, or never deleted)`, "list them with listDeleted(vaultId)");
    }
    const poller = client.deletedBackupInstances.beginUndelete(bi.resourceGroupName, bi.vault.name, bi.name, { ...o, pollIntervalInMs: options.pollIntervalInMs ?? pollIntervalInMs });
    await callAzure(`Undeleting ${bi.id}`, () => poller.pollUntilDone(abortSignal ? { abortSignal } : {}));
  });
}
