import type { AbortSignalLike } from "@azure/abort-controller";
import { callAzure, readOrUndefined } from "../common/azureCalls.js";
import { normalizeLocation } from "../common/armId.js";
import type { BackupPolicyInfo, BackupVaultInfo } from "../backup/models.js";
import { defaultProviderNamespaces, type ProviderRegistration } from "../providers/models.js";
import type { PlannedRoleAssignment } from "../roles/models.js";
import { backupRequirementsOf } from "../roles/permissions.js";
import type { ClusterFacts } from "../clients/armReaders.js";
import type { PreflightProblem } from "./models.js";
import type { KnownFacts } from "./preflight.js";
import type { ResolvedRequest } from "./request.js";
import type { ServiceCache } from "./services.js";
import { countRoleAssignments, roleAssignmentQuotaProblems, type RoleAssignmentQuota } from "./fleetQuota.js";
import { rolePrincipalOf } from "../backup/vaultSettings.js";

const lower = (s: string): string => s.toLowerCase();

/** Groups requests by a key; keeps the groups with at least two requests (the shared resources). */
function sharedBy(rs: readonly ResolvedRequest[], key: (r: ResolvedRequest) => string): Map<string, ResolvedRequest[]> {
  const groups = new Map<string, ResolvedRequest[]>();
  for (const r of rs) {
    const k = lower(key(r));
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return new Map([...groups].filter(([, g]) => g.length > 1));
}

const keys = {
  snapshotResourceGroup: (r: ResolvedRequest): string => r.snapshotResourceGroup.id,
  container: (r: ResolvedRequest): string => `${r.storage.id}/${r.request.blobContainer}`,
  storage: (r: ResolvedRequest): string => r.storage.id,
  vault: (r: ResolvedRequest): string => r.vault.id,
  policy: (r: ResolvedRequest): string => r.policy.id,
};
const subscriptionsOf = (r: ResolvedRequest): string[] => [...new Set([lower(r.cluster.subscriptionId), lower(r.vault.subscriptionId)])];

/** What a fleet's shared phase read, before any write. */
export interface SharedObservation {
  /** Problems that stop the whole fleet (e.g. the role-assignment quota). */
  problems: PreflightProblem[];
  /** Role assignments per subscription: existing, new ones the fleet needs, the quota. */
  roleAssignments: RoleAssignmentQuota[];
  /** Ids of the resources shared by several clusters, converged once for the fleet. */
  sharedResources: string[];
}

/** The shared phase once started: each cluster's facts, available once its shared resources are converged. */
export interface SharedConvergence {
  /** What the cluster's preflight need not read again; rejects when one of its shared resources failed. */
  knownFor(r: ResolvedRequest): Promise<KnownFacts>;
}

/**
 * Resources shared by several clusters of a fleet (providers of a subscription, snapshot
 * resource group, blob container, storage account, vault, policy, and the vault's role
 * assignments on shared scopes): read once each, checked (role-assignment quota) before any
 * write, then converged once for the fleet so that concurrent setups never write them twice.
 */
export class FleetSharedResources {
  private readonly groups;
  private readonly subscriptions: Map<string, ResolvedRequest[]>;
  private readonly rg = new Map<string, { location: string } | undefined>();
  private readonly containers = new Map<string, boolean>();
  private readonly storage = new Map<string, string | undefined>();
  private readonly vaultRg = new Map<string, boolean>();
  private readonly vaults = new Map<string, BackupVaultInfo | undefined>();
  private readonly policies = new Map<string, BackupPolicyInfo | undefined>();
  private readonly providers = new Map<string, ProviderRegistration[]>();
  private readonly canAssign = new Map<string, boolean>();
  private readonly clusters = new Map<string, ClusterFacts>();
  private readonly existingRoles = new Map<string, string>();
  private readonly converging = new Map<string, Promise<unknown>>();

  constructor(private readonly rs: readonly ResolvedRequest[], private readonly services: ServiceCache, private readonly abortSignal: AbortSignalLike | undefined) {
    this.groups = {
      snapshotResourceGroup: sharedBy(rs, keys.snapshotResourceGroup),
      container: sharedBy(rs, keys.container),
      storage: sharedBy(rs, keys.storage),
      vault: sharedBy(rs, keys.vault),
      policy: sharedBy(rs, keys.policy),
    };
    const bySub = new Map<string, ResolvedRequest[]>();
    for (const r of rs) for (const s of subscriptionsOf(r)) bySub.set(s, [...(bySub.get(s) ?? []), r]);
    this.subscriptions = new Map([...bySub].filter(([, g]) => g.length > 1));
  }

  /** Reads every shared resource once, in parallel, and checks the role-assignment quota. No write. */
  async observe(): Promise<SharedObservation> {
    const o = { abortSignal: this.abortSignal };
    const s = this.services;
    const g = this.groups;
    const first = (group: ResolvedRequest[]): ResolvedRequest => group[0]!;
    const scopeSubs = [...new Set(this.rs.flatMap((r) => [r.cluster.subscriptionId, r.storage.subscriptionId, r.snapshotResourceGroup.subscriptionId].map(lower)))];
    const counting = Promise.all(scopeSubs.map((sub) => countRoleAssignments(s.roles(sub), sub, this.abortSignal)));
    await Promise.all([
      Promise.all([...g.snapshotResourceGroup].map(async ([k, [r]]) => {
        const found = await readOrUndefined(`Reading resource group ${r!.snapshotResourceGroup.id}`, async () => (await s.resources(r!.snapshotResourceGroup.subscriptionId)).resourceGroups.get(r!.snapshotResourceGroup.name, o));
        this.rg.set(k, found ? { location: normalizeLocation(found.location) } : undefined);
      })),
      Promise.all([...g.container].map(async ([k, [r]]) => {
        const found = await readOrUndefined(`Reading blob container ${r!.request.blobContainer}`, async () => (await s.storage(r!.storage.subscriptionId)).blobContainers.get(r!.storage.resourceGroupName, r!.storage.name, r!.request.blobContainer, o));
        this.containers.set(k, found !== undefined);
      })),
      Promise.all([...g.storage].map(async ([k, [r]]) => {
        const found = await readOrUndefined(`Reading storage account ${r!.storage.id}`, async () => (await s.storage(r!.storage.subscriptionId)).storageAccounts.getProperties(r!.storage.resourceGroupName, r!.storage.name, o));
        this.storage.set(k, found?.location === undefined ? undefined : normalizeLocation(found.location));
      })),
      Promise.all([...g.vault].map(async ([k, [r]]) => {
        const found = await readOrUndefined(`Reading resource group ${r!.vault.resourceGroupName}`, async () => (await s.resources(r!.vault.subscriptionId)).resourceGroups.get(r!.vault.resourceGroupName, o));
        this.vaultRg.set(k, found !== undefined);
      })),
      Promise.all([...g.vault].map(async ([k, [r]]) => this.vaults.set(k, await s.backup(r!.vault.subscriptionId).getVault(r!.vault.id, o)))),
      Promise.all([...g.policy].map(async ([k, [r]]) => this.policies.set(k, await s.backup(r!.vault.subscriptionId).getPolicy(r!.policy.id, o)))),
      Promise.all([...this.subscriptions.keys()].map(async (sub) => this.providers.set(sub, await Promise.all(defaultProviderNamespaces.map((ns) => s.providers(sub).get(ns, o)))))),
      Promise.all([...new Set([...g.storage.keys(), ...g.snapshotResourceGroup.keys()])].map(async (scope) => {
        // A scope that does not exist yet (a snapshot group to create) is asked once it is created.
        const allowed = await readOrUndefined(`Reading the caller's permissions at ${scope}`, () => s.roles(scope.split("/")[2]!).canAssignRoles(scope, o));
        if (allowed !== undefined) this.canAssign.set(scope, allowed);
      })),
    ]);
    const counts = await counting;
    // Regions of the clusters whose shared resources must be created there: one read each.
    const needRegion = [
      ...[...g.snapshotResourceGroup].filter(([k]) => !this.rg.get(k)).map(([, group]) => first(group)),
      ...[...g.vault].filter(([k]) => !this.vaults.get(k)).map(([, group]) => first(group)),
    ];
    await Promise.all([...new Map(needRegion.map((r) => [lower(r.cluster.id), r])).values()].map(async (r) => {
      const facts = await readOrUndefined(`Reading cluster ${r.cluster.id}`, () => s.clusters.readCluster(r.cluster, this.abortSignal));
      if (facts) this.clusters.set(lower(r.cluster.id), facts);
    }));
    for (const c of counts) for (const [k, id] of c.assignments) this.existingRoles.set(k, id);
    const roleAssignments = roleAssignmentQuotaProblems(this.rs, counts, [...this.vaults.values()]);
    return {
      problems: roleAssignments.problems,
      roleAssignments: roleAssignments.quotas,
      sharedResources: [...g.snapshotResourceGroup.keys(), ...g.container.keys(), ...g.vault.keys(), ...g.policy.keys(), ...[...this.subscriptions.keys()].map((sub) => `/subscriptions/${sub} (providers)`)],
    };
  }

  /** Starts converging the shared resources (each once) and returns each cluster's facts as they become known. */
  start(): SharedConvergence {
    return { knownFor: (r) => this.knownFor(r) };
  }

  private once<T>(key: string, converge: () => Promise<T>): Promise<T> {
    let p = this.converging.get(key) as Promise<T> | undefined;
    if (!p) this.converging.set(key, (p = converge()));
    return p;
  }

  private location(r: ResolvedRequest): string {
    const facts = this.clusters.get(lower(r.cluster.id));
    if (!facts) throw new Error(`the cluster ${r.cluster.id} does not exist (its region is needed for the shared resources it names)`);
    return facts.location;
  }

  private convergeProviders(sub: string): Promise<ProviderRegistration[]> {
    return this.once(`providers:${sub}`, async () => {
      const states = this.providers.get(sub)!;
      if (states.every((p) => p.registrationState === "Registered")) return states;
      return this.services.providers(sub).ensureRegistered(defaultProviderNamespaces, { abortSignal: this.abortSignal });
    });
  }

  private convergeSnapshotGroup(key: string): Promise<string> {
    return this.once(`rg:${key}`, async () => {
      const found = this.rg.get(key);
      if (found) return found.location;
      const r = this.groups.snapshotResourceGroup.get(key)![0]!;
      const location = this.location(r);
      await callAzure(`Creating resource group ${r.snapshotResourceGroup.name}`, async () =>
        (await this.services.resources(r.snapshotResourceGroup.subscriptionId)).resourceGroups.createOrUpdate(r.snapshotResourceGroup.name, { location, tags: { AKSAzureBackup: location } }, { abortSignal: this.abortSignal }));
      this.canAssign.set(key, await this.services.roles(r.snapshotResourceGroup.subscriptionId).canAssignRoles(r.snapshotResourceGroup.id, { abortSignal: this.abortSignal }));
      return location;
    });
  }

  private convergeContainer(key: string): Promise<boolean> {
    return this.once(`container:${key}`, async () => {
      if (this.containers.get(key)) return true;
      const r = this.groups.container.get(key)![0]!;
      await callAzure(`Creating blob container ${r.request.blobContainer}`, async () =>
        (await this.services.storage(r.storage.subscriptionId)).blobContainers.create(r.storage.resourceGroupName, r.storage.name, r.request.blobContainer, {}, { abortSignal: this.abortSignal }));
      return true;
    });
  }

  private convergeVault(key: string): Promise<BackupVaultInfo> {
    return this.once(`vault:${key}`, async () => {
      const found = this.vaults.get(key);
      const r = this.groups.vault.get(key)![0]!;
      if (found && rolePrincipalOf(found, r.request.vault?.identity)) return found;
      await Promise.all(subscriptionsOf(r).filter((sub) => this.subscriptions.has(sub)).map((sub) => this.convergeProviders(sub)));
      const location = this.location(r);
      if (!this.vaultRg.get(key)) {
        await callAzure(`Creating resource group ${r.vault.resourceGroupName}`, async () =>
          (await this.services.resources(r.vault.subscriptionId)).resourceGroups.createOrUpdate(r.vault.resourceGroupName, { location }, { abortSignal: this.abortSignal }));
      }
      return this.services.backup(r.vault.subscriptionId).ensureVault(r.vault.id, {
        location,
        // The request's vault settings (a new vault's defaults come from ensureVault; an existing one keeps what is not asked).
        ...(r.request.vault ?? {}),
        ...([r.request.confirm ?? []].flat().includes(r.vault.name) ? { confirm: r.vault.name } : {}),
        ...(this.abortSignal ? { abortSignal: this.abortSignal } : {}),
      });
    });
  }

  private convergePolicy(key: string): Promise<BackupPolicyInfo> {
    return this.once(`policy:${key}`, async () => {
      const found = this.policies.get(key);
      if (found) return found;
      const r = this.groups.policy.get(key)![0]!;
      await this.convergeVault(lower(r.vault.id));
      return this.services.backup(r.vault.subscriptionId).ensurePolicy(r.policy.id, { preset: r.policyPreset, ...(this.abortSignal ? { abortSignal: this.abortSignal } : {}) });
    });
  }

  /** The vault identity's roles at one shared scope of `r` (its snapshot resource group or storage account), granted once per vault and scope. */
  private convergeVaultRoles(r: ResolvedRequest, scope: string): Promise<PlannedRoleAssignment[]> {
    return this.once(`vaultRoles:${lower(r.vault.id)}|${scope}`, async () => {
      const vault = await this.convergeVault(lower(r.vault.id));
      if (scope === lower(r.snapshotResourceGroup.id)) await this.convergeSnapshotGroup(scope);
      const scopes = { clusterId: r.cluster.id, storageAccountId: r.storage.id, snapshotResourceGroupId: r.snapshotResourceGroup.id };
      const wanted = backupRequirementsOf("vault", scopes, rolePrincipalOf(vault, r.request.vault?.identity)!).filter((q) => lower(q.scope) === scope);
      const planned = wanted.map((q) => ({ ...q, existingId: this.existingRoles.get(roleKey(q.role, q.scope, q.principalId)) }));
      const missing = planned.filter((q) => q.existingId === undefined);
      if (missing.length === 0) return planned;
      const granted = await this.services.roles(r.cluster.subscriptionId).grantAll(missing, { ...(this.abortSignal ? { abortSignal: this.abortSignal } : {}) });
      return [...planned.filter((q) => q.existingId !== undefined), ...granted.map((g) => ({ identity: g.identity, principalId: g.principalId, role: g.role, scope: g.scope, reason: g.reason, existingId: g.id }))];
    });
  }

  private async knownFor(r: ResolvedRequest): Promise<KnownFacts> {
    const k: KnownFacts = {};
    const g = this.groups;
    const key = { rg: lower(keys.snapshotResourceGroup(r)), container: lower(keys.container(r)), storage: lower(keys.storage(r)), vault: lower(keys.vault(r)), policy: lower(keys.policy(r)) };
    const subs = subscriptionsOf(r);
    const sharedScopes = [g.snapshotResourceGroup.has(key.rg) ? key.rg : undefined, g.storage.has(key.storage) ? key.storage : undefined].filter((x): x is string => x !== undefined);
    const [providers, rgLocation, container, vault, policy, vaultRoles] = await Promise.all([
      subs.every((sub) => this.subscriptions.has(sub)) ? Promise.all(subs.map((sub) => this.convergeProviders(sub))) : undefined,
      g.snapshotResourceGroup.has(key.rg) ? this.convergeSnapshotGroup(key.rg) : undefined,
      g.container.has(key.container) ? this.convergeContainer(key.container) : undefined,
      g.vault.has(key.vault) ? this.convergeVault(key.vault) : undefined,
      g.policy.has(key.policy) ? this.convergePolicy(key.policy) : undefined,
      g.vault.has(key.vault) ? Promise.all(sharedScopes.map((sc) => this.convergeVaultRoles(r, sc))) : undefined,
    ]);
    if (providers) k.providers = providers.flat().map((p) => ({ namespace: p.namespace, registrationState: p.registrationState }));
    if (rgLocation !== undefined) k.snapshotResourceGroupLocation = rgLocation;
    if (container) k.containerExists = true;
    const storageLocation = this.storage.get(key.storage);
    if (storageLocation !== undefined) k.storageLocation = storageLocation;
    if (vault) {
      k.vault = vault;
      k.vaultResourceGroupExists = true;
    }
    if (policy) k.policy = policy;
    if (vaultRoles?.length) k.roles = vaultRoles.flat();
    const canAssign = new Map(sharedScopes.filter((sc) => this.canAssign.has(sc)).map((sc) => [sc, this.canAssign.get(sc)!]));
    if (canAssign.size) k.canAssign = canAssign;
    const cluster = this.clusters.get(lower(r.cluster.id));
    if (cluster) k.cluster = cluster;
    return k;
  }
}

/** Key of an assignment of a role (built-in name or GUID) to a principal at a scope. */
export function roleKey(role: string, scope: string, principalId: string): string {
  return `${lower(role)}|${lower(scope)}|${lower(principalId)}`;
}
