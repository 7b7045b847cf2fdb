import { parseBackupVaultId, parseClusterId, type BackupVaultRef, type ClusterRef } from "../common/references.js";
import { InputValidationError } from "../errors.js";
import { callAzure } from "../common/azureCalls.js";
import { readOrUndefined } from "../common/azureCalls.js";
import type { OperationOptions } from "../common/options.js";
import type { DataProtectionClient } from "../dataProtection/client.js";
import type { BackupVaultResource } from "../dataProtection/models.js";
import { toVaultInfo } from "./mappers.js";
import type { BackupVaultInfo, EnsureVaultOptions, EnsureVaultResult } from "./models.js";

/** Reads a cluster's region (for a vault in the same region). */
export type ClusterLocationReader = (cluster: ClusterRef, options: OperationOptions) => Promise<string>;

/** Reads a vault; undefined when it does not exist. */
export async function readVault(client: DataProtectionClient, vault: BackupVaultRef, options: OperationOptions): Promise<BackupVaultResource | undefined> {
  return readOrUndefined(`Reading backup vault ${vault.id}`, () => client.backupVaults.get(vault.resourceGroupName, vault.name, { abortSignal: options.abortSignal }));
}

/** Checks ensureVault's options before any request. */
function validateEnsureVault(vaultId: string | BackupVaultRef, options: EnsureVaultOptions): { vault: BackupVaultRef; cluster: ClusterRef | undefined } {
  const vault = parseBackupVaultId(vaultId, "vaultId");
  const cluster = options.clusterId === undefined ? undefined : parseClusterId(options.clusterId, "clusterId");
  if (!cluster && !options.location) throw new InputValidationError("options", "neither location nor clusterId is given", "pass the cluster's id (the vault goes in its region) or a location");
  const days = options.softDelete?.retentionDurationInDays;
  if (days !== undefined && !(Number.isInteger(days) && days >= 14 && days <= 180)) {
    throw new InputValidationError("softDelete.retentionDurationInDays", `${days} is not 14-180 days`, "pass a whole number of days from 14 to 180");
  }
  return { vault, cluster };
}

const sameRegion = (a: string, b: string): boolean => a.replace(/\s/g, "").toLowerCase() === b.replace(/\s/g, "").toLowerCase();

/**
 * Converges a vault: creates it (system-assigned identity, storage redundancy, soft delete,
 * in the cluster's region) if missing; adds a system-assigned identity to an existing vault
 * that has none; otherwise changes nothing. An existing vault in another region than the
 * cluster is an error (AKS backup needs them in the same region).
 */
export async function ensureVault(client: DataProtectionClient, readLocation: ClusterLocationReader, vaultId: string | BackupVaultRef, options: EnsureVaultOptions): Promise<EnsureVaultResult> {
  const { vault, cluster } = validateEnsureVault(vaultId, options);
  const { abortSignal } = options;
  const location = cluster ? await readLocation(cluster, options) : options.location!;
  if (cluster && options.location && !sameRegion(options.location, location)) {
    throw new InputValidationError("location", `'${options.location}' differs from the cluster's region '${location}'`, "omit location, or use the cluster's region");
  }
  const existing = await readVault(client, vault, options);
  const lro = { abortSignal, ...(options.pollIntervalInMs !== undefined ? { pollIntervalInMs: options.pollIntervalInMs } : {}) };
  const put = (body: BackupVaultResource, what: string): Promise<BackupVaultResource> =>
    callAzure(what, () => client.backupVaults.beginCreateOrUpdate(vault.resourceGroupName, vault.name, body, lro).pollUntilDone({ abortSignal }));
  if (existing) {
    if (!sameRegion(existing.location, location)) {
      throw new InputValidationError("vaultId", `the vault is in '${existing.location}', not in the cluster's region '${location}'`, `use a vault in ${location}`);
    }
    if (existing.identity?.type?.includes("SystemAssigned")) return { ...toVaultInfo(existing), action: "unchanged" };
    const type = existing.identity?.type === "UserAssigned" ? "SystemAssigned,UserAssigned" : "SystemAssigned";
    const updated = await put({ ...existing, identity: { ...existing.identity, type } }, `Adding a system-assigned identity to vault ${vault.id}`);
    return { ...toVaultInfo(updated), action: "updated" };
  }
  const body: BackupVaultResource = {
    location,
    identity: { type: "SystemAssigned" },
    ...(options.tags ? { tags: options.tags } : {}),
    properties: {
      storageSettings: [{ datastoreType: "VaultStore", type: options.storageRedundancy ?? "LocallyRedundant" }],
      securitySettings: { softDeleteSettings: { state: options.softDelete?.state ?? "On", retentionDurationInDays: options.softDelete?.retentionDurationInDays ?? 14 } },
    },
  };
  const created = await put(body, `Creating backup vault ${vault.id}`);
  return { ...toVaultInfo(created), action: "created" };
}

/** Reads a vault as {@link BackupVaultInfo}; undefined when it does not exist. */
export async function getVault(client: DataProtectionClient, vaultId: string | BackupVaultRef, options: OperationOptions): Promise<BackupVaultInfo | undefined> {
  const vault = parseBackupVaultId(vaultId, "vaultId");
  const v = await readVault(client, vault, options);
  return v ? toVaultInfo(v) : undefined;
}
