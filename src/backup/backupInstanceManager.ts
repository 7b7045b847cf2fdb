import { clientsFor, type AzureClients } from "../clients/clientCache.js";
import type { ChangePolicyOptions, ConfigureProtectionOptions, FindForClusterOptions, GetBackupInstanceOptions, GetJobOptions, GetPolicyOptions, GetRecoveryPointOptions, GetVaultOptions, ListBackupInstancesOptions, ListPoliciesOptions, ResumeProtectionOptions, UpdateBackupConfigurationOptions } from "./methodOptions.js";
import type { TokenCredential } from "@azure/core-auth";
import type { PollerLike } from "@azure/core-lro";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { parseBackupInstanceId, parseBackupPolicyId, parseBackupVaultId, parseClusterId, type BackupInstanceRef, type BackupPolicyRef, type BackupVaultRef, type ClusterRef, type JobRef } from "../common/references.js";
import { AzureRequestError, InputValidationError, ResourceNotFoundError } from "../errors.js";
import { callAzure } from "../common/azureCalls.js";
import { defaultPollIntervalInMs, validateClientArguments, type AksBackupClientOptions, type OperationOptions } from "../common/options.js";
import { createWaitPoller, type WaitState, callerWaitOptions } from "../common/poller.js";
import { NotFoundGrace } from "../common/eventualConsistency.js";
import type { DataProtectionClient } from "../dataProtection/client.js";
import { mapPaged } from "../common/paging.js";
import { validateInputs } from "../common/schemas/validate.js";
import * as schemas from "../common/schemas/backup.js";
import * as vaultSchemas from "../common/schemas/vault.js";
import { backupConfiguration } from "../common/schemas/backupConfiguration.js";
import { backupInstanceId as backupInstanceIdSchema, clusterId as clusterIdSchema, jobId as jobIdSchema, policyId as policyIdSchema, vaultId as vaultIdSchema } from "../common/schemas/ids.js";
import { nonEmptyText } from "../common/schemas/primitives.js";
import { nameOf } from "../common/schemas/ids.js";
import { requireConfirmation } from "../common/schemas/confirm.js";
import { narrowingOf } from "./narrowing.js";
import { requirePatchConfirmation } from "./restore/patchConfirmation.js";

const ids = { backupInstanceId: backupInstanceIdSchema, clusterId: clusterIdSchema, policyId: policyIdSchema, vaultId: vaultIdSchema };
import { toInstanceInfo } from "./mappers.js";
import type {
  BackupConfiguration, BackupInstanceInfo, BackupPolicyInfo, BackupVaultInfo, ConfigureProtectionRequest, DeleteBackupInstanceOptions,
  EnsurePolicyOptions, EnsurePolicyResult, EnsureVaultOptions, EnsureVaultResult, StopProtectionOptions,
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
import { beginBackupNow } from "./onDemand/backupNow.js";
import type { BackupNowOptions } from "./onDemand/models.js";
import { getRecoveryPoint, listRecoveryPoints } from "./recoveryPoints.js";
import type { ListRecoveryPointsOptions } from "./recoveryPointModels.js";
import { listRecoveryPointsOptions } from "../common/schemas/recoveryPoints.js";
import type { RecoveryPointInfo, RestoreCheck, RestoreOptions, RestoreValidation } from "./restore/models.js";
import { beginRestore, checkRestore, validateRestore, type RestoreDependencies } from "./restore/restore.js";
import { attachResourceGuard, detachResourceGuard, getResourceGuard, type GuardSettings } from "./resourceGuards.js";
import type { AttachResourceGuardOptions, AttachResourceGuardResult, DetachResourceGuardOptions, DetachResourceGuardResult, VaultResourceGuardInfo } from "./resourceGuardModels.js";
import * as guardSchemas from "../common/schemas/resourceGuards.js";
import { beginUndelete, listDeleted, undeleteTarget, type DeletedBackupInstanceInfo, type UndeleteOptions } from "./softDeleted.js";
import { checkAzureFilesPolicy } from "./azureFiles.js";
import { identityDetailsFor } from "./instanceIdentity.js";

/**
 * Vaults, policies and backup instances of AKS clusters in Azure Backup: configure protection
 * and manage it through its life (change policy, update what is backed up, stop, resume,
 * delete), back up now, follow jobs, list recovery points and restore. Every id is checked,
 * and every state rule applied, before any write.
 */
export class BackupInstanceManager {
  /** The DataProtection client underneath: private, so nothing deletes through it without `confirm`. */
  readonly #client: DataProtectionClient;
  readonly #clients: AzureClients;
  readonly #pollIntervalInMs: number;
  readonly #actions: InstanceActions;
  readonly #restoreDeps: RestoreDependencies;
  readonly #guardSettings: GuardSettings;

  /**
   * @param credential - identity with Backup Contributor on the vaults (and Reader on clusters).
   * @param subscriptionId - the subscription's GUID.
   */
  constructor(credential: TokenCredential, subscriptionId: string, options: AksBackupClientOptions = {}) {
    validateClientArguments(subscriptionId, options, credential);
    this.#clients = clientsFor(credential, options);
    this.#client = this.#clients.dataProtection(subscriptionId);
    this.#pollIntervalInMs = options.pollIntervalInMs ?? defaultPollIntervalInMs;
    this.#guardSettings = { credential: options.resourceGuardCredential, scopes: options.credentialScopes };
    this.#actions = configuredActions(this.#client, this.#pollIntervalInMs, this.#guardSettings);
    this.#restoreDeps = { client: this.#client, pollIntervalInMs: this.#pollIntervalInMs, clusterLocation: (c, p, o) => this.clusterLocation(c, o, p), guardSettings: this.#guardSettings };
  }

  /** Reads a vault (with its identity); undefined when it does not exist. */
  async getVault(vaultId: string | BackupVaultRef, options: GetVaultOptions = {}): Promise<BackupVaultInfo | undefined> {
    validateInputs([ids.vaultId, vaultId, "vaultId"], [schemas.readOptions, options, "(options)"]);
    return getVault(this.#client, vaultId, options);
  }

  /** Converges a vault; see {@link EnsureVaultOptions}. Returns the vault with its identity's principalId. */
  beginEnsureVault(vaultId: string | BackupVaultRef, options: EnsureVaultOptions): PollerLike<WaitState<EnsureVaultResult>, EnsureVaultResult> {
    validateInputs([ids.vaultId, vaultId, "vaultId"], [vaultSchemas.ensureVaultOptions, options, "(options)"]);
    const vault = parseBackupVaultId(vaultId, "vaultId");
    // What the converge did, saved by serialize(): a restored poller reads the vault and reports it.
    const memo: { action: EnsureVaultResult["action"] | null; changes: string } = { action: null, changes: "[]" };
    const grace = new NotFoundGrace();
    return createWaitPoller<EnsureVaultResult>({
      description: `backup vault ${vault.name} to be in place`,
      operation: "backupVaultCreate",
      memo,
      intervalInMs: options.pollIntervalInMs ?? this.#pollIntervalInMs,
      timeoutInMs: options.timeoutInMs ?? 10 * 60_000,
      ...callerWaitOptions(options),
      start: async (abortSignal) => {
        const o = { ...options, ...(abortSignal ? { abortSignal } : {}) };
        const done = await ensureVault(this.#client, (cluster, lo) => this.clusterLocation(cluster, lo), vault, o, this.#guardSettings);
        memo.action = done.action;
        memo.changes = JSON.stringify(done.changes);
      },
      check: async (abortSignal) => {
        const v = await getVault(this.#client, vault, abortSignal ? { abortSignal } : {});
        if (!v) {
          if (grace.stillWithinGrace()) return { done: false, status: "NotFound (not visible yet)" };
          throw new ResourceNotFoundError("vaultId", `the vault '${vault.id}' disappeared after it was written`, "run ensureVault again");
        }
        return { done: true, status: "Succeeded", result: { ...v, action: memo.action ?? "unchanged", changes: JSON.parse(memo.changes) as EnsureVaultResult["changes"] } };
      },
    });
  }

  /** {@link beginEnsureVault}, resolved with the vault and what was done. */
  ensureVault(vaultId: string | BackupVaultRef, options: EnsureVaultOptions): Promise<EnsureVaultResult> {
    return this.beginEnsureVault(vaultId, options).pollUntilDone();
  }

  /** Reads a policy; undefined when it does not exist. */
  async getPolicy(policyId: string | BackupPolicyRef, options: GetPolicyOptions = {}): Promise<BackupPolicyInfo | undefined> {
    validateInputs([ids.policyId, policyId, "policyId"], [schemas.readOptions, options, "(options)"]);
    return getPolicy(this.#client, policyId, options);
  }

  /** Lists the policies of a vault. */
  listPolicies(vaultId: string | BackupVaultRef, options: ListPoliciesOptions = {}): PagedAsyncIterableIterator<BackupPolicyInfo> {
    validateInputs([ids.vaultId, vaultId, "vaultId"], [schemas.readOptions, options, "(options)"]);
    return listPolicies(this.#client, vaultId, options);
  }

  /** Converges an AKS policy to a preset (e.g. "every4Hours") or a full definition, validated before sending. */
  async ensurePolicy(policyId: string | BackupPolicyRef, options: EnsurePolicyOptions): Promise<EnsurePolicyResult> {
    validateInputs([ids.policyId, policyId, "policyId"], [schemas.ensurePolicyOptions, options, "(options)"]);
    return ensurePolicy(this.#client, policyId, options);
  }

  /** Reads a backup instance (protectionState, policyId, configuration...); undefined when it does not exist. */
  async get(backupInstanceId: string | BackupInstanceRef, options: GetBackupInstanceOptions = {}): Promise<BackupInstanceInfo | undefined> {
    validateInputs([ids.backupInstanceId, backupInstanceId, "backupInstanceId"], [schemas.readOptions, options, "(options)"]);
    const bi = await readInstance(this.#client, parseBackupInstanceId(backupInstanceId, "backupInstanceId"), options);
    return bi ? toInstanceInfo(bi) : undefined;
  }

  /** Lists the backup instances of a vault. */
  list(vaultId: string | BackupVaultRef, options: ListBackupInstancesOptions = {}): PagedAsyncIterableIterator<BackupInstanceInfo> {
    validateInputs([ids.vaultId, vaultId, "vaultId"], [schemas.readOptions, options, "(options)"]);
    const vault = parseBackupVaultId(vaultId, "vaultId");
    return mapPaged(this.#client.backupInstances.list(vault.resourceGroupName, vault.name, { abortSignal: options.abortSignal }), toInstanceInfo, `Listing the backup instances of ${vault.id}`);
  }

  /**
   * The backup instance of a cluster in a vault, or undefined. Found with the extension-resource
   * list on the cluster (`BackupInstancesExtensionRouting_List`: the instances protecting it, in
   * any vault), never by paging the whole vault.
   */
  async findForCluster(clusterId: string | ClusterRef, vaultId: string | BackupVaultRef, options: FindForClusterOptions = {}): Promise<BackupInstanceInfo | undefined> {
    validateInputs([ids.clusterId, clusterId, "clusterId"], [ids.vaultId, vaultId, "vaultId"], [schemas.readOptions, options, "(options)"]);
    const cluster = parseClusterId(clusterId, "clusterId");
    const vault = parseBackupVaultId(vaultId, "vaultId");
    const protecting = mapPaged(this.#client.backupInstances.listForResource(cluster, { abortSignal: options.abortSignal }), toInstanceInfo, `Listing the backup instances of ${cluster.id}`);
    for await (const bi of protecting) if (bi.vaultId.toLowerCase() === vault.id.toLowerCase()) return bi;
    return undefined;
  }

  /**
   * Protects a cluster: checks the request, reads the cluster and the policy (it must be for
   * AKS), runs validateForBackup, creates the backup instance and waits until it is
   * ProtectionConfigured. Converges: a cluster already protected in the vault with the same
   * policy and configuration gets no write; a different one is updated in place. Ends with
   * `DataProtectionOperationError` (the service's protection error) on ProtectionError.
   */
  beginConfigureProtection(request: ConfigureProtectionRequest, options: ConfigureProtectionOptions = {}): PollerLike<WaitState<BackupInstanceInfo>, BackupInstanceInfo> {
    validateInputs([schemas.configureProtectionRequest, request, ""], [schemas.narrowingWaitOptions, options, "(options)"]);
    const parsed = validateConfigureRequest(request);
    // The instance waited on: the named one, or the cluster's existing one that start finds (saved by serialize()).
    const memo = { backupInstanceId: parsed.backupInstance.id };
    let bi = parseBackupInstanceId(memo.backupInstanceId, "backupInstanceId");
    const current = (): typeof bi => (bi.id === memo.backupInstanceId ? bi : (bi = parseBackupInstanceId(memo.backupInstanceId, "backupInstanceId")));
    return waitForProtectionState(this.#client, current, ["ProtectionConfigured"], this.#pollIntervalInMs, options, async (abortSignal) => {
      const o = { ...options, abortSignal };
      const [location, policy, vaultInfo] = await Promise.all([this.clusterLocation(parsed.cluster, o), requireAksPolicy(this.#client, parsed.policy, o), getVault(this.#client, parsed.vault, o)]);
      checkAzureFilesPolicy(policy, request.configuration);
      // The vault identity the instance uses: a user-assigned one goes in identityDetails (its principal needs the vault's roles).
      const identityDetails = identityDetailsFor(vaultInfo, request.vaultIdentity);
      const instance = { ...buildBackupInstance({ cluster: parsed.cluster, clusterLocation: location, policyId: parsed.policy.id, snapshotResourceGroupId: parsed.snapshotResourceGroup.id, configuration: request.configuration, friendlyName: request.friendlyName }),
        ...(identityDetails ? { identityDetails } : {}) };
      const existing = await this.findForCluster(parsed.cluster, parsed.vault, { abortSignal });
      if (existing) {
        memo.backupInstanceId = existing.id;
        const wanted = JSON.stringify(buildDatasourceParameters(request.configuration));
        // The vault identity it uses is converged too (a vault switched to a user-assigned identity).
        const sameIdentity = (existing.userAssignedIdentityId ?? "").toLowerCase() === (identityDetails?.userAssignedIdentityArmUrl ?? "").toLowerCase();
        const same = existing.policyId.toLowerCase() === parsed.policy.id.toLowerCase() && JSON.stringify(buildDatasourceParameters(existing.configuration)) === wanted && sameIdentity;
        if (["ConfiguringProtection", "UpdatingProtection"].includes(existing.protectionState)) return;
        if (same && existing.protectionState === "ProtectionConfigured") return;
        const narrower = narrowingOf(existing.configuration, request.configuration ?? {});
        if (narrower) requireConfirmation(`narrowing what the backups include (${narrower})`, existing.id, existing.name, options.confirm);
        requireState("updateBackupConfiguration", existing.id, existing.protectionState);
      } else {
        await callAzure(`Validating backup of ${parsed.cluster.id}`, () =>
          this.#client.backupInstances.beginValidateForBackup(parsed.vault.resourceGroupName, parsed.vault.name, { backupInstance: instance }, { abortSignal, pollIntervalInMs: options.pollIntervalInMs ?? this.#pollIntervalInMs }).pollUntilDone({ abortSignal }));
      }
      await putInstance(this.#client, current(), instance, o);
    }, memo);
  }

  /** {@link beginConfigureProtection}, resolved when the cluster is protected. */
  async configureProtection(request: ConfigureProtectionRequest, options: ConfigureProtectionOptions = {}): Promise<BackupInstanceInfo> {
    return this.beginConfigureProtection(request, options).pollUntilDone();
  }

  /**
   * Changes what the backups include, in place (no delete and recreate): the given fields
   * replace the current ones, the others are kept. Waits until ProtectionConfigured.
   */
  beginUpdateBackupConfiguration(backupInstanceId: string | BackupInstanceRef, configuration: BackupConfiguration, options: UpdateBackupConfigurationOptions = {}): PollerLike<WaitState<BackupInstanceInfo>, BackupInstanceInfo> {
    validateInputs([ids.backupInstanceId, backupInstanceId, "backupInstanceId"], [backupConfiguration, configuration, "configuration"], [schemas.narrowingWaitOptions, options, "(options)"]);
    const bi = parseBackupInstanceId(backupInstanceId, "backupInstanceId");
    validateBackupConfiguration(configuration);
    return this.#actions.beginUpdate(bi, "updateBackupConfiguration", options, (current) => {
      const narrower = narrowingOf(toInstanceInfo(current).configuration, configuration);
      if (narrower) requireConfirmation(`narrowing what the backups include (${narrower})`, bi.id, bi.name, options.confirm);
      const merged = { ...toInstanceInfo(current).configuration, ...configuration };
      validateBackupConfiguration(merged);
      const params = current.properties!.policyInfo.policyParameters ?? {};
      return { ...params, backupDatasourceParametersList: [buildDatasourceParameters(merged)] };
    });
  }

  /** {@link beginUpdateBackupConfiguration}, resolved when the instance is ProtectionConfigured again. */
  async updateBackupConfiguration(backupInstanceId: string | BackupInstanceRef, configuration: BackupConfiguration, options: UpdateBackupConfigurationOptions = {}): Promise<BackupInstanceInfo> {
    return this.beginUpdateBackupConfiguration(backupInstanceId, configuration, options).pollUntilDone();
  }

  /** Moves a backup instance to another policy of its vault (for AKS). New recovery points follow it; existing ones keep their retention. */
  beginChangePolicy(backupInstanceId: string | BackupInstanceRef, policyId: string | BackupPolicyRef, options: ChangePolicyOptions = {}): PollerLike<WaitState<BackupInstanceInfo>, BackupInstanceInfo> {
    validateInputs([ids.backupInstanceId, backupInstanceId, "backupInstanceId"], [ids.policyId, policyId, "policyId"], [schemas.protectionWaitOptions, options, "(options)"]);
    const bi = parseBackupInstanceId(backupInstanceId, "backupInstanceId");
    const policy = parseBackupPolicyId(policyId, "policyId");
    requirePolicyInVault(policy, bi.vault, "policyId");
    return this.#actions.beginUpdate(bi, "changePolicy", options, (current) => current.properties!.policyInfo.policyParameters ?? {}, policy.id,
      (o) => requireAksPolicy(this.#client, policy, o));
  }

  /** {@link beginChangePolicy}, resolved when the instance is ProtectionConfigured with the new policy. */
  async changePolicy(backupInstanceId: string | BackupInstanceRef, policyId: string | BackupPolicyRef, options: ChangePolicyOptions = {}): Promise<BackupInstanceInfo> {
    return this.beginChangePolicy(backupInstanceId, policyId, options).pollUntilDone();
  }

  /** Stops protection: `retain: "forever"` keeps all data (stopProtection); `"asPerPolicy"` lets it expire but keeps the latest recovery point (suspendBackups). */
  beginStopProtection(backupInstanceId: string | BackupInstanceRef, options: StopProtectionOptions): PollerLike<WaitState<BackupInstanceInfo>, BackupInstanceInfo> {
    validateInputs([ids.backupInstanceId, backupInstanceId, "backupInstanceId"], [schemas.stopProtectionOptions, options, "(options)"]);
    const bi = parseBackupInstanceId(backupInstanceId, "backupInstanceId");
    const retain: unknown = options?.retain;
    if (retain !== "forever" && retain !== "asPerPolicy") throw new InputValidationError("retain", `'${String(retain)}' is not a retention choice`, 'pass "forever" or "asPerPolicy"');
    requireConfirmation(`stopping protection of the backup instance (${retain === "forever" ? "no new backups" : "no new backups, and existing ones expire by policy"})`, bi.id, bi.name, options.confirm);
    return this.#actions.beginStop(bi, retain, options);
  }

  /** {@link beginStopProtection}, resolved when the instance is stopped (or suspended). */
  async stopProtection(backupInstanceId: string | BackupInstanceRef, options: StopProtectionOptions): Promise<BackupInstanceInfo> {
    return this.beginStopProtection(backupInstanceId, options).pollUntilDone();
  }

  /** Resumes a stopped (resumeProtection) or suspended (resumeBackups) instance; a protected one is returned as is. */
  beginResumeProtection(backupInstanceId: string | BackupInstanceRef, options: ResumeProtectionOptions = {}): PollerLike<WaitState<BackupInstanceInfo>, BackupInstanceInfo> {
    validateInputs([ids.backupInstanceId, backupInstanceId, "backupInstanceId"], [schemas.protectionWaitOptions, options, "(options)"]);
    return this.#actions.beginResume(parseBackupInstanceId(backupInstanceId, "backupInstanceId"), options);
  }

  /** {@link beginResumeProtection}, resolved when the instance is ProtectionConfigured. */
  async resumeProtection(backupInstanceId: string | BackupInstanceRef, options: ResumeProtectionOptions = {}): Promise<BackupInstanceInfo> {
    return this.beginResumeProtection(backupInstanceId, options).pollUntilDone();
  }

  /** Stops protection and deletes the backup data. `confirm` must equal the instance's name. A missing instance is a no-op. */
  beginDelete(backupInstanceId: string | BackupInstanceRef, options: DeleteBackupInstanceOptions): PollerLike<WaitState<void>, void> {
    validateInputs([ids.backupInstanceId, backupInstanceId, "backupInstanceId"], [schemas.deleteBackupInstanceOptions, options, "(options)"]);
    const bi = parseBackupInstanceId(backupInstanceId, "backupInstanceId");
    requireConfirmation("deleting the backup instance and all its backup data", bi.id, bi.name, options?.confirm);
    return this.#actions.beginRemove(bi, options);
  }

  /** {@link beginDelete}, resolved when the instance is deleted (or soft deleted). */
  async delete(backupInstanceId: string | BackupInstanceRef, options: DeleteBackupInstanceOptions): Promise<void> {
    await this.beginDelete(backupInstanceId, options).pollUntilDone();
  }

  /** Soft-deleted backup instances of a vault (soft delete On or AlwaysOn), each with its purge time. */
  listDeleted(vaultId: string | BackupVaultRef, options: OperationOptions = {}): PagedAsyncIterableIterator<DeletedBackupInstanceInfo> {
    validateInputs([ids.vaultId, vaultId, "vaultId"], [schemas.readOptions, options, "(options)"]);
    return listDeleted(this.#client, parseBackupVaultId(vaultId, "vaultId"), options);
  }

  /**
   * Brings a soft-deleted backup instance back, by its `deletedBackupInstances` id (from
   * {@link listDeleted}) or by vault and name; resolves when it reads again, with protection
   * stopped (resume it with {@link resumeProtection}). An instance already back is a no-op.
   */
  beginUndelete(deletedBackupInstanceId: string | BackupVaultRef, backupInstanceName?: string | UndeleteOptions, options: UndeleteOptions = {}): PollerLike<WaitState<BackupInstanceInfo>, BackupInstanceInfo> {
    const name = typeof backupInstanceName === "string" ? backupInstanceName : undefined;
    const o = typeof backupInstanceName === "object" ? backupInstanceName : options;
    validateInputs([schemas.protectionWaitOptions, o, "(options)"]);
    if (name !== undefined) validateInputs([ids.vaultId, deletedBackupInstanceId, "vaultId"], [nameOf("backupInstance"), name, "backupInstanceName"]);
    return beginUndelete(this.#client, undeleteTarget(deletedBackupInstanceId, name), this.#pollIntervalInMs, o ?? {});
  }

  /** {@link beginUndelete}, resolved with the instance back (ProtectionStopped). */
  async undelete(deletedBackupInstanceId: string | BackupVaultRef, backupInstanceName?: string | UndeleteOptions, options: UndeleteOptions = {}): Promise<BackupInstanceInfo> {
    return this.beginUndelete(deletedBackupInstanceId, backupInstanceName, options).pollUntilDone();
  }

  /** The vault's resource guard (multi-user authorization) and the operations it protects; undefined when it has none. */
  async getResourceGuard(vaultId: string | BackupVaultRef, options: OperationOptions = {}): Promise<VaultResourceGuardInfo | undefined> {
    validateInputs([ids.vaultId, vaultId, "vaultId"], [schemas.readOptions, options, "(options)"]);
    return getResourceGuard(this.#client, parseBackupVaultId(vaultId, "vaultId"), options);
  }

  /**
   * Protects a vault with a resource guard (multi-user authorization): afterwards deleting or
   * stopping protection of an instance, changing it, and weakening the vault's security need
   * the guard's approval, which this library then sends with each. Converges (no write when
   * already attached); a vault attached to another guard is refused.
   */
  async attachResourceGuard(vaultId: string | BackupVaultRef, resourceGuardId: string, options: AttachResourceGuardOptions = {}): Promise<AttachResourceGuardResult> {
    validateInputs([ids.vaultId, vaultId, "vaultId"], [guardSchemas.resourceGuardId, resourceGuardId, "resourceGuardId"], [guardSchemas.attachResourceGuardOptions, options, "(options)"]);
    return attachResourceGuard(this.#client, parseBackupVaultId(vaultId, "vaultId"), resourceGuardId, this.#guardSettings, options);
  }

  /**
   * Removes the vault's resource guard: `confirm` must equal the vault's name, and the guard
   * must approve it (its request for deleting the proxy). A vault without a guard is a no-op.
   */
  async detachResourceGuard(vaultId: string | BackupVaultRef, options: DetachResourceGuardOptions): Promise<DetachResourceGuardResult> {
    validateInputs([ids.vaultId, vaultId, "vaultId"], [guardSchemas.detachResourceGuardOptions, options, "(options)"]);
    return detachResourceGuard(this.#client, parseBackupVaultId(vaultId, "vaultId"), this.#guardSettings, options);
  }

  /** Starts an on-demand backup with the policy's rule and retention (or those given); returns the started job. */
  beginBackupNow(backupInstanceId: string | BackupInstanceRef, options: BackupNowOptions = {}): PollerLike<WaitState<JobInfo>, JobInfo> {
    validateInputs([ids.backupInstanceId, backupInstanceId, "backupInstanceId"], [schemas.backupNowOptions, options, "(options)"]);
    return beginBackupNow(this.#client, this.#pollIntervalInMs, backupInstanceId, options);
  }

  /** {@link beginBackupNow}, resolved with the started job. */
  async backupNow(backupInstanceId: string | BackupInstanceRef, options: BackupNowOptions = {}): Promise<JobInfo> {
    return this.beginBackupNow(backupInstanceId, options).pollUntilDone();
  }

  /**
   * Backup and restore jobs of a vault (or of one instance), newest first, started in a time
   * window (default: the last 7 days), filtered by operation and status on the client while
   * paging; `byPage({ maxPageSize })` gives pages of matches with continuation tokens.
   */
  listJobs(vaultId: string | BackupVaultRef, options: ListJobsOptions = {}): PagedAsyncIterableIterator<JobInfo> {
    validateInputs([ids.vaultId, vaultId, "vaultId"], [schemas.listJobsOptions, options, "(options)"]);
    return listJobs(this.#client, buildJobFilter(vaultId, options), options.abortSignal);
  }

  /** Reads a job (status, times, errors with remedies, warnings, sub-tasks) by its ARM id. */
  async getJob(jobId: string | JobRef, options: GetJobOptions = {}): Promise<JobInfo> {
    validateInputs([jobIdSchema, jobId, "jobId"], [schemas.readOptions, options, "(options)"]);
    return getJob(this.#client, jobId, options);
  }

  /** Waits until a job ends; default `timeoutInMs` 6 hours. A failed job resolves unless `throwOnFailure`. */
  beginWaitForJob(jobId: string | JobRef, options: WaitForJobOptions = {}): PollerLike<WaitState<JobInfo>, JobInfo> {
    validateInputs([jobIdSchema, jobId, "jobId"], [schemas.waitForJobOptions, options, "(options)"]);
    return beginWaitForJob(this.#client, jobId, this.#pollIntervalInMs, options);
  }

  /** {@link beginWaitForJob}, resolved with the ended job. */
  async waitForJob(jobId: string | JobRef, options: WaitForJobOptions = {}): Promise<JobInfo> {
    return this.beginWaitForJob(jobId, options).pollUntilDone();
  }

  /**
   * Recovery points of an instance, newest first: every point, or those of one tier
   * (`source: "operational" | "vault"`); with `fromSecondaryRegion`, the vault-tier points in the
   * vault's paired region (a geo-redundant vault with cross-region restore). Each says the tier
   * (`dataStore`) and region (`region`) it is listed from.
   */
  listRecoveryPoints(backupInstanceId: string | BackupInstanceRef, options: ListRecoveryPointsOptions = {}): PagedAsyncIterableIterator<RecoveryPointInfo> {
    validateInputs([ids.backupInstanceId, backupInstanceId, "backupInstanceId"], [listRecoveryPointsOptions, options, "(options)"]);
    return listRecoveryPoints(this.#client, parseBackupInstanceId(backupInstanceId, "backupInstanceId"), options);
  }

  /** One recovery point (name or id) of an instance; one of another instance is an input error. */
  async getRecoveryPoint(backupInstanceId: string | BackupInstanceRef, recoveryPointId: string, options: GetRecoveryPointOptions = {}): Promise<RecoveryPointInfo> {
    validateInputs([ids.backupInstanceId, backupInstanceId, "backupInstanceId"], [nonEmptyText, recoveryPointId, "recoveryPointId"], [schemas.readOptions, options, "(options)"]);
    return getRecoveryPoint(this.#client, parseBackupInstanceId(backupInstanceId, "backupInstanceId"), recoveryPointId, options);
  }

  /** Checks a restore with reads only: inputs (before any request), instance, recovery point, target cluster and region. */
  async checkRestore(backupInstanceId: string | BackupInstanceRef, options: RestoreOptions = {}): Promise<RestoreCheck> {
    validateInputs([ids.backupInstanceId, backupInstanceId, "backupInstanceId"], [schemas.restoreOptions, options, "(options)"]);
    return checkRestore(this.#restoreDeps, backupInstanceId, options);
  }

  /**
   * Checks a restore (inputs, recovery point, target region) and runs validateForRestore. The
   * restore permissions must be in place: `AksBackup.restoreCluster` grants them (and binds
   * Trusted Access to another target cluster) first.
   */
  async validateRestore(backupInstanceId: string | BackupInstanceRef, options: RestoreOptions = {}): Promise<RestoreValidation> {
    validateInputs([ids.backupInstanceId, backupInstanceId, "backupInstanceId"], [schemas.restoreOptions, options, "(options)"]);
    return validateRestore(this.#restoreDeps, backupInstanceId, options);
  }

  /**
   * Restores a recovery point (default: the latest) to the original cluster or another one in
   * the same region, whole or by namespaces, with namespace mappings and a conflict policy.
   * Validates first (see {@link validateRestore}), then triggers; returns the restore job.
   * Grants nothing: use `AksBackup.restoreCluster` to grant the restore permissions first.
   */
  beginRestore(backupInstanceId: string | BackupInstanceRef, options: RestoreOptions = {}): PollerLike<WaitState<JobInfo>, JobInfo> {
    validateInputs([ids.backupInstanceId, backupInstanceId, "backupInstanceId"], [schemas.restoreOptions, options, "(options)"]);
    const patchDeps = { clients: this.#clients, pollIntervalInMs: options.pollIntervalInMs ?? this.#pollIntervalInMs };
    // Patch overwrites objects that exist in the target: confirm with its name where they do (reads only, before any write).
    return beginRestore(this.#restoreDeps, backupInstanceId, options, (instance, o) => requirePatchConfirmation(patchDeps, instance, o, o.abortSignal));
  }

  /** {@link beginRestore}, resolved with the started restore job. */
  async restore(backupInstanceId: string | BackupInstanceRef, options: RestoreOptions = {}): Promise<JobInfo> {
    return this.beginRestore(backupInstanceId, options).pollUntilDone();
  }

  private async clusterLocation(cluster: ClusterRef, options: OperationOptions, parameter = "clusterId"): Promise<string> {
    try {
      return (await this.#clients.readers.readCluster(cluster, options.abortSignal)).location;
    } catch (e) {
      if (e instanceof AzureRequestError && e.statusCode === 404) throw new ResourceNotFoundError(parameter, `the cluster '${cluster.id}' does not exist`, "check the cluster id", e);
      throw e;
    }
  }
}
