import type { AbortSignalLike } from "@azure/abort-controller";
import { normalizeLocation } from "../common/armId.js";
import { callAzure } from "../common/azureCalls.js";
import { pairedRegionOf as secondaryRegionOf } from "../common/regionPairs.js";
import { parseBackupInstanceId, parseClusterId, parseResourceGroupId, parseStorageAccountId, type BackupInstanceRef, type ClusterRef, type ResourceGroupRef, type StorageAccountRef } from "../common/references.js";
import { AzureRequestError, InputValidationError, PrerequisiteError, ResourceNotFoundError } from "../errors.js";
import type { BackupInstanceInfo, BackupVaultInfo } from "../backup/models.js";
import type { JobInfo } from "../backup/jobs/models.js";
import { recoveryPointName, toRecoveryPointInfo } from "../backup/recoveryPoints.js";
import type { RecoveryPointInfo } from "../backup/restore/models.js";
import { validateRestoreRequest } from "../backup/restore/validation.js";
import type { ClusterFacts } from "../clients/armReaders.js";
import type { ExtensionInfo } from "../extension/models.js";
import { callerMay } from "../roles/callerPermissions.js";
import type { PlannedRoleAssignment, RoleRequirement } from "../roles/models.js";
import { restoreRequirements } from "../roles/permissions.js";
import { checkFacts } from "./restoreChecks.js";
import { isManagedCluster } from "../common/clusterCommand.js";
import { namespacesForPatch, namespacesWritten, resourceModifierExists, type TargetNamespaces } from "../common/targetNamespaces.js";
import type { TrustedAccessBindingInfo } from "../trustedAccess/models.js";
import type { AzureBackupRecoveryPointResource } from "../dataProtection/models.js";
import type { RestoreClusterRequest, RestorePlanProblem, RestoreSource } from "./restoreModels.js";
import type { ServiceCache } from "./services.js";

/** A restore request with every id parsed once into a reference. */
export interface ResolvedRestore {
  /** The request as given (schema-checked). */
  request: RestoreClusterRequest;
  /** The backup instance. */
  bi: BackupInstanceRef;
  /** The tier read. */
  source: RestoreSource;
  /** Whether it runs in the vault's secondary region. */
  crossRegion: boolean;
  /** The target given, if any (default: the protected cluster). */
  target: ClusterRef | undefined;
  /** The snapshot resource group given, if any (default: the instance's). */
  snapshotGroup: ResourceGroupRef | undefined;
  /** Vault tier: the staging resource group. */
  stagingGroup: ResourceGroupRef | undefined;
  /** Vault tier: the staging storage account. */
  stagingAccount: StorageAccountRef | undefined;
  /** The storage account to install the target's extension with. */
  extensionStorage: StorageAccountRef | undefined;
}

/** Parses every id of a schema-checked request (and checks what to restore) before any request. */
export function resolveRestore(request: RestoreClusterRequest): ResolvedRestore {
  const { backupInstanceId, source, fromSecondaryRegion, stagingResourceGroupId, stagingStorageAccountId, targetExtension, ...what } = request;
  validateRestoreRequest(what);
  const crossRegion = fromSecondaryRegion === true;
  return {
    request,
    bi: parseBackupInstanceId(backupInstanceId, "backupInstanceId"),
    source: source ?? (crossRegion ? "vault" : "operational"),
    crossRegion,
    target: request.targetClusterId === undefined ? undefined : parseClusterId(request.targetClusterId, "targetClusterId"),
    snapshotGroup: request.snapshotResourceGroupId === undefined ? undefined : parseResourceGroupId(request.snapshotResourceGroupId, "snapshotResourceGroupId"),
    stagingGroup: stagingResourceGroupId === undefined ? undefined : parseResourceGroupId(stagingResourceGroupId, "stagingResourceGroupId"),
    stagingAccount: stagingStorageAccountId === undefined ? undefined : parseStorageAccountId(stagingStorageAccountId, "stagingStorageAccountId"),
    extensionStorage: targetExtension === undefined ? undefined : parseStorageAccountId(targetExtension.storageAccountId, "targetExtension.storageAccountId"),
  };
}

/** What the staging storage account is, as read. */
export interface StagingAccountFacts {
  /** Normalised region. */
  location: string;
  /** `allowCrossTenantReplication` (undefined when the service does not say). */
  allowCrossTenantReplication: boolean | undefined;
  /** `publicNetworkAccess` ("Enabled", "Disabled", ...; undefined means Enabled). */
  publicNetworkAccess: string | undefined;
}

/** What exists now, as read before a restore (reads only). Handed to the plan and to the steps. */
export interface RestoreFacts {
  /** The backup instance. */
  instance: BackupInstanceInfo | undefined;
  /** Its vault. */
  vault: BackupVaultInfo | undefined;
  /** The region the restore runs in: the vault's, or its secondary region. */
  region: string | undefined;
  /** The recovery point to restore. */
  recoveryPoint: RecoveryPointInfo | undefined;
  /** The cluster restored into. */
  target: ClusterRef | undefined;
  /** Its facts (region, identity). */
  targetCluster: ClusterFacts | undefined;
  /** The Backup Extension on the target, when installed. */
  extension: ExtensionInfo | undefined;
  /** A Trusted Access binding of the vault on the target. */
  binding: TrustedAccessBindingInfo | undefined;
  /** The snapshot resource group used for the restore permissions. */
  snapshotGroupId: string | undefined;
  /** Region of the staging resource group, when it exists. */
  stagingGroupLocation: string | undefined;
  /** The staging storage account, when it exists. */
  stagingAccount: StagingAccountFacts | undefined;
  /** Region of the storage account for the target's extension, when given and it exists. */
  extensionStorageLocation: string | undefined;
  /** Whether the extension's blob container exists (when it is to be installed). */
  extensionContainerExists: boolean;
  /** The restore permission set for the identities that exist now, and which grants exist. */
  roles: PlannedRoleAssignment[];
  /** Whether the target already holds objects a Patch restore would overwrite: the protected cluster itself. */
  targetIsSource: boolean;
  /** The target's namespaces, read for a Patch restore into another AKS cluster whose written namespaces are known. */
  targetNamespaces: TargetNamespaces | undefined;
  /** A restore of the same recovery point into the same target already running (a run aborted or interrupted while following it): followed, not started again. */
  inFlightJob: JobInfo | undefined;
  /** The ARM server's time when the facts were read (epoch ms): recovery point ages are measured on it. */
  serverNow: number;
  /** Everything that stops the restore. */
  problems: RestorePlanProblem[];
}

/** Runs a read; 404 means absent; other failures become problems (abort passes through). */
async function read<T>(problems: RestorePlanProblem[], subject: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof AzureRequestError && e.statusCode === 404) return undefined;
    if (e instanceof AzureRequestError) problems.push({ subject, message: `${e.code}: ${e.serviceMessage}`, fix: e.remedy ?? "see the error code in TROUBLESHOOTING.md" });
    else if (e instanceof InputValidationError) problems.push({ subject: e.parameter, message: e.problem, fix: e.fix });
    else if (e instanceof PrerequisiteError || e instanceof ResourceNotFoundError) problems.push({ subject: e.parameter, message: e.problem, fix: e.remedy ?? "" });
    else throw e;
    return undefined;
  }
}

const clusterRead = "Microsoft.ContainerService/managedClusters/read";
const sameId = (a: string | undefined, b: string | undefined): boolean => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
const inTier = (rp: RecoveryPointInfo, source: RestoreSource): boolean => rp.dataStores.includes(source === "vault" ? "VaultStore" : "OperationalStore");

/** The recovery point to restore: the one asked for (in the tier and region read), or the newest there. */
async function findRecoveryPoint(r: ResolvedRestore, services: ServiceCache, vault: BackupVaultInfo, problems: RestorePlanProblem[], o: { abortSignal: AbortSignalLike | undefined }): Promise<RecoveryPointInfo | undefined> {
  const client = services.dataProtection(r.bi.subscriptionId);
  const points: RecoveryPointInfo[] = [];
  const region = r.crossRegion ? secondaryRegionOf(vault.location) : vault.location;
  await read(problems, "recoveryPointId", () => callAzure(`Listing the recovery points of ${r.bi.id}${r.crossRegion ? ` in ${region ?? "?"}` : ""}`, async () => {
    const pages: AsyncIterable<AzureBackupRecoveryPointResource> = r.crossRegion
      ? secondaryPoints(services, r, vault.location, region!, o)
      : client.recoveryPoints.list(r.bi.resourceGroupName, r.bi.vault.name, r.bi.name, o);
    for await (const p of pages) points.push(toRecoveryPointInfo(p));
  }));
  const tier = points.filter((p) => inTier(p, r.source)).sort((a, b) => b.time.getTime() - a.time.getTime());
  const where = `${r.source === "vault" ? "vault" : "operational"} tier${r.crossRegion ? ` of the secondary region ${region ?? "?"}` : ""}`;
  if (r.request.recoveryPointId !== undefined) {
    const name = recoveryPointName(r.bi, r.request.recoveryPointId);
    const hit = tier.find((p) => p.name === name);
    if (!hit) {
      const elsewhere = points.find((p) => p.name === name);
      problems.push({
        subject: "recoveryPointId",
        message: elsewhere ? `the recovery point '${name}' is not in the ${where} (it is in ${elsewhere.dataStores.join(", ")})` : `the backup instance '${r.bi.name}' has no recovery point '${name}' in the ${where}`,
        fix: elsewhere ? `pass source: "${elsewhere.dataStores.includes("VaultStore") ? "vault" : "operational"}", or pick a point of the ${where} (listRecoveryPoints)` : `pick one from listRecoveryPoints, or omit recoveryPointId for the newest of the ${where}`,
      });
    }
    return hit;
  }
  if (tier.length === 0 && !problems.some((p) => p.subject === "recoveryPointId")) {
    problems.push({
      subject: "recoveryPointId",
      message: `the backup instance '${r.bi.name}' has no recovery point in the ${where} yet`,
      fix: r.crossRegion ? "a vault-tier point reaches the secondary region within about 12 hours of tiering (RPO up to 36 h): wait, or restore in the primary region" :
        r.source === "vault" ? "points are copied to the vault tier within 4 hours of a backup by a vault-tier policy (dailyWithVaultTier): wait, or restore from the operational tier" :
          "take one with backupInstances.backupNow(backupInstanceId) and wait for the job",
    });
  }
  return tier[0];
}

/** The vault-tier points replicated to the secondary region (`fetchSecondaryRecoveryPoints`). */
function secondaryPoints(services: ServiceCache, r: ResolvedRestore, sourceRegion: string, region: string, o: { abortSignal: AbortSignalLike | undefined }): AsyncIterable<AzureBackupRecoveryPointResource> {
  return services.dataProtection(r.bi.subscriptionId).fetchSecondaryRecoveryPoints.list(r.bi.resourceGroupName, region, { sourceRegion, sourceBackupInstanceId: r.bi.id }, o);
}

/** The restore permission set for the identities known now (the extension's only when installed). */
export function restoreRequirementsFor(r: ResolvedRestore, f: Pick<RestoreFacts, "target" | "targetCluster" | "vault" | "snapshotGroupId" | "extension">, extensionPrincipalId: string | undefined): RoleRequirement[] {
  if (!f.target || !f.targetCluster?.principalId || !f.vault?.principalId || !f.snapshotGroupId) return [];
  // The extension's storage: the one it is installed with now, else the one it has.
  const installing = r.extensionStorage && f.extension?.provisioningState !== "Succeeded";
  const extensionStorageAccountId = installing ? r.extensionStorage!.id : f.extension?.storageAccountId;
  return restoreRequirements({
    targetClusterId: f.target,
    snapshotResourceGroupId: f.snapshotGroupId,
    vaultPrincipalId: f.vault.principalId,
    ...(r.stagingGroup ? { stagingResourceGroupId: r.stagingGroup } : {}),
    ...(r.stagingAccount ? { stagingStorageAccountId: r.stagingAccount } : {}),
    ...(extensionPrincipalId ? { extensionPrincipalId } : {}),
    ...(extensionPrincipalId && extensionStorageAccountId ? { extensionStorageAccountId } : {}),
  }, f.targetCluster.principalId);
}

const atOrAbove = (assignmentScope: string, scope: string): boolean => {
  const a = assignmentScope.toLowerCase().replace(/\/+$/, "");
  const s = scope.toLowerCase();
  return s === a || s.startsWith(`${a}/`);
};

/** Which requirements an assignment already gives: one list per (scope, principal). */
async function plannedRoles(services: ServiceCache, requirements: readonly RoleRequirement[], missingScopes: readonly string[], abortSignal: AbortSignalLike | undefined): Promise<PlannedRoleAssignment[]> {
  const groups = new Map<string, RoleRequirement[]>();
  for (const q of requirements) {
    if (missingScopes.some((m) => sameId(m, q.scope))) continue;
    const key = `${q.scope.toLowerCase()}|${q.principalId}`;
    groups.set(key, [...(groups.get(key) ?? []), q]);
  }
  const found = new Map<RoleRequirement, string>();
  await Promise.all([...groups.values()].map(async (group) => {
    const { scope, principalId } = group[0]!;
    const roles = services.roles(scope.split("/")[2]!);
    const assignments: Array<{ id: string; role: string; scope: string }> = [];
    for await (const a of roles.list(scope, { principalId, atScopeAndAbove: true, ...(abortSignal ? { abortSignal } : {}) })) assignments.push({ id: a.id, role: (a.roleName ?? "").toLowerCase(), scope: a.scope });
    for (const q of group) {
      const hit = assignments.find((a) => a.role === q.role.toLowerCase() && atOrAbove(a.scope, q.scope));
      if (hit) found.set(q, hit.id);
    }
  }));
  return requirements.map((q) => ({ ...q, existingId: found.get(q) }));
}

/**
 * A restore job of this instance still running with the same recovery point into the same
 * target (and the same kind, cross-region or not): what a rerun after an abort or a crash
 * follows instead of starting a second restore. One list of the vault's restore jobs, and one
 * read of each running one (its target and point are in its details).
 */
async function findInFlightRestore(r: ResolvedRestore, services: ServiceCache, target: ClusterRef, point: RecoveryPointInfo, abortSignal: AbortSignalLike | undefined): Promise<JobInfo | undefined> {
  const jobs = services.backup(r.bi.subscriptionId).listJobs(r.bi.vault, { backupInstanceId: r.bi.id, operation: "restore", status: "InProgress", includeDetails: true, ...(abortSignal ? { abortSignal } : {}) });
  for await (const job of jobs) {
    const samePoint = job.recoveryPointId !== undefined && job.recoveryPointId.split("/").at(-1)!.toLowerCase() === point.name.toLowerCase();
    if (job.isCrossRegionRestore === r.crossRegion && samePoint && sameId(job.restoreTargetClusterId, target.id)) return job;
  }
  return undefined;
}

/**
 * Reads everything a restore depends on, in two parallel rounds (the instance, vault, staging,
 * extension storage and an explicit target first; then the recovery point, the target's
 * extension and binding, the caller's access and the existing role assignments), and lists
 * what would stop it. No writes.
 */
export async function observeRestore(r: ResolvedRestore, services: ServiceCache, pollIntervalInMs: number, abortSignal: AbortSignalLike | undefined): Promise<RestoreFacts> {
  const problems: RestorePlanProblem[] = [];
  const o = { abortSignal };
  const backup = services.backup(r.bi.subscriptionId);
  const storageProps = async (ref: StorageAccountRef): Promise<StagingAccountFacts> => {
    const sa = await callAzure(`Reading the storage account ${ref.id}`, async () => (await services.storage(ref.subscriptionId)).storageAccounts.getProperties(ref.resourceGroupName, ref.name, o)) as { location?: string; allowCrossTenantReplication?: boolean; publicNetworkAccess?: string; properties?: { allowCrossTenantReplication?: boolean; publicNetworkAccess?: string } };
    return {
      location: normalizeLocation(sa.location) ?? "",
      allowCrossTenantReplication: sa.allowCrossTenantReplication ?? sa.properties?.allowCrossTenantReplication,
      publicNetworkAccess: sa.publicNetworkAccess ?? sa.properties?.publicNetworkAccess,
    };
  };
  const readTarget = (ref: ClusterRef): Promise<[ClusterFacts | undefined, ExtensionInfo | undefined, TrustedAccessBindingInfo | undefined]> => Promise.all([
    read(problems, "targetClusterId", () => services.clusters.readCluster(ref, abortSignal)),
    read(problems, "extension", () => services.extension(ref.subscriptionId).get(ref, o)),
    read(problems, "trustedAccess", async () => {
      for await (const b of services.trustedAccess(ref.subscriptionId).list(ref, o)) if (sameId(b.sourceResourceId, r.bi.vault.id)) return b;
      return undefined;
    }),
  ]);
  const ext = r.extensionStorage;
  const [instance, vault, stagingGroup, stagingAccount, extensionStorage, container, explicitTarget] = await Promise.all([
    read(problems, "backupInstanceId", () => backup.get(r.bi, o)),
    read(problems, "backupInstanceId", () => backup.getVault(r.bi.vault, o)),
    r.stagingGroup ? read(problems, "stagingResourceGroupId", () => callAzure(`Reading the resource group ${r.stagingGroup!.id}`, async () => (await services.resources(r.stagingGroup!.subscriptionId)).resourceGroups.get(r.stagingGroup!.name, o))) : undefined,
    r.stagingAccount ? read(problems, "stagingStorageAccountId", () => storageProps(r.stagingAccount!)) : undefined,
    ext ? read(problems, "targetExtension.storageAccountId", () => storageProps(ext)) : undefined,
    ext ? read(problems, "targetExtension.blobContainer", () => callAzure(`Reading the blob container ${r.request.targetExtension!.blobContainer}`, async () => (await services.storage(ext.subscriptionId)).blobContainers.get(ext.resourceGroupName, ext.name, r.request.targetExtension!.blobContainer, o))) : undefined,
    r.target ? readTarget(r.target) : undefined,
  ]);
  if (!instance && !problems.some((p) => p.subject === "backupInstanceId")) {
    problems.push({ subject: "backupInstanceId", message: `the backup instance '${r.bi.id}' does not exist`, fix: "pass the id of an existing backup instance (backupInstances.list(vaultId))" });
  }
  const source = instance ? parseClusterId(instance.clusterId, "backupInstance.clusterId") : undefined;
  const target = r.target ?? source;
  const region = vault ? (r.crossRegion ? secondaryRegionOf(vault.location) : normalizeLocation(vault.location)) : undefined;
  // The snapshot resource group the target's identity gets Contributor on: the request's, else the instance's.
  const snapshotGroup = r.snapshotGroup ?? (instance?.snapshotResourceGroupId ? parseResourceGroupId(instance.snapshotResourceGroupId, "backupInstance.snapshotResourceGroupId") : undefined);
  const [recoveryPoint, targetRead, callerReads, snapshotGroupRead] = await Promise.all([
    // The secondary region is read only when the vault replicates there (else checkFacts says why not).
    vault && instance && (!r.crossRegion || (vault.storageRedundancy === "GeoRedundant" && vault.crossRegionRestore === "Enabled" && secondaryRegionOf(vault.location)))
      ? findRecoveryPoint(r, services, vault, problems, o) : undefined,
    explicitTarget ?? (target ? readTarget(target) : undefined),
    // Restoring into another cluster reads the source's resources: the caller needs read on the source cluster.
    // After a region's loss the source cannot be read at all: unknown then, not a problem, for a cross-region restore.
    source && target && !sameId(source.id, target.id)
      ? (r.crossRegion
        ? callerMay(services.clients.authorization(source.subscriptionId), source.id, clusterRead, abortSignal).catch((e: unknown) => { if (e instanceof Error && e.name === "AbortError") throw e; return undefined; })
        : read(problems, "backupInstanceId", () => callerMay(services.clients.authorization(source.subscriptionId), source.id, clusterRead, abortSignal)))
      : undefined,
    // After a region's loss its resource groups may not answer: unknown then, not a problem, for a cross-region restore.
    snapshotGroup ? read(r.crossRegion ? [] : problems, "snapshotResourceGroupId", () => callAzure(`Reading the resource group ${snapshotGroup.id}`, async () => (await services.resources(snapshotGroup.subscriptionId)).resourceGroups.get(snapshotGroup.name, o))) : undefined,
  ]);
  if (snapshotGroup && snapshotGroupRead === undefined && !r.crossRegion && !problems.some((p) => p.subject === "snapshotResourceGroupId")) {
    problems.push({ subject: "snapshotResourceGroupId", message: `the snapshot resource group ${snapshotGroup.id} does not exist`, fix: r.snapshotGroup ? "pass the resource group that holds the backup's snapshots (omit snapshotResourceGroupId for the backup instance's own)" : "the backup instance's snapshot resource group was deleted: its snapshots are gone with it; restore from the vault tier (source: \"vault\") if the policy keeps one" });
  }
  const [targetCluster, extension, binding] = targetRead ?? [undefined, undefined, undefined];
  const snapshotGroupId = snapshotGroup?.id;
  const targetIsSource = !!source && !!target && sameId(source.id, target.id);
  // Asked of the target cluster itself (AKS run command), only when needed: a Patch restore into
  // another cluster needs confirm only where it writes into namespaces that exist there; a
  // resource-modifier ConfigMap must exist in the target.
  const inCluster = target && targetCluster && isManagedCluster(target) ? target : undefined;
  const modifier = r.request.resourceModifier;
  const [targetNamespaces, modifierExists, inFlightJob] = await Promise.all([
    inCluster && r.request.conflictPolicy === "Patch" ? namespacesForPatch(services.clients, inCluster, targetIsSource, namespacesWritten(r.request, instance), pollIntervalInMs, abortSignal) : undefined,
    inCluster && modifier ? resourceModifierExists(services.clients, inCluster, modifier, pollIntervalInMs, abortSignal) : undefined,
    target && recoveryPoint ? read(problems, "backupInstanceId", () => findInFlightRestore(r, services, target, recoveryPoint, abortSignal)) : undefined,
  ]);
  if (modifier && modifierExists === false) {
    problems.push({ subject: "resourceModifier", message: `the ConfigMap ${modifier.namespace}/${modifier.name} (the resource modifier rules) does not exist in the target cluster ${target!.name}`, fix: `create it in the target first: kubectl create configmap ${modifier.name} -n ${modifier.namespace} --from-file=<rules.yaml>` });
  }
  const facts: RestoreFacts = {
    instance, vault, region, recoveryPoint, target, targetCluster, extension, binding, snapshotGroupId,
    stagingGroupLocation: stagingGroup ? normalizeLocation((stagingGroup as { location?: string }).location) ?? "" : undefined,
    stagingAccount, extensionStorageLocation: extensionStorage?.location, extensionContainerExists: container !== undefined,
    roles: [], targetIsSource, targetNamespaces, inFlightJob, serverNow: services.clients.serverClock.now(), problems,
  };
  checkFacts(r, facts, callerReads);
  const requirements = restoreRequirementsFor(r, facts, extension?.principalId);
  const missing = [r.stagingGroup && !stagingGroup ? r.stagingGroup.id : undefined].filter((s): s is string => s !== undefined);
  facts.roles = requirements.length ? await read(problems, "roles", () => plannedRoles(services, requirements, missing, abortSignal)) ?? [] : [];
  return facts;
}
