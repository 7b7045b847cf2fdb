import type { Finding, FindingCode } from "./models.js";

/** The severity of each code and whether `enableBackup` fixes it (documented in TROUBLESHOOTING.md). */
const catalog: Readonly<Record<FindingCode, { severity: Finding["severity"]; fixable: boolean }>> = {
  "cluster.notFound": { severity: "error", fixable: false },
  "cluster.noManagedIdentity": { severity: "error", fixable: false },
  "provider.notRegistered": { severity: "error", fixable: true },
  "extension.missing": { severity: "error", fixable: true },
  "extension.failed": { severity: "error", fixable: true },
  "extension.notReady": { severity: "warning", fixable: false },
  "extension.storageAccountMissing": { severity: "error", fixable: false },
  "extension.containerMissing": { severity: "error", fixable: true },
  "extension.useAadOff": { severity: "warning", fixable: true },
  "extension.undersized": { severity: "warning", fixable: false },
  "extension.installedByPolicy": { severity: "info", fixable: false },
  "trustedAccess.missing": { severity: "error", fixable: true },
  "trustedAccess.wrongRole": { severity: "error", fixable: true },
  "role.missing": { severity: "error", fixable: true },
  "vault.missing": { severity: "error", fixable: true },
  "vault.alertsOff": { severity: "warning", fixable: false },
  "backupInstance.missing": { severity: "error", fixable: true },
  "backupInstance.protectionError": { severity: "error", fixable: false },
  "backupInstance.notProtecting": { severity: "warning", fixable: false },
  "backupInstance.configuring": { severity: "info", fixable: false },
  "backup.none": { severity: "warning", fixable: false },
  "backup.lastFailed": { severity: "error", fixable: false },
  "backup.rpoBreached": { severity: "error", fixable: false },
  "backup.completedWithWarnings": { severity: "warning", fixable: false },
  "recoveryPoints.none": { severity: "warning", fixable: false },
  "limit.roleAssignments": { severity: "warning", fixable: false },
  "limit.onDemandBackups": { severity: "warning", fixable: false },
  "limit.restores": { severity: "warning", fixable: false },
  "limit.vaultInstances": { severity: "warning", fixable: false },
};

/** A finding with the code's severity and fixability (a severity may be raised, e.g. a limit reached). */
export function finding(code: FindingCode, message: string, remedy: string, severity?: Finding["severity"]): Finding {
  const c = catalog[code];
  return { code, severity: severity ?? c.severity, message, remedy, fixableByEnableBackup: c.fixable };
}

const rank = { error: 0, warning: 1, info: 2 } as const;

/** Findings sorted errors first (stable within a severity). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => rank[a.severity] - rank[b.severity]);
}

/** Whether findings leave a cluster healthy: no error and no warning. */
export function isHealthy(findings: readonly Finding[]): boolean {
  return findings.every((f) => f.severity === "info");
}
