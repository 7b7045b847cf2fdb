import { ArmError, badRequest, resourceNotFound } from "../http/armError.js";
import { pageOf } from "../http/paging.js";
import type { Route, RouteContext } from "../http/router.js";
import type { Principal } from "../state/directory.js";
import type { RoleAssignmentRecord } from "../state/records.js";
import type { EmulatorState } from "../state/state.js";
import { apiVersions } from "./apiVersions.js";
import { roleAssignmentFilter } from "./authorizationFilter.js";
import { allRoleDefinitions, findRoleDefinition, requireRoleDefinition, roleDefinitionBody, roleDefinitionIdIn } from "./roleDefinitions.js";

const ns = "Microsoft.Authorization";
/** Role assignments and definitions: every published version (data/apiVersions.ts). */
const versions = apiVersions.authorization;
const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const principalTypes = ["User", "Group", "ServicePrincipal", "ForeignGroup", "Device"];
const assignmentsPath = "/providers/Microsoft.Authorization/roleAssignments";

/** Whether `outer` is `inner` or one of its parent scopes (ARM ids compare case-insensitively). */
export function isAtOrAbove(outer: string, inner: string): boolean {
  const o = outer.toLowerCase().replace(/\/+$/, "");
  const i = inner.toLowerCase();
  return o === "" || i === o || i.startsWith(o + "/");
}

/**
 * Whether `principalId` holds the role (by GUID) at `scope`, directly or inherited from a parent
 * scope. For other emulated services that check RBAC prerequisites.
 */
export function hasRoleAssignment(state: EmulatorState, principalId: string, roleGuid: string, scope: string): boolean {
  const p = principalId.toLowerCase();
  const g = roleGuid.toLowerCase();
  return state.roleAssignments.lookup("principal", p).some((r) =>
    r.roleDefinitionId.toLowerCase().endsWith(`/${g}`) && isAtOrAbove(r.scope, scope));
}

/** The caller's own principal (the identity behind `ArmEmulator.credential`), made on first use. */
export function callerPrincipal(state: EmulatorState): Principal {
  return state.directory.firstOfKind("caller") ?? state.directory.register(state.newId(), "caller", `/subscriptions/${state.subscriptionId}`);
}

/** The nearest switch at or above `scope` (lowercase ids), or true when none is set. */
function nearestSwitch(switches: ReadonlyMap<string, boolean>, scope: string): boolean {
  let s = scope.toLowerCase().replace(/\/+$/, "");
  for (;;) {
    const v = switches.get(s);
    if (v !== undefined) return v;
    const cut = s.lastIndexOf("/");
    if (cut <= 0) return true;
    s = s.slice(0, cut);
  }
}

/** Whether the caller may write role assignments at `scope`: the nearest switch at or above it wins. */
export function callerMayAssign(state: EmulatorState, scope: string): boolean {
  return nearestSwitch(state.roleAssignmentAccess, scope);
}

/** Whether the caller may read `scope` (and what is below it): the nearest switch at or above it wins. */
export function callerMayRead(state: EmulatorState, scope: string): boolean {
  return nearestSwitch(state.readAccess, scope);
}

/** 403 `AuthorizationFailed`: the caller lacks `action` at `scope` (ARM's wording). */
export function authorizationFailed(state: EmulatorState, action: string, scope: string): ArmError {
  const caller = callerPrincipal(state).principalId;
  // Message as ARM words it for a caller without the action at the scope.
  return new ArmError(403, "AuthorizationFailed",
    `The client '${caller}' with object id '${caller}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`);
}

/** Whether `/providers/...` (the part of a scope below a resource group) names a resource. */
function namesResource(providersPart: string): boolean {
  const parts = providersPart.split("/").filter((p) => p !== "");
  let i = 0;
  while (i < parts.length) {
    if (parts[i]!.toLowerCase() !== "providers" || parts[i + 1] === undefined) return false;
    i += 2;
    let pairs = 0;
    while (i + 1 < parts.length && parts[i]!.toLowerCase() !== "providers") {
      i += 2;
      pairs++;
    }
    if (pairs === 0 || (i < parts.length && parts[i]!.toLowerCase() !== "providers")) return false;
  }
  return true;
}

/** Checks that the scope is an ARM id of something that exists (subscription, group, known resource). */
function requireScope(state: EmulatorState, scope: string): void {
  const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+)(\/providers\/.+)?)?$/i.exec(scope);
  // Guess: the code for a scope that is not a subscription, group or resource id is not in the specs.
  if (!m) throw badRequest(`The scope '${scope}' is not valid. Use a subscription, resource group or resource id.`, "InvalidScope");
  if (m[2] === undefined) return;
  state.requireResourceGroup(m[1]!, m[2]);
  if (m[3] === undefined) return;
  // ARM resolves a scope below a resource group to a resource: `/providers/{namespace}` followed by
  // one or more `{type}/{name}` pairs (and again for extension resources). A scope that names no
  // resource (e.g. `.../providers/Microsoft.Storage`) is refused. Guess: the code and wording, which
  // no recording shows; the same as for any other scope that is not a valid id.
  if (!namesResource(m[3])) throw badRequest(`The scope '${scope}' is not valid. Use a subscription, resource group or resource id.`, "InvalidScope");
  const tables = [state.clusters, state.storageAccounts, state.backupVaults, state.extensions];
  const knownType = /\/providers\/(Microsoft\.ContainerService\/managedClusters|Microsoft\.Storage\/storageAccounts|Microsoft\.DataProtection\/backupVaults)\/[^/]+$/i.exec(scope);
  // Guess: resources of types the emulator does not model are taken to exist.
  if (knownType && !tables.some((t) => t.has(scope))) throw resourceNotFound(knownType[1]!, scope.split("/").pop()!, m[2]);
}

/**
 * ARM body of a role assignment (shape of the recorded 2022-04-01 responses). As recorded, the
 * answer to the PUT that creates it (`created`) has `createdBy: null`; later reads name the caller.
 */
export function roleAssignmentBody(state: EmulatorState, r: RoleAssignmentRecord, created = false): Record<string, unknown> {
  const at = new Date(r.createdAt).toISOString();
  const caller = callerPrincipal(state).principalId;
  return {
    properties: {
      roleDefinitionId: r.roleDefinitionId,
      principalId: r.principalId,
      principalType: r.principalType,
      scope: r.scope,
      condition: r.condition ?? null,
      conditionVersion: r.conditionVersion ?? null,
      createdOn: at,
      updatedOn: at,
      createdBy: created ? null : caller,
      updatedBy: caller,
      delegatedManagedIdentityResourceId: null,
      description: r.description ?? null,
    },
    id: r.id,
    type: "Microsoft.Authorization/roleAssignments",
    name: r.name,
  };
}

/** The directory type of a principal: users (the caller, added users) or service principals (managed identities). */
function principalTypeOf(p: Principal): string {
  return p.kind === "caller" || p.kind === "user" ? "User" : "ServicePrincipal";
}

/**
 * 400 `PrincipalNotFound` for an unknown principal, or one created less than the propagation
 * window ago (shorter when the request names `principalType`, as Azure documents).
 */
function requireVisiblePrincipal(state: EmulatorState, principalId: string, principalType: string | undefined): Principal {
  const p = state.directory.get(principalId);
  const { identityPropagation, identityPropagationWithPrincipalType } = state.options.durations;
  const windowSec = principalType === undefined ? identityPropagation : identityPropagationWithPrincipalType;
  if (!p || state.clock.now() - p.createdAt < windowSec * 1000) {
    // Guess: an id the directory never had fails the same way, whatever principalType says.
    throw new ArmError(400, "PrincipalNotFound",
      `Principal ${principalId.replace(/-/g, "")} does not exist in the directory ${state.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`);
  }
  const actualType = principalTypeOf(p);
  if (principalType !== undefined && principalType !== actualType) {
    // Guess: code and wording of a principalType that does not match the principal.
    throw badRequest(`The PrincipalType '${principalType}' provided with the role assignment request does not match the type of the principal with id '${principalId}'.`, "UnmatchedPrincipalType");
  }
  return p;
}

interface CreateRequest {
  roleDefinitionId: unknown;
  principalId: string;
  principalType: string | undefined;
  condition: string | null;
  conditionVersion: string | null;
  description: string | null;
}

function optionalString(props: Record<string, unknown>, key: string): string | null {
  const v = props[key];
  if (v === undefined || v === null) return null;
  // Guess: the code for a property of the wrong type.
  if (typeof v !== "string") throw badRequest(`The property '${key}' must be a string.`, "InvalidRequestContent", `properties.${key}`);
  return v;
}

/**
 * ABAC condition and its version, as Azure takes them (a recorded `User` assignment with
 * `conditionVersion: "2.0"` answers 201): version 2.0 only, and a version needs a condition.
 * Guess: a condition sent without a version gets "2.0"; codes and wording of the refusals.
 */
function readCondition(props: Record<string, unknown>): { condition: string | null; conditionVersion: string | null } {
  const condition = optionalString(props, "condition");
  const version = optionalString(props, "conditionVersion");
  if (condition === null || condition.trim() === "") {
    if (version !== null) throw badRequest("The conditionVersion is set but the condition is empty. Set both or neither.", "InvalidConditionVersion", "properties.conditionVersion");
    return { condition: null, conditionVersion: null };
  }
  if (version !== null && version !== "2.0") throw badRequest(`The condition version '${version}' is not supported. Use 2.0.`, "InvalidConditionVersion", "properties.conditionVersion");
  return { condition, conditionVersion: version ?? "2.0" };
}

function readCreateBody(body: unknown): CreateRequest {
  const props = (body as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!props || typeof props !== "object") throw badRequest("The request body must have 'properties'.", "InvalidRequestContent");
  const principalId = props["principalId"];
  if (typeof principalId !== "string" || !guidPattern.test(principalId)) {
    // Guess: the code for a principal id that is not a GUID.
    throw badRequest(`The principal ID '${String(principalId)}' is not valid. It must be a GUID.`, "InvalidPrincipalId", "properties.principalId");
  }
  const principalType = props["principalType"];
  if (principalType !== undefined && principalType !== null && (typeof principalType !== "string" || !principalTypes.includes(principalType))) {
    throw badRequest(`The principal type '${JSON.stringify(principalType)}' is not valid. Use one of ${principalTypes.join(", ")}.`, "InvalidPrincipalType", "properties.principalType");
  }
  return {
    roleDefinitionId: props["roleDefinitionId"], principalId, principalType: typeof principalType === "string" ? principalType : undefined,
    ...readCondition(props), description: optionalString(props, "description"),
  };
}

function putAssignment(state: EmulatorState, ctx: RouteContext): { status: number; body: unknown } {
  const scope = ctx.params["scope"]!;
  const name = ctx.params["roleAssignmentName"]!;
  requireScope(state, scope);
  if (!callerMayAssign(state, scope)) throw authorizationFailed(state, "Microsoft.Authorization/roleAssignments/write", scope);
  // Guess: the code for a role assignment name that is not a GUID.
  if (!guidPattern.test(name)) throw badRequest(`The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`, "InvalidRoleAssignmentId");
  const req = readCreateBody(ctx.body);
  const role = requireRoleDefinition(state, req.roleDefinitionId);
  const id = `${scope}${assignmentsPath}/${name}`;
  const same = (r: RoleAssignmentRecord): boolean =>
    r.principalId.toLowerCase() === req.principalId.toLowerCase() && r.roleDefinitionId.toLowerCase().endsWith(`/${role.guid}`);
  const existing = state.roleAssignments.get(id);
  if (existing) {
    // Guess: an identical PUT answers 200 with the assignment; a changed one is refused.
    if (same(existing)) return { status: 200, body: roleAssignmentBody(state, existing) };
    throw new ArmError(409, "RoleAssignmentUpdateNotPermitted", "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
  }
  const principal = requireVisiblePrincipal(state, req.principalId, req.principalType);
  const duplicate = state.roleAssignments.under(`${scope}${assignmentsPath}`).find((r) => r.scope.toLowerCase() === scope.toLowerCase() && same(r));
  if (duplicate) throw new ArmError(409, "RoleAssignmentExists", "The role assignment already exists.");
  const record = state.roleAssignments.set({
    id,
    name,
    scope,
    roleDefinitionId: roleDefinitionIdIn(/^\/subscriptions\/([^/]+)/i.exec(scope)![1]!, role.guid),
    principalId: principal.principalId,
    principalType: req.principalType ?? principalTypeOf(principal),
    createdAt: state.clock.now(),
    condition: req.condition,
    conditionVersion: req.conditionVersion,
    description: req.description,
  });
  return { status: 201, body: roleAssignmentBody(state, record, true) };
}

function deleteAssignment(state: EmulatorState, ctx: RouteContext): { status: number; body?: unknown } {
  const scope = ctx.params["scope"]!;
  requireScope(state, scope);
  if (!callerMayAssign(state, scope)) throw authorizationFailed(state, "Microsoft.Authorization/roleAssignments/delete", scope);
  const id = `${scope}${assignmentsPath}/${ctx.params["roleAssignmentName"]!}`;
  const r = state.roleAssignments.get(id);
  if (!r) return { status: 204 };
  state.roleAssignments.delete(id);
  return { status: 200, body: roleAssignmentBody(state, r) };
}

function getAssignment(state: EmulatorState, ctx: RouteContext): { status: number; body: unknown } {
  const name = ctx.params["roleAssignmentName"]!;
  const r = state.roleAssignments.get(`${ctx.params["scope"]!}${assignmentsPath}/${name}`);
  // Guess: the message text of a missing role assignment.
  if (!r) throw new ArmError(404, "RoleAssignmentNotFound", `The role assignment '${name}' is not found.`);
  return { status: 200, body: roleAssignmentBody(state, r) };
}

/**
 * The assignments a list at `scope` can return, from the indexes: the principal's (when the
 * filter names one), else those at or below the scope plus those at each scope above it.
 */
function assignmentCandidates(state: EmulatorState, scope: string, principalId: string | undefined): RoleAssignmentRecord[] {
  const table = state.roleAssignments;
  if (principalId !== undefined) return table.lookup("principal", principalId);
  const found = new Map<string, RoleAssignmentRecord>();
  for (const r of table.under(scope)) found.set(r.id.toLowerCase(), r);
  const parts = scope.replace(/\/+$/, "").split("/");
  for (let n = parts.length - 1; n >= 1; n--) {
    for (const r of table.under(`${parts.slice(0, n).join("/")}${assignmentsPath}`)) found.set(r.id.toLowerCase(), r);
  }
  return table.inInsertionOrder([...found.values()]);
}

function listAssignments(state: EmulatorState, ctx: RouteContext): { status: number; body: unknown } {
  const scope = ctx.params["scope"]!;
  requireScope(state, scope);
  const filter = roleAssignmentFilter(ctx.query.get("$filter"));
  const items = assignmentCandidates(state, scope, filter.principalId).filter((r) => {
    if (filter.principalId !== undefined && r.principalId.toLowerCase() !== filter.principalId) return false;
    if (isAtOrAbove(r.scope, scope)) return true;
    return !filter.atScope && isAtOrAbove(scope, r.scope);
  });
  return { status: 200, body: pageOf(ctx, items.map((r) => roleAssignmentBody(state, r)), state.options.pageSize) };
}

function listDefinitions(state: EmulatorState, ctx: RouteContext): { status: number; body: unknown } {
  const scope = ctx.params["scope"]!;
  const filter = ctx.query.get("$filter");
  let roles = allRoleDefinitions(state);
  if (filter) {
    // OData string literal: a quote inside is doubled (`'O''Brien'` is O'Brien).
    const m = /^\s*roleName\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(filter);
    const t = /^\s*type\s+eq\s+'(BuiltInRole|CustomRole)'\s*$/i.exec(filter);
    if (!m && !t) throw badRequest(`The $filter '${filter}' is not supported. Use roleName eq '{name}' or type eq 'BuiltInRole'.`, "InvalidFilterInQueryString");
    const roleName = m ? m[1]!.replace(/''/g, "'").toLowerCase() : undefined;
    roles = roles.filter((r) => (roleName !== undefined ? r.roleName.toLowerCase() === roleName : r.type.toLowerCase() === t![1]!.toLowerCase()));
  }
  const sub = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
  return { status: 200, body: pageOf(ctx, roles.map((r) => roleDefinitionBody(r, sub)), state.options.pageSize) };
}

function getDefinition(state: EmulatorState, ctx: RouteContext): { status: number; body: unknown } {
  const guid = ctx.params["roleDefinitionId"]!;
  const role = findRoleDefinition(state, guid);
  if (!role) throw new ArmError(404, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${guid}' does not exist.`);
  const sub = /^\/subscriptions\/([^/]+)/i.exec(ctx.params["scope"] ?? "")?.[1];
  return { status: 200, body: roleDefinitionBody(role, sub) };
}

/** Routes of Microsoft.Authorization: role assignments and role definitions at any scope. */
export function authorizationRoutes(state: EmulatorState): Route[] {
  const base = { apiVersions: versions, namespace: ns } as const;
  const one = `{*scope}${assignmentsPath}/{roleAssignmentName}`;
  return [
    { ...base, method: "PUT", template: one, handler: (ctx) => putAssignment(state, ctx) },
    { ...base, method: "GET", template: one, handler: (ctx) => getAssignment(state, ctx) },
    { ...base, method: "DELETE", template: one, handler: (ctx) => deleteAssignment(state, ctx) },
    { ...base, method: "GET", template: `{*scope}${assignmentsPath}`, handler: (ctx) => listAssignments(state, ctx) },
    { ...base, method: "GET", template: "{*scope}/providers/Microsoft.Authorization/roleDefinitions", handler: (ctx) => listDefinitions(state, ctx) },
    { ...base, method: "GET", template: "{*scope}/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}", handler: (ctx) => getDefinition(state, ctx) },
    { ...base, method: "GET", template: "/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}", handler: (ctx) => getDefinition(state, ctx) },
  ];
}
