import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import type { AzureBackupJobResource } from "./models.js";
import type { DataProtectionOperationOptions } from "./options.js";
import { listPages } from "./paging.js";
import type { DataProtectionContext } from "./transport.js";

/** Backup jobs of a vault (`Jobs_*`). */
export class Jobs {
  /** @internal */
  constructor(private readonly ctx: DataProtectionContext) {}

  /** Lists the jobs of a vault (the service offers no filter; filter on the client). */
  list(resourceGroupName: string, vaultName: string, options: DataProtectionOperationOptions = {}): PagedAsyncIterableIterator<AzureBackupJobResource> {
    return listPages<AzureBackupJobResource>(this.ctx, this.ctx.url(`${this.ctx.vaultPath(resourceGroupName, vaultName)}/backupJobs`), options.abortSignal);
  }

  /**
   * Reads a job. `jobId` is the job's GUID; a full job ARM id (as operation results give it)
   * is accepted too, and its last segment used.
   */
  async get(resourceGroupName: string, vaultName: string, jobId: string, options: DataProtectionOperationOptions = {}): Promise<AzureBackupJobResource> {
    const name = jobId.replace(/\/+$/, "").split("/").pop() ?? jobId;
    const url = this.ctx.url(`${this.ctx.vaultPath(resourceGroupName, vaultName)}/backupJobs/${encodeURIComponent(name)}`);
    return (await this.ctx.send<AzureBackupJobResource>("GET", url, options)).flatResponse;
  }
}
