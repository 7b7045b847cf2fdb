import type { TokenCredential } from "@azure/core-auth";
import { limitProblems } from "./planLimits.js";
import { ReadMemo, readMemoPolicy, withReadMemo } from "../common/readMemo.js";
import type { DisableBackupOptions, PlanBackupForFleetOptions, PlanBackupOptions } from "./models.js";
import type { BackupInstanceManager } from "../backup/backupInstanceManager.js";
import type { BackupInstanceInfo } from "../backup/models.js";
import { armThrottlingPolicy, throttlingOptionsFrom } from "../common/throttlePolicy.js";
import { requestCountingPolicy } from "../common/writeCounter.js";
import { defaultPollIntervalInMs, validateClientArguments, type OperationOptions } from "../common/options.js";
import type { ExtensionManager } from "../extension/extensionManager.js";
import type { ProviderRegistrar } from "../providers/providerRegistrar.js";
import type { RoleGranter } from "../roles/roleGranter.js";
import type { TrustedAccessBinder } from "../trustedAccess/trustedAccessBinder.js";
import { PreflightError } from "../errors.js";
import { defaultClusterConcurrency, observeFleet, runFleet } from "./fleet.js";
import { throwIssues, validateInputs } from "../common/schemas/validate.js";
import { asProblems, inputIssues, neededConfirmations, requireConfirmations } from "./confirmations.js";
import * as facadeSchemas from "../common/schemas/facade.js";
import { requireConfirmation } from "../common/schemas/confirm.js";
import { runOomRemediation } from "./oomRemediation.js";
import { checkOomOptions, type OomRemediationOptions, type OomRemediationResult } from "./oomRemediationModels.js";
import { parseBackupInstanceId, parseBackupVaultId, parseClusterId } from "../common/references.js";
import { planRestore, restoreCluster } from "./restore.js";
import type { RestoreClusterOptions, RestoreClusterRequest, RestoreClusterResult, RestorePlan } from "./restoreModels.js";
import type {
  AksBackupOptions,
  BackupPlan,
  DisableBackupRequest,
  EnableBackupOptions,
  EnableBackupRequest,
  EnableBackupResult,
  FleetClusterResult,
  FleetOptions,
  FleetPlan,
} from "./models.js";
import { planActions } from "./plan.js";
import { observe, type KnownFacts } from "./preflight.js";
import { resolveRequest, type ResolvedRequest } from "./request.js";
import { ServiceCache } from "./services.js";
import { buildSetupSteps, type SetupFacts } from "./steps.js";
import { criticalPath, runStepGraph } from "./stepGraph.js";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import * as fleetOperationSchemas from "../common/schemas/fleetOperations.js";
import { clusterId as clusterIdSchema } from "../common/schemas/ids.js";
import { discoverClusters } from "./discover/discover.js";
import type { ClusterBackupStatus, DiscoverOptions } from "./discover/models.js";
import { runDoctor } from "./doctor/doctor.js";
import type { DoctorOptions, DoctorReport } from "./doctor/models.js";

/** Default retries of every client the facade builds: generous, so fleets ride out throttling. */
const defaultMaxRetries = 10;

/**
 * One call that takes an AKS cluster from nothing to protected by Azure Backup, as a plan, in
 * parallel, idempotently; and the service classes for every part of it.
 */
export class AksBackup {
  /** Resource provider registration. */
  readonly providers: ProviderRegistrar;
  /** The Backup Extension. */
  readonly extension: ExtensionManager;
  /** Role assignments. */
  readonly roles: RoleGranter;
  /** Trusted Access between vaults and clusters. */
  readonly trustedAccess: TrustedAccessBinder;
  /** Vaults, policies, backup instances, jobs. */
  readonly backupInstances: BackupInstanceManager;
  readonly #services: ServiceCache;
  readonly #pollIntervalInMs: number;
  readonly #defaultSubscriptionId: string;

  /**
   * @param credential - e.g. `new DefaultAzureCredential()`; needs Contributor on the cluster, vault
   *   and storage resource groups, and Owner or User Access Administrator where roles are granted.
   * @param subscriptionId - the default subscription (ids in requests may name others).
   * @param options - endpoint, tlsOptions, retryOptions, pollIntervalInMs... for every client.
   */
  constructor(credential: TokenCredential, subscriptionId: string, options: AksBackupOptions = {}) {
    validateClientArguments(subscriptionId, options, credential);
    this.#pollIntervalInMs = options.pollIntervalInMs ?? defaultPollIntervalInMs;
    this.#defaultSubscriptionId = subscriptionId;
    this.#services = new ServiceCache(credential, {
      ...options,
      retryOptions: { maxRetries: defaultMaxRetries, ...options.retryOptions },
      // One throttling gate shared by every client of this facade: fleets wait out 429s together.
      additionalPolicies: [...(options.additionalPolicies ?? []), { policy: armThrottlingPolicy(throttlingOptionsFrom(options.retryOptions)), position: "perRetry" },
        // Counts each step's accepted writes, so a step reports `wrote` from what it sent (see stepGraph.ts).
        { policy: requestCountingPolicy(), position: "perCall" },
        // Hands what a setup observed before its first write to its steps (each read once; see readMemo.ts).
        { policy: readMemoPolicy(), position: "perCall" }],
    });
    this.providers = this.#services.providers(subscriptionId);
    this.extension = this.#services.extension(subscriptionId);
    this.roles = this.#services.roles(subscriptionId);
    this.trustedAccess = this.#services.trustedAccess(subscriptionId);
    this.backupInstances = this.#services.backup(subscriptionId);
  }

  /** What `enableBackup` would do and what would stop it, found with reads only (no write). */
  async planBackup(request: EnableBackupRequest, options: PlanBackupOptions = {}): Promise<BackupPlan> {
    throwIssues(inputIssues(request, options, facadeSchemas.facadeOperationOptions));
    const { resolved, problems } = resolveRequest(request);
    if (!resolved) return { actions: [], problems };
    const observation = await observe(resolved, this.#services, options.abortSignal);
    const found = [...observation.problems, ...(await limitProblems(resolved, this.#services, observation, options.abortSignal))];
    const needed = neededConfirmations(resolved, observation);
    const actions = found.length ? [] : planActions(resolved, observation).map((a) => {
      const c = needed.find((n) => n.step === a.step && (n.planAction === undefined || n.planAction === a.action));
      return c ? { ...a, confirm: c.expected } : a;
    });
    return { actions, problems: found };
  }

  /**
   * Enables backup of a cluster end to end: providers, snapshot resource group, blob container,
   * vault, policy, Backup Extension, Trusted Access, role assignments, backup instance (and an
   * optional first backup). Steps run as a dependency graph, independent ones at the same time.
   * Checks everything first and fails with {@link PreflightError} before any write. Idempotent
   * and resumable: a second run on a protected cluster makes no write; a run stopped at any
   * point converges when started again. A failing step throws `SetupStepError`.
   */
  async enableBackup(request: EnableBackupRequest, options: EnableBackupOptions = {}): Promise<EnableBackupResult> {
    return this.enableWith(request, options, {});
  }

  /** {@link AksBackup.enableBackup}, with facts a fleet already observed or converged (not read again). */
  private async enableWith(request: EnableBackupRequest, options: EnableBackupOptions, known: KnownFacts): Promise<EnableBackupResult> {
    const started = Date.now();
    const issues = inputIssues(request, options);
    if (issues.length) throw new PreflightError(asProblems(issues));
    const resolved = this.resolveOrThrow(request);
    // What preflight reads is remembered and handed to the steps' services (read once).
    const memo = new ReadMemo();
    return withReadMemo(memo, async () => {
      const observation = await observe(resolved, this.#services, options.abortSignal, known);
      if (observation.problems.length) throw new PreflightError(observation.problems);
      requireConfirmations(resolved, neededConfirmations(resolved, observation));
      memo.endObservation();
      const facts: SetupFacts = { roleAssignments: [] };
      const steps = buildSetupSteps(resolved, observation, this.#services, options, facts);
      const results = await runStepGraph(steps, {
        ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      });
      const bi = facts.backupInstance!;
      return {
        backupInstanceId: bi.id,
        protectionState: bi.protectionState,
        clusterId: resolved.cluster.id,
        vaultId: resolved.vault.id,
        vaultPrincipalId: facts.vaultPrincipalId ?? "",
        policyId: resolved.policy.id,
        extensionId: facts.extensionId ?? "",
        extensionPrincipalId: facts.extensionPrincipalId ?? "",
        storage: { storageAccountId: resolved.storage.id, blobContainer: resolved.request.blobContainer },
        snapshotResourceGroupId: resolved.snapshotResourceGroup.id,
        trustedAccessBindingId: facts.trustedAccessBindingId ?? "",
        roleAssignments: facts.roleAssignments,
        firstBackupJobId: facts.firstBackupJobId,
        steps: results,
        writeSteps: results.filter((s) => s.wrote).length,
        wallTimeInMs: Date.now() - started,
        sumOfStepsInMs: results.reduce((n, s) => n + s.durationInMs, 0),
        criticalPath: criticalPath(steps, results),
      };
    });
  }

  /**
   * Stops protecting a cluster: "retainForever" (stop, keep backups), "retainAsPerPolicy"
   * (suspend, backups expire by policy; the latest is kept) or "deleteData" (delete the backup
   * instance and its data; `confirm` must equal the instance's name). Returns the instance, or
   * undefined after "deleteData" or when the cluster is not protected by the vault.
   */
  async disableBackup(request: DisableBackupRequest, options: DisableBackupOptions = {}): Promise<BackupInstanceInfo | undefined> {
    validateInputs([facadeSchemas.disableBackupRequest, request, ""], [facadeSchemas.facadeOperationOptions, options, "(options)"]);
    const cluster = parseClusterId(request.clusterId, "clusterId");
    const vault = parseBackupVaultId(request.vaultId, "vaultId");
    const action = request.mode === "deleteData" ? "deleting the backup instance and all its backup data" : `stopping protection of the cluster (${request.mode})`;
    // Every mode stops protection: confirm = the backup instance's name, checked before any write.
    if (request.confirm === undefined) requireConfirmation(action, `the backup instance of ${cluster.id} in ${vault.id}`, "<the backup instance's name, see backupInstances.findForCluster>", undefined);
    const backup = this.#services.backup(vault.subscriptionId);
    const bi = await backup.findForCluster(cluster, vault, options);
    if (!bi) return undefined;
    requireConfirmation(action, bi.id, bi.name, request.confirm);
    if (request.mode === "deleteData") {
      await backup.delete(bi.id, { confirm: bi.name, ...options });
      return undefined;
    }
    return backup.stopProtection(bi.id, { retain: request.mode === "retainForever" ? "forever" : "asPerPolicy", confirm: bi.name, ...options });
  }

  /**
   * Enables backup for many clusters, `clusterConcurrency` at a time (default 8): one result per
   * cluster, in order; one failing cluster does not stop the others.
   */
  async enableBackupForFleet(requests: readonly EnableBackupRequest[], options: FleetOptions = {}): Promise<FleetClusterResult[]> {
    // Every request and the options are checked before any cluster is touched.
    validateInputs([facadeSchemas.fleetRequests, requests, "requests"], [facadeSchemas.fleetOptions, options, "(options)"]);
    const { clusterConcurrency: _c, onClusterDone: _d, onProgress: _p, ...setupOptions } = options;
    throwIssues(requests.flatMap((r, i) => inputIssues(r, setupOptions).map((issue) => ({ ...issue, parameter: `requests[${i}].${issue.parameter}` }))));
    return runFleet(requests, { services: this.#services, enable: (r, o, known) => this.enableWith(r, o, known) }, options);
  }

  /**
   * What `enableBackupForFleet` would share and whether the role-assignment quota (4,000 per
   * subscription) allows it, with reads only: each shared resource read once, and the role
   * assignments of each subscription counted with one list. Use `planBackup` for one cluster's actions.
   */
  async planBackupForFleet(requests: readonly EnableBackupRequest[], options: PlanBackupForFleetOptions = {}): Promise<FleetPlan> {
    validateInputs([facadeSchemas.fleetRequests, requests, "requests"], [facadeSchemas.fleetOptions, options, "(options)"]);
    const { observation } = await observeFleet(requests, this.#services, options);
    return { ...observation, clusterConcurrency: options.clusterConcurrency ?? defaultClusterConcurrency(options.writesPerHour) };
  }

  /**
   * What `restoreCluster` would do and what would stop it, found with reads only: the actions
   * in step order (a Patch restore marked with the `confirm` it needs) and every problem
   * (recovery point in the tier and region, staging account settings, region pairing and the
   * secondary copy's age, the caller's access to the source cluster, the target's extension).
   */
  async planRestore(request: RestoreClusterRequest, options: OperationOptions = {}): Promise<RestorePlan> {
    validateInputs([facadeSchemas.restoreClusterRequest, request, ""], [facadeSchemas.facadeOperationOptions, options, "(options)"]);
    return planRestore(this.#services, this.#pollIntervalInMs, request, options.abortSignal);
  }

  /**
   * Restores a recovery point (default: the newest of the tier read) of a backup instance into
   * the protected cluster or another one: from the operational tier, the vault tier (through a
   * staging resource group and storage account), or the vault tier's copy in the paired region
   * (`fromSecondaryRegion`). Checks everything first (`PreflightError` before any write), then
   * prepares the target (Backup Extension, Trusted Access, every restore role, the staging
   * group), validates, starts the restore and follows its job to the end (`onProgress`,
   * `timeoutInMs`; aborting stops the wait, not the restore). A Patch restore needs `confirm` =
   * the target cluster's name over the protected cluster, or where a namespace it writes exists
   * in the target (listed with AKS run command) or cannot be told. A second run grants and binds
   * nothing new; while a restore of the same point into the same target still runs, it follows
   * that job instead of starting another.
   */
  async restoreCluster(request: RestoreClusterRequest, options: RestoreClusterOptions = {}): Promise<RestoreClusterResult> {
    validateInputs([facadeSchemas.restoreClusterRequest, request, ""], [facadeSchemas.restoreClusterOptions, options, "(options)"]);
    return restoreCluster(this.#services, this.#pollIntervalInMs, request, options);
  }

  /**
   * Fixes out-of-memory failures of the Backup Extension after failed backup or restore jobs:
   * raises its memory limit (then CPU) in steps, optionally verifying each step with a backup.
   * A workflow over the backup instance (jobs) and the extension of its cluster (in the
   * cluster's own subscription); see {@link OomRemediationOptions}. The same as the function
   * `remediateExtensionOom({ extension, backupInstances }, options)`.
   */
  async remediateExtensionOom(options: OomRemediationOptions): Promise<OomRemediationResult> {
    checkOomOptions(options);
    const instance = parseBackupInstanceId(options.backupInstanceId, "backupInstanceId");
    return runOomRemediation(this.#services.backup(instance.subscriptionId), (clusterId) => this.#services.extension(parseClusterId(clusterId, "clusterId").subscriptionId), options);
  }

  /**
   * Every AKS cluster of the subscriptions (default: this `AksBackup`'s) with its backup status
   * ("protected", "unprotected", "needsAttention"), its backup instance, vault, last backup and
   * findings, a page at a time: through Azure Resource Graph, or ARM list calls when Resource
   * Graph answers 403 or 404. `byPage({ maxPageSize })` sets the clusters per page.
   */
  discover(options: DiscoverOptions = {}): PagedAsyncIterableIterator<ClusterBackupStatus> {
    validateInputs([fleetOperationSchemas.discoverOptions, options, "(options)"]);
    return discoverClusters(this.#services, options.subscriptionIds ?? [this.#defaultSubscriptionId], options);
  }

  /**
   * Checks the whole backup chain of a cluster with reads only and says what is wrong and how
   * to fix it: providers, the Backup Extension (state, storage, container, useAAD, memory),
   * Trusted Access, each role assignment of the permission set, the backup instance, the last
   * backup (status, warnings, age against the policy), recovery points, vault alerts and limits.
   * Each finding has a stable code (TROUBLESHOOTING.md) and says whether `enableBackup` fixes it.
   */
  async doctor(clusterId: string, options: DoctorOptions = {}): Promise<DoctorReport> {
    validateInputs([clusterIdSchema, clusterId, "clusterId"], [fleetOperationSchemas.doctorOptions, options, "(options)"]);
    return runDoctor(this.#services, {
      cluster: parseClusterId(clusterId, "clusterId"),
      vault: options.vaultId === undefined ? undefined : parseBackupVaultId(options.vaultId, "vaultId"),
      resourceCount: options.resourceCount,
      abortSignal: options.abortSignal,
    });
  }

  private resolveOrThrow(request: EnableBackupRequest): ResolvedRequest {
    const { resolved, problems } = resolveRequest(request);
    if (!resolved) throw new PreflightError(problems);
    return resolved;
  }
}
