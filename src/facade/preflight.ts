import { azureFilesPolicyProblems, azureFilesRoleScopes, includesAzureFiles } from "../backup/azureFiles.js";
import type { AbortSignalLike } from "@azure/abort-controller";
import { normalizeLocation } from "../common/armId.js";
import { AzureRequestError, InputValidationError, PrerequisiteError, ResourceNotFoundError } from "../errors.js";
import { callAzure as wrap } from "../common/azureCalls.js";
import type { BackupInstanceInfo, BackupPolicyInfo, BackupVaultInfo, VaultSettingChange } from "../backup/models.js";
import { diffVaultSettings, redundancyLockedProblem, rolePrincipalOf } from "../backup/vaultSettings.js";
import { toInstanceInfo } from "../backup/mappers.js";
import type { ExtensionInfo } from "../extension/models.js";
import { defaultProviderNamespaces, type ProviderRegistration } from "../providers/models.js";
import type { ClusterFacts } from "../clients/armReaders.js";
import type { TrustedAccessBindingInfo } from "../trustedAccess/models.js";
import type { PlannedRoleAssignment, RequirementIdentity, RoleRequirement } from "../roles/models.js";
import { backupRequirementsOf } from "../roles/permissions.js";
import { policyHasVaultTier } from "../backup/policyBuilder.js";
import { buildAksPolicy } from "../backup/policyPresets.js";
import { vaultTierProblems } from "../backup/vaultTierEligibility.js";
import type { PreflightProblem } from "./models.js";
import type { ResolvedRequest } from "./request.js";
import type { ServiceCache } from "./services.js";

/** What exists now, as read before a setup (reads only). */
export interface Observation {
  /** The cluster, when it exists. */
  cluster: ClusterFacts | undefined;
  /** The storage account's region, when it exists. */
  storageLocation: string | undefined;
  /** Whether the blob container exists. */
  containerExists: boolean;
  /** The snapshot resource group's region, when it exists. */
  snapshotResourceGroupLocation: string | undefined;
  /** Whether the vault's resource group exists. */
  vaultResourceGroupExists: boolean;
  /** The vault, when it exists. */
  vault: BackupVaultInfo | undefined;
  /** The policy, when it exists. */
  policy: BackupPolicyInfo | undefined;
  /** Provider states in the cluster's and the vault's subscriptions. */
  providers: ProviderRegistration[];
  /** The Backup Extension, when installed. */
  extension: ExtensionInfo | undefined;
  /** Backup instances protecting the cluster, in any vault. */
  instances: BackupInstanceInfo[];
  /** A Trusted Access binding from the vault, when there is one. */
  binding: TrustedAccessBindingInfo | undefined;
  /** The permission set for the identities that exist now, and which grants exist. */
  roles: PlannedRoleAssignment[];
  /** The settings of the existing vault that differ from the request's `vault` (empty for a new vault). */
  vaultChanges: VaultSettingChange[];
  /** Everything that stops the setup. */
  problems: PreflightProblem[];
  /** Whether the policy (the existing one, else the preset) keeps backups in the vault tier. */
  vaultTier: boolean;
}

/** The `Facts` record: what preflight observed, handed to the plan and to the steps (nothing is read twice). */
export type Facts = Observation;

/**
 * Facts already observed or converged by someone else (a fleet's shared phase): preflight does
 * not read them again. Absent fields are read as usual.
 */
export interface KnownFacts {
  /** The cluster (read once by the fleet for a new shared resource's region). */
  cluster?: ClusterFacts;
  /** The region of the storage account (it exists). */
  storageLocation?: string;
  /** Whether the blob container exists. */
  containerExists?: boolean;
  /** The region of the snapshot resource group (it exists). */
  snapshotResourceGroupLocation?: string;
  /** Whether the vault's resource group exists. */
  vaultResourceGroupExists?: boolean;
  /** The vault (it exists). */
  vault?: BackupVaultInfo;
  /** The policy (it exists). */
  policy?: BackupPolicyInfo;
  /** Provider states of the cluster's and the vault's subscriptions. */
  providers?: ProviderRegistration[];
  /** Whether the caller may create role assignments at a scope (lower-case id). */
  canAssign?: ReadonlyMap<string, boolean>;
  /** Role assignments already planned (found or granted), e.g. the vault's on shared scopes. */
  roles?: readonly PlannedRoleAssignment[];
}

const known = <T>(value: T | undefined, read: () => Promise<T | undefined>): Promise<T | undefined> => (value !== undefined ? Promise.resolve(value) : read());


/** Runs a read; a 404 means "absent"; other failures become problems (abort passes through). */
async function read<T>(problems: PreflightProblem[], subject: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof AzureRequestError && e.statusCode === 404) return undefined;
    if (e instanceof AzureRequestError) {
      problems.push({ subject, problem: `${e.code}: ${e.serviceMessage}`, fix: e.remedy ?? "see the error code in TROUBLESHOOTING.md" });
      return undefined;
    }
    if (e instanceof InputValidationError) {
      problems.push({ subject: e.parameter, problem: e.problem, fix: e.fix });
      return undefined;
    }
    if (e instanceof PrerequisiteError || e instanceof ResourceNotFoundError) {
      problems.push({ subject: e.parameter, problem: e.problem, fix: e.remedy ?? "" });
      return undefined;
    }
    throw e;
  }
}

async function firstOf<T>(items: AsyncIterable<T>, match: (t: T) => boolean): Promise<T | undefined> {
  for await (const item of items) if (match(item)) return item;
  return undefined;
}

async function collectAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Reads everything a setup depends on, in parallel, and lists what would stop it. */
export async function observe(r: ResolvedRequest, services: ServiceCache, abortSignal: AbortSignalLike | undefined, k: KnownFacts = {}): Promise<Observation> {
  const problems: PreflightProblem[] = [];
  const o = { abortSignal };
  const clusterSub = r.cluster.subscriptionId;
  const storageSub = r.storage.subscriptionId;
  const subs = [...new Set([clusterSub.toLowerCase(), r.vault.subscriptionId.toLowerCase()])];
  const [cluster, storage, container, snapshotRg, vaultRg, vault, policy, providers, extension, instances, binding] = await Promise.all([
    known(k.cluster, () => read(problems, "clusterId", () => services.clusters.readCluster(r.cluster, abortSignal))),
    known(k.storageLocation === undefined ? undefined : { location: k.storageLocation }, () => read(problems, "storageAccountId", () => wrap("Reading the storage account", async () => (await services.storage(storageSub)).storageAccounts.getProperties(r.storage.resourceGroupName, r.storage.name, o)))),
    known(k.containerExists ? {} : undefined, () => read(problems, "blobContainer", () => wrap("Reading the blob container", async () => (await services.storage(storageSub)).blobContainers.get(r.storage.resourceGroupName, r.storage.name, r.request.blobContainer, o)))),
    known(k.snapshotResourceGroupLocation === undefined ? undefined : { location: k.snapshotResourceGroupLocation }, () => read(problems, "snapshotResourceGroupId", () => wrap("Reading the snapshot resource group", async () => (await services.resources(r.snapshotResourceGroup.subscriptionId)).resourceGroups.get(r.snapshotResourceGroup.name, o)))),
    known<object>(k.vaultResourceGroupExists ? {} : undefined, () => read(problems, "vaultId", () => wrap("Reading the vault's resource group", async () => (await services.resources(r.vault.subscriptionId)).resourceGroups.get(r.vault.resourceGroupName, o)))),
    known(k.vault, () => read(problems, "vaultId", () => services.backup(r.vault.subscriptionId).getVault(r.vault, o))),
    known(k.policy, () => read(problems, "policyId", () => services.backup(r.vault.subscriptionId).getPolicy(r.policy, o))),
    known(k.providers, () => read(problems, "providers", async () => (await Promise.all(subs.map((s) => Promise.all(defaultProviderNamespaces.map((ns) => services.providers(s).get(ns, o)))))).flat())),
    read(problems, "extension", () => services.extension(clusterSub).get(r.cluster, o)),
    read(problems, "backupInstance", () => wrap("Listing the backup instances of the cluster", () => collectAll(services.dataProtection(clusterSub).backupInstances.listForResource(r.cluster, o)))),
    read(problems, "trustedAccess", () => firstOf(services.trustedAccess(clusterSub).list(r.cluster, o), (b) => b.sourceResourceId.toLowerCase() === r.vault.id.toLowerCase())),
  ]);
  if (!cluster && !problems.some((p) => p.subject === "clusterId")) {
    problems.push({ subject: "clusterId", problem: `the cluster ${r.cluster.id} does not exist`, fix: "check the id (az aks show --query id)" });
  }
  if (cluster && (cluster.identityType === "None" || !cluster.principalId)) {
    // Cluster identity rules: a system- or user-assigned managed identity (the first user-assigned one is used); not a service principal.
    problems.push(cluster.usesServicePrincipal
      ? { subject: "clusterId", problem: "the cluster runs as a service principal, which AKS backup does not support (it needs the cluster's managed identity for snapshots)",
        fix: "move it to a managed identity: az aks update -g <rg> -n <cluster> --enable-managed-identity (add --assign-identity <id> for a user-assigned one)" }
      : cluster.identityType.includes("UserAssigned")
        ? { subject: "clusterId", problem: "the cluster's user-assigned identity has no principal id readable here", fix: "check the identity still exists (az identity show --ids <id>), or give the cluster a system-assigned identity" }
        : { subject: "clusterId", problem: "the cluster has no managed identity", fix: "enable one: az aks update --enable-managed-identity (AKS backup needs it for snapshots)" });
  }
  if (!storage && !problems.some((p) => p.subject === "storageAccountId")) {
    problems.push({ subject: "storageAccountId", problem: `the storage account ${r.storage.id} does not exist`, fix: "create it first (in the cluster's region)" });
  }
  const where = normalizeLocation(cluster?.location);
  if (cluster && storage && normalizeLocation(storage.location) !== where) {
    problems.push({ subject: "storageAccountId", problem: `the storage account is in ${storage.location ?? "?"} but the cluster is in ${cluster.location}`, fix: "use a storage account in the cluster's region" });
  }
  if (cluster && vault && normalizeLocation(vault.location) !== where) {
    problems.push({ subject: "vaultId", problem: `the vault is in ${vault.location} but the cluster is in ${cluster.location}`, fix: "use a vault in the cluster's region, or a new vault id (it is created there)" });
  }
  if (policy && !policy.datasourceTypes.some((t) => t.toLowerCase() === "microsoft.containerservice/managedclusters")) {
    problems.push({ subject: "policyId", problem: `the policy is for ${policy.datasourceTypes.join(", ")}, not AKS`, fix: "pass an AKS policy, or a new policy id (created from policyPreset)" });
  }
  const infos = (instances ?? []).map(toInstanceInfo);
  const elsewhere = infos.find((bi) => bi.vaultId.toLowerCase() !== r.vault.id.toLowerCase() && !["ProtectionStopped", "SoftDeleted"].includes(bi.protectionState));
  if (elsewhere) {
    problems.push({ subject: "clusterId", problem: `the cluster is already protected by the vault ${elsewhere.vaultId} (${elsewhere.protectionState})`, fix: "use that vault, or disableBackup there first" });
  }
  if (extension && !r.request.moveExtensionStorage && extension.provisioningState !== "Failed" &&
      (extension.storageAccountId?.toLowerCase() !== r.storage.id.toLowerCase() || extension.blobContainer !== r.request.blobContainer)) {
    problems.push({
      subject: "storageAccountId",
      problem: `the installed Backup Extension writes to ${extension.storageAccountId ?? "?"} / ${extension.blobContainer ?? "?"}`,
      fix: "pass that storage account and container, or set moveExtensionStorage: true to move it",
    });
  }
  const missingScopes = [snapshotRg ? undefined : r.snapshotResourceGroup.id, storage ? undefined : r.storage.id].filter((s): s is string => s !== undefined);
  const vaultChanges = vault ? await vaultSettingChanges(r, services, vault, problems, abortSignal) : [];
  if (!vault && r.request.vault?.crossRegionRestore === true && (r.request.vault.storageRedundancy ?? "LocallyRedundant") !== "GeoRedundant") {
    problems.push({ subject: "vault.crossRegionRestore", problem: "cross-region restore needs a GeoRedundant vault, and a new vault is LocallyRedundant unless vault.storageRedundancy says otherwise", fix: "add vault.storageRedundancy: \"GeoRedundant\"" });
  }
  // The vault's roles go to the identity the request names (a user-assigned one once attached).
  const principals = { cluster: cluster?.principalId, vault: rolePrincipalOf(vault, r.request.vault?.identity), extension: extension?.principalId };
  const vaultTier = policyHasVaultTier(policy ? policy.policy : buildAksPolicy(r.policyPreset));
  if (vaultTier && cluster) {
    // Vault-tier eligibility: the region, and the cluster's volume disks (in its node resource group).
    const disks = await read(problems, "clusterId", () => services.clusters.readClusterDisks({ ...cluster, subscriptionId: clusterSub }, abortSignal));
    problems.push(...vaultTierProblems(cluster.location, disks ?? []));
  }
  // Azure Files volumes: operational tier only (at most 30 days), and the cluster's role on the shares' resource group.
  const filesTypes = r.request.backupConfiguration?.includedVolumeTypes;
  if (includesAzureFiles(filesTypes)) {
    for (const problem of azureFilesPolicyProblems({ properties: policy ? policy.policy : buildAksPolicy(r.policyPreset) })) {
      problems.push({ subject: "policyId", problem, fix: "use a policy with operational retention of at most 30 days and no vault tier, or leave AzureFileShareSMB out of includedVolumeTypes" });
    }
  }
  const filesScopes = azureFilesRoleScopes(filesTypes, cluster ? { ...cluster, subscriptionId: r.cluster.subscriptionId } : undefined);
  const roles = cluster?.principalId ? await planRoles(r, services, problems, principals, missingScopes, abortSignal, k, vaultTier, filesScopes) : [];
  return {
    cluster,
    storageLocation: storage?.location,
    containerExists: container !== undefined,
    snapshotResourceGroupLocation: snapshotRg?.location,
    vaultResourceGroupExists: vaultRg !== undefined,
    vault,
    policy,
    providers: providers ?? [],
    extension,
    instances: infos.filter((bi) => bi.vaultId.toLowerCase() === r.vault.id.toLowerCase()),
    binding,
    roles,
    vaultChanges,
    problems,
    vaultTier,
  };
}

/**
 * The changes the existing vault needs for the request's `vault` settings; what it can never do
 * (reverting an irreversible setting, a new redundancy for a vault with backup instances) goes
 * to `problems`. Reads the vault's instances only when the redundancy would change.
 */
async function vaultSettingChanges(r: ResolvedRequest, services: ServiceCache, vault: BackupVaultInfo, problems: PreflightProblem[], abortSignal: AbortSignalLike | undefined): Promise<VaultSettingChange[]> {
  const { changes, problems: cannot } = diffVaultSettings(vault, r.request.vault ?? {});
  if (changes.some((c) => c.setting === "storageRedundancy")) {
    const first = await read(problems, "vault.storageRedundancy", () => wrap("Listing the backup instances of the vault", () =>
      firstOf(services.dataProtection(r.vault.subscriptionId).backupInstances.list(r.vault.resourceGroupName, r.vault.name, { abortSignal }), () => true)));
    if (first) cannot.unshift(redundancyLockedProblem(vault, first.name ?? "?"));
  }
  problems.push(...cannot.map((c) => ({ subject: `vault.${c.setting}`, problem: c.problem, fix: c.fix })));
  return changes;
}

/** The permission set for the identities that exist, which grants exist, and whether the caller can grant the rest. */
async function planRoles(
  r: ResolvedRequest,
  services: ServiceCache,
  problems: PreflightProblem[],
  principals: Record<RequirementIdentity, string | undefined>,
  missingScopes: readonly string[],
  abortSignal: AbortSignalLike | undefined,
  k: KnownFacts,
  vaultTier: boolean,
  azureFilesScopes: readonly string[] = [],
): Promise<PlannedRoleAssignment[]> {
  const scopes = { clusterId: r.cluster, storageAccountId: r.storage, snapshotResourceGroupId: r.snapshotResourceGroup, vaultTier, azureFilesScopes };
  const requirements = (Object.entries(principals) as Array<[RequirementIdentity, string | undefined]>)
    .flatMap(([identity, p]) => (p ? backupRequirementsOf(identity, scopes, p) : []));
  const roles = services.roles(r.cluster.subscriptionId);
  // A scope that does not exist yet has no assignments: those requirements are simply missing.
  const atMissing = (scope: string): boolean => missingScopes.some((m) => m.toLowerCase() === scope.toLowerCase());
  const same = (a: RoleRequirement, b: RoleRequirement): boolean =>
    a.identity === b.identity && a.role === b.role && a.principalId === b.principalId && a.scope.toLowerCase() === b.scope.toLowerCase();
  const knownRoles = requirements.flatMap((q) => k.roles?.filter((p) => same(p, q)).slice(0, 1) ?? []);
  const lookups = requirements.filter((q) => !atMissing(q.scope) && !knownRoles.some((p) => same(p, q)));
  const found = lookups.length ? await read(problems, "roles", () => existingAssignments(roles, lookups, abortSignal)) ?? [] : [];
  const planned = [...knownRoles, ...found, ...requirements.filter((q) => atMissing(q.scope)).map((q) => ({ ...q, existingId: undefined }))];
  // Scopes still to be granted at (all of them when identities are still to be created).
  const grantScopes = [r.cluster.id, r.storage.id, r.snapshotResourceGroup.id];
  const allowed = await Promise.all(grantScopes.map((s) => known(k.canAssign?.get(s.toLowerCase()), () => read(problems, "roles", () => services.roles(s.split("/")[2]!).canAssignRoles(s, { abortSignal })))));
  const missing = planned.length === 0 || planned.some((p) => p.existingId === undefined);
  allowed.forEach((ok, i) => {
    if (ok === false && missing) {
      problems.push({
        subject: "roles",
        problem: `the identity running this code cannot create role assignments at ${grantScopes[i]!}`,
        fix: "run the setup as Owner or User Access Administrator there, or have one grant the roles of planBackup()'s 'roles' actions first",
      });
    }
  });
  return planned;
}

const atOrAbove = (assignmentScope: string, scope: string): boolean => {
  const a = assignmentScope.toLowerCase().replace(/\/+$/, "");
  const s = scope.toLowerCase();
  return s === a || s.startsWith(`${a}/`);
};

/**
 * Which requirements an assignment already gives (at their scope or above), with one list per
 * scope and principal (not one per requirement: the vault's two roles on the snapshot
 * resource group are looked up together).
 */
async function existingAssignments(roles: ReturnType<ServiceCache["roles"]>, requirements: readonly RoleRequirement[], abortSignal: AbortSignalLike | undefined): Promise<PlannedRoleAssignment[]> {
  const groups = new Map<string, RoleRequirement[]>();
  for (const q of requirements) {
    const key = `${q.scope.toLowerCase()}|${q.principalId.toLowerCase()}`;
    groups.set(key, [...(groups.get(key) ?? []), q]);
  }
  const planned = await Promise.all([...groups.values()].map(async (group) => {
    const { scope, principalId } = group[0]!;
    const found: Array<{ id: string; role: string; scope: string }> = [];
    for await (const a of roles.list(scope, { principalId, atScopeAndAbove: true, ...(abortSignal ? { abortSignal } : {}) })) {
      found.push({ id: a.id, role: (a.roleName ?? "").toLowerCase(), scope: a.scope });
    }
    return group.map((q) => ({ ...q, existingId: found.find((a) => a.role === q.role.toLowerCase() && atOrAbove(a.scope, q.scope))?.id }));
  }));
  return planned.flat();
}
