import { ArmError, badRequest, resourceNotFound } from "../../http/armError.js";
import { pageOf } from "../../http/paging.js";
import type { ArmResponse, Route, RouteContext } from "../../http/router.js";
import type { EmulatorState } from "../../state/state.js";
import type { BackupVaultRecord } from "../../state/records.js";
import { ResourceTable } from "../../state/table.js";
import { requireLocation } from "../resources.js";
import { isObject, ns, requireVault, routeBase, vaultTemplate, type Json } from "./common.js";
import { guardOperationsByVersion, proxyOperationDetails } from "./resourceGuardData.js";

/** A resource guard (multi-user authorization for vault operations). */
interface ResourceGuardRecord {
  id: string;
  name: string;
  location: string;
  tags: Json | undefined;
  /** Critical operations the guard does not protect. */
  exclusions: string[];
  /**
   * The directory tenant the guard lives in; undefined means the emulator's own tenant.
   * Guess: a guard in another tenant needs the caller's token of that tenant in
   * `x-ms-authorization-auxiliary` (CONTRACTS 0) on each operation it protects.
   */
  tenantId?: string | undefined;
}

/** A vault's resource guard proxy (the vault's link to a guard). */
interface ProxyRecord {
  id: string;
  name: string;
  vaultId: string;
  guardId: string;
  lastUpdatedTime: string;
  /** Simulated epoch ms until which the proxy may be deleted (set by `unlockDelete`). */
  unlockedUntil?: number | undefined;
}

const guardType = `${ns}/resourceGuards`;
/** As recorded: the proxy's type says `vaults`, not `backupVaults`. */
const proxyType = `${ns}/vaults/backupResourceGuardProxies`;
const guardTemplate = `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${ns}/resourceGuards/{resourceGuardName}`;
const proxyTemplate = `${vaultTemplate}/backupResourceGuardProxies/{resourceGuardProxyName}`;

interface GuardTables {
  guards: ResourceTable<ResourceGuardRecord>;
  proxies: ResourceTable<ProxyRecord>;
}

const tablesByState = new WeakMap<EmulatorState, GuardTables>();

function tables(state: EmulatorState): GuardTables {
  let t = tablesByState.get(state);
  if (!t) {
    t = { guards: new ResourceTable(), proxies: new ResourceTable() };
    tablesByState.set(state, t);
  }
  return t;
}

/** The operations a guard lists at an api-version: the newest recorded list at or below it (the oldest below all). */
function operationsAt(apiVersion: string): ReadonlyArray<readonly [string, string]> {
  const v = apiVersion.slice(0, 10);
  return (guardOperationsByVersion.find(([since]) => since <= v) ?? guardOperationsByVersion[guardOperationsByVersion.length - 1]!)[1];
}

/**
 * As recorded: `{location, tags?, properties: {provisioningState, resourceGuardOperations,
 * vaultCriticalOperationExclusionList, allowAutoApprovals}, id, name, type}`; excluded operations
 * are left out of `resourceGuardOperations` (resource_guard_update).
 */
function guardBody(g: ResourceGuardRecord, apiVersion: string): Json {
  const excluded = new Set(g.exclusions.map((e) => e.toLowerCase()));
  const resourceGuardOperations = operationsAt(apiVersion)
    .filter(([op]) => !excluded.has(op.toLowerCase()))
    .map(([vaultCriticalOperation, requestResourceType]) => ({ vaultCriticalOperation, requestResourceType }));
  return {
    location: g.location,
    ...(g.tags ? { tags: g.tags } : {}),
    // Guess: allowAutoApprovals is always true; every recording shows true and no request sets it.
    properties: { provisioningState: "Succeeded", resourceGuardOperations, vaultCriticalOperationExclusionList: g.exclusions, allowAutoApprovals: true },
    id: g.id,
    name: g.name,
    type: guardType,
  };
}

function guardId(ctx: RouteContext): string {
  const { subscriptionId, resourceGroupName, resourceGuardName } = ctx.params;
  return `/subscriptions/${subscriptionId!}/resourceGroups/${resourceGroupName!}/providers/${guardType}/${resourceGuardName!}`;
}

function stringList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  // Guess: the code for a malformed list.
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw badRequest(`'${field}' must be a list of strings.`, "InvalidRequestContent", field);
  return value as string[];
}

/** As recorded: create and update (GET + full PUT) answer 200 at once. */
function putGuard(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const body = isObject(ctx.body) ? ctx.body : {};
  const location = requireLocation(body["location"]);
  const id = guardId(ctx);
  const existing = tables(state).guards.get(id);
  if (existing && existing.location !== location) {
    // Guess: code and wording for moving a guard by PUT.
    throw badRequest(`The resource guard '${existing.name}' exists in '${existing.location}'; its location cannot change to '${location}'.`, "LocationMismatch", "location");
  }
  const props = isObject(body["properties"]) ? body["properties"] : {};
  const exclusions = stringList(props["vaultCriticalOperationExclusionList"], "properties.vaultCriticalOperationExclusionList");
  const known = new Set(operationsAt(ctx.apiVersion).map(([op]) => op.toLowerCase()));
  const unknown = exclusions.find((e) => !known.has(e.toLowerCase()));
  // Guess: the code for excluding an operation the guard does not have.
  if (unknown !== undefined) throw badRequest(`'${unknown}' is not a critical operation of a resource guard.`, "UserErrorInvalidVaultCriticalOperation", "properties.vaultCriticalOperationExclusionList");
  const tags = isObject(body["tags"]) ? body["tags"] : undefined;
  const record = tables(state).guards.set({ id: existing?.id ?? id, name: ctx.params["resourceGuardName"]!, location, tags, exclusions, tenantId: existing?.tenantId });
  return { status: 200, body: guardBody(record, ctx.apiVersion) };
}

function requireGuard(state: EmulatorState, ctx: RouteContext): ResourceGuardRecord {
  const g = tables(state).guards.get(guardId(ctx));
  if (!g) throw resourceNotFound(guardType, ctx.params["resourceGuardName"]!, ctx.params["resourceGroupName"]);
  return g;
}

/** As recorded: 200 with an empty body. Guess: 204 when absent; a guard a vault still uses is refused. */
function deleteGuard(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const g = tables(state).guards.get(guardId(ctx));
  if (!g) return { status: 204 };
  const user = tables(state).proxies.all().find((p) => p.guardId.toLowerCase() === g.id.toLowerCase());
  if (user) throw new ArmError(409, "UserErrorResourceGuardInUse", `The resource guard '${g.name}' protects the vault '${user.vaultId}'; remove that vault's resource guard proxy first.`);
  tables(state).guards.delete(g.id);
  return { status: 200 };
}

/**
 * As recorded: `{properties: {resourceGuardResourceId, resourceGuardOperationDetails, lastUpdatedTime}, id, name, type}`.
 * Guess: an operation the guard excludes is listed without a `defaultResourceRequest`, like the unprotected ones.
 */
function proxyBody(p: ProxyRecord, guard?: ResourceGuardRecord): Json {
  const details = proxyOperationDetails.map(([vaultCriticalOperation, request]) => ({
    vaultCriticalOperation, ...(request && !(guard && isExcluded(guard, vaultCriticalOperation)) ? { defaultResourceRequest: `${p.guardId}/${request}/default` } : {}),
  }));
  return {
    properties: { resourceGuardResourceId: p.guardId, resourceGuardOperationDetails: details, lastUpdatedTime: p.lastUpdatedTime },
    id: p.id,
    name: p.name,
    type: proxyType,
  };
}

function proxyId(state: EmulatorState, ctx: RouteContext): string {
  return `${requireVault(state, ctx).id}/backupResourceGuardProxies/${ctx.params["resourceGuardProxyName"]!}`;
}

/** As recorded: 200 at once; the vault is then protected by the guard. */
function putProxy(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const vault = requireVault(state, ctx);
  const props = isObject(ctx.body) && isObject(ctx.body["properties"]) ? ctx.body["properties"] : {};
  const ref = props["resourceGuardResourceId"];
  const guard = typeof ref === "string" ? tables(state).guards.get(ref) : undefined;
  // Guess: the code for a proxy to a guard that does not exist.
  if (!guard) throw badRequest(`The resource guard '${String(ref)}' was not found.`, "UserErrorResourceGuardNotFound", "properties.resourceGuardResourceId");
  // Guess: linking to a guard in another tenant reads it there, so it needs that tenant's token as well.
  requireAuxiliaryToken(state, ctx, guard, "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/write");
  const record = tables(state).proxies.set({
    id: `${vault.id}/backupResourceGuardProxies/${ctx.params["resourceGuardProxyName"]!}`, name: ctx.params["resourceGuardProxyName"]!, vaultId: vault.id, guardId: guard.id, lastUpdatedTime: state.isoNow(),
  });
  vault.body.properties["isVaultProtectedByResourceGuard"] = true;
  return { status: 200, body: proxyBody(record, guard) };
}

function requireProxy(state: EmulatorState, ctx: RouteContext): ProxyRecord {
  const p = tables(state).proxies.get(proxyId(state, ctx));
  if (!p) throw resourceNotFound(proxyType, ctx.params["resourceGuardProxyName"]!, ctx.params["resourceGroupName"]);
  return p;
}

/**
 * As recorded: 200 `{}`, after an `unlockDelete` (resource_guard_mapping #10, #11). Guess: 204
 * when absent; without an unexpired unlock the delete is refused with 400
 * `UserErrorResourceGuardProxyDeleteNotUnlocked` (the guard's approval comes through unlockDelete).
 */
function deleteProxy(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const vault = requireVault(state, ctx);
  const p = tables(state).proxies.get(proxyId(state, ctx));
  if (!p) return { status: 204 };
  const guard = tables(state).guards.get(p.guardId);
  if (guard) requireAuxiliaryToken(state, ctx, guard, proxyDeleteOperation);
  if (guard && !isExcluded(guard, proxyDeleteOperation) && (p.unlockedUntil === undefined || p.unlockedUntil < state.clock.now())) {
    throw new ArmError(400, "UserErrorResourceGuardProxyDeleteNotUnlocked",
      `The resource guard proxy '${p.name}' cannot be deleted: call unlockDelete with the request '${defaultRequestOf(guard, proxyDeleteOperation)!}' approved on the resource guard first.`);
  }
  tables(state).proxies.delete(p.id);
  if (tables(state).proxies.under(`${vault.id}/backupResourceGuardProxies`).length === 0) vault.body.properties["isVaultProtectedByResourceGuard"] = false;
  return { status: 200, body: {} };
}

/**
 * As recorded: 200 `{unlockDeleteExpiryTime}`. Guess: the unlock lasts 30 minutes (the recorded
 * expiry is about 30 minutes after the proxy was written).
 */
function unlockDelete(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const p = requireProxy(state, ctx);
  const body = isObject(ctx.body) ? ctx.body : {};
  const requests = stringList(body["resourceGuardOperationRequests"], "resourceGuardOperationRequests");
  const guard = tables(state).guards.get(p.guardId);
  if (guard) checkApproval(state, ctx, guard, proxyDeleteOperation, requests);
  p.unlockedUntil = state.clock.now() + 30 * 60_000;
  return { status: 200, body: { unlockDeleteExpiryTime: new Date(p.unlockedUntil).toISOString() } };
}

const proxyDeleteOperation = "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/delete";

/** Whether the guard excludes a critical operation (`vaultCriticalOperationExclusionList`). */
function isExcluded(guard: ResourceGuardRecord, operation: string): boolean {
  return guard.exclusions.some((e) => e.toLowerCase() === operation.toLowerCase());
}

/** `{guardId}/{requestType}/default`: the request that approves `operation` (as the proxy lists it), or undefined. */
function defaultRequestOf(guard: ResourceGuardRecord, operation: string): string | undefined {
  const type = proxyOperationDetails.find(([op]) => op.toLowerCase() === operation.toLowerCase())?.[1];
  return type ? `${guard.id}/${type}/default` : undefined;
}

/**
 * Guess: ARM checks a guard in another tenant with the auxiliary token and, without one,
 * refuses with 403 `LinkedAuthorizationFailed` (ARM's code for a failed check on a linked scope).
 */
function requireAuxiliaryToken(state: EmulatorState, ctx: RouteContext, guard: ResourceGuardRecord, operation: string): void {
  if (guard.tenantId === undefined || guard.tenantId.toLowerCase() === state.tenantId.toLowerCase() || isExcluded(guard, operation)) return;
  const header = ctx.headers["x-ms-authorization-auxiliary"];
  const value = Array.isArray(header) ? header.join(",") : header;
  if (typeof value === "string" && /^\s*Bearer\s+\S+/i.test(value)) return;
  throw new ArmError(403, "LinkedAuthorizationFailed",
    `The client has permission to perform action '${operation}' on the vault; however, the linked resource guard '${guard.id}' is in tenant '${guard.tenantId}' and the request carried no token of that tenant in 'x-ms-authorization-auxiliary'.`);
}

/**
 * Guess (the recordings show only the happy path): an operation the guard protects must list the
 * guard's default request for it in `resourceGuardOperationRequests`, else 400
 * `UserErrorResourceGuardOperationRequestMissing`; a request of another guard counts as none.
 */
function checkApproval(state: EmulatorState, ctx: RouteContext, guard: ResourceGuardRecord, operation: string, requests: readonly string[] | undefined): void {
  if (isExcluded(guard, operation)) return;
  requireAuxiliaryToken(state, ctx, guard, operation);
  const wanted = defaultRequestOf(guard, operation);
  if (requests === undefined || wanted === undefined) return;
  if (requests.some((r) => r.toLowerCase() === wanted.toLowerCase())) return;
  throw new ArmError(400, "UserErrorResourceGuardOperationRequestMissing",
    `The operation '${operation}' is protected by the resource guard '${guard.id}'. Pass '${wanted}' in resourceGuardOperationRequests, approved on the guard.`);
}

/** The guard protecting a vault (through its proxy), or undefined. */
export function guardOfVault(state: EmulatorState, vault: BackupVaultRecord): ResourceGuardRecord | undefined {
  const proxy = tables(state).proxies.under(`${vault.id}/backupResourceGuardProxies`)[0];
  return proxy ? tables(state).guards.get(proxy.guardId) : undefined;
}

/**
 * Refuses a critical `operation` on a vault protected by a guard unless it carries the guard's
 * approval: `requests` (the body's `resourceGuardOperationRequests`; pass undefined for an
 * operation without a body, such as DELETE, where the default request is implied) and, for a
 * guard in another tenant, the auxiliary token. Nothing happens on a vault without a guard.
 */
export function requireGuardApproval(state: EmulatorState, ctx: RouteContext, vault: BackupVaultRecord, operation: string, requests: unknown): void {
  const guard = guardOfVault(state, vault);
  if (!guard) return;
  checkApproval(state, ctx, guard, operation, requests === undefined ? undefined : Array.isArray(requests) ? requests.filter((r): r is string => typeof r === "string") : []);
}

/** Adds a guard directly (the emulator's `addResourceGuard`); `tenantId` places it in another tenant. */
export function createResourceGuard(state: EmulatorState, init: { id: string; name: string; location: string; tenantId?: string | undefined }): string {
  if (tables(state).guards.get(init.id)) throw new Error(`Resource guard '${init.id}' already exists.`);
  tables(state).guards.set({ id: init.id, name: init.name, location: init.location, tags: undefined, exclusions: [], tenantId: init.tenantId });
  return init.id;
}

/** Routes of resource guards and of vaults' resource guard proxies (multi-user authorization). */
export function resourceGuardRoutes(state: EmulatorState): Route[] {
  const list = (prefix: (ctx: RouteContext) => string) => (ctx: RouteContext): ArmResponse => {
    const p = prefix(ctx).toLowerCase();
    const items = tables(state).guards.all().filter((g) => g.id.toLowerCase().startsWith(p)).map((g) => guardBody(g, ctx.apiVersion));
    return { status: 200, body: pageOf(ctx, items, state.options.pageSize) };
  };
  return [
    { ...routeBase, method: "GET", template: `/subscriptions/{subscriptionId}/providers/${guardType}`, handler: list((c) => `/subscriptions/${c.params["subscriptionId"]!}/`) },
    {
      ...routeBase, method: "GET", template: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${guardType}`,
      handler: list((c) => `/subscriptions/${c.params["subscriptionId"]!}/resourceGroups/${c.params["resourceGroupName"]!}/`),
    },
    { ...routeBase, method: "GET", template: guardTemplate, handler: (ctx) => ({ status: 200, body: guardBody(requireGuard(state, ctx), ctx.apiVersion) }) },
    { ...routeBase, method: "PUT", template: guardTemplate, handler: (ctx) => putGuard(state, ctx) },
    { ...routeBase, method: "DELETE", template: guardTemplate, handler: (ctx) => deleteGuard(state, ctx) },
    {
      ...routeBase, method: "GET", template: `${vaultTemplate}/backupResourceGuardProxies`,
      handler: (ctx) => ({ status: 200, body: pageOf(ctx, tables(state).proxies.under(`${requireVault(state, ctx).id}/backupResourceGuardProxies`).map((p) => proxyBody(p, tables(state).guards.get(p.guardId))), state.options.pageSize) }),
    },
    { ...routeBase, method: "GET", template: proxyTemplate, handler: (ctx) => {
      const p = requireProxy(state, ctx);
      return { status: 200, body: proxyBody(p, tables(state).guards.get(p.guardId)) };
    } },
    { ...routeBase, method: "PUT", template: proxyTemplate, handler: (ctx) => putProxy(state, ctx) },
    { ...routeBase, method: "DELETE", template: proxyTemplate, handler: (ctx) => deleteProxy(state, ctx) },
    { ...routeBase, method: "POST", template: `${proxyTemplate}/unlockDelete`, handler: (ctx) => unlockDelete(state, ctx) },
  ];
}
