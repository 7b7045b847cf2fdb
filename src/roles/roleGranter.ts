import { callerCanAssignRoles } from "./callerPermissions.js";
import type { CanAssignRolesOptions, GrantAllOptions, GrantForBackupOptions, GrantForRestoreOptions, PlanRoleAssignmentsOptions, RequiredForBackupOptions, RequiredForRestoreOptions } from "./models.js";
import type { AbortSignalLike } from "@azure/abort-controller";
import type { TokenCredential } from "@azure/core-auth";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import type { AuthorizationClient } from "../clients/authorizationClient.js";
import type { RoleAssignment } from "../clients/authorizationModels.js";
import { clientsFor, type AzureClients } from "../clients/clientCache.js";
import { isRestError, type RestError } from "@azure/core-rest-pipeline";
import { delay } from "@azure/core-util";
import { isGuid } from "../common/armId.js";
import { parseClusterId, parseRoleAssignmentId, parseRoleAssignmentScope, type ClusterRef, type RoleAssignmentRef, type RoleAssignmentScopeRef } from "../common/references.js";
import { AzureRequestError, InputValidationError, ResourceNotFoundError, throwIfAnyFailed } from "../errors.js";
import { isNotFound } from "../common/azureCalls.js";
import { logger } from "../common/logger.js";
import { propagationRetryDelayInMs } from "../common/pollSchedule.js";
import { defaultPollIntervalInMs, validateDurationInMs, type AksBackupClientOptions, validateClientArguments } from "../common/options.js";
import { requireClusterPrincipal } from "../clients/armReaders.js";
import { builtInRoleGuid, builtInRoleName, builtInRoles, roleAssignmentName, roleGuidOf } from "./builtInRoles.js";
import type {
  BackupPermissionsRequest, GrantedRoleAssignment, GrantOptions, GrantRequest, GrantResult, ListRoleAssignmentsOptions,
  PlannedRoleAssignment, PrincipalType, RestorePermissionsRequest, RevokeOptions, RoleAssignmentInfo, RoleRequirement,
} from "./models.js";
import { mapPaged } from "../common/paging.js";
import { validateInputs } from "../common/schemas/validate.js";
import { roleAssignmentId as roleAssignmentIdSchema } from "../common/schemas/ids.js";
import * as schemas from "../common/schemas/roles.js";
import { requireConfirmation } from "../common/schemas/confirm.js";
import { backupRequirements, restoreRequirements, validateBackupRequest, validatePrincipalId, validateRestoreRequest } from "./permissions.js";

const defaultPropagationTimeoutInMs = 5 * 60_000;
const principalTypes: readonly PrincipalType[] = ["ServicePrincipal", "User", "Group", "ForeignGroup", "Device"];
const assignmentsSegment = "/providers/Microsoft.Authorization/roleAssignments/";

/** A grant request checked and with its role resolved to a GUID. */
interface ResolvedGrant {
  principalId: string;
  principalType: PrincipalType;
  /** The scope's id, for messages and comparisons. */
  scope: string;
  /** The parsed scope; requests use its encoded `path`. */
  scopeRef: RoleAssignmentScopeRef;
  subscriptionId: string;
  roleGuid: string;
  roleLabel: string;
}

/** Whether `outer` is `inner` or a parent scope of it (a management group or the root counts as a parent). */
function isAtOrAbove(outer: string, inner: string): boolean {
  const o = outer.toLowerCase().replace(/\/+$/, "");
  const i = inner.toLowerCase();
  return o === "" || o.startsWith("/providers/microsoft.management/managementgroups/") || i === o || i.startsWith(o + "/");
}

function toInfo(r: RoleAssignment): RoleAssignmentInfo {
  const guid = roleGuidOf(r.roleDefinitionId ?? "");
  return {
    id: r.id ?? "",
    name: r.name ?? "",
    scope: r.scope ?? "",
    roleDefinitionId: r.roleDefinitionId ?? "",
    roleName: guid ? builtInRoleName(guid) : undefined,
    principalId: r.principalId ?? "",
    principalType: r.principalType,
    createdOn: r.createdOn,
  };
}

function authorizationFix(g: ResolvedGrant): string {
  return `the identity running this code needs Owner or User Access Administrator (the Microsoft.Authorization/roleAssignments/write action) at scope ${g.scope} or a parent scope, to assign '${g.roleLabel}' to principal ${g.principalId}. Ask an Owner to grant it, or to run this step.`;
}

/**
 * Grants Azure roles to identities, idempotently: an assignment's name is derived from
 * (scope, principal, role), an equivalent assignment already in place (also at a parent scope)
 * means no write, and a new identity that RBAC cannot see yet is retried with backoff.
 * Also computes and grants the whole permission set of AKS backup and restore.
 */
export class RoleGranter {
  readonly #client: AuthorizationClient;
  readonly #clients: AzureClients;
  readonly #retryBaseInMs: number;

  /**
   * @param credential - identity with Owner or User Access Administrator on the scopes it grants at.
   * @param subscriptionId - the subscription's GUID.
   */
  constructor(credential: TokenCredential, subscriptionId: string, options: AksBackupClientOptions = {}) {
    validateClientArguments(subscriptionId, options, credential);
    this.#clients = clientsFor(credential, options);
    this.#client = this.#clients.authorization(subscriptionId);
    this.#retryBaseInMs = Math.max(1, options.pollIntervalInMs ?? defaultPollIntervalInMs);
  }

  /**
   * Assigns a role to a principal at a scope, unless an equivalent assignment (same principal
   * and role, at that scope or a parent scope) exists. Unknown roles, malformed principal ids
   * and scopes fail with `InputValidationError` before any write; `AuthorizationFailed` fails at
   * once, naming the role the caller needs.
   */
  async grant(request: GrantRequest, options: GrantOptions = {}): Promise<GrantResult> {
    validateInputs([schemas.grantRequest, request, ""], [schemas.grantOptions, options, "(options)"]);
    validateDurationInMs(options.propagationTimeoutInMs, "propagationTimeoutInMs");
    const g = await this.resolve(request, options.abortSignal, "", options.allowSubscriptionScope === true);
    const existing = await this.findExisting(g, options.abortSignal);
    if (existing) {
      logger.info(`'${g.roleLabel}' is already granted to ${g.principalId} at ${g.scope} (${existing})`);
      return { id: existing, created: false };
    }
    return this.create(g, options);
  }

  /** The role assignments at, above and below a scope (see the options to narrow it). */
  list(scope: string | RoleAssignmentScopeRef, options: ListRoleAssignmentsOptions = {}): PagedAsyncIterableIterator<RoleAssignmentInfo> {
    validateInputs([schemas.readScope, scope, "scope"], [schemas.listRoleAssignmentsOptions, options, "(options)"]);
    const ref = parseRoleAssignmentScope(scope, "scope", { allowSubscriptionScope: true });
    const s = ref.id;
    const clauses = [
      ...(options.atScopeAndAbove ? ["atScope()"] : []),
      ...(options.principalId !== undefined ? [`principalId eq '${validatePrincipalId(options.principalId, "principalId")}'`] : []),
    ];
    const filter = clauses.length > 0 ? clauses.join(" and ") : undefined;
    return mapPaged(this.#client.roleAssignments.listForScope(ref.path, { filter, abortSignal: options.abortSignal }), toInfo, `Listing role assignments at ${s}`);
  }

  /** Deletes a role assignment by id. Succeeds when it does not exist. */
  async revoke(roleAssignmentId: string | RoleAssignmentRef, options: RevokeOptions): Promise<void> {
    validateInputs([roleAssignmentIdSchema, roleAssignmentId, "roleAssignmentId"], [schemas.revokeOptions, options, "(options)"]);
    const id = parseRoleAssignmentId(roleAssignmentId, "roleAssignmentId");
    requireConfirmation("revoking the role assignment (the principal loses that access)", id.id, id.name, options?.confirm);
    try {
      await this.#client.roleAssignments.deleteById(id.path, { abortSignal: options.abortSignal });
    } catch (e) {
      if (isNotFound(e)) return;
      if (isRestError(e)) {
        throw new AzureRequestError(`Revoking ${id.id}`, e, e.code === "AuthorizationFailed"
          ? `the identity running this code needs Owner or User Access Administrator at ${id.parentId ?? id.id} to delete role assignments there.`
          : undefined);
      }
      throw e;
    }
  }

  /** The role assignments AKS backup needs, without granting them (reads the cluster's identity unless given). */
  async requiredForBackup(request: BackupPermissionsRequest, options: RequiredForBackupOptions = {}): Promise<RoleRequirement[]> {
    validateInputs([schemas.backupPermissionsRequest, request, ""], [schemas.permissionSetOptions, options, "(options)"]);
    validateBackupRequest(request);
    const principal = request.clusterPrincipalId ?? await this.clusterPrincipal(request.clusterId, "clusterId", options.abortSignal);
    return backupRequirements(request, principal);
  }

  /** The role assignments a restore to `targetClusterId` needs, without granting them. */
  async requiredForRestore(request: RestorePermissionsRequest, options: RequiredForRestoreOptions = {}): Promise<RoleRequirement[]> {
    validateInputs([schemas.restorePermissionsRequest, request, ""], [schemas.permissionSetOptions, options, "(options)"]);
    validateRestoreRequest(request);
    const principal = request.clusterPrincipalId ?? await this.clusterPrincipal(request.targetClusterId, "targetClusterId", options.abortSignal);
    return restoreRequirements(request, principal);
  }

  /** Which requirements are already met (reads only, in parallel): for plans. */
  async plan(requirements: readonly RoleRequirement[], options: PlanRoleAssignmentsOptions = {}): Promise<PlannedRoleAssignment[]> {
    validateInputs([schemas.roleRequirements, requirements, "requirements"], [schemas.permissionSetOptions, options, "(options)"]);
    const resolved = await Promise.all(requirements.map((r, i) => this.resolve(r, options.abortSignal, `requirements[${i}]`)));
    const found = await Promise.all(resolved.map((g) => this.findExisting(g, options.abortSignal)));
    return requirements.map((r, i) => ({ ...r, existingId: found[i] }));
  }

  /**
   * Grants every requirement in parallel (each idempotently). Every request is checked first,
   * so bad input fails with nothing written. When a grant fails, the others still finish; then
   * the failure is thrown (an `AggregateAksBackupError` when several failed).
   */
  async grantAll(requirements: readonly RoleRequirement[], options: GrantAllOptions = {}): Promise<GrantedRoleAssignment[]> {
    validateInputs([schemas.roleRequirements, requirements, "requirements"], [schemas.permissionSetOptions, options, "(options)"]);
    await Promise.all(requirements.map((r, i) => this.resolve(r, options.abortSignal, `requirements[${i}]`)));
    const outcomes = await Promise.allSettled(requirements.map((r) => this.grant({ principalId: r.principalId, role: r.role, scope: r.scope }, { ...options, allowSubscriptionScope: false })));
    const granted = throwIfAnyFailed(`Granting ${requirements.length} role assignment(s)`, outcomes);
    return requirements.map((r, i) => ({ ...r, ...granted[i]! }));
  }

  /** Computes and grants the backup permission set ({@link RoleGranter.requiredForBackup}). */
  async grantForBackup(request: BackupPermissionsRequest, options: GrantForBackupOptions = {}): Promise<GrantedRoleAssignment[]> {
    return this.grantAll(await this.requiredForBackup(request, options), options);
  }

  /** Computes and grants the restore permission set ({@link RoleGranter.requiredForRestore}). */
  async grantForRestore(request: RestorePermissionsRequest, options: GrantForRestoreOptions = {}): Promise<GrantedRoleAssignment[]> {
    return this.grantAll(await this.requiredForRestore(request, options), options);
  }

  /**
   * Whether the identity running this code may create role assignments at `scope` (a resource
   * group or a resource): Owner or User Access Administrator there or above. Reads only.
   */
  async canAssignRoles(scope: string | RoleAssignmentScopeRef, options: CanAssignRolesOptions = {}): Promise<boolean> {
    validateInputs([schemas.readScope, scope, "scope"], [schemas.permissionSetOptions, options, "(options)"]);
    return callerCanAssignRoles(this.#client, scope, options.abortSignal);
  }

  private async clusterPrincipal(clusterId: string | ClusterRef, parameter: string, abortSignal: AbortSignalLike | undefined): Promise<string> {
    const facts = await this.#clients.readers.readCluster(parseClusterId(clusterId, parameter), abortSignal);
    return requireClusterPrincipal(facts, parameter);
  }

  /** Checks a request and resolves its role to a GUID (a custom role name needs one read). */
  private async resolve(request: GrantRequest, abortSignal: AbortSignalLike | undefined, prefix = "", allowSubscriptionScope = false): Promise<ResolvedGrant> {
    const p = (name: string): string => (prefix ? `${prefix}.${name}` : name);
    const principalId = validatePrincipalId(request.principalId, p("principalId"));
    const scope = parseRoleAssignmentScope(request.scope, p("scope"), { allowSubscriptionScope });
    const principalType = request.principalType ?? "ServicePrincipal";
    if (!principalTypes.includes(principalType)) {
      throw new InputValidationError(p("principalType"), `'${String(principalType)}' is not a principal type`, `use one of ${principalTypes.join(", ")}`);
    }
    if (typeof request.role !== "string" || request.role.trim() === "") {
      throw new InputValidationError(p("role"), "it is empty", "pass a built-in role name such as \"Reader\", or a role definition id");
    }
    const base = { principalId, principalType, scope: scope.id, scopeRef: scope, subscriptionId: scope.subscriptionId };
    const builtIn = builtInRoleGuid(request.role);
    if (builtIn) return { ...base, roleGuid: builtIn, roleLabel: builtInRoleName(builtIn)! };
    const guid = roleGuidOf(request.role) ?? await this.customRoleGuid(request.role, scope, p("role"), abortSignal);
    if (!builtInRoleName(guid)) await this.requireRoleDefinition(guid, scope, p("role"), abortSignal);
    return { ...base, roleGuid: guid, roleLabel: builtInRoleName(guid) ?? request.role };
  }

  private unknownRole(parameter: string, role: string, scope: string): ResourceNotFoundError {
    return new ResourceNotFoundError(parameter, `'${role}' is not a role definition that exists at ${scope}`,
      `use a built-in role name (${Object.keys(builtInRoles).join(", ")}), a custom role's exact name, or a role definition id`);
  }

  private async customRoleGuid(name: string, scope: RoleAssignmentScopeRef, parameter: string, abortSignal: AbortSignalLike | undefined): Promise<string> {
    const filter = `roleName eq '${name.replace(/'/g, "''")}'`;
    for await (const def of mapPaged(this.#client.roleDefinitions.list(scope.path, { filter, abortSignal }), (d) => d, `Looking up role '${name}'`)) {
      if (def.name && isGuid(def.name)) return def.name.toLowerCase();
    }
    throw this.unknownRole(parameter, name, scope.id);
  }

  private async requireRoleDefinition(guid: string, scope: RoleAssignmentScopeRef, parameter: string, abortSignal: AbortSignalLike | undefined): Promise<void> {
    try {
      await this.#client.roleDefinitions.get(scope.path, guid, { abortSignal });
    } catch (e) {
      if (isNotFound(e)) throw this.unknownRole(parameter, guid, scope.id);
      if (isRestError(e)) throw new AzureRequestError(`Reading role definition ${guid}`, e);
      throw e;
    }
  }

  /** Id of an assignment of the role to the principal at the scope or a parent scope, if any. */
  private async findExisting(g: ResolvedGrant, abortSignal: AbortSignalLike | undefined): Promise<string | undefined> {
    const filter = `principalId eq '${g.principalId}'`;
    const pager = mapPaged(this.#client.roleAssignments.listForScope(g.scopeRef.path, { filter, abortSignal }), (r) => r, `Listing role assignments of ${g.principalId} at ${g.scope}`);
    for await (const r of pager) {
      if (r.scope && isAtOrAbove(r.scope, g.scope) && roleGuidOf(r.roleDefinitionId ?? "") === g.roleGuid) return r.id;
    }
    return undefined;
  }

  /** PUTs the assignment; rides out `PrincipalNotFound` on a schedule fitted to the propagation window, until the propagation timeout. */
  private async create(g: ResolvedGrant, options: GrantOptions): Promise<GrantResult> {
    const name = roleAssignmentName(g.scope, g.principalId, g.roleGuid);
    const timeoutInMs = options.propagationTimeoutInMs ?? defaultPropagationTimeoutInMs;
    const started = Date.now();
    const what = `Granting '${g.roleLabel}' to ${g.principalId} at ${g.scope}`;
    let firstFailure: number | undefined;
    for (let attempt = 1; ; attempt++) {
      let status = 0;
      try {
        const r = await this.#client.roleAssignments.create(g.scopeRef.path, name, {
          roleDefinitionId: `/subscriptions/${g.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${g.roleGuid}`,
          principalId: g.principalId,
          principalType: g.principalType,
        }, { abortSignal: options.abortSignal, onResponse: (raw) => { status = raw.status; } });
        logger.info(`${what}: ${status === 201 ? "created" : "already in place"} (${r.id ?? name})`);
        return { id: r.id ?? `${g.scope}${assignmentsSegment}${name}`, created: status === 201 };
      } catch (e) {
        if (!isRestError(e)) throw e;
        if (e.code === "RoleAssignmentExists") {
          return { id: (await this.findExisting(g, options.abortSignal)) ?? `${g.scope}${assignmentsSegment}${name}`, created: false };
        }
        const waited = Date.now() - started;
        firstFailure ??= Date.now();
        const wait = propagationRetryDelayInMs(Date.now() - firstFailure, this.#retryBaseInMs);
        if (e.code !== "PrincipalNotFound" || waited + wait > timeoutInMs) throw this.grantError(what, e, g, waited, timeoutInMs);
        options.onProgress?.({ principalId: g.principalId, attempt, waitedInMs: waited, nextRetryInMs: wait });
        logger.info(`${what}: the principal is not visible to RBAC yet (attempt ${attempt}); next try in ${wait} ms`);
        await delay(wait, { abortSignal: options.abortSignal, abortErrorMsg: `${what} was aborted.` });
      }
    }
  }

  private grantError(what: string, e: RestError, g: ResolvedGrant, waited: number, timeoutInMs: number): AzureRequestError {
    if (e.code === "AuthorizationFailed") return new AzureRequestError(what, e, authorizationFix(g));
    if (e.code === "PrincipalNotFound") {
      return new AzureRequestError(what, e, `principal ${g.principalId} is still not visible to Azure RBAC after ${waited} ms (limit ${timeoutInMs} ms). Check that it is the identity's object id (not its client id), or raise propagationTimeoutInMs.`);
    }
    return new AzureRequestError(what, e);
  }
}
