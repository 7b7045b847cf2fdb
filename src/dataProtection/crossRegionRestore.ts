import type { OperationState, PollerLike } from "@azure/core-lro";
import { locationPath } from "./crossRegionReads.js";
import { beginOperation } from "./lro.js";
import type { OperationJobExtendedInfo } from "./models.js";
import type { AzureBackupRestoreRequest } from "./restoreModels.js";
import type { DataProtectionLroOptions } from "./options.js";
import type { DataProtectionContext } from "./transport.js";

/** Where a cross-region restore reads from (`CrossRegionRestoreDetails`). */
export interface CrossRegionRestoreDetails {
  /** The vault's (primary) region. */
  sourceRegion: string;
  /** ARM id of the backup instance in the primary region. */
  sourceBackupInstanceId: string;
}

/** Body of `crossRegionRestore` (`CrossRegionRestoreRequestObject`). */
export interface CrossRegionRestoreRequestObject {
  /** The restore (from the VaultStore) to run in the secondary region. */
  restoreRequestObject: AzureBackupRestoreRequest;
  /** The source backup instance and its region. */
  crossRegionRestoreDetails: CrossRegionRestoreDetails;
}

/** Body of `validateCrossRegionRestore` (`ValidateCrossRegionRestoreRequestObject`; sent with `objectType` as the CLI does). */
export interface ValidateCrossRegionRestoreRequestObject extends CrossRegionRestoreRequestObject {
  /** "ValidateRestoreRequestObject", as recorded from the CLI. */
  objectType?: "ValidateRestoreRequestObject";
}

/**
 * Cross-region restore writes, in the vault's secondary (paired) region, under
 * `/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.DataProtection/locations/{secondaryRegion}/`
 * (`BackupInstances_ValidateCrossRegionRestore`, `BackupInstances_TriggerCrossRegionRestore`,
 * shaped as in `@azure/arm-dataprotection`). The reads (secondary points, the jobs) are in
 * `crossRegionReads.ts`.
 */
export class CrossRegionRestore {
  /** @internal */
  constructor(private readonly ctx: DataProtectionContext) {}

  private post<T>(what: string, resourceGroupName: string, location: string, action: string, body: unknown, options: DataProtectionLroOptions, validate: boolean): PollerLike<OperationState<T>, T> {
    const path = locationPath(this.ctx, resourceGroupName, location, action);
    return beginOperation<T>(this.ctx, {
      what,
      resourceId: path,
      start: (abortSignal) => this.ctx.send("POST", this.ctx.url(path), { body, abortSignal }),
      ...(validate ? { operation: "backupValidate" as const } : {}),
    }, options);
  }

  /** Checks that a cross-region restore can run (`POST locations/{secondaryRegion}/validateCrossRegionRestore`, long-running). */
  beginValidateCrossRegionRestore(resourceGroupName: string, location: string, parameters: ValidateCrossRegionRestoreRequestObject, options: DataProtectionLroOptions = {}): PollerLike<OperationState<OperationJobExtendedInfo>, OperationJobExtendedInfo> {
    return this.post(`Validating the cross-region restore of ${parameters.crossRegionRestoreDetails.sourceBackupInstanceId} in ${location}`, resourceGroupName, location, "validateCrossRegionRestore", parameters, options, true);
  }

  /** Starts a cross-region restore; the result names its job (`POST locations/{secondaryRegion}/crossRegionRestore`, long-running). */
  beginTriggerCrossRegionRestore(resourceGroupName: string, location: string, parameters: CrossRegionRestoreRequestObject, options: DataProtectionLroOptions = {}): PollerLike<OperationState<OperationJobExtendedInfo>, OperationJobExtendedInfo> {
    return this.post(`Starting the cross-region restore of ${parameters.crossRegionRestoreDetails.sourceBackupInstanceId} in ${location}`, resourceGroupName, location, "crossRegionRestore", parameters, options, false);
  }
}
