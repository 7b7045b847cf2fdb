import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import type { AzureBackupJobResource } from "./models.js";
import type { DataProtectionOperationOptions } from "./options.js";
import { listPages } from "./paging.js";
import type { DataProtectionContext } from "./transport.js";
import { encodeSegment } from "../common/referenceSegments.js";

/** @internal One page of a job list. */
export interface JobsPage {
  /** The jobs on this page. */
  value: AzureBackupJobResource[];
  /** Link to the next page; undefined on the last. */
  nextLink: string | undefined;
}

/** Backup jobs of a vault (`Jobs_*`). */
export class Jobs {
  /** @internal */
  constructor(private readonly ctx: DataProtectionContext) {}

  /** Lists the jobs of a vault (the service offers no filter; filter on the client). */
  list(resourceGroupName: string, vaultName: string, options: DataProtectionOperationOptions = {}): PagedAsyncIterableIterator<AzureBackupJobResource> {
    return listPages<AzureBackupJobResource>(this.ctx, this.ctx.url(`${this.ctx.vaultPath(resourceGroupName, vaultName)}/backupJobs`), options.abortSignal);
  }

  /**
   * @internal Reads one page of the jobs of a vault: the first page, or the page at `nextLink`
   * (a `nextLink` from an earlier page). For the library's own job listing; use `list`.
   */
  async listPage(resourceGroupName: string, vaultName: string, nextLink?: string, options: DataProtectionOperationOptions = {}): Promise<JobsPage> {
    const url = nextLink ?? this.ctx.url(`${this.ctx.vaultPath(resourceGroupName, vaultName)}/backupJobs`);
    const { flatResponse } = await this.ctx.send<{ value?: AzureBackupJobResource[]; nextLink?: string | null } | undefined>("GET", url, options);
    return { value: flatResponse?.value ?? [], nextLink: flatResponse?.nextLink ?? undefined };
  }

  /**
   * Reads a job. `jobId` is the job's GUID; a full job ARM id (as operation results give it)
   * is accepted too, and its last segment used.
   */
  async get(resourceGroupName: string, vaultName: string, jobId: string, options: DataProtectionOperationOptions = {}): Promise<AzureBackupJobResource> {
    const name = jobId.replace(/\/+$/, "").split("/").pop() ?? jobId;
    const url = this.ctx.url(`${this.ctx.vaultPath(resourceGroupName, vaultName)}/backupJobs/${encodeSegment(name, "jobId")}`);
    return (await this.ctx.send<AzureBackupJobResource>("GET", url, options)).flatResponse;
  }
}
