import { ContainerServiceClient } from "@azure/arm-containerservice";
import type { TokenCredential } from "@azure/core-auth";
import type { PollerLike } from "@azure/core-lro";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { parseArmId, resourceTypes, type ArmResourceId } from "../common/armId.js";
import { InputValidationError } from "../errors.js";
import { callAzure } from "../common/azureCalls.js";
import { readOrUndefined } from "../common/azureCalls.js";
import { classicClientOptions, defaultPollIntervalInMs, type AksBackupClientOptions, type OperationOptions } from "../common/options.js";
import type { WaitState } from "../common/poller.js";
import { DataProtectionClient } from "../dataProtection/client.js";
import { mapPaged } from "../common/paging.js";
import { toInstanceInfo } from "./mappers.js";
import type {
  BackupConfiguration, BackupInstanceInfo, BackupPolicyInfo, BackupVaultInfo, ConfigureProtectionRequest, DeleteBackupInstanceOptions,
  EnsurePolicyOptions, EnsurePolicyResult, EnsureVaultOptions, EnsureVaultResult, ProtectionWaitOptions, StopProtectionOptions,
} from "./models.js";
import { ensurePolicy, getPolicy, listPolicies, requireAksPolicy } from "./policies.js";
import { putInstance, readInstance, waitForProtectionState } from "./protection.js";
import { buildBackupInstance, buildDatasourceParameters, validateBackupConfiguration, validateConfigureRequest, requirePolicyInVault } from "./requestBuilders.js";
import { configuredActions, type InstanceActions } from "./instanceActions.js";
import { requireState } from "./stateRules.js";
import { ensureVault, getVault } from "./vaults.js";
import { buildJobFilter } from "./jobs/filter.js";
import { beginWaitForJob, getJob } from "./jobs/jobs.js";
import { listJobs } from "./jobs/list.js";
import type { JobInfo, ListJobsOptions, WaitForJobOptions } from "./jobs/models.js";
import { backupNow } from "./onDemand/backupNow.js";
import type { BackupNowOptions } from "./onDemand/models.js";
import { getRecoveryPoint, listRecoveryPoints } from "./recoveryPoints.js";
import { restoreDependencies } from "./restore/dependencies.js";
import type { RecoveryPointInfo, RestoreOptions, RestoreValidation } from "./restore/models.js";
import { restore, validateRestore, type RestoreDependencies } from "./restore/restore.js";

/**
 * Vaults, policies and backup instances of AKS clusters in Azure Backup: configure protection
 * and manage it through its life (change policy, update what is backed up, stop, resume,
 * delete), back up now, follow jobs, list recovery points and restore. Every id is checked,
 * and every state rule applied, before any write.
 */
export class BackupInstanceManager {
  /** The DataProtection client underneath, for what this class does not wrap. */
  readonly client: DataProtectionClient;
  private readonly clusters: ContainerServiceClient;
  private readonly pollIntervalInMs: number;
  private readonly actions: InstanceActions;
  private readonly restoreDeps: RestoreDependencies;

  /**
   * @param credential - identity with Backup Contributor on the vaults (and Reader on clusters).
   * @param subscriptionId - the subscription's GUID.
   */
  constructor(credential: TokenCredential, subscriptionId: string, options: AksBackupClientOptions = {}) {
    this.client = new DataProtectionClient(credential, subscriptionId, options);
    this.clusters = new ContainerServiceClient(credential, subscriptionId, classicClientOptions(options));
    this.pollIntervalInMs = options.pollIntervalInMs ?? defaultPollIntervalInMs;
    this.actions = configuredActions(this.client, this.pollIntervalInMs);
    this.restoreDeps = restoreDependencies(credential, subscriptionId, options, this.client, this.pollIntervalInMs, (c, p, o) => this.clusterLocation(c, o, p));
  }

  /** Reads a vault (with its identity); undefined when it does not exist. */
  getVault(vaultId: string, options: OperationOptions = {}): Promise<BackupVaultInfo | undefined> {
    return getVault(this.client, vaultId, options);
  }

  /** Converges a vault; see {@link EnsureVaultOptions}. Returns the vault with its identity's principalId. */
  ensureVault(vaultId: string, options: EnsureVaultOptions): Promise<EnsureVaultResult> {
    return ensureVault(this.client, (cluster, o) => this.clusterLocation(cluster, o), vaultId, options);
  }

  /** Reads a policy; undefined when it does not exist. */
  getPolicy(policyId: string, options: OperationOptions = {}): Promise<BackupPolicyInfo | undefined> {
    return getPolicy(this.client, policyId, options);
  }

  /** Lists the policies of a vault. */
  listPolicies(vaultId: string, options: OperationOptions = {}): PagedAsyncIterableIterator<BackupPolicyInfo> {
    return listPolicies(this.client, vaultId, options);
  }

  /** Converges an AKS policy to a preset (e.g. "every4Hours") or a full definition, validated before sending. */
  ensurePolicy(policyId: string, options: EnsurePolicyOptions): Promise<EnsurePolicyResult> {
    return ensurePolicy(this.client, policyId, options);
  }

  /** Reads a backup instance (protectionState, policyId, configuration...); undefined when it does not exist. */
  async get(backupInstanceId: string, options: OperationOptions = {}): Promise<BackupInstanceInfo | undefined> {
    const bi = await readInstance(this.client, parseArmId(backupInstanceId, "backupInstanceId", resourceTypes.backupInstance), options);
    return bi ? toInstanceInfo(bi) : undefined;
  }

  /** Lists the backup instances of a vault. */
  list(vaultId: string, options: OperationOptions = {}): PagedAsyncIterableIterator<BackupInstanceInfo> {
    const vault = parseArmId(vaultId, "vaultId", resourceTypes.backupVault);
    return mapPaged(this.client.backupInstances.list(vault.resourceGroupName!, vault.name, { abortSignal: options.abortSignal }), toInstanceInfo, `Listing the backup instances of ${vault.id}`);
  }

  /** The backup instance of a cluster in a vault, or undefined. */
  async findForCluster(clusterId: string, vaultId: string, options: OperationOptions = {}): Promise<BackupInstanceInfo | undefined> {
    const cluster = parseArmId(clusterId, "clusterId", resourceTypes.managedCluster);
    for await (const bi of this.list(vaultId, options)) if (bi.clusterId.toLowerCase() === cluster.id.toLowerCase()) return bi;
    return undefined;
  }

  /**
   * Protects a cluster: checks the request, reads the cluster and the policy (it must be for
   * AKS), runs validateForBackup, creates the backup instance and waits until it is
   * ProtectionConfigured. Converges: a cluster already protected in the vault with the same
   * policy and configuration gets no write; a different one is updated in place. Ends with
   * `DataProtectionOperationError` (the service's protection error) on ProtectionError.
   */
  beginConfigureProtection(request: ConfigureProtectionRequest, options: ProtectionWaitOptions = {}): PollerLike<WaitState<BackupInstanceInfo>, BackupInstanceInfo> {
    const parsed = validateConfigureRequest(request);
    let bi = parseArmId(`${parsed.vault.id}/backupInstances/${parsed.backupInstanceName}`, "backupInstanceName", resourceTypes.backupInstance);
    return waitForProtectionState(this.client, () => bi, ["ProtectionConfigured"], this.pollIntervalInMs, options, async (abortSignal) => {
      const o = { ...options, abortSignal };
      const [location] = await Promise.all([this.clusterLocation(parsed.cluster, o), requireAksPolicy(this.client, parsed.policy, o)]);
      const instance = buildBackupInstance({ cluster: parsed.cluster, clusterLocation: location, policyId: parsed.policy.id, snapshotResourceGroupId: parsed.snapshotResourceGroup.id, configuration: request.configuration, friendlyName: request.friendlyName });
      const existing = await this.findForCluster(parsed.cluster.id, parsed.vault.id, o);
      if (existing) {
        bi = parseArmId(existing.id, "backupInstanceId", resourceTypes.backupInstance);
        const wanted = JSON.stringify(buildDatasourceParameters(request.configuration));
        const same = existing.policyId.toLowerCase() === parsed.policy.id.toLowerCase() && JSON.stringify(buildDatasourceParameters(existing.configuration)) === wanted;
        if (["ConfiguringProtection", "UpdatingProtection"].includes(existing.protectionState)) return;
        if (same && existing.protectionState === "ProtectionConfigured") return;
        requireState("updateBackupConfiguration", existing.id, existing.protectionState);
      } else {
        await callAzure(`Validating backup of ${parsed.cluster.id}`, () =>
          this.client.backupInstances.beginValidateForBackup(parsed.vault.resourceGroupName!, parsed.vault.name, { backupInstance: instance }, { abortSignal, updateIntervalInMs: options.pollIntervalInMs ?? this.pollIntervalInMs }).pollUntilDone({ abortSignal }));
      }
      await putInstance(this.client, bi, instance, o);
    });
  }

  /** {@link beginConfigureProtection}, resolved when the cluster is protected. */
  configureProtection(request: ConfigureProtectionRequest, options: ProtectionWaitOptions = {}): Promise<BackupInstanceInfo> {
    return this.beginConfigureProtection(request, options).pollUntilDone();
  }

  /**
   * Changes what the backups include, in place (no delete and recreate): the given fields
   * replace the current ones, the others are kept. Waits until ProtectionConfigured.
   */
  async updateBackupConfiguration(backupInstanceId: string, configuration: BackupConfiguration, options: ProtectionWaitOptions = {}): Promise<BackupInstanceInfo> {
    const bi = parseArmId(backupInstanceId, "backupInstanceId", resourceTypes.backupInstance);
    validateBackupConfiguration(configuration);
    return this.actions.update(bi, "updateBackupConfiguration", options, (current) => {
      const merged = { ...toInstanceInfo(current).configuration, ...configuration };
      validateBackupConfiguration(merged);
      const params = current.properties!.policyInfo.policyParameters ?? {};
      return { ...params, backupDatasourceParametersList: [buildDatasourceParameters(merged)] };
    });
  }

  /** Moves a backup instance to another policy of its vault (for AKS). New recovery points follow it; existing ones keep their retention. */
  async changePolicy(backupInstanceId: string, policyId: string, options: ProtectionWaitOptions = {}): Promise<BackupInstanceInfo> {
    const bi = parseArmId(backupInstanceId, "backupInstanceId", resourceTypes.backupInstance);
    const policy = parseArmId(policyId, "policyId", resourceTypes.backupPolicy);
    requirePolicyInVault(policy, parseArmId(bi.parentId, "backupInstanceId", resourceTypes.backupVault), "policyId");
    await requireAksPolicy(this.client, policy, options);
    return this.actions.update(bi, "changePolicy", options, (current) => current.properties!.policyInfo.policyParameters ?? {}, policy.id);
  }

  /** Stops protection: `retain: "forever"` keeps all data (stopProtection); `"asPerPolicy"` lets it expire but keeps the latest recovery point (suspendBackups). */
  async stopProtection(backupInstanceId: string, options: StopProtectionOptions): Promise<BackupInstanceInfo> {
    const bi = parseArmId(backupInstanceId, "backupInstanceId", resourceTypes.backupInstance);
    const retain: unknown = options?.retain;
    if (retain !== "forever" && retain !== "asPerPolicy") throw new InputValidationError("retain", `'${String(retain)}' is not a retention choice`, 'pass "forever" or "asPerPolicy"');
    return this.actions.stop(bi, retain, options);
  }

  /** Resumes a stopped (resumeProtection) or suspended (resumeBackups) instance; a protected one is returned as is. */
  async resumeProtection(backupInstanceId: string, options: ProtectionWaitOptions = {}): Promise<BackupInstanceInfo> {
    return this.actions.resume(parseArmId(backupInstanceId, "backupInstanceId", resourceTypes.backupInstance), options);
  }

  /** Stops protection and deletes the backup data. `confirm` must equal the instance's name. A missing instance is a no-op. */
  async delete(backupInstanceId: string, options: DeleteBackupInstanceOptions): Promise<void> {
    const bi = parseArmId(backupInstanceId, "backupInstanceId", resourceTypes.backupInstance);
    if (options?.confirm !== bi.name) {
      throw new InputValidationError("confirm", `deleting removes all backup data of '${bi.name}', and confirm ${options?.confirm === undefined ? "is missing" : `('${String(options.confirm)}') does not match`}`, `pass { confirm: "${bi.name}" }`);
    }
    await this.actions.remove(bi, options);
  }

  /** Starts an on-demand backup with the policy's rule and retention (or those given); returns the started job. */
  backupNow(backupInstanceId: string, options: BackupNowOptions = {}): Promise<JobInfo> {
    return backupNow(this.client, this.pollIntervalInMs, backupInstanceId, options);
  }

  /**
   * Backup and restore jobs of a vault (or of one instance), newest first, started in a time
   * window (default: the last 7 days), filtered by operation and status on the client while
   * paging; `byPage({ maxPageSize })` gives pages of matches with continuation tokens.
   */
  listJobs(vaultId: string, options: ListJobsOptions = {}): PagedAsyncIterableIterator<JobInfo> {
    return listJobs(this.client, buildJobFilter(vaultId, options), options.abortSignal);
  }

  /** Reads a job (status, times, errors with remedies, warnings, sub-tasks) by its ARM id. */
  getJob(jobId: string, options: OperationOptions = {}): Promise<JobInfo> {
    return getJob(this.client, jobId, options);
  }

  /** Waits until a job ends; default `timeoutInMs` 6 hours. A failed job resolves unless `throwOnFailure`. */
  beginWaitForJob(jobId: string, options: WaitForJobOptions = {}): PollerLike<WaitState<JobInfo>, JobInfo> {
    return beginWaitForJob(this.client, jobId, this.pollIntervalInMs, options);
  }

  /** {@link beginWaitForJob}, resolved with the ended job. */
  waitForJob(jobId: string, options: WaitForJobOptions = {}): Promise<JobInfo> {
    return this.beginWaitForJob(jobId, options).pollUntilDone();
  }

  /** Recovery points of an instance, newest first. */
  listRecoveryPoints(backupInstanceId: string, options: OperationOptions = {}): PagedAsyncIterableIterator<RecoveryPointInfo> {
    return listRecoveryPoints(this.client, parseArmId(backupInstanceId, "backupInstanceId", resourceTypes.backupInstance), options);
  }

  /** One recovery point (name or id) of an instance; one of another instance is an input error. */
  getRecoveryPoint(backupInstanceId: string, recoveryPointId: string, options: OperationOptions = {}): Promise<RecoveryPointInfo> {
    return getRecoveryPoint(this.client, parseArmId(backupInstanceId, "backupInstanceId", resourceTypes.backupInstance), recoveryPointId, options);
  }

  /** Checks a restore (inputs, recovery point, target region), grants its permissions, runs validateForRestore. */
  validateRestore(backupInstanceId: string, options: RestoreOptions = {}): Promise<RestoreValidation> {
    return validateRestore(this.restoreDeps, backupInstanceId, options);
  }

  /**
   * Restores a recovery point (default: the latest) to the original cluster or another one in
   * the same region, whole or by namespaces, with namespace mappings and a conflict policy.
   * Validates first (see {@link validateRestore}), then triggers; returns the restore job.
   */
  restore(backupInstanceId: string, options: RestoreOptions = {}): Promise<JobInfo> {
    return restore(this.restoreDeps, backupInstanceId, options);
  }

  private async clusterLocation(cluster: ArmResourceId, options: OperationOptions, parameter = "clusterId"): Promise<string> {
    const mc = await readOrUndefined(`Reading cluster ${cluster.id}`, () => this.clusters.managedClusters.get(cluster.resourceGroupName!, cluster.name, { abortSignal: options.abortSignal }));
    if (!mc) throw new InputValidationError(parameter, `the cluster '${cluster.id}' does not exist`, "check the cluster id");
    return mc.location;
  }
}
