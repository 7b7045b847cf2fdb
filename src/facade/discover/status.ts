import { finding, isHealthy, sortFindings } from "../doctor/findings.js";
import type { Finding } from "../doctor/models.js";
import type { ClusterBackupStatus } from "./models.js";

/** What discover knows of a cluster's Backup Extension. */
export interface ExtensionView {
  /** "Succeeded", "Failed", "Creating"... */
  provisioningState: string;
}

/** What discover knows of a backup instance. */
export interface InstanceView {
  /** ARM id. */
  id: string;
  /** `currentProtectionState`. */
  protectionState: string;
  /** The protection error, when there is one. */
  protectionError: { code: string; message: string } | undefined;
}

/** The last finished backup of an instance. */
export interface LastBackupView {
  /** Job status. */
  status: string;
  /** When it ended. */
  endTime: Date;
}

/** States of an instance that no longer protects (it may stay listed). */
const gone = new Set(["softdeleted", "softdeleting", "protectionstopped"]);
/** States in which the instance protects, or is about to. */
const working = new Set(["protectionconfigured", "configuringprotection"]);

/** The instance that protects the cluster: a working one first, then any not deleted. */
export function chooseInstance<T extends InstanceView>(instances: readonly T[]): T | undefined {
  const s = (i: T): string => i.protectionState.toLowerCase();
  return instances.find((i) => working.has(s(i))) ?? instances.find((i) => s(i) !== "softdeleted" && s(i) !== "softdeleting");
}

/** The vault of a backup instance id. */
export const vaultOf = (instanceId: string): string => instanceId.replace(/\/backupInstances\/[^/]+$/i, "");

/** Findings about an instance's state (shared with doctor). */
export function instanceFindings(i: InstanceView): Finding[] {
  const state = i.protectionState.toLowerCase();
  const out: Finding[] = [];
  if (i.protectionError) {
    out.push(finding("backupInstance.protectionError", `the backup instance reports ${i.protectionError.code}: ${i.protectionError.message}`,
      "fix what the error names (often a role or the Trusted Access binding: run doctor), then resumeProtection or enableBackup again"));
  } else if (state === "protectionerror" || state === "configuringprotectionfailed") {
    out.push(finding("backupInstance.protectionError", `the backup instance is ${i.protectionState}`, "run doctor for the cause, fix it, then enableBackup again"));
  }
  if (gone.has(state) || state === "backupssuspended") {
    out.push(finding("backupInstance.notProtecting", `the backup instance is ${i.protectionState}: no backups are taken`, "resume protection with backupInstances.resumeProtection(id)"));
  } else if (state === "configuringprotection") {
    out.push(finding("backupInstance.configuring", "protection is being configured", "wait for it to finish (ProtectionConfigured)"));
  }
  return out;
}

/** Findings about the last finished backup (shared with doctor; doctor adds the warnings' remedies). */
export function lastBackupFindings(last: LastBackupView | undefined): Finding[] {
  if (!last) return [finding("backup.none", "no backup has finished yet", "take one with backupInstances.backupNow(id) (or enableBackup with firstBackup: true)")];
  if (last.status === "Failed" || last.status === "Cancelled") {
    return [finding("backup.lastFailed", `the last backup (${last.endTime.toISOString()}) ${last.status === "Failed" ? "failed" : "was cancelled"}`, "read the job's error (backupInstances.listJobs) and run doctor; then backupNow")];
  }
  if (last.status === "CompletedWithWarnings") {
    return [finding("backup.completedWithWarnings", `the last backup (${last.endTime.toISOString()}) completed with warnings: parts of the cluster may be missing from it`, "read the job's warnings (backupInstances.getJob) or run doctor for their remedies")];
  }
  return [];
}

/** Findings about the extension as discover sees it. */
export function extensionStateFindings(ext: ExtensionView | undefined): Finding[] {
  if (!ext) return [finding("extension.missing", "the Backup Extension is not installed: backups cannot run", "run enableBackup (or ExtensionManager.install)")];
  if (ext.provisioningState === "Failed") return [finding("extension.failed", "the Backup Extension's last install or update failed", "run enableBackup again (it installs the extension again); see the extension's errorInfo")];
  if (ext.provisioningState !== "Succeeded") return [finding("extension.notReady", `the Backup Extension is ${ext.provisioningState}`, "wait for the operation to end, then check again")];
  return [];
}

/** The status of one cluster from what discover read. */
export function clusterStatus(cluster: { id: string; location: string }, ext: ExtensionView | undefined, instances: readonly InstanceView[], lastBackups: ReadonlyMap<string, LastBackupView>): ClusterBackupStatus {
  const bi = chooseInstance(instances);
  if (!bi) {
    return { clusterId: cluster.id, location: cluster.location, status: "unprotected", findings: [finding("backupInstance.missing", "no backup instance protects the cluster", "run enableBackup for it")] };
  }
  const last = lastBackups.get(bi.id.toLowerCase());
  const findings = sortFindings([...instanceFindings(bi), ...extensionStateFindings(ext), ...lastBackupFindings(last)]);
  return {
    clusterId: cluster.id,
    location: cluster.location,
    status: isHealthy(findings) ? "protected" : "needsAttention",
    backupInstanceId: bi.id,
    vaultId: vaultOf(bi.id),
    ...(last ? { lastBackup: { status: last.status, endTime: last.endTime } } : {}),
    findings,
  };
}
