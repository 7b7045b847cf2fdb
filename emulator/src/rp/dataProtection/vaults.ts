import { ArmError, badRequest } from "../../http/armError.js";
import { pageOf } from "../../http/paging.js";
import type { ArmResponse, Route, RouteContext } from "../../http/router.js";
import type { BackupVaultRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { backupVaultRegions, supportsAksCrossRegionRestore, supportsBackupVault } from "../../data/regions.js";
import { requireLocation } from "../resources.js";
import { accepted, canonical, isObject, requireVault, retryAfter, routeBase, startDppOperation, userError, vaultIdOf, vaultMonitorUrl, vaultTemplate, vaultType, type Json } from "./common.js";
import { requireGuardForVaultWrite } from "./vaultGuard.js";
import { vaultIdentity } from "./vaultIdentity.js";
import { vaultBodyAt, vaultProperties, vaultRequestAt } from "./vaultProperties.js";

const vaultNamePattern = /^[A-Za-z][-A-Za-z0-9]*[A-Za-z0-9]$/;

function put(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const name = ctx.params["vaultName"]!;
  if (name.length < 2 || name.length > 50 || !vaultNamePattern.test(name)) {
    // Guess: ARM-style code; the pattern and length come from the spec.
    throw badRequest(`The vault name '${name}' is invalid: use 2-50 letters, digits and hyphens, starting with a letter and ending with a letter or digit.`, "InvalidResourceName", "name");
  }
  if (!isObject(ctx.body)) throw badRequest("The request body must be a BackupVaultResource object.");
  const body = ctx.body;
  const location = requireLocation(body["location"]);
  requireVaultRegion(body["location"] as string, location, body["properties"]);
  const id = vaultIdOf(ctx);
  const existing = state.backupVaults.get(id);
  if (existing && existing.location !== location) {
    // Guess: code for moving a vault by PUT; the service refuses it, wording not recorded.
    throw badRequest(`The vault '${name}' exists in '${existing.location}'; its location cannot change to '${location}'.`, "LocationMismatch", "location");
  }
  const properties = vaultProperties(vaultRequestAt(body["properties"], ctx.apiVersion), existing?.body.properties);
  if (existing) requireRedundancyUnlocked(state, existing, properties);
  if (existing) requireGuardForVaultWrite(state, ctx, existing, properties, body["properties"]);
  const record: BackupVaultRecord = {
    id: existing?.id ?? id,
    name,
    subscriptionId: ctx.params["subscriptionId"]!,
    resourceGroup: ctx.params["resourceGroupName"]!,
    location,
    body: {
      location,
      ...(isObject(body["tags"]) ? { tags: body["tags"] } : {}),
      identity: vaultIdentity(state, existing?.id ?? id, body["identity"], existing?.body["identity"]),
      properties,
      id: existing?.id ?? id,
      name,
      type: vaultType,
    },
  };
  if (existing) {
    // As recorded: a PUT that changes nothing answers 200 at once (policy_create_and_delete); one
    // that changes the vault answers 201 `Updating` with a vault monitor (vault_update, 2022-12-01).
    const { provisioningState: _was, ...now } = properties;
    const { provisioningState: _before, ...then } = existing.body.properties;
    const changed = canonical(now) !== canonical(then) || canonical(record.body["tags"]) !== canonical(existing.body["tags"]);
    state.backupVaults.set(record);
    if (!changed) {
      properties["provisioningState"] = "Succeeded";
      return { status: 200, body: vaultBodyAt(record.body, ctx.apiVersion) };
    }
    properties["provisioningState"] = "Updating";
    const update = startDppOperation(state, record, state.options.durations.backupVaultUpdate, () => {
      properties["provisioningState"] = "Succeeded";
    }, { kind: "vault", resourceId: record.id });
    // Guess: the hint of a vault create (10), as recorded for vault PUTs.
    return { status: 201, body: vaultBodyAt(record.body, ctx.apiVersion), headers: { "Azure-AsyncOperation": vaultMonitorUrl(ctx, record, update.id), ...retryAfter(state, update, 10) } };
  }
  state.backupVaults.set(record);
  properties["provisioningState"] = "Provisioning";
  const op = startDppOperation(state, record, state.options.durations.backupVaultCreate, () => {
    properties["provisioningState"] = "Succeeded";
  }, { kind: "vault", resourceId: record.id });
  // As recorded: 201 with a vault-scoped Azure-AsyncOperation (CONTRACTS: Retry-After 10).
  return { status: 201, body: vaultBodyAt(record.body, ctx.apiVersion), headers: { "Azure-AsyncOperation": vaultMonitorUrl(ctx, record, op.id), ...retryAfter(state, op, 10) } };
}

/**
 * ARM's answer for a vault in a region without Backup vaults (data/regions.ts,
 * `backupVaultRegions`): 400 `LocationNotAvailableForResourceType` naming the location as sent
 * and the type's regions, as ARM words it for every resource type. A vault that enables cross
 * region restore needs a paired region (the AKS backup support matrix); Guess: the code and
 * wording of that refusal (not recorded).
 */
function requireVaultRegion(sent: string, location: string, properties: unknown): void {
  if (!supportsBackupVault(location)) {
    throw new ArmError(400, "LocationNotAvailableForResourceType",
      `The provided location '${sent}' is not available for resource type '${vaultType}'. List of available regions for the resource type is '${backupVaultRegions.join(",")}'.`);
  }
  const features = isObject(properties) && isObject(properties["featureSettings"]) ? properties["featureSettings"] : {};
  const crr = isObject(features["crossRegionRestoreSettings"]) ? features["crossRegionRestoreSettings"]["state"] : undefined;
  if (typeof crr === "string" && crr.toLowerCase() === "enabled" && !supportsAksCrossRegionRestore(location)) {
    throw userError(400, "UserErrorCrossRegionRestoreNotSupportedInRegion", `Cross region restore is not supported in '${location}': the region has no paired region.`, [
      "Create the Backup vault in a region with an Azure paired region, or leave cross region restore disabled.",
    ]);
  }
}

/**
 * Storage redundancy can change only while the vault protects nothing (as Azure documents).
 * Guess: the code and wording (not recorded).
 */
function requireRedundancyUnlocked(state: EmulatorState, vault: BackupVaultRecord, properties: Json): void {
  const before = canonical(vault.body.properties["storageSettings"]);
  if (before === canonical(properties["storageSettings"])) return;
  if (state.backupInstances.under(`${vault.id}/backupInstances`).length === 0) return;
  throw userError(400, "UserErrorStorageRedundancyChangeNotAllowed", `The storage redundancy of the Backup vault '${vault.name}' cannot be changed because it contains backup instances.`, [
    "Create a new Backup vault with the storage redundancy you need.",
  ]);
}

function patch(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const vault = requireVault(state, ctx);
  const body = isObject(ctx.body) ? ctx.body : {};
  const incoming = isObject(body["properties"]) ? body["properties"] : {};
  const merged: Json = { ...vault.body.properties };
  for (const key of ["monitoringSettings", "securitySettings", "featureSettings"]) {
    const v = incoming[key];
    if (isObject(v)) merged[key] = { ...(isObject(merged[key]) ? merged[key] : {}), ...v };
  }
  const properties = vaultProperties(merged, vault.body.properties);
  requireGuardForVaultWrite(state, ctx, vault, properties, incoming);
  if (isObject(body["tags"])) vault.body["tags"] = body["tags"];
  if (body["identity"] !== undefined) vault.body["identity"] = vaultIdentity(state, vault.id, body["identity"], vault.body["identity"]);
  properties["provisioningState"] = "Updating";
  vault.body.properties = properties;
  const op = startDppOperation(state, vault, state.options.durations.backupVaultUpdate, () => {
    properties["provisioningState"] = "Succeeded";
  }, { kind: "vault", resourceId: vault.id });
  // Spec: 202 with Location (BackupVaultOperationResults_Get answers the vault when done).
  const res = accepted(state, ctx, vault, op);
  return { ...res, headers: { ...res.headers, Location: `${ctx.baseUrl}${vault.id}/operationResults/${op.id}?api-version=${ctx.apiVersion}` } };
}

function remove(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const vault = state.backupVaults.get(vaultIdOf(ctx));
  // Guess: ARM's usual 204 for deleting what is not there.
  if (!vault) return { status: 204 };
  if (state.backupInstances.under(`${vault.id}/backupInstances`).length > 0) {
    // Guess: the code and wording for deleting a vault that still protects datasources.
    throw userError(400, "UserErrorVaultNotEmpty", `The Backup vault '${vault.name}' cannot be deleted because it contains backup instances.`, [
      "Stop protection and delete every backup instance in the vault, then delete the vault again.",
    ]);
  }
  if (vault.body.properties["provisioningState"] === "Deleting") {
    throw new ArmError(409, "Conflict", `The Backup vault '${vault.name}' is already being deleted.`);
  }
  vault.body.properties["provisioningState"] = "Deleting";
  const op = startDppOperation(state, vault, state.options.durations.backupVaultUpdate, () => {
    for (const p of state.backupPolicies.under(`${vault.id}/backupPolicies`)) state.backupPolicies.delete(p.id);
    state.backupVaults.delete(vault.id);
  });
  // As recorded: 202, Azure-AsyncOperation on the resource group's location monitor, Location on operationResults.
  const res = accepted(state, ctx, vault, op);
  const monitor = `${ctx.baseUrl}/subscriptions/${vault.subscriptionId}/resourceGroups/${vault.resourceGroup}/providers/Microsoft.DataProtection/locations/${vault.location}/operationStatus/${op.id}?api-version=${ctx.apiVersion}`;
  return { ...res, headers: { ...res.headers, "Azure-AsyncOperation": monitor } };
}

function checkNameAvailability(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const body = isObject(ctx.body) ? ctx.body : {};
  const name = typeof body["name"] === "string" ? body["name"] : "";
  const sub = ctx.params["subscriptionId"]!;
  const taken = state.backupVaults.all().some((v) => v.subscriptionId.toLowerCase() === sub.toLowerCase() && v.name.toLowerCase() === name.toLowerCase());
  const valid = name.length >= 2 && name.length <= 50 && vaultNamePattern.test(name);
  // Guess: reason and message wording follow ARM's usual checkNameAvailability answers.
  if (!valid) return { status: 200, body: { nameAvailable: false, reason: "Invalid", message: `The name '${name}' is not valid.` } };
  if (taken) return { status: 200, body: { nameAvailable: false, reason: "AlreadyExists", message: `A Backup vault named '${name}' already exists.` } };
  return { status: 200, body: { nameAvailable: true } };
}

/** Routes of Microsoft.DataProtection backup vaults (CONTRACTS 5.3). */
export function vaultRoutes(state: EmulatorState): Route[] {
  const list = (prefix: (ctx: RouteContext) => string) => (ctx: RouteContext): ArmResponse => {
    // As recorded: the list is in name order.
    const items = state.backupVaults.under(prefix(ctx))
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase())).map((v) => vaultBodyAt(v.body, ctx.apiVersion));
    return { status: 200, body: pageOf(ctx, items, state.options.pageSize) };
  };
  return [
    { ...routeBase, method: "GET", template: "/subscriptions/{subscriptionId}/providers/Microsoft.DataProtection/backupVaults", handler: list((c) => `/subscriptions/${c.params["subscriptionId"]!}/`) },
    {
      ...routeBase, method: "GET", template: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DataProtection/backupVaults",
      handler: list((c) => `/subscriptions/${c.params["subscriptionId"]!}/resourceGroups/${c.params["resourceGroupName"]!}/`),
    },
    {
      ...routeBase, method: "POST", template: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DataProtection/locations/{location}/checkNameAvailability",
      handler: (ctx) => checkNameAvailability(state, ctx),
    },
    { ...routeBase, method: "GET", template: vaultTemplate, handler: (ctx) => ({ status: 200, body: vaultBodyAt(requireVault(state, ctx).body, ctx.apiVersion) }) },
    { ...routeBase, method: "PUT", template: vaultTemplate, handler: (ctx) => put(state, ctx) },
    { ...routeBase, method: "PATCH", template: vaultTemplate, handler: (ctx) => patch(state, ctx) },
    { ...routeBase, method: "DELETE", template: vaultTemplate, handler: (ctx) => remove(state, ctx) },
  ];
}
