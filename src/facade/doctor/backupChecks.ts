import type { BackupInstanceInfo, BackupPolicyInfo, JobInfo } from "../../backup/models.js";
import { instanceFindings, lastBackupFindings } from "../discover/status.js";
import { finding } from "./findings.js";
import type { Finding } from "./models.js";

/** Limits that bite at scale (Azure Backup for AKS and Azure RBAC). */
export const limits = {
  /** Role assignments per subscription. */
  roleAssignmentsPerSubscription: 4000,
  /** On-demand backups per backup instance per day. */
  onDemandBackupsPerDay: 10,
  /** Restores per backup instance per day. */
  restoresPerDay: 10,
  /** Backup instances per vault. */
  instancesPerVault: 5000,
} as const;

/** A last successful backup older than this many times the policy's interval breaches the RPO. */
export const rpoGraceFactor = 1.5;

/** Milliseconds of an ISO 8601 duration of days, hours and minutes (`P1D`, `PT4H`, `PT30M`); undefined otherwise. */
export function durationMs(iso: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/i.exec(iso);
  if (!m || iso.toUpperCase() === "P" || iso.toUpperCase() === "PT") return undefined;
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000;
}

/** The backup interval of a policy: the shortest repeating interval of its schedule. */
export function policyIntervalMs(policy: BackupPolicyInfo | undefined): number | undefined {
  const all = (policy?.schedule ?? []).map((r) => durationMs(r.split("/").at(-1) ?? "")).filter((n): n is number => n !== undefined && n > 0);
  return all.length ? Math.min(...all) : undefined;
}

/** What doctor read about the backup instance, its jobs and its vault. */
export interface BackupFacts {
  /** The instance. */
  instance: BackupInstanceInfo;
  /** Its policy (undefined when it is gone). */
  policy: BackupPolicyInfo | undefined;
  /** Its jobs of the last 7 days (no details). */
  jobs: readonly JobInfo[];
  /** The last finished backup, with details (warnings). */
  lastBackup: JobInfo | undefined;
  /** Whether it has at least one recovery point. */
  hasRecoveryPoint: boolean;
  /** Now (epoch ms). */
  now: number;
}

const dayMs = 24 * 3600_000;
const isSuccess = (j: JobInfo): boolean => j.status === "Completed" || j.status === "CompletedWithWarnings";

/**
 * Findings about protection: the instance's state and protection error, the last backup's
 * status (with the warnings' remedies), its age against the policy's interval (an RPO breach
 * is an error), recovery points, and the daily on-demand backup and restore limits.
 */
export function backupFindings(f: BackupFacts): Finding[] {
  const out = instanceFindings(f.instance);
  const protecting = f.instance.protectionState === "ProtectionConfigured";
  const last = f.lastBackup;
  const lastFindings = lastBackupFindings(last?.endTime ? { status: last.status, endTime: last.endTime } : undefined);
  for (const lf of lastFindings) {
    if (lf.code === "backup.completedWithWarnings" && last) {
      const details = last.warnings.map((w) => `${w.code}${w.resource ? ` (${w.resource})` : ""}: ${w.remedy ?? w.recommendedActions.join(" ") ?? w.message}`);
      out.push(details.length ? { ...lf, message: `${lf.message}: ${last.warnings.map((w) => w.code).join(", ")}`, remedy: details.join(" | ") } : lf);
    } else if (lf.code === "backup.lastFailed" && last?.error) {
      out.push({ ...lf, message: `${lf.message}: ${last.error.code}`, remedy: last.error.remedy ?? last.error.recommendedActions.join(" ") ?? lf.remedy });
    } else if (protecting || lf.code !== "backup.none") {
      out.push(lf);
    }
  }
  const interval = policyIntervalMs(f.policy);
  const lastSuccess = f.jobs.filter((j) => j.operationCategory === "Backup" && isSuccess(j) && j.endTime).map((j) => j.endTime!.getTime()).sort((a, b) => b - a)[0];
  if (protecting && interval !== undefined && lastSuccess !== undefined && f.now - lastSuccess > interval * rpoGraceFactor) {
    const hours = ((f.now - lastSuccess) / 3600_000).toFixed(1);
    out.push(finding("backup.rpoBreached", `the last successful backup is ${hours} h old, more than ${rpoGraceFactor} x the policy's interval (${interval / 3600_000} h)`,
      "fix why scheduled backups fail or do not run (see the other findings), then backupNow"));
  }
  if (protecting && !f.hasRecoveryPoint) {
    out.push(finding("recoveryPoints.none", "the backup instance has no recovery point: nothing can be restored", "take a backup (backupNow) and check that it completes"));
  }
  const today = f.jobs.filter((j) => f.now - j.startTime.getTime() < dayMs);
  const onDemand = today.filter((j) => j.operationCategory === "Backup" && j.trigger === "onDemand").length;
  const restores = today.filter((j) => j.operationCategory === "Restore").length;
  if (onDemand >= limits.onDemandBackupsPerDay - 2) {
    out.push(finding("limit.onDemandBackups", `${onDemand} on-demand backups in the last 24 h; Azure allows ${limits.onDemandBackupsPerDay} per backup instance per day`, "wait before the next backupNow; scheduled backups are not affected"));
  }
  if (restores >= limits.restoresPerDay - 2) {
    out.push(finding("limit.restores", `${restores} restores in the last 24 h; Azure allows ${limits.restoresPerDay} per backup instance per day`, "wait before the next restore of this instance"));
  }
  return out;
}

/** Findings about the quotas of the vault and the subscription. */
export function quotaFindings(instancesInVault: number | undefined, roleAssignments: number | undefined): Finding[] {
  const out: Finding[] = [];
  if (instancesInVault !== undefined && instancesInVault >= limits.instancesPerVault * 0.9) {
    out.push(finding("limit.vaultInstances", `the vault holds ${instancesInVault} backup instances; Azure allows ${limits.instancesPerVault}`, "protect new clusters in another vault",
      instancesInVault >= limits.instancesPerVault ? "error" : "warning"));
  }
  if (roleAssignments !== undefined && roleAssignments >= limits.roleAssignmentsPerSubscription * 0.9) {
    out.push(finding("limit.roleAssignments", `the cluster's subscription has ${roleAssignments} role assignments; Azure allows ${limits.roleAssignmentsPerSubscription}`,
      "remove unused assignments, or grant at broader scopes (e.g. one assignment on a resource group for many clusters)", roleAssignments >= limits.roleAssignmentsPerSubscription ? "error" : "warning"));
  }
  return out;
}
