import type { OperationState, PollerLike } from "@azure/core-lro";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { beginOperation } from "./lro.js";
import type { BackupVaultResource } from "./models.js";
import type { DataProtectionLroOptions, DataProtectionOperationOptions } from "./options.js";
import { listPages } from "./paging.js";
import type { DataProtectionContext } from "./transport.js";

/** Backup vaults (`BackupVaults_*`). */
export class BackupVaults {
  /** @internal */
  constructor(private readonly ctx: DataProtectionContext) {}

  /** Reads a vault (`GET`); a missing one throws a `RestError` with status 404. */
  async get(resourceGroupName: string, vaultName: string, options: DataProtectionOperationOptions = {}): Promise<BackupVaultResource> {
    const url = this.ctx.url(this.ctx.vaultPath(resourceGroupName, vaultName));
    return (await this.ctx.send<BackupVaultResource>("GET", url, options)).flatResponse;
  }

  /** Creates or replaces a vault (`PUT`, long-running); resolves with the vault. */
  beginCreateOrUpdate(resourceGroupName: string, vaultName: string, parameters: BackupVaultResource, options: DataProtectionLroOptions = {}): PollerLike<OperationState<BackupVaultResource>, BackupVaultResource> {
    const path = this.ctx.vaultPath(resourceGroupName, vaultName);
    return beginOperation<BackupVaultResource>(this.ctx, {
      what: `Creating or updating backup vault ${vaultName}`,
      resourceId: path,
      operation: "backupVaultCreate",
      start: (abortSignal) => this.ctx.send("PUT", this.ctx.url(path), { body: parameters, abortSignal, auxiliaryToken: options.auxiliaryToken }),
    }, options);
  }

  /** Deletes a vault (`DELETE`, long-running). */
  beginDelete(resourceGroupName: string, vaultName: string, options: DataProtectionLroOptions = {}): PollerLike<OperationState<void>, void> {
    const path = this.ctx.vaultPath(resourceGroupName, vaultName);
    return beginOperation<void>(this.ctx, {
      what: `Deleting backup vault ${vaultName}`,
      resourceId: path,
      start: (abortSignal) => this.ctx.send("DELETE", this.ctx.url(path), { abortSignal }),
      result: () => undefined,
    }, options);
  }

  /** Lists the vaults of a resource group (`BackupVaults_GetInResourceGroup`). */
  listInResourceGroup(resourceGroupName: string, options: DataProtectionOperationOptions = {}): PagedAsyncIterableIterator<BackupVaultResource> {
    const url = this.ctx.url(`${this.ctx.resourceGroupPath(resourceGroupName)}/providers/Microsoft.DataProtection/backupVaults`);
    return listPages<BackupVaultResource>(this.ctx, url, options.abortSignal);
  }

  /** Lists the vaults of the subscription (`BackupVaults_GetInSubscription`). */
  listInSubscription(options: DataProtectionOperationOptions = {}): PagedAsyncIterableIterator<BackupVaultResource> {
    const url = this.ctx.url(`${this.ctx.subscriptionPath()}/providers/Microsoft.DataProtection/backupVaults`);
    return listPages<BackupVaultResource>(this.ctx, url, options.abortSignal);
  }
}
