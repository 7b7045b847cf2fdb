import type { OperationState, PollerLike } from "@azure/core-lro";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { beginOperation } from "./lro.js";
import type { DeletedBackupInstanceResource } from "./resourceGuardModels.js";
import type { DataProtectionLroOptions, DataProtectionOperationOptions } from "./options.js";
import { listPages } from "./paging.js";
import type { DataProtectionContext } from "./transport.js";
import { encodeSegment } from "../common/referenceSegments.js";

/** Soft-deleted backup instances of a vault (`DeletedBackupInstances_*`). */
export class DeletedBackupInstances {
  /** @internal */
  constructor(private readonly ctx: DataProtectionContext) {}

  private path(resourceGroupName: string, vaultName: string, backupInstanceName?: string): string {
    const base = `${this.ctx.vaultPath(resourceGroupName, vaultName)}/deletedBackupInstances`;
    return backupInstanceName === undefined ? base : `${base}/${encodeSegment(backupInstanceName, "backupInstanceName")}`;
  }

  /** Lists the soft-deleted backup instances of a vault. */
  list(resourceGroupName: string, vaultName: string, options: DataProtectionOperationOptions = {}): PagedAsyncIterableIterator<DeletedBackupInstanceResource> {
    return listPages<DeletedBackupInstanceResource>(this.ctx, this.ctx.url(this.path(resourceGroupName, vaultName)), options.abortSignal);
  }

  /** Reads a soft-deleted backup instance; a missing one throws a `RestError` with status 404. */
  async get(resourceGroupName: string, vaultName: string, backupInstanceName: string, options: DataProtectionOperationOptions = {}): Promise<DeletedBackupInstanceResource> {
    return (await this.ctx.send<DeletedBackupInstanceResource>("GET", this.ctx.url(this.path(resourceGroupName, vaultName, backupInstanceName)), options)).flatResponse;
  }

  /**
   * Brings a soft-deleted instance back, with protection stopped (`POST {deleted}/undelete`:
   * 200 at once as recorded, or 202 long-running as the spec allows).
   */
  beginUndelete(resourceGroupName: string, vaultName: string, backupInstanceName: string, options: DataProtectionLroOptions = {}): PollerLike<OperationState<void>, void> {
    const path = this.path(resourceGroupName, vaultName, backupInstanceName);
    return beginOperation<void>(this.ctx, {
      what: `Undeleting backup instance ${backupInstanceName}`,
      resourceId: path,
      start: (abortSignal) => this.ctx.send("POST", this.ctx.url(`${path}/undelete`), { abortSignal, auxiliaryToken: options.auxiliaryToken }),
      result: () => undefined,
    }, options);
  }
}
