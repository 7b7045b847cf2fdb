import type { OperationState, PollerLike } from "@azure/core-lro";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { beginOperation } from "./lro.js";
import type {
  BackupInstanceResource,
  AzureBackupRestoreRequest,
  OperationJobExtendedInfo,
  StopProtectionRequest,
  TriggerBackupRequest,
  ValidateForBackupRequest,
  ValidateRestoreRequestObject,
} from "./models.js";
import type { DataProtectionLroOptions, DataProtectionOperationOptions } from "./options.js";
import { listPages } from "./paging.js";
import type { DataProtectionContext } from "./transport.js";
import { parseArmId } from "../common/armId.js";
import { isReference, type ResourceRef } from "../common/references.js";
import { encodePath, encodeSegment } from "../common/referenceSegments.js";

/** Backup instances (`BackupInstances_*`). */
export class BackupInstances {
  /** @internal */
  constructor(private readonly ctx: DataProtectionContext) {}

  private path(resourceGroupName: string, vaultName: string, backupInstanceName?: string): string {
    const base = `${this.ctx.vaultPath(resourceGroupName, vaultName)}/backupInstances`;
    return backupInstanceName === undefined ? base : `${base}/${encodeSegment(backupInstanceName, "backupInstanceName")}`;
  }

  /** A long-running POST on `{instance}/{action}` (or on the vault when no instance is named). */
  private action<T>(what: string, path: string, action: string, body: unknown, options: DataProtectionLroOptions, result?: (b: unknown) => unknown): PollerLike<OperationState<T>, T> {
    return beginOperation<T>(this.ctx, {
      what,
      resourceId: path,
      start: (abortSignal) => this.ctx.send("POST", this.ctx.url(`${path}/${action}`), { body, abortSignal, auxiliaryToken: options.auxiliaryToken }),
      ...(result ? { result } : {}),
      // Validations take about 40 s: the first poll goes then, not at the first Retry-After.
      ...(/^validate/i.test(action) ? { operation: "backupValidate" as const } : {}),
    }, options);
  }

  /** Reads a backup instance; a missing one throws a `RestError` with status 404. */
  async get(resourceGroupName: string, vaultName: string, backupInstanceName: string, options: DataProtectionOperationOptions = {}): Promise<BackupInstanceResource> {
    const url = this.ctx.url(this.path(resourceGroupName, vaultName, backupInstanceName));
    return (await this.ctx.send<BackupInstanceResource>("GET", url, options)).flatResponse;
  }

  /** Lists the backup instances of a vault. */
  list(resourceGroupName: string, vaultName: string, options: DataProtectionOperationOptions = {}): PagedAsyncIterableIterator<BackupInstanceResource> {
    return listPages<BackupInstanceResource>(this.ctx, this.ctx.url(this.path(resourceGroupName, vaultName)), options.abortSignal);
  }

  /**
   * Lists the backup instances protecting a resource (e.g. a cluster id), in any vault
   * (`BackupInstancesExtensionRouting_List`). A string is parsed as an ARM id first (traversal,
   * `?`, `#` and encoded segments are refused); the path is built from its encoded segments.
   */
  listForResource(resourceId: string | ResourceRef, options: DataProtectionOperationOptions = {}): PagedAsyncIterableIterator<BackupInstanceResource> {
    const path = isReference(resourceId) ? resourceId.path : encodePath(parseArmId(resourceId, "resourceId").id.slice(1).split("/"), "resourceId");
    const url = this.ctx.url(`${path}/providers/Microsoft.DataProtection/backupInstances`);
    return listPages<BackupInstanceResource>(this.ctx, url, options.abortSignal);
  }

  /** Creates or updates a backup instance (`PUT`, long-running); resolves with the instance. */
  beginCreateOrUpdate(resourceGroupName: string, vaultName: string, backupInstanceName: string, parameters: BackupInstanceResource, options: DataProtectionLroOptions = {}): PollerLike<OperationState<BackupInstanceResource>, BackupInstanceResource> {
    const path = this.path(resourceGroupName, vaultName, backupInstanceName);
    return beginOperation<BackupInstanceResource>(this.ctx, {
      what: `Configuring backup instance ${backupInstanceName}`,
      resourceId: path,
      start: (abortSignal) => this.ctx.send("PUT", this.ctx.url(path), { body: parameters, abortSignal, auxiliaryToken: options.auxiliaryToken }),
    }, options);
  }

  /** Deletes a backup instance and its backup data (`DELETE`, long-running). */
  beginDelete(resourceGroupName: string, vaultName: string, backupInstanceName: string, options: DataProtectionLroOptions = {}): PollerLike<OperationState<void>, void> {
    const path = this.path(resourceGroupName, vaultName, backupInstanceName);
    return beginOperation<void>(this.ctx, {
      what: `Deleting backup instance ${backupInstanceName}`,
      resourceId: path,
      start: (abortSignal) => this.ctx.send("DELETE", this.ctx.url(path), { abortSignal, auxiliaryToken: options.auxiliaryToken }),
      result: () => undefined,
    }, options);
  }

  /** Checks that a backup instance can be configured (`POST {vault}/validateForBackup`). */
  beginValidateForBackup(resourceGroupName: string, vaultName: string, parameters: ValidateForBackupRequest, options: DataProtectionLroOptions = {}): PollerLike<OperationState<OperationJobExtendedInfo>, OperationJobExtendedInfo> {
    return this.action(`Validating backup of ${parameters.backupInstance.dataSourceInfo.resourceID}`, this.ctx.vaultPath(resourceGroupName, vaultName), "validateForBackup", parameters, options);
  }

  /**
   * Checks that a change of an existing backup instance can be made (`POST
   * {instance}/validateForModifyBackup` with `{ backupInstance }`; 202 only, long-running).
   */
  beginValidateForModifyBackup(resourceGroupName: string, vaultName: string, backupInstanceName: string, parameters: ValidateForBackupRequest, options: DataProtectionLroOptions = {}): PollerLike<OperationState<void>, void> {
    return this.action(`Validating the change of ${backupInstanceName}`, this.path(resourceGroupName, vaultName, backupInstanceName), "validateForModifyBackup", parameters, options, () => undefined);
  }

  /** Starts an ad hoc backup; the result names the job (`POST {instance}/backup`). */
  beginAdhocBackup(resourceGroupName: string, vaultName: string, backupInstanceName: string, parameters: TriggerBackupRequest, options: DataProtectionLroOptions = {}): PollerLike<OperationState<OperationJobExtendedInfo>, OperationJobExtendedInfo> {
    return this.action(`Starting a backup of ${backupInstanceName}`, this.path(resourceGroupName, vaultName, backupInstanceName), "backup", parameters, options);
  }

  /** Checks that a restore can run (`POST {instance}/validateRestore` with `{ restoreRequestObject }`). */
  beginValidateForRestore(resourceGroupName: string, vaultName: string, backupInstanceName: string, parameters: ValidateRestoreRequestObject, options: DataProtectionLroOptions = {}): PollerLike<OperationState<OperationJobExtendedInfo>, OperationJobExtendedInfo> {
    return this.action(`Validating a restore from ${backupInstanceName}`, this.path(resourceGroupName, vaultName, backupInstanceName), "validateRestore", parameters, options);
  }

  /** Starts a restore; the result names the restore job (`POST {instance}/restore`, body sent bare). */
  beginTriggerRestore(resourceGroupName: string, vaultName: string, backupInstanceName: string, parameters: AzureBackupRestoreRequest, options: DataProtectionLroOptions = {}): PollerLike<OperationState<OperationJobExtendedInfo>, OperationJobExtendedInfo> {
    return this.action(`Starting a restore from ${backupInstanceName}`, this.path(resourceGroupName, vaultName, backupInstanceName), "restore", parameters, options);
  }

  /** Stops protection and keeps the backup data forever (`POST {instance}/stopProtection`). */
  beginStopProtection(resourceGroupName: string, vaultName: string, backupInstanceName: string, parameters: StopProtectionRequest = {}, options: DataProtectionLroOptions = {}): PollerLike<OperationState<void>, void> {
    return this.action(`Stopping protection of ${backupInstanceName}`, this.path(resourceGroupName, vaultName, backupInstanceName), "stopProtection", parameters, options, () => undefined);
  }

  /**
   * Stops backups and keeps the data as the policy says, except the latest recovery point,
   * which is kept forever (`POST {instance}/suspendBackups`).
   */
  beginSuspendBackups(resourceGroupName: string, vaultName: string, backupInstanceName: string, parameters: StopProtectionRequest = {}, options: DataProtectionLroOptions = {}): PollerLike<OperationState<void>, void> {
    return this.action(`Suspending backups of ${backupInstanceName}`, this.path(resourceGroupName, vaultName, backupInstanceName), "suspendBackups", parameters, options, () => undefined);
  }

  /** Resumes protection of a stopped instance (`POST {instance}/resumeProtection`). */
  beginResumeProtection(resourceGroupName: string, vaultName: string, backupInstanceName: string, options: DataProtectionLroOptions = {}): PollerLike<OperationState<void>, void> {
    return this.action(`Resuming protection of ${backupInstanceName}`, this.path(resourceGroupName, vaultName, backupInstanceName), "resumeProtection", undefined, options, () => undefined);
  }

  /** Resumes backups of a suspended instance (`POST {instance}/resumeBackups`). */
  beginResumeBackups(resourceGroupName: string, vaultName: string, backupInstanceName: string, options: DataProtectionLroOptions = {}): PollerLike<OperationState<void>, void> {
    return this.action(`Resuming backups of ${backupInstanceName}`, this.path(resourceGroupName, vaultName, backupInstanceName), "resumeBackups", undefined, options, () => undefined);
  }

  /** Retries the last failed operation of an instance (`POST {instance}/sync`). */
  beginSyncBackupInstance(resourceGroupName: string, vaultName: string, backupInstanceName: string, parameters: { syncType?: "Default" | "ForceResync" } = {}, options: DataProtectionLroOptions = {}): PollerLike<OperationState<void>, void> {
    return this.action(`Syncing ${backupInstanceName}`, this.path(resourceGroupName, vaultName, backupInstanceName), "sync", parameters, options, () => undefined);
  }
}
