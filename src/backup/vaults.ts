import { parseBackupVaultId, parseClusterId, type BackupVaultRef, type ClusterRef } from "../common/references.js";
import { guardedRequestFor, withGuard, type CriticalOperation, type GuardSettings } from "./resourceGuards.js";
import { AggregateAksBackupError, InputValidationError, PrerequisiteError } from "../errors.js";
import { requireConfirmation } from "../common/schemas/confirm.js";
import { callAzure } from "../common/azureCalls.js";
import { readOrUndefined } from "../common/azureCalls.js";
import type { OperationOptions } from "../common/options.js";
import type { DataProtectionClient } from "../dataProtection/client.js";
import type { BackupVaultResource } from "../dataProtection/models.js";
import { toVaultInfo } from "./mappers.js";
import type { BackupVaultInfo, EnsureVaultOptions, EnsureVaultResult, VaultSettingChange } from "./models.js";
import { convergedVaultBody, describeVaultChanges, diffVaultSettings, newVaultBody, redundancyLockedProblem, type VaultSettingProblem } from "./vaultSettings.js";

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

/** The first backup instance of a vault, if it has one (one page read at most). */
async function firstInstanceName(client: DataProtectionClient, vault: BackupVaultRef, options: OperationOptions): Promise<string | undefined> {
  return callAzure(`Listing the backup instances of vault ${vault.id}`, async () => {
    for await (const bi of client.backupInstances.list(vault.resourceGroupName, vault.name, { abortSignal: options.abortSignal })) return bi.name ?? "?";
    return undefined;
  });
}

/** Throws what an existing vault cannot do: one {@link PrerequisiteError} per problem (several in an {@link AggregateAksBackupError}). */
function throwProblems(vault: BackupVaultRef, problems: readonly VaultSettingProblem[]): void {
  const errors = problems.map((p) => new PrerequisiteError(p.setting, p.problem, p.fix));
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) throw new AggregateAksBackupError(`Converging the settings of vault ${vault.id}`, errors);
}

/**
 * Converges a vault. A missing one is created (in the cluster's region) with the settings
 * given (defaults: system-assigned identity, LocallyRedundant, soft delete On for 14 days). An
 * existing one gets every setting given that it lacks, in one PUT, and nothing is written when
 * it has them all. Before any write: what it can never do fails ({@link PrerequisiteError}:
 * reverting an irreversible setting, changing the redundancy of a vault that holds backup
 * instances), and irreversible or protection-lowering changes need `confirm` = the vault's name
 * ({@link ConfirmationRequiredError}, listing each). An existing vault in another region than
 * the cluster is an error (AKS backup needs them in the same region).
 */
export async function ensureVault(client: DataProtectionClient, readLocation: ClusterLocationReader, vaultId: string | BackupVaultRef, options: EnsureVaultOptions, guardSettings: GuardSettings = {}): Promise<EnsureVaultResult> {
  const { vault, cluster } = validateEnsureVault(vaultId, options);
  const { abortSignal } = options;
  const location = cluster ? await readLocation(cluster, options) : options.location!;
  if (cluster && options.location && !sameRegion(options.location, location)) {
    throw new InputValidationError("location", `'${options.location}' differs from the cluster's region '${location}'`, "omit location, or use the cluster's region");
  }
  const existing = await readVault(client, vault, options);
  const lro = { abortSignal, ...(options.pollIntervalInMs !== undefined ? { pollIntervalInMs: options.pollIntervalInMs } : {}) };
  const put = (body: BackupVaultResource, what: string, auxiliaryToken?: string): Promise<BackupVaultResource> =>
    callAzure(what, () => client.backupVaults.beginCreateOrUpdate(vault.resourceGroupName, vault.name, body, { ...lro, ...(auxiliaryToken ? { auxiliaryToken } : {}) }).pollUntilDone({ abortSignal }));
  if (!existing) {
    if (options.crossRegionRestore === true && (options.storageRedundancy ?? "LocallyRedundant") !== "GeoRedundant") {
      throw new InputValidationError("crossRegionRestore", "cross-region restore needs a GeoRedundant vault, and a new vault is LocallyRedundant unless storageRedundancy says otherwise", "add storageRedundancy: \"GeoRedundant\"");
    }
    const created = await put(newVaultBody(location, options), `Creating backup vault ${vault.id}`);
    return { ...toVaultInfo(created), action: "created", changes: [] };
  }
  if (!sameRegion(existing.location, location)) {
    throw new InputValidationError("vaultId", `the vault is in '${existing.location}', not in the cluster's region '${location}'`, `use a vault in ${location}`);
  }
  const info = toVaultInfo(existing);
  const { changes, problems } = diffVaultSettings(info, options);
  if (changes.some((c) => c.setting === "storageRedundancy")) {
    const instance = await firstInstanceName(client, vault, options);
    if (instance !== undefined) problems.unshift(redundancyLockedProblem(info, instance));
  }
  throwProblems(vault, problems);
  const confirmed = changes.filter((c) => c.needsConfirm);
  if (confirmed.length) requireConfirmation(`changing vault settings: ${describeVaultChanges(confirmed)}`, vault.id, vault.name, options.confirm);
  if (changes.length === 0) return { ...info, action: "unchanged", changes: [] };
  const what = `Changing the settings of vault ${vault.id} (${describeVaultChanges(changes)})`;
  // Lowering soft delete or immutability is a critical operation of the vault's resource guard.
  const guards = await Promise.all(guardedOperations(changes).map((op) => guardedRequestFor(client, vault, op, guardSettings, options)));
  const requests = guards.flatMap((g) => g.resourceGuardOperationRequests ?? []);
  const body = convergedVaultBody(existing, options);
  if (requests.length) body.properties = { ...body.properties, resourceGuardOperationRequests: requests };
  const guard = guards[0] ?? { operation: "" };
  const updated = await withGuard(what, guard, () => put(body, what, guards.find((g) => g.auxiliaryToken)?.auxiliaryToken));
  return { ...toVaultInfo(updated), action: "updated", changes };
}

/** The guarded operations among a vault's changes: lowering soft delete, lowering immutability. */
function guardedOperations(changes: readonly VaultSettingChange[]): CriticalOperation[] {
  const ops: CriticalOperation[] = [];
  const lowersSoftDelete = changes.some((c) => (c.setting === "softDelete.state" && c.to.toLowerCase() === "off") || (c.setting === "softDelete.retentionDurationInDays" && c.needsConfirm && !c.irreversible));
  if (lowersSoftDelete) ops.push("reduceSoftDelete");
  if (changes.some((c) => c.setting === "immutability" && c.to.toLowerCase() === "disabled")) ops.push("reduceImmutability");
  return ops;
}

/** Reads a vault as {@link BackupVaultInfo}; undefined when it does not exist. */
export async function getVault(client: DataProtectionClient, vaultId: string | BackupVaultRef, options: OperationOptions): Promise<BackupVaultInfo | undefined> {
  const vault = parseBackupVaultId(vaultId, "vaultId");
  const v = await readVault(client, vault, options);
  return v ? toVaultInfo(v) : undefined;
}
