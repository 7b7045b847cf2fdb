import { badRequest } from "../../http/armError.js";
import { dppUserError, isObject, type Json } from "./common.js";

/**
 * The vault's `featureSettings` and `monitoringSettings` after a write, with the irreversible
 * states kept: cross-region restore once Enabled, cross-subscription restore once
 * PermanentlyDisabled (as Azure documents both). Guess: a full PUT that leaves a block out keeps
 * the vault's value (the recordings never omit one); the refusal codes and wording are not
 * recorded (vault_update covers soft delete and immutability only).
 */
export function featureSettings(sent: unknown, previous: unknown, geoRedundant: boolean): Json | undefined {
  const before = isObject(previous) ? previous : {};
  const now: Json = isObject(sent) ? { ...sent } : { ...before };
  const stateOf = (block: Json, key: string): unknown => (isObject(block[key]) ? block[key]["state"] : undefined);

  const crrBefore = stateOf(before, "crossRegionRestoreSettings");
  if (now["crossRegionRestoreSettings"] === undefined && crrBefore !== undefined) now["crossRegionRestoreSettings"] = before["crossRegionRestoreSettings"];
  const crr = stateOf(now, "crossRegionRestoreSettings");
  if (crr !== undefined) oneOf(crr, ["Disabled", "Enabled"], "properties.featureSettings.crossRegionRestoreSettings.state");
  if (crrBefore === "Enabled" && crr !== "Enabled") {
    throw dppUserError("UserErrorCrossRegionRestoreDisableNotAllowed", "Cross region restore cannot be disabled once it is enabled on a Backup vault.", ["Cross region restore, once enabled, is irreversible."]);
  }
  if (crr === "Enabled" && !geoRedundant) {
    throw dppUserError("UserErrorCrossRegionRestoreNotSupportedForStorageType", "Cross region restore can be enabled only on a GeoRedundant Backup vault.", ["Set the vault's storage redundancy to GeoRedundant first."]);
  }

  const csrBefore = stateOf(before, "crossSubscriptionRestoreSettings");
  if (now["crossSubscriptionRestoreSettings"] === undefined && csrBefore !== undefined) now["crossSubscriptionRestoreSettings"] = before["crossSubscriptionRestoreSettings"];
  const csr = stateOf(now, "crossSubscriptionRestoreSettings");
  if (csr !== undefined) oneOf(csr, ["Disabled", "PermanentlyDisabled", "Enabled"], "properties.featureSettings.crossSubscriptionRestoreSettings.state");
  if (csrBefore === "PermanentlyDisabled" && csr !== "PermanentlyDisabled") {
    throw dppUserError("UserErrorCrossSubscriptionRestorePermanentlyDisabled", "Cross subscription restore is permanently disabled on this Backup vault and cannot be enabled again.", ["PermanentlyDisabled is irreversible."]);
  }
  return Object.keys(now).length ? now : undefined;
}

/** The vault's `monitoringSettings`, checked (Guess: kept as the vault has them when a PUT leaves them out). */
export function monitoringSettings(sent: unknown, previous: unknown): Json | undefined {
  const now = isObject(sent) ? sent : isObject(previous) ? previous : undefined;
  const alerts = now && isObject(now["azureMonitorAlertSettings"]) ? now["azureMonitorAlertSettings"]["alertsForAllJobFailures"] : undefined;
  if (alerts !== undefined) oneOf(alerts, ["Enabled", "Disabled"], "properties.monitoringSettings.azureMonitorAlertSettings.alertsForAllJobFailures");
  return now;
}

/** Immutability after a write: Locked stays Locked (as recorded in vault_update, the service refuses unlocking). */
export function immutabilityState(sent: unknown, previous: unknown): string | undefined {
  const before = isObject(previous) ? previous["state"] : undefined;
  const now = isObject(sent) ? sent["state"] : undefined;
  if (now === undefined) return typeof before === "string" ? before : undefined;
  const state = oneOf(now, ["Disabled", "Unlocked", "Locked"], "properties.securitySettings.immutabilitySettings.state");
  if (before === "Locked" && state !== "Locked") {
    // Azure documents locked immutability as irreversible. Guess: code and wording; the recording
    // (vault_update #30, #32) hit the service's update rate limit (CloudDosTimeboudLimitReached) first.
    throw dppUserError("UserErrorImmutabilityLockedCannotBeChanged", "Immutability is Locked for this vault and cannot be disabled or unlocked.", ["Locked immutability is irreversible."]);
  }
  return state;
}

function oneOf(value: unknown, allowed: string[], field: string): string {
  const hit = typeof value === "string" ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
  if (!hit) throw badRequest(`'${field}' must be one of ${allowed.join(", ")}.`, "InvalidRequestContent", field);
  return hit;
}
