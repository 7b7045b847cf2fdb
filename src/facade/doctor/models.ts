import type { OperationOptions } from "../../common/options.js";

/**
 * The stable code of a {@link Finding}. Each one is documented in TROUBLESHOOTING.md
 * ("Doctor and discover findings"); codes are never reused for another meaning.
 */
export type FindingCode =
  | "cluster.notFound"
  | "cluster.noManagedIdentity"
  | "provider.notRegistered"
  | "extension.missing"
  | "extension.failed"
  | "extension.notReady"
  | "extension.storageAccountMissing"
  | "extension.containerMissing"
  | "extension.useAadOff"
  | "extension.undersized"
  | "extension.installedByPolicy"
  | "trustedAccess.missing"
  | "trustedAccess.wrongRole"
  | "role.missing"
  | "vault.missing"
  | "vault.alertsOff"
  | "backupInstance.missing"
  | "backupInstance.protectionError"
  | "backupInstance.notProtecting"
  | "backupInstance.configuring"
  | "backup.none"
  | "backup.lastFailed"
  | "backup.rpoBreached"
  | "backup.completedWithWarnings"
  | "recoveryPoints.none"
  | "limit.roleAssignments"
  | "limit.onDemandBackups"
  | "limit.restores"
  | "limit.vaultInstances";

/** Something doctor or discover found wrong (or worth knowing) about a cluster's backup. */
export interface Finding {
  /** Stable code, e.g. "extension.missing" (see TROUBLESHOOTING.md). */
  code: FindingCode;
  /** "error": backups fail or are not taken; "warning": they may fail or degrade; "info": worth knowing. */
  severity: "error" | "warning" | "info";
  /** What is wrong, for people. */
  message: string;
  /** How to fix it. */
  remedy: string;
  /** Whether running `enableBackup` for the cluster fixes it. */
  fixableByEnableBackup: boolean;
}

/** What `doctor` found about one cluster. */
export interface DoctorReport {
  /** ARM id of the cluster. */
  clusterId: string;
  /** True when no finding is an error or a warning. */
  healthy: boolean;
  /** Everything found, errors first. */
  findings: Finding[];
}

/** Options of `doctor`. */
export interface DoctorOptions extends OperationOptions {
  /**
   * The vault that should protect the cluster. Default: the vault of the cluster's backup
   * instance, if it has one.
   */
  vaultId?: string;
  /**
   * Kubernetes objects in the cluster (e.g. `kubectl get all -A --no-headers | wc -l`), if
   * known: doctor then checks the extension's memory limit against it. ARM does not report it.
   */
  resourceCount?: number;
}
