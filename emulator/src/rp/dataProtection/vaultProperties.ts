import { badRequest } from "../../http/armError.js";
import { dppUserError, isObject, type Json } from "./common.js";
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
  const sd: Json = isObject(sent["softDeleteSettings"]) ? sent["softDeleteSettings"] : { state: "On", retentionDurationInDays: 14 };
  const state = oneOf(sd["state"], softDeleteStates, "properties.securitySettings.softDeleteSettings.state");
  const before = isObject(previous?.["securitySettings"]) ? previous["securitySettings"] : {};
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
  return out;
}

/**
 * Vault properties that appeared in later api-versions, with the first version they are recorded
 * at: none of them at 2022-12-01 (vault_update), `secureScore` and `replicatedRegions` at 2023-11-01
 * (resource_guard_mapping), `bcdrSecurityLevel` too at 2024-04-01 (update_msi_permissions) and
 * 2025-07-01. Guess: the versions in between (2023-01-01 to 2023-08-01) answer like 2022-12-01.
 */
const laterProperties: ReadonlyArray<[string, string]> = [["secureScore", "2023-11-01"], ["replicatedRegions", "2023-11-01"], ["bcdrSecurityLevel", "2024-04-01"]];

/** A vault body as an api-version answers it: properties newer than the version left out. */
export function vaultBodyAt(body: Json & { properties: Json }, apiVersion: string): Json {
  const drop = laterProperties.filter(([, since]) => apiVersion.slice(0, 10) < since).map(([k]) => k);
  if (drop.length === 0) return body;
  const properties = Object.fromEntries(Object.entries(body.properties).filter(([k]) => !drop.includes(k)));
  return { ...body, properties };
}
