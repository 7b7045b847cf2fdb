import type { ProviderRegistration } from "../../providers/models.js";
import type { PlannedRoleAssignment } from "../../roles/models.js";
import { backupOperatorRole, type TrustedAccessBindingInfo } from "../../trustedAccess/models.js";
import { finding } from "./findings.js";
import type { Finding } from "./models.js";

/** Providers not registered. */
export function providerFindings(providers: readonly ProviderRegistration[]): Finding[] {
  return providers.filter((p) => p.registrationState !== "Registered").map((p) =>
    finding("provider.notRegistered", `the resource provider ${p.namespace} is ${p.registrationState}`, `run enableBackup, or ProviderRegistrar.ensureRegistered(["${p.namespace}"])`));
}

/** The Trusted Access binding from the vault to the cluster, with the backup-operator role. */
export function trustedAccessFindings(vaultId: string, binding: TrustedAccessBindingInfo | undefined): Finding[] {
  if (!binding) {
    return [finding("trustedAccess.missing", `no Trusted Access binding lets the vault ${vaultId} reach the cluster: backups fail`, "run enableBackup, or TrustedAccessBinder.bind(clusterId, vaultId)")];
  }
  if (!binding.roles.some((r) => r.toLowerCase() === backupOperatorRole.toLowerCase())) {
    return [finding("trustedAccess.wrongRole", `the Trusted Access binding ${binding.name} grants ${binding.roles.join(", ") || "no role"}, not ${backupOperatorRole}`, "run enableBackup, or TrustedAccessBinder.bind(clusterId, vaultId) (it sets the role)")];
  }
  return [];
}

/** Each role assignment of the permission set that is missing at its scope. */
export function roleFindings(planned: readonly PlannedRoleAssignment[]): Finding[] {
  return planned.filter((p) => p.existingId === undefined).map((p) =>
    finding("role.missing", `the ${p.identity} identity (${p.principalId}) lacks ${p.role} at ${p.scope}: ${p.reason}`, "run enableBackup (it grants the permission set), or RoleGranter.grantForBackup"));
}
