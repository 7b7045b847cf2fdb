import type { TokenCredential } from "@azure/core-auth";
import { armEndpoint, createArmPipeline, sharedHttpClient } from "../clients/pipeline.js";
import { defaultPollIntervalInMs, type AksBackupClientOptions, validateClientArguments } from "../common/options.js";
import { BackupInstances } from "./backupInstances.js";
import { BackupPolicies } from "./backupPolicies.js";
import { BackupVaults } from "./backupVaults.js";
import { FetchCrossRegionRestoreJob, FetchCrossRegionRestoreJobs, FetchSecondaryRecoveryPoints } from "./crossRegionReads.js";
import { CrossRegionRestore } from "./crossRegionRestore.js";
import { DeletedBackupInstances } from "./deletedBackupInstances.js";
import { Jobs } from "./jobs.js";
import { OperationStatus } from "./operationStatus.js";
import { RecoveryPoints } from "./recoveryPoints.js";
import { ResourceGuardProxies } from "./resourceGuardProxies.js";
import { DataProtectionContext, dataProtectionApiVersion } from "./transport.js";

/**
 * A typed client for Microsoft.DataProtection (api-version 2025-07-01) on the Azure core
 * runtime, shaped like `DataProtectionClient` of `@azure/arm-dataprotection`: operation groups,
 * `begin*` long-running operations returning core-lro pollers, paged lists as
 * `PagedAsyncIterableIterator`. A failed long-running operation raises
 * {@link DataProtectionOperationError} with the service's code, message and additional info.
 */
export class DataProtectionClient {
  /** The api-version sent with every request. */
  readonly apiVersion: string = dataProtectionApiVersion;
  /** Backup vaults. */
  readonly backupVaults: BackupVaults;
  /** Backup policies. */
  readonly backupPolicies: BackupPolicies;
  /** Backup instances. */
  readonly backupInstances: BackupInstances;
  /** Backup jobs. */
  readonly jobs: Jobs;
  /** Recovery points. */
  readonly recoveryPoints: RecoveryPoints;
  /** Operation status monitors. */
  readonly operationStatus: OperationStatus;
  /** Recovery points in a vault's secondary region (cross-region restore). */
  readonly fetchSecondaryRecoveryPoints: FetchSecondaryRecoveryPoints;
  /** Cross-region restore jobs of a vault, in its secondary region. */
  readonly fetchCrossRegionRestoreJobs: FetchCrossRegionRestoreJobs;
  /** One cross-region restore job. */
  readonly fetchCrossRegionRestoreJob: FetchCrossRegionRestoreJob;
  /** Cross-region restore in a vault's secondary region: validate, trigger, and its job. */
  readonly crossRegionRestore: CrossRegionRestore;
  /** Soft-deleted backup instances. */
  readonly deletedBackupInstances: DeletedBackupInstances;
  /** Vaults' links to resource guards. */
  readonly resourceGuardProxies: ResourceGuardProxies;

  /**
   * @param credential - identity with rights on the vaults (Backup Contributor).
   * @param subscriptionId - the subscription's GUID.
   * @param options - endpoint, TLS, retry and pipeline options; `pollIntervalInMs` is the
   *   default interval of long-running operations when the service sends no `Retry-After`.
   */
  constructor(credential: TokenCredential, subscriptionId: string, options: AksBackupClientOptions = {}) {
    validateClientArguments(subscriptionId, options, credential);
    const endpoint = armEndpoint(options);
    const service = createArmPipeline(credential, options, sharedHttpClient(options));
    const context = new DataProtectionContext(service, endpoint, subscriptionId, options.pollIntervalInMs ?? defaultPollIntervalInMs);
    this.backupVaults = new BackupVaults(context);
    this.backupPolicies = new BackupPolicies(context);
    this.backupInstances = new BackupInstances(context);
    this.jobs = new Jobs(context);
    this.recoveryPoints = new RecoveryPoints(context);
    this.operationStatus = new OperationStatus(context);
    this.fetchSecondaryRecoveryPoints = new FetchSecondaryRecoveryPoints(context);
    this.fetchCrossRegionRestoreJobs = new FetchCrossRegionRestoreJobs(context);
    this.fetchCrossRegionRestoreJob = new FetchCrossRegionRestoreJob(context);
    this.crossRegionRestore = new CrossRegionRestore(context);
    this.deletedBackupInstances = new DeletedBackupInstances(context);
    this.resourceGuardProxies = new ResourceGuardProxies(context);
  }
}
