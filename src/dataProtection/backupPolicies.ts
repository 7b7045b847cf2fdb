import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import type { BaseBackupPolicyResource } from "./models.js";
import type { DataProtectionOperationOptions } from "./options.js";
import { listPages } from "./paging.js";
import type { DataProtectionContext } from "./transport.js";
import { encodeSegment } from "../common/referenceSegments.js";

/** Backup policies (`BackupPolicies_*`; none is long-running). */
export class BackupPolicies {
  /** @internal */
  constructor(private readonly ctx: DataProtectionContext) {}

  private path(resourceGroupName: string, vaultName: string, policyName?: string): string {
    const base = `${this.ctx.vaultPath(resourceGroupName, vaultName)}/backupPolicies`;
    return policyName === undefined ? base : `${base}/${encodeSegment(policyName, "backupPolicyName")}`;
  }

  /** Reads a policy; a missing one throws a `RestError` with status 404. */
  async get(resourceGroupName: string, vaultName: string, backupPolicyName: string, options: DataProtectionOperationOptions = {}): Promise<BaseBackupPolicyResource> {
    const url = this.ctx.url(this.path(resourceGroupName, vaultName, backupPolicyName));
    return (await this.ctx.send<BaseBackupPolicyResource>("GET", url, options)).flatResponse;
  }

  /** Creates or replaces a policy (`PUT`, synchronous). */
  async createOrUpdate(resourceGroupName: string, vaultName: string, backupPolicyName: string, parameters: BaseBackupPolicyResource, options: DataProtectionOperationOptions = {}): Promise<BaseBackupPolicyResource> {
    const url = this.ctx.url(this.path(resourceGroupName, vaultName, backupPolicyName));
    return (await this.ctx.send<BaseBackupPolicyResource>("PUT", url, { body: parameters, abortSignal: options.abortSignal })).flatResponse;
  }

  /** Deletes a policy (200, or 204 if it did not exist). */
  async delete(resourceGroupName: string, vaultName: string, backupPolicyName: string, options: DataProtectionOperationOptions = {}): Promise<void> {
    await this.ctx.send("DELETE", this.ctx.url(this.path(resourceGroupName, vaultName, backupPolicyName)), options);
  }

  /** Lists the policies of a vault. */
  list(resourceGroupName: string, vaultName: string, options: DataProtectionOperationOptions = {}): PagedAsyncIterableIterator<BaseBackupPolicyResource> {
    return listPages<BaseBackupPolicyResource>(this.ctx, this.ctx.url(this.path(resourceGroupName, vaultName)), options.abortSignal);
  }
}
