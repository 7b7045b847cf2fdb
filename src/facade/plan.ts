import { buildDatasourceParameters } from "../backup/requestBuilders.js";
import type { BackupInstanceInfo, VaultSettingChange } from "../backup/models.js";
import { rolePrincipalOf } from "../backup/vaultSettings.js";
import type { ExtensionInfo, ExtensionResources } from "../extension/models.js";
import { backupOperatorRole } from "../trustedAccess/models.js";
import type { PlanAction } from "./models.js";
import type { Observation } from "./preflight.js";
import type { ResolvedRequest } from "./request.js";

/** Setup steps, in the order a plan lists them. */
export const stepOrder = [
  "providers",
  "snapshotResourceGroup",
  "blobContainer",
  "vault",
  "policy",
  "extension",
  "trustedAccess",
  "roles.cluster",
  "roles.vault",
  "roles.extension",
  "backupInstance",
  "firstBackup",
] as const;

/** A setup step's name. */
export type StepName = (typeof stepOrder)[number];

/** Resource values asked for that the extension does not have yet. */
export function resourcesToChange(extension: ExtensionInfo, wanted: ExtensionResources | undefined): string[] {
  const out: string[] = [];
  for (const kind of ["limits", "requests"] as const) {
    for (const r of ["cpu", "memory"] as const) {
      const v = wanted?.[kind]?.[r];
      if (v !== undefined && extension.resources[kind][r] !== v) out.push(`resources.${kind}.${r}=${v}`);
    }
  }
  return out;
}

/** What the existing backup instance lacks compared with the request, or undefined when it matches. */
export function instanceChanges(bi: BackupInstanceInfo, r: ResolvedRequest): string | undefined {
  const changes: string[] = [];
  if (["ProtectionStopped", "BackupsSuspended", "BackupSchedulesSuspended"].includes(bi.protectionState)) changes.push(`resume protection (it is ${bi.protectionState})`);
  if (bi.policyId.toLowerCase() !== r.policy.id.toLowerCase()) changes.push(`change the policy from ${bi.policyId}`);
  if (JSON.stringify(buildDatasourceParameters(bi.configuration)) !== JSON.stringify(buildDatasourceParameters(r.request.backupConfiguration))) {
    changes.push("update what backups include");
  }
  if (["ProtectionError", "ConfiguringProtectionFailed"].includes(bi.protectionState)) changes.push(`repair protection (it is ${bi.protectionState})`);
  return changes.length ? changes.join("; ") : undefined;
}

/** What a new vault is created with, e.g. "a system-assigned identity, GeoRedundant, cross-region restore". */
function newVaultDescription(r: ResolvedRequest): string {
  const v = r.request.vault ?? {};
  const identity = v.identity === undefined || v.identity === "SystemAssigned" ? "a system-assigned identity" : `the user-assigned identity ${v.identity.userAssignedIdentityId}`;
  const rest = [
    v.storageRedundancy ?? "LocallyRedundant",
    v.crossRegionRestore ? "cross-region restore" : undefined,
    v.crossSubscriptionRestore ? `cross-subscription restore ${v.crossSubscriptionRestore}` : undefined,
    v.immutability ? `immutability ${v.immutability}` : undefined,
    `soft delete ${v.softDelete?.state ?? "On"} (${v.softDelete?.retentionDurationInDays ?? 14} days)`,
    v.alertsForAllJobFailures ? `job failure alerts ${v.alertsForAllJobFailures}` : undefined,
  ].filter((x): x is string => x !== undefined);
  return [identity, ...rest].join(", ");
}

/** The plan action of a vault setting change (also what its confirmation names). */
export function vaultChangeAction(c: VaultSettingChange): string {
  return `change the vault's ${c.setting} from ${c.from ?? "(unset)"} to ${c.to}${c.irreversible ? " (irreversible)" : ""}`;
}

function vaultChangeReason(c: VaultSettingChange): string {
  if (c.setting === "identity" && c.from === "None") return "the vault has no identity to grant roles to";
  return c.irreversible ? "the request's vault settings ask for it; it can never be undone" : "the request's vault settings ask for it";
}

/** The ordered actions a setup would take, from what exists now. Empty when all is in place. */
export function planActions(r: ResolvedRequest, o: Observation): PlanAction[] {
  const actions: PlanAction[] = [];
  const add = (step: StepName, action: string, reason: string): void => void actions.push({ step, action, reason });
  const location = o.cluster?.location ?? "the cluster's region";

  for (const p of o.providers) {
    if (p.registrationState !== "Registered") add("providers", `register ${p.namespace}`, `it is ${p.registrationState}`);
  }
  if (o.snapshotResourceGroupLocation === undefined) add("snapshotResourceGroup", `create resource group ${r.snapshotResourceGroup.name} in ${location}`, "it does not exist");
  if (!o.containerExists) add("blobContainer", `create blob container ${r.request.blobContainer} in ${r.storage.name}`, "it does not exist");
  if (!o.vaultResourceGroupExists) add("vault", `create resource group ${r.vault.resourceGroupName} in ${location} for the vault`, "it does not exist");
  if (!o.vault) add("vault", `create Backup vault ${r.vault.name} in ${location} with ${newVaultDescription(r)}`, "it does not exist");
  for (const c of o.vaultChanges) add("vault", vaultChangeAction(c), vaultChangeReason(c));
  if (!o.policy) add("policy", `create policy ${r.policy.name} from preset ${JSON.stringify(r.policyPreset)}`, "it does not exist");

  const ext = o.extension;
  if (!ext) add("extension", "install the Backup Extension (azure-aks-backup)", "no Backup Extension on the cluster");
  else if (ext.provisioningState === "Failed") add("extension", "install the Backup Extension again", `it is Failed (${ext.errorInfo?.code ?? "no error info"}: ${ext.errorInfo?.message ?? ""})`);
  else {
    if (ext.storageAccountId?.toLowerCase() !== r.storage.id.toLowerCase() || ext.blobContainer !== r.request.blobContainer) {
      add("extension", `move the extension's storage location to ${r.storage.name}/${r.request.blobContainer}`, "moveExtensionStorage is set");
    }
    const changes = resourcesToChange(ext, r.request.extensionResources);
    if (changes.length) add("extension", `set ${changes.join(", ")}`, "the extension runs with other CPU/memory settings");
    if (!ext.useAad) add("extension", "turn on Microsoft Entra ID access to the storage account (useAAD=true)", "the extension uses the storage account's shared key");
  }

  const b = o.binding;
  if (!b) add("trustedAccess", `bind the vault to the cluster with ${backupOperatorRole}`, "no Trusted Access binding from this vault");
  else if (b.provisioningState === "Failed" || !b.roles.includes(backupOperatorRole)) add("trustedAccess", "repair the Trusted Access binding", `it is ${b.provisioningState} with roles ${b.roles.join(", ")}`);

  for (const req of o.roles) {
    if (req.existingId === undefined) add(`roles.${req.identity}`, `grant ${req.role} to the ${req.identity} identity on ${req.scope}`, req.reason);
  }
  if (!rolePrincipalOf(o.vault, r.request.vault?.identity)) add("roles.vault", "grant Reader (cluster, snapshot group), Disk Snapshot Contributor (snapshot group), Storage Blob Data Reader (storage) to the vault identity", "the vault identity will be new");
  if (!ext?.principalId) add("roles.extension", "grant Storage Blob Data Contributor on the storage account to the extension identity", "the extension identity will be new");

  const bi = o.instances[0];
  if (!bi) add("backupInstance", "configure protection: validate for backup, create the backup instance, wait until ProtectionConfigured", "the cluster is not protected by this vault");
  else {
    const change = instanceChanges(bi, r);
    if (change) add("backupInstance", change, `the backup instance ${bi.name} differs from the request`);
  }
  if (r.request.firstBackup && !bi) add("firstBackup", "run an on-demand backup", "firstBackup is set and the cluster has no backup yet");
  return actions.sort((a, c) => stepOrder.indexOf(a.step as StepName) - stepOrder.indexOf(c.step as StepName));
}
