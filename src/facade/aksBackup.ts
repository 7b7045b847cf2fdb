import type { TokenCredential } from "@azure/core-auth";
import type { BackupInstanceManager } from "../backup/backupInstanceManager.js";
import type { BackupInstanceInfo } from "../backup/models.js";
import { parseArmId, resourceTypes } from "../common/armId.js";
import { InputValidationError } from "../errors.js";
import { armThrottlingPolicy } from "../common/throttlePolicy.js";
import { validateClientArguments, type OperationOptions } from "../common/options.js";
import type { ExtensionManager } from "../extension/extensionManager.js";
import type { ProviderRegistrar } from "../providers/providerRegistrar.js";
import type { RoleGranter } from "../roles/roleGranter.js";
import type { TrustedAccessBinder } from "../trustedAccess/trustedAccessBinder.js";
import { PreflightError } from "../errors.js";
import { runFleet } from "./fleet.js";
import type {
  AksBackupOptions,
  BackupPlan,
  DisableBackupRequest,
  EnableBackupOptions,
  EnableBackupRequest,
  EnableBackupResult,
  FleetClusterResult,
  FleetOptions,
} from "./models.js";
import { planActions } from "./plan.js";
import { observe } from "./preflight.js";
import { resolveRequest, type ResolvedRequest } from "./request.js";
import { ServiceCache } from "./services.js";
import { buildSetupSteps, type SetupFacts } from "./steps.js";
import { criticalPath, runStepGraph } from "./stepGraph.js";

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
  private readonly services: ServiceCache;

  /**
   * @param credential - e.g. `new DefaultAzureCredential()`; needs Contributor on the cluster, vault
   *   and storage resource groups, and Owner or User Access Administrator where roles are granted.
   * @param subscriptionId - the default subscription (ids in requests may name others).
   * @param options - endpoint, tlsOptions, retryOptions, pollIntervalInMs... for every client.
   */
  constructor(credential: TokenCredential, subscriptionId: string, options: AksBackupOptions = {}) {
    validateClientArguments(subscriptionId, options);
    this.services = new ServiceCache(credential, {
      ...options,
      retryOptions: { maxRetries: defaultMaxRetries, ...options.retryOptions },
      // One throttling gate shared by every client of this facade: fleets wait out 429s together.
      additionalPolicies: [...(options.additionalPolicies ?? []), { policy: armThrottlingPolicy(), position: "perRetry" }],
    });
    this.providers = this.services.providers(subscriptionId);
    this.extension = this.services.extension(subscriptionId);
    this.roles = this.services.roles(subscriptionId);
    this.trustedAccess = this.services.trustedAccess(subscriptionId);
    this.backupInstances = this.services.backup(subscriptionId);
  }

  /** What `enableBackup` would do and what would stop it, found with reads only (no write). */
  async planBackup(request: EnableBackupRequest, options: OperationOptions = {}): Promise<BackupPlan> {
    const { resolved, problems } = resolveRequest(request);
    if (!resolved) return { actions: [], problems };
    const observation = await observe(resolved, this.services, options.abortSignal);
    return { actions: observation.problems.length ? [] : planActions(resolved, observation), problems: observation.problems };
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
    const started = Date.now();
    const resolved = this.resolveOrThrow(request);
    const observation = await observe(resolved, this.services, options.abortSignal);
    if (observation.problems.length) throw new PreflightError(observation.problems);
    const facts: SetupFacts = { roleAssignments: [] };
    const steps = buildSetupSteps(resolved, observation, this.services, options, facts);
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
      wallTimeMs: Date.now() - started,
      sumOfStepsMs: results.reduce((n, s) => n + s.durationMs, 0),
      criticalPath: criticalPath(steps, results),
    };
  }

  /**
   * Stops protecting a cluster: "retainForever" (stop, keep backups), "retainAsPerPolicy"
   * (suspend, backups expire by policy; the latest is kept) or "deleteData" (delete the backup
   * instance and its data; `confirm` must equal the instance's name). Returns the instance, or
   * undefined after "deleteData" or when the cluster is not protected by the vault.
   */
  async disableBackup(request: DisableBackupRequest, options: OperationOptions = {}): Promise<BackupInstanceInfo | undefined> {
    const cluster = parseArmId(request?.clusterId, "clusterId", resourceTypes.managedCluster);
    const vault = parseArmId(request.vaultId, "vaultId", resourceTypes.backupVault);
    if (!["retainForever", "retainAsPerPolicy", "deleteData"].includes(request.mode)) {
      throw new InputValidationError("mode", `'${String(request.mode)}' is not a stop mode`, 'pass "retainForever", "retainAsPerPolicy" or "deleteData"');
    }
    if (request.mode === "deleteData" && (typeof request.confirm !== "string" || request.confirm === "")) {
      throw new InputValidationError("confirm", "deleting backup data needs a confirmation", "pass confirm: <the backup instance's name> (see backupInstances.get)");
    }
    const backup = this.services.backup(vault.subscriptionId);
    const bi = await backup.findForCluster(cluster.id, vault.id, options);
    if (!bi) return undefined;
    if (request.mode === "deleteData") {
      await backup.delete(bi.id, { confirm: request.confirm!, ...options });
      return undefined;
    }
    return backup.stopProtection(bi.id, { retain: request.mode === "retainForever" ? "forever" : "asPerPolicy", ...options });
  }

  /**
   * Enables backup for many clusters, `clusterConcurrency` at a time (default 8): one result per
   * cluster, in order; one failing cluster does not stop the others.
   */
  async enableBackupForFleet(requests: readonly EnableBackupRequest[], options: FleetOptions = {}): Promise<FleetClusterResult[]> {
    const list: unknown = requests;
    if (!Array.isArray(list)) throw new InputValidationError("requests", "it is not a list", "pass an array of EnableBackupRequest");
    return runFleet(requests, (r, o) => this.enableBackup(r, o), options);
  }

  private resolveOrThrow(request: EnableBackupRequest): ResolvedRequest {
    const { resolved, problems } = resolveRequest(request);
    if (!resolved) throw new PreflightError(problems);
    return resolved;
  }
}
