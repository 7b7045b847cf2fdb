import { badRequest } from "../../http/armError.js";
import { dppUserError, isObject, type Json } from "./common.js";
import { vaultFieldsUnknownAt } from "../../data/vaultFieldsByVersion.js";
import { featureSettings, immutabilityState, monitoringSettings } from "./vaultFeatures.js";

const datastoreTypes = ["ArchiveStore", "OperationalStore", "VaultStore"];
const redundancies = ["GeoRedundant", "LocallyRedundant", "ZoneRedundant"];
const softDeleteStates = ["Off", "On", "AlwaysOn"];

function oneOf(value: unknown, allowed: string[], field: string): string {
  const hit = typeof value === "string" ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
  if (!hit) throw badRequest(`'${field}' must be one of ${allowed.join(", ")}.`, "InvalidRequestContent", field);
  return hit;
}

function storageSettings(value: unknown): Json[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw badRequest("'properties.storageSettings' is required and needs at least one item.", "InvalidRequestContent", "properties.storageSettings");
  }
  return value.map((s: unknown, i) => {
    const item = isObject(s) ? s : {};
    return {
      datastoreType: oneOf(item["datastoreType"], datastoreTypes, `properties.storageSettings[${i}].datastoreType`),
      type: oneOf(item["type"], redundancies, `properties.storageSettings[${i}].type`),
    };
  });
}

/** Guess: how the service scores a vault; the recordings show None/Poor for LRS without soft delete, Adequate/Good for GRS with soft delete and locked immutability. */
function scores(settings: Json[], security: Json): { secureScore: string; bcdrSecurityLevel: string } {
  const softDelete = isObject(security["softDeleteSettings"]) ? String(security["softDeleteSettings"]["state"]) : "On";
  const immutability = isObject(security["immutabilitySettings"]) ? String(security["immutabilitySettings"]["state"]) : "Disabled";
  let secureScore = "None";
  if (softDelete.toLowerCase() !== "off") secureScore = "Minimum";
  if (secureScore === "Minimum" && immutability !== "Disabled") secureScore = "Adequate";
  if (softDelete === "AlwaysOn" && immutability === "Locked") secureScore = "Maximum";
  const redundancy = settings[0]?.["type"];
  const bcdrSecurityLevel = redundancy === "GeoRedundant" ? "Good" : redundancy === "ZoneRedundant" ? "Fair" : "Poor";
  return { secureScore, bcdrSecurityLevel };
}

/** Validates and completes a vault's `properties` (the `BackupVault` object), in the recorded key order. */
export function vaultProperties(value: unknown, previous: Json | undefined): Json {
  if (!isObject(value)) throw badRequest("'properties' is required.", "InvalidRequestContent", "properties");
  const settings = storageSettings(value["storageSettings"] ?? previous?.["storageSettings"]);
  // As recorded (vault_update #0): a vault created without soft delete settings gets soft delete On
  // for 14 days, listed first.
  const sent: Json = isObject(value["securitySettings"]) ? value["securitySettings"] : {};
  const before = isObject(previous?.["securitySettings"]) ? previous["securitySettings"] : {};
  // Guess: a PUT that leaves soft delete out (as one at an api-version before 2022-12-01 must) keeps the vault's.
  const sd: Json = isObject(sent["softDeleteSettings"]) ? sent["softDeleteSettings"]
    : isObject(before["softDeleteSettings"]) ? before["softDeleteSettings"] : { state: "On", retentionDurationInDays: 14 };
  const state = oneOf(sd["state"], softDeleteStates, "properties.securitySettings.softDeleteSettings.state");
  if (isObject(before["softDeleteSettings"]) && before["softDeleteSettings"]["state"] === "AlwaysOn" && state !== "AlwaysOn") {
    // As recorded (vault_update #12): 400 with the service's UserFacingError.
    throw dppUserError("UserErrorDisableSoftDeleteNotAllowed", "Cannot disable soft delete once set to AlwaysOn", ["Please contact Microsoft Support if this is not expected."]);
  }
  const days = sd["retentionDurationInDays"] ?? 14;
  if (typeof days !== "number" || !(days >= 14 && days <= 180)) {
    // Azure documents 14-180 days. Guess: code and wording.
    throw badRequest("'properties.securitySettings.softDeleteSettings.retentionDurationInDays' must be from 14 to 180 days.", "InvalidRequestContent", "properties.securitySettings.softDeleteSettings.retentionDurationInDays");
  }
  const security: Json = { softDeleteSettings: { state, retentionDurationInDays: days } };
  for (const [k, v] of Object.entries(sent)) if (k !== "softDeleteSettings") security[k] = v;
  // Guess: customer-managed key settings a PUT leaves out are kept.
  if (security["encryptionSettings"] === undefined && before["encryptionSettings"] !== undefined) security["encryptionSettings"] = before["encryptionSettings"];
  const immutability = immutabilityState(sent["immutabilitySettings"], before["immutabilitySettings"]);
  if (immutability !== undefined) security["immutabilitySettings"] = { state: immutability };
  const out: Json = {
    provisioningState: previous?.["provisioningState"] ?? "Provisioning",
    storageSettings: settings,
    // A resource guard proxy (resourceGuards.ts) sets it; a vault PUT keeps it.
    isVaultProtectedByResourceGuard: previous?.["isVaultProtectedByResourceGuard"] ?? false,
  };
  // As recorded (vault_update): monitoringSettings sits between isVaultProtectedByResourceGuard and securitySettings.
  const monitoring = monitoringSettings(value["monitoringSettings"], previous?.["monitoringSettings"]);
  if (monitoring) out["monitoringSettings"] = monitoring;
  out["securitySettings"] = security;
  const geo = settings.some((s) => s["datastoreType"] === "VaultStore" && s["type"] === "GeoRedundant");
  const features = featureSettings(value["featureSettings"], previous?.["featureSettings"], geo);
  if (features) out["featureSettings"] = features;
  Object.assign(out, scores(settings, security));
  out["replicatedRegions"] = [];
  const roc = regionOfChoiceSettings(value["regionOfChoiceSettings"], previous?.["regionOfChoiceSettings"]);
  if (roc) out["regionOfChoiceSettings"] = roc;
  return out;
}

/** A copy of `properties` without the dotted paths given (emptied parents are left out too). */
function withoutPaths(properties: Json, paths: readonly string[]): Json {
  const out: Json = { ...properties };
  for (const path of paths) {
    const [head, child] = path.split(".", 2) as [string, string | undefined];
    if (child === undefined) {
      delete out[head];
      continue;
    }
    const parent = out[head];
    if (!isObject(parent) || !(child in parent)) continue;
    const { [child]: _dropped, ...rest } = parent;
    if (Object.keys(rest).length > 0) out[head] = rest;
    else delete out[head];
  }
  return out;
}

/**
 * A vault body as an api-version answers it: the properties newer than the version
 * (data/vaultFieldsByVersion.ts) left out.
 */
export function vaultBodyAt(body: Json & { properties: Json }, apiVersion: string): Json {
  const drop = vaultFieldsUnknownAt(apiVersion);
  if (drop.length === 0) return body;
  return { ...body, properties: withoutPaths(body.properties, drop) };
}

/**
 * A vault PUT's `properties` as an api-version defines them. Guess: like other RPs, the service
 * ignores what the version it was called at does not define (the vault keeps its value).
 */
export function vaultRequestAt(properties: unknown, apiVersion: string): unknown {
  const drop = vaultFieldsUnknownAt(apiVersion);
  return drop.length === 0 || !isObject(properties) ? properties : withoutPaths(properties, drop);
}

/**
 * The vault's `regionOfChoiceSettings` after a write (from 2026-06-01, issue 11). Guess: absent
 * unless set, `status` Enabled or Disabled (as the Recovery Services vault's), kept when a PUT
 * leaves it out.
 */
function regionOfChoiceSettings(sent: unknown, previous: unknown): Json | undefined {
  if (!isObject(sent)) return isObject(previous) ? previous : undefined;
  return { status: oneOf(sent["status"], ["Enabled", "Disabled"], "properties.regionOfChoiceSettings.status") };
}
