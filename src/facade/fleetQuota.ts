import type { AbortSignalLike } from "@azure/abort-controller";
import type { BackupVaultInfo } from "../backup/models.js";
import type { RoleGranter } from "../roles/roleGranter.js";
import type { PreflightProblem } from "./models.js";
import type { ResolvedRequest } from "./request.js";

/** Role assignments Azure allows per subscription. */
export const roleAssignmentQuotaPerSubscription = 4000;

/** Role assignments of one subscription: what exists, what a fleet would add, and the quota. */
export interface RoleAssignmentQuota {
  /** The subscription (GUID, lower case). */
  subscriptionId: string;
  /** Assignments in the subscription now (at it and below). */
  existing: number;
  /** New assignments the fleet needs there (an upper estimate: assignments found are not counted). */
  planned: number;
  /** The quota: 4,000. */
  quota: number;
}

/** The role assignments of a subscription, counted with one (paged) list call. */
export interface RoleAssignmentCount {
  /** The subscription (lower case). */
  subscriptionId: string;
  /** How many there are. */
  total: number;
  /** Count per role name and scope (`role|scope`, lower case). */
  byRoleAndScope: Map<string, number>;
  /** Assignment id per role name, scope and principal (`role|scope|principal`, lower case). */
  assignments: Map<string, string>;
}

const lower = (s: string): string => s.toLowerCase();

/** Lists every role assignment of a subscription once (one list, paged) and counts them. */
export async function countRoleAssignments(roles: RoleGranter, subscriptionId: string, abortSignal: AbortSignalLike | undefined): Promise<RoleAssignmentCount> {
  const count: RoleAssignmentCount = { subscriptionId: lower(subscriptionId), total: 0, byRoleAndScope: new Map(), assignments: new Map() };
  for await (const a of roles.list(`/subscriptions/${subscriptionId}`, abortSignal ? { abortSignal } : {})) {
    count.total += 1;
    const role = lower(a.roleName ?? a.roleDefinitionId);
    const k = `${role}|${lower(a.scope)}`;
    count.byRoleAndScope.set(k, (count.byRoleAndScope.get(k) ?? 0) + 1);
    count.assignments.set(`${k}|${lower(a.principalId)}`, a.id);
  }
  return count;
}

/**
 * The assignments a fleet needs (three per cluster: the cluster identity on the snapshot
 * group, the vault's Reader on the cluster, the extension on the storage account; three per
 * vault and shared scope), per role and scope, less those of that role and scope that exist
 * (so a second run of a protected fleet needs none), checked against the quota of each
 * subscription. Identities not created yet are counted by the cluster or vault they belong to.
 */
export function roleAssignmentQuotaProblems(rs: readonly ResolvedRequest[], counts: readonly RoleAssignmentCount[], vaults: ReadonlyArray<BackupVaultInfo | undefined>): { quotas: RoleAssignmentQuota[]; problems: PreflightProblem[] } {
  const principalOfVault = new Map(vaults.filter((v): v is BackupVaultInfo => v !== undefined).map((v) => [lower(v.id), v.principalId]));
  const needed = new Map<string, Set<string>>();
  const need = (role: string, scope: string, principal: string): void => {
    const k = `${lower(role)}|${lower(scope)}`;
    needed.set(k, (needed.get(k) ?? new Set()).add(lower(principal)));
  };
  for (const r of rs) {
    const vaultPrincipal = principalOfVault.get(lower(r.vault.id)) ?? `vault:${lower(r.vault.id)}`;
    need("Contributor", r.snapshotResourceGroup.id, `cluster:${lower(r.cluster.id)}`);
    need("Storage Blob Data Contributor", r.storage.id, `extension:${lower(r.cluster.id)}`);
    need("Reader", r.cluster.id, vaultPrincipal);
    need("Reader", r.snapshotResourceGroup.id, vaultPrincipal);
    need("Disk Snapshot Contributor", r.snapshotResourceGroup.id, vaultPrincipal);
    need("Storage Blob Data Reader", r.storage.id, vaultPrincipal);
  }
  const planned = new Map<string, number>();
  for (const [k, principals] of needed) {
    const sub = k.split("|")[1]!.split("/")[2]!;
    const existing = counts.find((c) => c.subscriptionId === sub)?.byRoleAndScope.get(k) ?? 0;
    planned.set(sub, (planned.get(sub) ?? 0) + Math.max(0, principals.size - existing));
  }
  const quotas = counts.map((c) => ({ subscriptionId: c.subscriptionId, existing: c.total, planned: planned.get(c.subscriptionId) ?? 0, quota: roleAssignmentQuotaPerSubscription }));
  const problems = quotas.filter((q) => q.existing + q.planned > q.quota).map((q) => ({
    subject: "roles",
    problem: `the fleet needs about ${q.planned} new role assignments in subscription ${q.subscriptionId}, which has ${q.existing} of its ${q.quota}`,
    fix: "remove unused role assignments there (az role assignment list --all), split the fleet across subscriptions, or grant at a shared resource group instead of per resource",
  }));
  return { quotas, problems };
}
