import type { ManagedDiskFacts } from "../clients/diskReader.js";
import { normalizeLocation } from "../common/armId.js";

/** Documented limits of the vault tier of AKS backups (Microsoft Learn, AKS backup support matrix). */
export const vaultTierLimits = {
  /** Largest disk the vault tier takes, in GB. */
  maxDiskSizeGB: 1024,
  /** Most disks (persistent volumes) per backup instance. */
  maxDisksPerInstance: 100,
} as const;

/**
 * Public regions where Azure Backup for AKS offers only the operational tier (Microsoft Learn,
 * AKS backup support matrix): a vault-tier policy there fails with
 * `DppUserErrorVaultTierPolicyNotSupported`. The sovereign clouds' regions it also names
 * (China, US Gov) are not public regions.
 */
export const aksVaultTierUnsupportedRegions: readonly string[] = ["israelcentral", "polandcentral", "spaincentral"];

/** A reason a cluster's backups cannot use the vault tier, with what to do. */
export interface VaultTierProblem {
  /** The request field concerned ("clusterId" or "policyPreset"). */
  subject: string;
  /** What is wrong. */
  problem: string;
  /** What to do. */
  fix: string;
}

const operationalOnly = 'or use an operational-tier policy (policyPreset "every4Hours", "daily", ...)';

/**
 * Why a vault-tier policy cannot protect a cluster in `location` whose volume disks are `disks`
 * (the disks AKS made for persistent volume claims, tagged `kubernetes.io-created-for-pvc-name`):
 * the region has no vault tier, a disk is over 1 TB, has a disk encryption set, needs Entra ID
 * data-access auth or has public network access disabled, or there are over 100 disks. Empty
 * when it can.
 */
export function vaultTierProblems(location: string, disks: readonly ManagedDiskFacts[]): VaultTierProblem[] {
  const problems: VaultTierProblem[] = [];
  const region = normalizeLocation(location);
  if (aksVaultTierUnsupportedRegions.includes(region)) {
    problems.push({ subject: "policyPreset", problem: `Azure Backup has no vault tier for AKS in ${region} (DppUserErrorVaultTierPolicyNotSupported)`, fix: `protect a cluster in a region with the vault tier, ${operationalOnly}` });
  }
  const volumes = disks.filter((d) => d.pvcName !== undefined);
  if (volumes.length > vaultTierLimits.maxDisksPerInstance) {
    problems.push({ subject: "clusterId", problem: `the cluster has ${volumes.length} volume disks; the vault tier takes at most ${vaultTierLimits.maxDisksPerInstance} per backup instance`, fix: `back up fewer namespaces per backup instance (configuration.includedNamespaces), ${operationalOnly}` });
  }
  for (const d of volumes) {
    const where = `the disk ${d.name} (PVC ${d.pvcNamespace ?? "?"}/${d.pvcName ?? "?"})`;
    if (d.sizeGB !== undefined && d.sizeGB > vaultTierLimits.maxDiskSizeGB) {
      problems.push({ subject: "clusterId", problem: `${where} is ${d.sizeGB} GB; the vault tier takes disks of at most ${vaultTierLimits.maxDiskSizeGB} GB`, fix: `exclude its namespace from the backup, ${operationalOnly}` });
    }
    if (d.diskEncryptionSetId) {
      problems.push({ subject: "clusterId", problem: `${where} is encrypted with a disk encryption set; the vault tier does not take such disks`, fix: `exclude its namespace from the backup, ${operationalOnly}` });
    }
    if (d.dataAccessAuthMode === "AzureActiveDirectory") {
      problems.push({ subject: "clusterId", problem: `${where} needs Entra ID data-access auth; the vault tier does not take such disks`, fix: `set the disk's dataAccessAuthMode to None (az disk update --data-access-auth-mode None), ${operationalOnly}` });
    }
    if (d.publicNetworkAccess === "Disabled") {
      problems.push({ subject: "clusterId", problem: `${where} has public network access disabled; the vault tier reads disks over it`, fix: `enable it (az disk update --public-network-access Enabled), ${operationalOnly}` });
    }
  }
  return problems;
}
