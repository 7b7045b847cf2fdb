import { ArmError } from "../../http/armError.js";
import type { BackupInstanceRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { isObject, userError, userFacingOf, type Json } from "./common.js";
import { checkAksPrerequisites, type AksProtectionTarget } from "./prerequisites.js";

/** Type of backup instance resources. */
export const instanceType = "Microsoft.DataProtection/backupVaults/backupInstances";
const stateKeys = new Set(["protectionStatus", "currentProtectionState", "protectionErrorDetails", "provisioningState", "objectType"]);

/** The protection state the service reports. */
export interface ProtectionState {
  /** `currentProtectionState` (and, as recorded, `protectionStatus.status`). */
  current: string;
  /** `provisioningState`: Provisioning, Succeeded or Failed. */
  provisioningState: string;
  /** `UserFacingError` of a failed configuration or a protection error. */
  error?: Json;
}

/** The user-settable properties of a stored backup instance. */
export function userProperties(bi: BackupInstanceRecord): Json {
  return Object.fromEntries(Object.entries(bi.body.properties).filter(([k]) => !stateKeys.has(k)));
}

/** The protection state of a stored backup instance. */
export function protectionOf(bi: BackupInstanceRecord): ProtectionState {
  const p = bi.body.properties;
  const error = isObject(p["protectionErrorDetails"]) ? p["protectionErrorDetails"] : undefined;
  return { current: String(p["currentProtectionState"]), provisioningState: String(p["provisioningState"]), ...(error ? { error } : {}) };
}

/** The `BackupInstance` properties in the recorded key order. */
export function composeProperties(user: Json, st: ProtectionState): Json {
  const { identityDetails, ...rest } = user;
  // As recorded: protectionStatus.status follows currentProtectionState (e.g. "BackupsSuspended", outside the spec's enum).
  const out: Json = { ...rest, protectionStatus: { status: st.current, ...(st.error ? { errorDetails: st.error } : {}) }, currentProtectionState: st.current };
  if (st.error) out["protectionErrorDetails"] = st.error;
  out["provisioningState"] = st.provisioningState;
  if (identityDetails !== undefined) out["identityDetails"] = identityDetails;
  out["objectType"] = "BackupInstance";
  return out;
}

/** Sets the protection state of a stored backup instance, keeping its user properties. */
export function setProtection(bi: BackupInstanceRecord, st: ProtectionState): void {
  bi.body.properties = composeProperties(userProperties(bi), st);
}

/** Refuses a request while another operation holds the backup instance. */
export function checkNotBusy(state: EmulatorState, bi: BackupInstanceRecord): void {
  const op = bi.busyWith === undefined ? undefined : state.operations.get(bi.busyWith);
  if (!op || op.status !== "InProgress") return;
  // Guess: the service's code for "another operation is in progress on this item" (seen in AKS troubleshooting material); 409 is a guess too.
  throw userError(409, "BMSUserErrorObjectLocked", `Another operation is in progress on the backup instance '${bi.name}'.`, ["Wait for the running operation to finish, then retry."]);
}

/**
 * Re-checks the AKS prerequisites of a backup instance (when it has a target). On failure,
 * moves it to `failedState` with the error as its protection error and rethrows.
 */
export function recheck(state: EmulatorState, bi: BackupInstanceRecord, aks: AksProtectionTarget | undefined, failedState: string, provisioningState = "Succeeded"): void {
  if (!aks) return;
  const vault = state.backupVaults.get(bi.vaultId);
  if (!vault) return;
  try {
    checkAksPrerequisites(state, vault, aks);
  } catch (e) {
    if (e instanceof ArmError) setProtection(bi, { current: failedState, provisioningState, error: userFacingOf(e) });
    throw e;
  }
}
