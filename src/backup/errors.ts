import { AksBackupError } from "../common/errors.js";

/**
 * The operation is not valid in the backup instance's current protection state (e.g. resuming
 * an instance that is protected). Thrown before any write.
 */
export class InvalidStateError extends AksBackupError {
  /**
   * @param action - what was asked, e.g. "resumeProtection".
   * @param backupInstanceId - the instance.
   * @param currentState - its `currentProtectionState`.
   * @param allowedStates - the states the action is valid in.
   * @param fix - what to do instead.
   */
  constructor(
    readonly action: string,
    readonly backupInstanceId: string,
    readonly currentState: string,
    readonly allowedStates: readonly string[],
    fix: string,
  ) {
    super(`Cannot ${action} backup instance '${backupInstanceId}': it is ${currentState}, and ${action} needs ${allowedStates.join(" or ")}. To fix: ${fix}`);
    this.name = "InvalidStateError";
  }
}
