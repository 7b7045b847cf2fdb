import { badRequest } from "../../http/armError.js";
import { isObject, type Json } from "./common.js";

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
  // Guess: a vault created without security settings gets soft delete On for 14 days (Azure's default for new vaults).
  const security: Json = isObject(value["securitySettings"]) ? { ...value["securitySettings"] } : { softDeleteSettings: { state: "On", retentionDurationInDays: 14 } };
  if (isObject(security["softDeleteSettings"])) {
    const sd = security["softDeleteSettings"];
    const state = oneOf(sd["state"], softDeleteStates, "properties.securitySettings.softDeleteSettings.state");
    if (previous && isObject(previous["securitySettings"])) {
      const before = (previous["securitySettings"])["softDeleteSettings"];
      if (isObject(before) && before["state"] === "AlwaysOn" && state !== "AlwaysOn") {
        // Guess: the code for weakening an always-on soft delete, which the service refuses.
        throw badRequest("Soft delete is AlwaysOn for this vault and cannot be turned off.", "UserErrorSoftDeleteAlwaysOnCannotBeDisabled", "properties.securitySettings.softDeleteSettings.state");
      }
    }
    security["softDeleteSettings"] = { state, retentionDurationInDays: sd["retentionDurationInDays"] ?? 14 };
  }
  const out: Json = {
    provisioningState: previous?.["provisioningState"] ?? "Provisioning",
    storageSettings: settings,
    isVaultProtectedByResourceGuard: false,
    securitySettings: security,
  };
  if (isObject(value["monitoringSettings"])) out["monitoringSettings"] = value["monitoringSettings"];
  if (isObject(value["featureSettings"])) out["featureSettings"] = value["featureSettings"];
  Object.assign(out, scores(settings, security));
  out["replicatedRegions"] = [];
  return out;
}
