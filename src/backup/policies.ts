import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { parseBackupPolicyId, parseBackupVaultId, type BackupPolicyRef, type BackupVaultRef } from "../common/references.js";
import { InputValidationError } from "../errors.js";
import { callAzure } from "../common/azureCalls.js";
import { readOrUndefined } from "../common/azureCalls.js";
import type { OperationOptions } from "../common/options.js";
import type { DataProtectionClient } from "../dataProtection/client.js";
import type { BackupPolicy, BaseBackupPolicyResource } from "../dataProtection/models.js";
import { mapPaged } from "../common/paging.js";
import { toPolicyInfo } from "./mappers.js";
import type { BackupPolicyInfo, EnsurePolicyOptions, EnsurePolicyResult } from "./models.js";
import { buildAksPolicy } from "./policyPresets.js";
import { requireConfirmation } from "../common/schemas/confirm.js";
import { requireAksDatasource, validateAksPolicy } from "./policyValidation.js";

/** Reads a policy; undefined when it does not exist. */
export async function readPolicy(client: DataProtectionClient, policy: BackupPolicyRef, options: OperationOptions): Promise<BaseBackupPolicyResource | undefined> {
  const vaultName = policy.typeNames[0]!.name;
  return readOrUndefined(`Reading backup policy ${policy.id}`, () => client.backupPolicies.get(policy.resourceGroupName, vaultName, policy.name, { abortSignal: options.abortSignal }));
}

/** Reads a policy and checks it exists and is for AKS (before a backup instance uses it). */
export async function requireAksPolicy(client: DataProtectionClient, policy: BackupPolicyRef, options: OperationOptions, parameter = "policyId"): Promise<BaseBackupPolicyResource> {
  const p = await readPolicy(client, policy, options);
  if (!p) throw new InputValidationError(parameter, `the policy '${policy.id}' does not exist`, "create it first (ensurePolicy)");
  requireAksDatasource(p.properties?.datasourceTypes, parameter);
  return p;
}

/** Reads a policy as {@link BackupPolicyInfo}; undefined when it does not exist. */
export async function getPolicy(client: DataProtectionClient, policyId: string | BackupPolicyRef, options: OperationOptions): Promise<BackupPolicyInfo | undefined> {
  const p = await readPolicy(client, parseBackupPolicyId(policyId, "policyId"), options);
  return p ? toPolicyInfo(p) : undefined;
}

/** Lists a vault's policies. */
export function listPolicies(client: DataProtectionClient, vaultId: string | BackupVaultRef, options: OperationOptions): PagedAsyncIterableIterator<BackupPolicyInfo> {
  const vault = parseBackupVaultId(vaultId, "vaultId");
  return mapPaged(client.backupPolicies.list(vault.resourceGroupName, vault.name, { abortSignal: options.abortSignal }), toPolicyInfo, `Listing the policies of ${vault.id}`);
}

/** JSON with sorted keys and without the read-only tag ids, to compare policies. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (key === "id" || key === "eTag") return undefined;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
}

/**
 * Converges a policy to a preset or a full definition (validated before sending): creates it
 * if missing, replaces it if different, otherwise makes no write.
 */
export async function ensurePolicy(client: DataProtectionClient, policyId: string | BackupPolicyRef, options: EnsurePolicyOptions): Promise<EnsurePolicyResult> {
  const policy = parseBackupPolicyId(policyId, "policyId");
  let wanted: BackupPolicy;
  if (options.policy !== undefined) {
    validateAksPolicy(options.policy);
    wanted = options.policy;
  } else if (options.preset !== undefined) {
    wanted = buildAksPolicy(options.preset);
  } else {
    throw new InputValidationError("options", "neither preset nor policy is given", 'pass { preset: "every4Hours" } or { policy }');
  }
  const existing = await readPolicy(client, policy, options);
  if (existing && canonical(existing.properties) === canonical(wanted)) return { ...toPolicyInfo(existing), action: "unchanged" };
  const vaultName = policy.typeNames[0]!.name;
  if (existing) await confirmOverwriteInUse(client, policy, vaultName, options);
  const saved = await callAzure(`${existing ? "Updating" : "Creating"} backup policy ${policy.id}`, () =>
    client.backupPolicies.createOrUpdate(policy.resourceGroupName, vaultName, policy.name, { properties: wanted }, { abortSignal: options.abortSignal }));
  return { ...toPolicyInfo(saved), action: existing ? "updated" : "created" };
}

/**
 * Overwriting a policy that backup instances use changes their schedule and retention (e.g.
 * 7 days -> 1 deletes recovery points sooner): it needs `confirm` = the policy's name. Reads the
 * vault's instances (before the write).
 */
async function confirmOverwriteInUse(client: DataProtectionClient, policy: BackupPolicyRef, vaultName: string, options: EnsurePolicyOptions): Promise<void> {
  if (options.confirm === policy.name) return;
  const users: string[] = [];
  await callAzure(`Listing the backup instances of vault ${vaultName}`, async () => {
    for await (const bi of client.backupInstances.list(policy.resourceGroupName, vaultName, { abortSignal: options.abortSignal })) {
      if (bi.properties?.policyInfo.policyId.toLowerCase() === policy.id.toLowerCase()) users.push(bi.name ?? "?");
    }
  });
  if (users.length > 0) {
    requireConfirmation(`overwriting the backup policy used by ${users.join(", ")} (their schedule and retention change)`, policy.id, policy.name, options.confirm);
  }
}
