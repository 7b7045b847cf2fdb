import { pairedRegionOf } from "../../data/regions.js";
import { ArmError } from "../../http/armError.js";
import type { ArmResponse, Route, RouteContext } from "../../http/router.js";
import type { BackupInstanceRecord, BackupJobRecord, BackupVaultRecord, RecoveryPointRecord } from "../../state/records.js";
import { listItem } from "./jobRecords.js";
import { checkTarget, parseRestore, runRestore } from "./restore.js";
import { requireSourceRead } from "./restoreTargets.js";
import type { EmulatorState } from "../../state/state.js";
import { hasRoleAssignmentAbove } from "./rbac.js";
import { aksDatasourceType, isObject, ns, routeBase, startDppOperation, userError, userFacingError, type Json } from "./common.js";
import { requireLocation } from "../resources.js";
import { pageOf } from "../../http/paging.js";
import { filterWindow } from "./recoveryPoints.js";
import { isInSecondaryRegion, secondaryView } from "./secondaryCopies.js";

/**
 * Cross-region restore (CRR) from a vault's secondary region, as recorded in
 * `test_dataprotection_cross_region_restore` (api 2024-04-01): `fetchSecondaryRecoveryPoints`
 * lists the VaultStore points replicated to the paired region, and `validateCrossRegionRestore`
 * runs as an LRO monitored under `locations/{secondary}` that fails when the vault's identity has
 * no access to the restore target.
 * Guess: CRR needs a geo-redundant vault with `featureSettings.crossRegionRestoreSettings.state`
 * Enabled (as Azure documents); the refusal codes and wording are not recorded. The restore itself
 * (`crossRegionRestore`) and `fetchCrossRegionRestoreJob(s)` are not recorded: they follow the
 * spec (2025-07-01), the restore running as a location-scoped LRO like the recorded validation,
 * its job kept in the secondary region (not in the vault's job list).
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

/** The VaultStore points of a backup instance that have reached the secondary region (see secondaryCopies.ts), newest first, as records. */
function secondaryPointRecords(state: EmulatorState, bi: BackupInstanceRecord): RecoveryPointRecord[] {
  return state.recoveryPoints.under(`${bi.id}/recoveryPoints`)
    .filter((rp) => isInSecondaryRegion(state, rp))
    .sort((a, b) => b.time - a.time);
}

/** The points of a backup instance that are in the VaultStore (the ones replicated to the secondary region), newest first. */
function secondaryPoints(state: EmulatorState, bi: BackupInstanceRecord): Json[] {
  return secondaryPointRecords(state, bi).map((rp) => rp.body);
}

/**
 * As recorded: 200 `{value: [...]}` of VaultStore discrete points. As the spec says: `$filter`
 * (the recovery point list's `startDate`/`endDate` window) and `$skipToken` paging.
 * Guess: the next page is fetched by POSTing the `nextLink` with the same body.
 */
function fetchSecondaryRecoveryPoints(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const { bi } = requireSource(state, ctx, ctx.body);
  const { from, to } = filterWindow(ctx.query.get("$filter"));
  const items = secondaryPointRecords(state, bi).filter((rp) => rp.time >= from && rp.time <= to).map(secondaryView);
  return { status: 200, body: pageOf(ctx, items, state.options.pageSize) };
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
  // An AKS restore is checked as crossRegionRestore would be (target, roles, staging), after the recorded MSI check.
  const info = isObject(target["datasourceInfo"]) ? target["datasourceInfo"] : {};
  const aks = typeof info["datasourceType"] === "string" && info["datasourceType"].toLowerCase() === aksDatasourceType ? parseRestore(state, bi, req, secondaryPointRecords(state, bi)) : undefined;
  const here = requireLocation(ctx.params["location"]);
  if (aks) requireSourceRead(state, bi, aks.targetClusterId, `${ns}/locations/validateCrossRegionRestore/action`, locationScope(ctx));
  const op = startDppOperation(state, vault, state.options.durations.restoreValidate, () => {
    if (principal !== "" && hasRoleAssignmentAbove(state, principal, scope)) {
      if (!aks) return;
      const cluster = state.clusters.get(aks.targetClusterId);
      if (cluster && cluster.location !== here) {
        throw userError(400, "UserErrorCrossRegionRestoreInvalidTarget", `The target cluster is in '${cluster.location}'; a cross-region restore of this vault writes into its secondary region '${here}'.`, ["Restore into a cluster in the vault's secondary region."]);
      }
      checkTarget(state, vault, bi, aks, true);
      return;
    }
    const action = `${scope.split("/providers/")[1]?.split("/")[0] ?? ns}/${scope.split("/").slice(-2, -1)[0] ?? "servers"}/read`;
    const message = "Backup vault is missing the necessary permissions on the datasource to do this operation. ";
    const info = userFacingError("UserErrorMSIMissingPermissions", message, [" Grant appropriate access permissions to the backup vault\u2019s identity (MSI) on the datasource. Refer to \u2018aka.ms/UserErrorMSIMissingPermissions \u2018for details. "]);
    info["innerError"] = { code: "AuthorizationFailed", additionalInfo: { DetailedNonLocalisedMessage:
      `The client '${principal}' with object id '${principal}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.` } };
    throw new ArmError(400, "UserErrorMSIMissingPermissions", message, { additionalInfo: [{ type: "UserFacingError", info }] });
  });
  return acceptedInRegion(state, ctx, op.id);
}

/** The scope of a location-scoped action: `/subscriptions/{s}/providers/Microsoft.DataProtection/locations/{location}`. */
function locationScope(ctx: RouteContext): string {
  return ctx.path.split("/").slice(0, -1).join("/");
}

/** The 202 of a location-scoped operation in the secondary region: `Azure-AsyncOperation` and `Location` under `locations/{secondary}` (as recorded). */
function acceptedInRegion(state: EmulatorState, ctx: RouteContext, opId: string): ArmResponse {
  const here = requireLocation(ctx.params["location"]);
  const dpp = state.dataProtectionOperations.get(opId.toLowerCase());
  if (dpp) dpp.location = here;
  const base = `${ctx.baseUrl}/subscriptions/${ctx.params["subscriptionId"]!}/providers/${ns}/locations/${here}`;
  return {
    status: 202,
    headers: {
      "Azure-AsyncOperation": `${base}/operationStatus/${opId}?api-version=${ctx.apiVersion}`,
      Location: `${base}/operationResults/${opId}?api-version=${ctx.apiVersion}`,
    },
  };
}

/**
 * `crossRegionRestore` (`{restoreRequestObject, crossRegionRestoreDetails}`): a VaultStore point
 * of the secondary region restored into a cluster of that region. Checks as `restore` does (the
 * target's extension, Trusted Access, roles, staging), with the target in the paired region.
 * Guess: a target outside the secondary region is refused with UserErrorCrossRegionRestoreInvalidTarget.
 */
function crossRegionRestore(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const body = isObject(ctx.body) ? ctx.body : {};
  const { bi, vault } = requireSource(state, ctx, body["crossRegionRestoreDetails"]);
  const inner = isObject(body["restoreRequestObject"]) ? body["restoreRequestObject"] : undefined;
  if (!inner) throw userError(400, "UserErrorInvalidRequestParameter", "'restoreRequestObject' is required.", ["Correct the request and retry."]);
  if (inner["sourceDataStoreType"] !== "VaultStore") throw userError(400, "UserErrorInvalidRequestParameter", "Cross-region restore restores from the VaultStore.", ["Set sourceDataStoreType to VaultStore."]);
  const req = parseRestore(state, bi, inner, secondaryPointRecords(state, bi));
  requireSourceRead(state, bi, req.targetClusterId, `${ns}/locations/crossRegionRestore/action`, locationScope(ctx));
  const here = requireLocation(ctx.params["location"]);
  const cluster = state.clusters.get(req.targetClusterId);
  let failure: ArmError | undefined;
  try {
    if (cluster && cluster.location !== here) {
      throw userError(400, "UserErrorCrossRegionRestoreInvalidTarget", `The target cluster is in '${cluster.location}'; a cross-region restore of this vault writes into its secondary region '${here}'.`, ["Restore into a cluster in the vault's secondary region."]);
    }
    checkTarget(state, vault, bi, req, true);
  } catch (e) {
    if (!(e instanceof ArmError)) throw e;
    failure = e;
  }
  const jobId = failure ? undefined : runRestore(state, vault, bi, req, true);
  const op = startDppOperation(state, vault, state.options.durations.backupTrigger, () => {
    if (failure) throw failure;
    return { properties: { jobId: jobId!, objectType: "OperationJobExtendedInfo" } };
  });
  return acceptedInRegion(state, ctx, op.id);
}

/** The CRR jobs of a source vault (`{sourceRegion, sourceBackupVaultId}`), checked against the route's region. */
function crrJobsOf(state: EmulatorState, ctx: RouteContext): { jobs: BackupJobRecord[]; body: Json } {
  const body = isObject(ctx.body) ? ctx.body : {};
  const vaultId = body["sourceBackupVaultId"];
  const vault = typeof vaultId === "string" ? state.backupVaults.get(vaultId) : undefined;
  if (!vault) throw userError(400, "UserErrorCrossRegionRestoreSourceNotFound", `The Backup vault '${String(vaultId)}' was not found.`, ["Check sourceBackupVaultId."]);
  const sourceRegion = requireLocation(body["sourceRegion"], "sourceRegion");
  if (sourceRegion !== vault.location || pairedRegionOf(vault.location) !== requireLocation(ctx.params["location"])) {
    throw userError(400, "UserErrorCrossRegionRestoreInvalidRegion", `Cross-region restore jobs of a vault in '${vault.location}' are in its paired region '${pairedRegionOf(vault.location) ?? "none"}', with sourceRegion '${vault.location}'.`, ["Call the secondary region of the vault."]);
  }
  return { jobs: state.crossRegionRestoreJobs.under(`${vault.id}/backupJobs`).sort((a, b) => b.startTime - a.startTime), body };
}

/** `fetchCrossRegionRestoreJob` (`{sourceRegion, sourceBackupVaultId, jobId}`): 200 with the job, as `Jobs_Get` answers one. */
function fetchCrossRegionRestoreJob(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const { jobs, body } = crrJobsOf(state, ctx);
  const id = typeof body["jobId"] === "string" ? body["jobId"].split("/").at(-1)! : "";
  const job = jobs.find((j) => j.body["name"] === id);
  // Guess: the answer for an unknown CRR job id is not recorded.
  if (!job) throw new ArmError(404, "ResourceNotFound", `The cross-region restore job '${id}' was not found.`);
  return { status: 200, body: job.body };
}

/** `fetchCrossRegionRestoreJobs`: 200 `{value}` (as recorded: `{"value": []}` for a vault with none), newest first, as the job list answers items. */
function fetchCrossRegionRestoreJobs(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const { jobs } = crrJobsOf(state, ctx);
  return { status: 200, body: { value: jobs.map(listItem) } };
}

/** Routes of cross-region restore: secondary points, validate, restore and its jobs. */
export function crossRegionRestoreRoutes(state: EmulatorState): Route[] {
  return [
    { ...routeBase, method: "POST", template: `${groupLocations}/crossRegionRestore`, handler: (ctx) => crossRegionRestore(state, ctx) },
    { ...routeBase, method: "POST", template: `${groupLocations}/fetchCrossRegionRestoreJob`, handler: (ctx) => fetchCrossRegionRestoreJob(state, ctx) },
    { ...routeBase, method: "POST", template: `${groupLocations}/fetchCrossRegionRestoreJobs`, handler: (ctx) => fetchCrossRegionRestoreJobs(state, ctx) },
    { ...routeBase, method: "POST", template: `${groupLocations}/fetchSecondaryRecoveryPoints`, handler: (ctx) => fetchSecondaryRecoveryPoints(state, ctx) },
    { ...routeBase, method: "POST", template: `${groupLocations}/validateCrossRegionRestore`, handler: (ctx) => validateCrossRegionRestore(state, ctx) },
  ];
}
