import { InvalidStateError } from "../errors.js";

/** Manager actions whose validity depends on the backup instance's protection state. */
export type BackupInstanceAction =
  | "changePolicy"
  | "updateBackupConfiguration"
  | "stopProtection"
  | "suspendBackups"
  | "resumeProtection"
  | "resumeBackups"
  | "delete"
  | "backupNow";

/** States of a suspended instance: the spec's "BackupSchedulesSuspended", and "BackupsSuspended" as the service reports it. */
export const suspendedStates: readonly string[] = ["BackupSchedulesSuspended", "BackupsSuspended"];
const protectedStates = ["ProtectionConfigured", "ProtectionError", "ConfiguringProtectionFailed", "UpdatingProtection"];

/** For each action, the `currentProtectionState`s in which the service accepts it. */
export const allowedStates: Readonly<Record<BackupInstanceAction, readonly string[]>> = {
  changePolicy: ["ProtectionConfigured", "ProtectionError", "ConfiguringProtectionFailed"],
  updateBackupConfiguration: ["ProtectionConfigured", "ProtectionError", "ConfiguringProtectionFailed"],
  stopProtection: [...protectedStates, ...suspendedStates],
  suspendBackups: protectedStates,
  resumeProtection: ["ProtectionStopped"],
  resumeBackups: suspendedStates,
  delete: [...protectedStates, "ProtectionStopped", ...suspendedStates, "RetentionSchedulesSuspended", "NotProtected", "Invalid", "ConfiguringProtection"],
  backupNow: ["ProtectionConfigured"],
};

const fixes: Record<BackupInstanceAction, string> = {
  changePolicy: "resume protection first (resumeProtection), or wait for the current operation to finish",
  updateBackupConfiguration: "resume protection first (resumeProtection), or wait for the current operation to finish",
  stopProtection: "wait for the current operation to finish; stopped or deleted instances need no stop",
  suspendBackups: "resume protection first; an instance stopped with retain 'forever' cannot switch to 'asPerPolicy'",
  resumeProtection: "nothing to resume: the instance is not stopped",
  resumeBackups: "nothing to resume: backups are not suspended",
  delete: "wait for the soft delete to finish; the instance is already being deleted",
  backupNow: "configure or resume protection first",
};

/** Whether `action` is valid in `state`. */
export function isActionAllowed(action: BackupInstanceAction, state: string): boolean {
  return allowedStates[action].includes(state);
}

/** Throws {@link InvalidStateError} unless `action` is valid in `state`. */
export function requireState(action: BackupInstanceAction, backupInstanceId: string, state: string): void {
  if (!isActionAllowed(action, state)) throw new InvalidStateError(action, backupInstanceId, state, allowedStates[action], fixes[action]);
}

/** The service action that resumes an instance in `state`, or undefined when none does. */
export function resumeActionFor(state: string): "resumeProtection" | "resumeBackups" | undefined {
  if (isActionAllowed("resumeProtection", state)) return "resumeProtection";
  if (isActionAllowed("resumeBackups", state)) return "resumeBackups";
  return undefined;
}

/** The service action that stops an instance for a retention choice. */
export function stopActionFor(retain: "forever" | "asPerPolicy"): "stopProtection" | "suspendBackups" {
  return retain === "forever" ? "stopProtection" : "suspendBackups";
}

/** The states a stop leaves the instance in, so a repeated stop can be a no-op. */
export function stoppedStatesFor(retain: "forever" | "asPerPolicy"): readonly string[] {
  return retain === "forever" ? ["ProtectionStopped"] : suspendedStates;
}

/** Protection states a configure/update wait ends in with failure. */
export const failedProtectionStates: readonly string[] = ["ProtectionError", "ConfiguringProtectionFailed"];
