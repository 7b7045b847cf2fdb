import { ArmError } from "../../http/armError.js";
import type { ArmResponse, Route, RouteContext } from "../../http/router.js";
import type { BackupInstanceRecord, BackupVaultRecord, RecoveryPointRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { requireInstance } from "./backupInstances.js";
import { hookNames } from "./backupRun.js";
import { accepted, aksDatasourceType, instanceTemplate, isObject, requireVault, routeBase, startDppOperation, userError, type Json } from "./common.js";
import { aksTarget } from "./instanceBody.js";
import { userProperties } from "./instanceState.js";
import { isContinuous, timeBasedRestore, validateTimeBasedRestore } from "./continuousRestore.js";
import { createJob, finishJob } from "./jobRecords.js";
import { jobOutcome, stringList } from "./outcomes.js";
import { checkAksPrerequisites } from "./prerequisites.js";
import { pointsOf } from "./recoveryPoints.js";
import { requireGuardApproval } from "./resourceGuards.js";
import { applyRestoredObjects, checkCrossSubscription, checkStaging, missingResourceModifier, requireSourceRead } from "./restoreTargets.js";

/** Kubernetes DNS-1123 label: what a namespace name must be. */
const dns1123Label = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A checked restore request. */
export interface RestoreRequest {
  rp: RecoveryPointRecord;
  targetClusterId: string;
  restoreLocation: string | undefined;
  criteria: Json;
  /** Whether it reads the vault tier (`sourceDataStoreType` VaultStore, staging criteria). */
  vaultTier: boolean;
}

/** The data stores that hold a recovery point (`recoveryPointDataStoresDetails[].type`). */
export function storesOf(rp: RecoveryPointRecord): string[] {
  const details = rp.body.properties["recoveryPointDataStoresDetails"];
  return Array.isArray(details) ? (details as unknown[]).filter(isObject).map((d) => String(d["type"])) : [];
}

function invalid(message: string, code = "UserErrorInvalidRequestParameter"): never {
  // Guess: the service's codes for malformed restore requests are not recorded.
  throw userError(400, code, message, ["Correct the restore request and retry."]);
}

function oneOf(criteria: Json, key: string, allowed: string[]): void {
  const v = criteria[key];
  if (v !== undefined && v !== null && !allowed.includes(v as string)) invalid(`'restoreCriteria[0].${key}' must be one of ${allowed.join(", ")}, not ${JSON.stringify(v)}.`);
}

/**
 * `resourceModifierReference` (`NamespacedNameResource`): the spec makes both fields optional
 * strings. Guess: the service needs both to find the ConfigMap, and a namespace that is a
 * Kubernetes namespace name (as for namespace mappings); other keys are not checked, as for hooks.
 */
function checkResourceModifier(ref: unknown): void {
  if (ref === undefined || ref === null) return;
  const where = "'restoreCriteria[0].resourceModifierReference'";
  if (!isObject(ref)) invalid(`${where} must be {name, namespace}.`);
  if (typeof ref["name"] !== "string" || ref["name"] === "") invalid(`${where}.name (the resource modifier ConfigMap's name) is required.`);
  if (typeof ref["namespace"] !== "string" || !dns1123Label.test(ref["namespace"])) invalid(`${where}.namespace must be a namespace name (a DNS-1123 label), not ${JSON.stringify(ref["namespace"])}.`);
}

/**
 * Checks an `AzureBackupRestoreRequest` for an AKS backup instance (synchronous 400s). A
 * VaultStore restore needs a point in the vault tier and `KubernetesClusterVaultTierRestoreCriteria`
 * with the staging resource group and storage account (`points`: the points to pick from, e.g.
 * the secondary region's).
 */
export function parseRestore(state: EmulatorState, bi: BackupInstanceRecord, body: unknown, points: RecoveryPointRecord[] = pointsOf(state, bi)): RestoreRequest {
  if (!isObject(body)) invalid("The body must be an AzureBackupRestoreRequest.");
  if (body["objectType"] === "AzureBackupRecoveryTimeBasedRestoreRequest" || body["objectType"] === "AzureBackupRestoreWithRehydrationRequest") {
    invalid(`Kubernetes clusters are restored from recovery points; '${String(body["objectType"])}' is not supported.`, "UserErrorRestoreTypeNotSupported");
  }
  if (body["objectType"] !== "AzureBackupRecoveryPointBasedRestoreRequest") invalid("'objectType' must be AzureBackupRecoveryPointBasedRestoreRequest.");
  const store = body["sourceDataStoreType"];
  if (store !== "OperationalStore" && store !== "VaultStore") {
    invalid(`'sourceDataStoreType' must be OperationalStore or VaultStore for Kubernetes clusters, not '${String(store)}'.`);
  }
  const vaultTier = store === "VaultStore";
  const rp = points.find((p) => p.body["name"] === body["recoveryPointId"]);
  if (!rp) invalid(`The recovery point '${String(body["recoveryPointId"])}' was not found for backup instance '${bi.name}'.`, "UserErrorRecoveryPointNotFound");
  const target = body["restoreTargetInfo"];
  if (!isObject(target) || target["objectType"] !== "ItemLevelRestoreTargetInfo") invalid("'restoreTargetInfo.objectType' must be ItemLevelRestoreTargetInfo for Kubernetes clusters.");
  if (target["recoveryOption"] !== "FailIfExists") invalid("'restoreTargetInfo.recoveryOption' must be FailIfExists.");
  const info = target["datasourceInfo"];
  // As CONTRACTS 5.5 notes: the CLI sends `resourceId`, GET answers `resourceID`; either is accepted.
  const idKey = isObject(info) ? Object.keys(info).find((k) => k.toLowerCase() === "resourceid") : undefined;
  const targetClusterId = isObject(info) && idKey ? info[idKey] : undefined;
  if (typeof targetClusterId !== "string" || targetClusterId === "") invalid("'restoreTargetInfo.datasourceInfo.resourceId' is required.");
  if (String((info as Json)["datasourceType"]).toLowerCase() !== aksDatasourceType) invalid("'restoreTargetInfo.datasourceInfo.datasourceType' must be Microsoft.ContainerService/managedClusters.");
  const list = target["restoreCriteria"];
  const criteria = Array.isArray(list) ? (list as unknown[])[0] : undefined;
  const criteriaType = vaultTier ? "KubernetesClusterVaultTierRestoreCriteria" : "KubernetesClusterRestoreCriteria";
  if (!Array.isArray(list) || list.length !== 1 || !isObject(criteria) || criteria["objectType"] !== criteriaType) {
    invalid(`'restoreTargetInfo.restoreCriteria' must hold one ${criteriaType} for a restore from the ${String(store)}.`);
  }
  if (vaultTier) {
    for (const key of ["stagingResourceGroupId", "stagingStorageAccountId"]) {
      if (typeof criteria[key] !== "string" || criteria[key] === "") invalid(`'restoreCriteria[0].${key}' is required for a restore from the VaultStore.`);
    }
  }
  if (typeof criteria["includeClusterScopeResources"] !== "boolean") invalid("'restoreCriteria[0].includeClusterScopeResources' (boolean) is required.");
  oneOf(criteria, "conflictPolicy", ["Skip", "Patch"]);
  oneOf(criteria, "persistentVolumeRestoreMode", ["RestoreWithVolumeData", "RestoreWithoutVolumeData"]);
  checkResourceModifier(criteria["resourceModifierReference"]);
  const mappings = criteria["namespaceMappings"];
  if (mappings !== undefined && mappings !== null) {
    if (!isObject(mappings)) invalid("'restoreCriteria[0].namespaceMappings' must map source namespaces to target namespaces.");
    for (const [from, to] of Object.entries(mappings)) {
      for (const ns of [from, to]) {
        if (typeof ns !== "string" || !dns1123Label.test(ns)) invalid(`The namespace mapping '${from}' -> '${String(to)}' is not valid: '${String(ns)}' is not a DNS-1123 label (lower case letters, digits and '-', at most 63).`, "UserErrorInvalidNamespaceMapping");
      }
    }
  }
  const restoreLocation = typeof target["restoreLocation"] === "string" ? target["restoreLocation"] : undefined;
  // Guess: a point not held in the requested tier is refused like a missing one (code not recorded).
  if (!storesOf(rp).includes(store)) invalid(`The recovery point '${String(body["recoveryPointId"])}' is not in the ${store} (it is in ${storesOf(rp).join(", ") || "no store"}).`, "UserErrorRecoveryPointNotFound");
  return { rp, targetClusterId, restoreLocation, criteria, vaultTier };
}

/**
 * Checks the restore target as the service does when it runs: the target cluster exists, is in
 * the vault's region (Guess: restore across regions is not offered for the operational tier) and
 * meets the same prerequisites as a backup (extension, Trusted Access, roles).
 */
export function checkTarget(state: EmulatorState, vault: BackupVaultRecord, bi: BackupInstanceRecord, req: RestoreRequest, crossRegion = false): void {
  const base = aksTarget(vault, userProperties(bi));
  const cluster = state.clusters.get(req.targetClusterId);
  // Guess: code for a restore location that is not the target cluster's region.
  if (cluster && req.restoreLocation !== undefined && req.restoreLocation.toLowerCase().replace(/\s/g, "") !== cluster.location) {
    throw userError(400, "UserErrorRestoreLocationMismatch", `'restoreLocation' is '${req.restoreLocation}' but the target cluster is in '${cluster.location}'.`, ["Set restoreLocation to the target cluster's region."]);
  }
  // A cross-region restore writes into the paired region: the same checks, with the target's region for the vault's.
  const asSeen = crossRegion && cluster ? { ...vault, location: cluster.location } : vault;
  // Guess: the vault's cross-subscription setting is checked before the target's prerequisites.
  if (cluster) checkCrossSubscription(vault, cluster);
  checkAksPrerequisites(state, asSeen, { clusterId: req.targetClusterId, snapshotResourceGroupId: base?.snapshotResourceGroupId ?? "", vaultPrincipalId: base?.vaultPrincipalId });
  if (req.vaultTier) checkStaging(state, base?.vaultPrincipalId, cluster!, req.criteria);
}

/**
 * Starts the restore job; when it completes, the point's objects are written into the target.
 * A cross-region restore's job is kept apart (fetchCrossRegionRestoreJob(s)), with `operation`
 * "CrossRegionRestore" and `isCrossRegionRestore` true (Guess: as the job list's
 * `isCrossRegionRestore` field suggests; no CRR job is recorded).
 */
export function runRestore(state: EmulatorState, vault: BackupVaultRecord, bi: BackupInstanceRecord, req: RestoreRequest, crossRegion = false): string {
  const startMs = state.clock.now();
  const sourceRecoverPoint = { recoveryPointID: req.rp.body["name"], recoveryPointTime: new Date(req.rp.time).toISOString() };
  const job = createJob(state, { vault, bi, category: "Restore", userTriggered: true, startMs, sourceRecoverPoint, recoveryDestination: req.targetClusterId });
  const props = job.body.properties;
  if (req.vaultTier) props["sourceDataStoreType"] = "VaultStore";
  if (crossRegion) {
    state.backupJobs.delete(job.id);
    state.crossRegionRestoreJobs.set(job);
    props["operation"] = "CrossRegionRestore";
    props["isCrossRegionRestore"] = true;
  }
  const endMs = startMs + state.options.durations.restoreJob * 1000;
  state.scheduler.at(endMs, () => {
    const scope = {
      includedNamespaces: stringList(req.criteria["includedNamespaces"]),
      volumes: req.criteria["persistentVolumeRestoreMode"] !== "RestoreWithoutVolumeData",
      hooks: hookNames(req.criteria["restoreHookReferences"]),
    };
    let outcome = jobOutcome(state, "Restore", state.clusters.get(req.targetClusterId), scope, req.rp.resourceCount);
    // The resource modifier ConfigMap is read from the target when the restore runs.
    const modifier = outcome.status === "Failed" ? undefined : missingResourceModifier(state, req.targetClusterId, req.criteria);
    if (modifier) outcome = { status: "Failed", errors: [modifier], warnings: [] };
    finishJob(job, outcome, endMs);
    if (outcome.status !== "Failed") applyRestoredObjects(state, req.rp.id, req.targetClusterId, req.criteria);
  });
  return job.id;
}

/** POST `BI/restore`: 202; the operation's result names the restore job (or fails when the target is not ready). */
function restore(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const bi = requireInstance(state, ctx);
  const vault = requireVault(state, ctx);
  // A restore is a critical operation of the vault's resource guard (dppTriggerRestoreRequests).
  requireGuardApproval(state, ctx, vault, "Microsoft.DataProtection/backupVaults/backupInstances/restore/action", (isObject(ctx.body) ? ctx.body["resourceGuardOperationRequests"] : undefined) ?? []);
  if (isContinuous(bi) && isObject(ctx.body) && ctx.body["objectType"] === "AzureBackupRecoveryTimeBasedRestoreRequest") return timeBasedRestore(state, ctx, vault, bi, ctx.body);
  const req = parseRestore(state, bi, ctx.body);
  requireSourceRead(state, bi, req.targetClusterId, "Microsoft.DataProtection/backupVaults/backupInstances/restore/action", bi.id);
  let failure: ArmError | undefined;
  try {
    checkTarget(state, vault, bi, req);
  } catch (e) {
    if (!(e instanceof ArmError)) throw e;
    failure = e;
  }
  // Guess: a restore whose target is not ready fails its operation and makes no job.
  const jobId = failure ? undefined : runRestore(state, vault, bi, req);
  const op = startDppOperation(state, vault, state.options.durations.backupTrigger, () => {
    if (failure) throw failure;
    return { properties: { jobId: jobId!, objectType: "OperationJobExtendedInfo" } };
  });
  return accepted(state, ctx, vault, op);
}

/** POST `BI/validateRestore` (`{restoreRequestObject}`): 202; the operation fails with what a restore would meet. */
function validateRestore(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const bi = requireInstance(state, ctx);
  const vault = requireVault(state, ctx);
  const inner = isObject(ctx.body) ? ctx.body["restoreRequestObject"] : undefined;
  if (!isObject(inner)) invalid("The body must be {\"restoreRequestObject\": <AzureBackupRestoreRequest>}.");
  if (isContinuous(bi) && inner["objectType"] === "AzureBackupRecoveryTimeBasedRestoreRequest") return validateTimeBasedRestore(state, ctx, vault, bi, inner);
  const req = parseRestore(state, bi, inner);
  requireSourceRead(state, bi, req.targetClusterId, "Microsoft.DataProtection/backupVaults/backupInstances/validateRestore/action", bi.id);
  const op = startDppOperation(state, vault, state.options.durations.restoreValidate, () => checkTarget(state, vault, bi, req));
  // As recorded: 202 with both headers; the Location GET answers {"objectType":"OperationJobExtendedInfo"}.
  return accepted(state, ctx, vault, op);
}

/** Routes of restore and validateRestore (CONTRACTS 5.5). */
export function restoreRoutes(state: EmulatorState): Route[] {
  return [
    { ...routeBase, method: "POST", template: `${instanceTemplate}/validateRestore`, handler: (ctx) => validateRestore(state, ctx) },
    { ...routeBase, method: "POST", template: `${instanceTemplate}/restore`, handler: (ctx) => restore(state, ctx) },
  ];
}
