/**
 * What to do about the warning and error codes of AKS backup and restore jobs. The service's
 * exact codes are not all documented, so each entry matches a family of codes by pattern
 * (e.g. every code about a volume snapshot disallowed by policy), checked in order.
 */
export interface JobCodeRemedy {
  /** A stable name of the condition, e.g. "pvSnapshotDisallowedByPolicy". */
  condition: string;
  /** Codes of this condition (matched case-insensitively against the whole code). */
  pattern: RegExp;
  /** What to do about it. */
  remedy: string;
}

const memoryFix = "raise the Backup Extension's memory limit (and request): `remediateExtensionOom(...)` does it in steps, or set `resources.limits.memory` with `ExtensionManager.update()` using `recommendExtensionResources(<object count>)`.";

/** The known conditions, most specific first. */
export const jobCodeRemedies: readonly JobCodeRemedy[] = [
  { condition: "extensionOutOfMemory", pattern: /PluginPodRestartedDuring(Backup|Restore)|OOMKilled|OutOfMemory/i, remedy: `the extension pod ran out of memory (clusters with more than about 1000 objects); ${memoryFix}` },
  { condition: "pvSnapshotDisallowedByPolicy", pattern: /Snapshot\w*(Disallowed|NotAllowed|Denied|Blocked)\w*Policy|Policy\w*(Disallow|Deny|Block)\w*Snapshot/i, remedy: "an Azure Policy (or resource lock) on the snapshot resource group denies disk snapshots; exempt the snapshot resource group from that policy, or remove the lock, and back up again." },
  { condition: "snapshotLimitReached", pattern: /Snapshot\w*(Limit|Quota|Count)\w*(Reached|Exceeded)?|(Limit|Quota)\w*Snapshot/i, remedy: "a disk has reached the limit of 500 incremental snapshots (or the subscription's quota); shorten the operational retention of the policy or back up less often, then wait for old snapshots to expire." },
  { condition: "csiSnapshotTimedOut", pattern: /(CSI|Volume)?Snapshot\w*Time(d)?Out|Timeout\w*Snapshot/i, remedy: "the CSI snapshot did not finish in time; check the CSI driver and snapshot controller pods (`kubectl get pods -n kube-system`), that the VolumeSnapshotClass exists, and that the disk is not being resized; then back up again." },
  { condition: "hookFailed", pattern: /Hook\w*(Failed|Failure|Error|TimedOut)|Failed\w*Hook/i, remedy: "a backup or restore hook command failed; check the hook's container, command and timeout in its custom resource, and the pod's logs." },
  { condition: "namespaceNotFound", pattern: /Namespace\w*(NotFound|DoesNotExist|Missing)/i, remedy: "a namespace named in the backup configuration or restore request does not exist in the cluster (or the recovery point); fix the namespace list (`updateBackupConfiguration`) or the restore's includedNamespaces." },
  { condition: "pvcWithoutVolumeOrStorageClass", pattern: /PVC\w*(No|Without|Missing|Unbound)\w*(Volume|StorageClass)|(Volume|StorageClass)\w*NotFound\w*PVC|PVC\w*NotBound/i, remedy: "a PersistentVolumeClaim is not bound to a volume or has no StorageClass, so it was skipped; bind it (or give it a CSI StorageClass) or exclude it." },
  { condition: "crdVersionMismatch", pattern: /CRD\w*(Version|Mismatch)|(Version|Api)\w*Mismatch\w*CRD|CustomResourceDefinition\w*Version/i, remedy: "a custom resource's CRD version differs between the backup and the target cluster; install the same CRD version on the target before restoring, or exclude those resource types." },
  { condition: "vaultTierIneligibleDisk", pattern: /VaultTier\w*(Disk|Encrypted|PublicNetwork)\w*/i, remedy: "a volume's disk cannot go to the vault tier (over 1 TB, a disk encryption set, Entra ID data-access auth, public network access disabled, or over 100 disks); exclude its namespace from the backup, fix the disk, or use an operational-tier policy. planBackup lists such disks." },
  { condition: "vaultTierNotSupported", pattern: /VaultTierPolicyNotSupported/i, remedy: "Azure Backup has no vault tier for AKS in this region (Israel Central, Poland Central, Spain Central and the sovereign clouds); use an operational-tier policy, or a cluster and vault in a region with the vault tier." },
  { condition: "resourceModifierNotFound", pattern: /ResourceModifier\w*(NotFound|Missing|Invalid)/i, remedy: "the restore's resourceModifier names a ConfigMap the target cluster does not hold (it must exist, in that namespace, when the restore runs); create it with the Velero resource-modifier rules (`kubectl create configmap <name> --from-file <rules.yaml> -n <namespace>`) or correct the name, then restore again." },
  { condition: "linkedAuthorizationFailed", pattern: /LinkedAuthorization\w*Failed|LinkedAccessCheck/i, remedy: "the identity running the operation lacks a permission on a linked resource (e.g. read on the source cluster for a restore into another cluster, the snapshot resource group, target cluster or a disk); grant it (Reader on the source cluster; RoleGranter.grantForRestore / grantForBackup for the rest) and retry." },
  { condition: "missingPermissions", pattern: /MissingRequiredPermissions|AuthorizationFailed|Forbidden/i, remedy: "a managed identity lacks a role; grant the backup or restore permission set with RoleGranter (grantForBackup / grantForRestore) and retry after a few minutes." },
  { condition: "extensionNotInstalled", pattern: /ExtensionNotInstalled|Extension\w*(NotFound|Unhealthy|Failed)/i, remedy: "install (or repair) the Backup Extension on the cluster with ExtensionManager.install(), then retry." },
  { condition: "trustedAccessMissing", pattern: /TrustedAccess/i, remedy: "bind the vault to the cluster with Trusted Access (TrustedAccessBinder.bind(clusterId, vaultId)) and retry." },
];

/** The known condition a job code belongs to, or undefined. */
export function jobCodeRemedy(code: string | undefined): JobCodeRemedy | undefined {
  if (!code) return undefined;
  return jobCodeRemedies.find((r) => r.pattern.test(code));
}

/** Whether a code says the extension pod ran out of memory (OOMKilled) during a backup or restore. */
export function isOutOfMemoryCode(code: string | undefined): boolean {
  return jobCodeRemedy(code)?.condition === "extensionOutOfMemory";
}
