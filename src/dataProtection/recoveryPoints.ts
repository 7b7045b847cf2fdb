import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import type { AzureBackupRecoveryPointResource } from "./models.js";
import type { DataProtectionOperationOptions, RecoveryPointsListOptions } from "./options.js";
import { listPages } from "./paging.js";
import type { DataProtectionContext } from "./transport.js";
import { encodeSegment } from "../common/referenceSegments.js";

/** Recovery points of a backup instance (`RecoveryPoints_*`). */
export class RecoveryPoints {
  /** @internal */
  constructor(private readonly ctx: DataProtectionContext) {}

  private path(resourceGroupName: string, vaultName: string, backupInstanceName: string): string {
    return `${this.ctx.vaultPath(resourceGroupName, vaultName)}/backupInstances/${encodeSegment(backupInstanceName, "backupInstanceName")}/recoveryPoints`;
  }

  /** Lists the recovery points of a backup instance, optionally filtered by time. */
  list(resourceGroupName: string, vaultName: string, backupInstanceName: string, options: RecoveryPointsListOptions = {}): PagedAsyncIterableIterator<AzureBackupRecoveryPointResource> {
    const url = this.ctx.url(this.path(resourceGroupName, vaultName, backupInstanceName), { $filter: options.filter, $skipToken: options.skipToken });
    return listPages<AzureBackupRecoveryPointResource>(this.ctx, url, options.abortSignal);
  }

  /** Reads one recovery point; a missing one throws a `RestError` with status 404. */
  async get(resourceGroupName: string, vaultName: string, backupInstanceName: string, recoveryPointId: string, options: DataProtectionOperationOptions = {}): Promise<AzureBackupRecoveryPointResource> {
    const url = this.ctx.url(`${this.path(resourceGroupName, vaultName, backupInstanceName)}/${encodeSegment(recoveryPointId, "recoveryPointId")}`);
    return (await this.ctx.send<AzureBackupRecoveryPointResource>("GET", url, options)).flatResponse;
  }
}
