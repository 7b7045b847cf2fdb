import { pairedRegionOf } from "../../data/regions.js";
import { ArmError } from "../../http/armError.js";
import type { ArmResponse, Route, RouteContext } from "../../http/router.js";
import type { BackupInstanceRecord, BackupVaultRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { hasRoleAssignmentAbove } from "./rbac.js";
import { isObject, ns, routeBase, startDppOperation, userError, userFacingError, type Json } from "./common.js";
import { requireLocation } from "../resources.js";

/**
 * Cross-region restore (CRR) from a vault's secondary region, as recorded in
 * `test_dataprotection_cross_region_restore` (api 2024-04-01): `fetchSecondaryRecoveryPoints`
 * lists the VaultStore points replicated to the paired region, and `validateCrossRegionRestore`
 * runs as an LRO monitored under `locations/{secondary}` that fails when the vault's identity has
 * no access to the restore target.
 * Guess: CRR needs a geo-redundant vault with `featureSettings.crossRegionRestoreSettings.state`
 * Enabled (as Azure documents); the refusal codes and wording are not recorded. The restore itself
 * (`crossRegionRestore`) is not recorded and not emulated.
 */
const groupLocations = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DataProtection/locations/{location}";

interface CrrSource {
  bi: BackupInstanceRecord;
  vault: BackupVaultRecord;
}

function crrEnabled(vault: BackupVaultRecord): boolean {
  const p = vault.body.properties;
  const geo = Array.isArray(p["storageSettings"]) && (p["storageSettings"] as Json[]).some((s) => s["datastoreType"] === "VaultStore" && s["type"] === "GeoRedundant");
  const features = isObject(p["featureSettings"]) ? p["featureSettings"] : {};
  const crr = isObject(features["crossRegionRestoreSettings"]) ? features["crossRegionRestoreSettings"]["state"] : undefined;
  return geo && crr === "Enabled";
}

/** The source of a CRR request (`{sourceBackupInstanceId, sourceRegion}`), checked against the route's (secondary) region. */
function requireSource(state: EmulatorState, ctx: RouteContext, details: unknown): CrrSource {
  const d = isObject(details) ? details : {};
  const id = d["sourceBackupInstanceId"];
  const bi = typeof id === "string" ? state.backupInstances.get(id) : undefined;
  if (!bi) throw userError(400, "UserErrorCrossRegionRestoreSourceNotFound", `The backup instance '${String(id)}' was not found.`, ["Check sourceBackupInstanceId."]);
  const vault = state.backupVaults.get(bi.vaultId)!;
  const sourceRegion = requireLocation(d["sourceRegion"], "sourceRegion");
  const here = requireLocation(ctx.params["location"]);
  if (sourceRegion !== vault.location || pairedRegionOf(vault.location) !== here) {
    throw userError(400, "UserErrorCrossRegionRestoreInvalidRegion",
      `Cross-region restore of a vault in '${vault.location}' runs in its paired region '${pairedRegionOf(vault.location) ?? "none"}', with sourceRegion '${vault.location}'.`, ["Call the secondary region of the vault."]);
  }
  if (!crrEnabled(vault)) {
    throw userError(400, "UserErrorCrossRegionRestoreNotEnabled", `Cross-region restore is not enabled for the Backup vault '${vault.name}'.`, ["Use a geo-redundant vault with cross-region restore enabled."]);
  }
  return { bi, vault };
}

/** The points of a backup instance that are in the VaultStore (the ones replicated to the secondary region), newest first. */
function secondaryPoints(state: EmulatorState, bi: BackupInstanceRecord): Json[] {
  return state.recoveryPoints.under(`${bi.id}/recoveryPoints`)
    .filter((rp) => {
      const details = rp.body.properties["recoveryPointDataStoresDetails"];
      return Array.isArray(details) && (details as Json[]).some((d) => d["type"] === "VaultStore");
    })
    .sort((a, b) => b.time - a.time)
    .map((rp) => rp.body);
}

/** As recorded: 200 `{value: [...]}` of VaultStore discrete points. */
function fetchSecondaryRecoveryPoints(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const { bi } = requireSource(state, ctx, ctx.body);
  return { status: 200, body: { value: secondaryPoints(state, bi) } };
}

/**
 * As recorded: 202 with `Azure-AsyncOperation` on `locations/{secondary}/operationStatus` and
 * `Location` on `locations/{secondary}/operationResults`; the operation fails with
 * `UserErrorMSIMissingPermissions` (inner `AuthorizationFailed`) when the vault's identity has no
 * role at or above the target's server. Guess: any role there is enough.
 */
function validateCrossRegionRestore(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const body = isObject(ctx.body) ? ctx.body : {};
  if (body["objectType"] !== "ValidateRestoreRequestObject") throw userError(400, "UserErrorInvalidRequestParameter", "'objectType' must be ValidateRestoreRequestObject.", ["Correct the request and retry."]);
  const { bi, vault } = requireSource(state, ctx, body["crossRegionRestoreDetails"]);
  const req = isObject(body["restoreRequestObject"]) ? body["restoreRequestObject"] : {};
  if (req["sourceDataStoreType"] !== "VaultStore") throw userError(400, "UserErrorInvalidRequestParameter", "Cross-region restore restores from the VaultStore.", ["Set sourceDataStoreType to VaultStore."]);
  const point = secondaryPoints(state, bi).find((p) => p["name"] === req["recoveryPointId"]);
  if (!point) throw userError(400, "UserErrorRecoveryPointNotFound", `The recovery point '${String(req["recoveryPointId"])}' is not in the secondary region.`, ["Pick a point from fetchSecondaryRecoveryPoints."]);
  const target = isObject(req["restoreTargetInfo"]) ? req["restoreTargetInfo"] : {};
  const set = isObject(target["datasourceSetInfo"]) ? target["datasourceSetInfo"] : isObject(target["datasourceInfo"]) ? target["datasourceInfo"] : {};
  const scopeKey = Object.keys(set).find((k) => k.toLowerCase() === "resourceid");
  const scope = scopeKey ? String(set[scopeKey]) : "";
  const identity = isObject(vault.body["identity"]) ? vault.body["identity"] : {};
  const principal = typeof identity["principalId"] === "string" ? identity["principalId"] : "";
  const op = startDppOperation(state, vault, state.options.durations.restoreValidate, () => {
    if (principal !== "" && hasRoleAssignmentAbove(state, principal, scope)) return;
    const action = `${scope.split("/providers/")[1]?.split("/")[0] ?? ns}/${scope.split("/").slice(-2, -1)[0] ?? "servers"}/read`;
    const message = "Backup vault is missing the necessary permissions on the datasource to do this operation. ";
    const info = userFacingError("UserErrorMSIMissingPermissions", message, [" Grant appropriate access permissions to the backup vault\u2019s identity (MSI) on the datasource. Refer to \u2018aka.ms/UserErrorMSIMissingPermissions \u2018for details. "]);
    info["innerError"] = { code: "AuthorizationFailed", additionalInfo: { DetailedNonLocalisedMessage:
      `The client '${principal}' with object id '${principal}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.` } };
    throw new ArmError(400, "UserErrorMSIMissingPermissions", message, { additionalInfo: [{ type: "UserFacingError", info }] });
  });
  const base = `${ctx.baseUrl}/subscriptions/${ctx.params["subscriptionId"]!}/providers/${ns}/locations/${requireLocation(ctx.params["location"])}`;
  return {
    status: 202,
    headers: {
      "Azure-AsyncOperation": `${base}/operationStatus/${op.id}?api-version=${ctx.apiVersion}`,
      Location: `${base}/operationResults/${op.id}?api-version=${ctx.apiVersion}`,
    },
  };
}

/** Routes of cross-region restore: fetchSecondaryRecoveryPoints and validateCrossRegionRestore. */
export function crossRegionRestoreRoutes(state: EmulatorState): Route[] {
  return [
    { ...routeBase, method: "POST", template: `${groupLocations}/fetchSecondaryRecoveryPoints`, handler: (ctx) => fetchSecondaryRecoveryPoints(state, ctx) },
    { ...routeBase, method: "POST", template: `${groupLocations}/validateCrossRegionRestore`, handler: (ctx) => validateCrossRegionRestore(state, ctx) },
  ];
}
