import type { OperationOptions } from "@azure/core-client";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { mapPages } from "../common/paging.js";
import type { FullOperationResponse } from "@azure/core-client";
import type { ArmTransport } from "./armTransport.js";
import type { Permission, RoleAssignment, RoleAssignmentCreateParameters, RoleDefinition } from "./authorizationModels.js";
import { encodeSegment } from "../common/referenceSegments.js";

/** The api-version of Microsoft.Authorization this client speaks (as `@azure/arm-authorization` 9). */
export const authorizationApiVersion = "2022-04-01";

/** Options of a list that takes an OData `$filter`. */
export interface FilteredListOptions extends OperationOptions {
  /** OData filter, e.g. `principalId eq '…'`, `atScope()`, `roleName eq '…'`. */
  filter?: string;
}

/** Options of a role assignment PUT. */
export interface RoleAssignmentCreateOptions extends OperationOptions {
  /** Called with the raw response (e.g. to tell 201 Created from 200). */
  onResponse?: (response: Pick<FullOperationResponse, "status">) => void;
}

type Resource<P> = { id?: string; name?: string; type?: string; properties?: P };

function flattenAssignment(r: Resource<Omit<RoleAssignment, "id" | "name" | "type" | "createdOn"> & { createdOn?: string }> | undefined): RoleAssignment {
  const { createdOn, ...properties } = r?.properties ?? {};
  return { id: r?.id, name: r?.name, type: r?.type, ...properties, ...(createdOn ? { createdOn: new Date(createdOn) } : {}) };
}

function flattenDefinition(r: Resource<Omit<RoleDefinition, "id" | "name" | "type">> | undefined): RoleDefinition {
  return { id: r?.id, name: r?.name, type: r?.type, ...(r?.properties ?? {}) };
}

/**
 * Role assignments, with the method shapes of `AuthorizationManagementClient.roleAssignments`.
 * As in the SDK, `scope` and `roleAssignmentId` go into the path as given: pass the encoded
 * `path` of a parsed reference.
 */
export class RoleAssignments {
  constructor(private readonly transport: ArmTransport) {}

  private path(scope: string, name?: string): string {
    return `${scope.replace(/\/+$/, "")}/providers/Microsoft.Authorization/roleAssignments${name === undefined ? "" : `/${encodeSegment(name, "roleAssignmentName")}`}`;
  }

  /** Creates (or, for the same properties, confirms) the assignment `name` at `scope`. */
  async create(scope: string, name: string, parameters: RoleAssignmentCreateParameters, options: RoleAssignmentCreateOptions = {}): Promise<RoleAssignment> {
    const url = this.transport.url(this.path(scope, name), { apiVersion: authorizationApiVersion });
    const r = await this.transport.send<Resource<never>>("PUT", url, { body: { properties: parameters }, abortSignal: options.abortSignal });
    options.onResponse?.({ status: r.status });
    return flattenAssignment(r.body);
  }

  /** Reads the assignment `name` at `scope` (a 404 `RestError` when absent). */
  async get(scope: string, name: string, options: OperationOptions = {}): Promise<RoleAssignment> {
    const r = await this.transport.send<Resource<never>>("GET", this.transport.url(this.path(scope, name), { apiVersion: authorizationApiVersion }), { abortSignal: options.abortSignal });
    return flattenAssignment(r.body);
  }

  /** Deletes an assignment by its full id; resolves with undefined when it did not exist (204). */
  async deleteById(roleAssignmentId: string, options: OperationOptions = {}): Promise<RoleAssignment | undefined> {
    const r = await this.transport.send<Resource<never> | undefined>("DELETE", this.transport.url(roleAssignmentId, { apiVersion: authorizationApiVersion }), { abortSignal: options.abortSignal });
    return r.body ? flattenAssignment(r.body) : undefined;
  }

  /** The assignments at, above and below `scope`, narrowed by `filter`. */
  listForScope(scope: string, options: FilteredListOptions = {}): PagedAsyncIterableIterator<RoleAssignment> {
    const url = this.transport.url(this.path(scope), { apiVersion: authorizationApiVersion, query: { $filter: options.filter } });
    return mapPages(this.transport.list<Resource<never>>(url, options.abortSignal), flattenAssignment);
  }
}

/** Role definitions, with the method shapes of `AuthorizationManagementClient.roleDefinitions`. */
export class RoleDefinitions {
  constructor(private readonly transport: ArmTransport) {}

  private path(scope: string, id?: string): string {
    return `${scope.replace(/\/+$/, "")}/providers/Microsoft.Authorization/roleDefinitions${id === undefined ? "" : `/${encodeSegment(id, "roleDefinitionId")}`}`;
  }

  /** The definitions assignable at `scope`, narrowed by `filter` (e.g. `roleName eq 'Reader'`). */
  list(scope: string, options: FilteredListOptions = {}): PagedAsyncIterableIterator<RoleDefinition> {
    const url = this.transport.url(this.path(scope), { apiVersion: authorizationApiVersion, query: { $filter: options.filter } });
    return mapPages(this.transport.list<Resource<never>>(url, options.abortSignal), flattenDefinition);
  }

  /** Reads a definition by GUID (a 404 `RestError` when absent). */
  async get(scope: string, roleDefinitionId: string, options: OperationOptions = {}): Promise<RoleDefinition> {
    const r = await this.transport.send<Resource<never>>("GET", this.transport.url(this.path(scope, roleDefinitionId), { apiVersion: authorizationApiVersion }), { abortSignal: options.abortSignal });
    return flattenDefinition(r.body);
  }
}

/**
 * The caller's effective permissions, with the method shapes of `AuthorizationManagementClient.permissions`
 * (`parentResourcePath` and `resourceType` go into the path as given, as in the SDK).
 */
export class Permissions {
  constructor(
    private readonly transport: ArmTransport,
    private readonly subscriptionId: string,
  ) {}

  private rg(resourceGroupName: string): string {
    return `/subscriptions/${encodeSegment(this.subscriptionId, "subscriptionId")}/resourceGroups/${encodeSegment(resourceGroupName, "resourceGroupName")}`;
  }

  /** The caller's permissions on a resource group. */
  listForResourceGroup(resourceGroupName: string, options: OperationOptions = {}): PagedAsyncIterableIterator<Permission> {
    const url = this.transport.url(`${this.rg(resourceGroupName)}/providers/Microsoft.Authorization/permissions`, { apiVersion: authorizationApiVersion });
    return this.transport.list<Permission>(url, options.abortSignal);
  }

  /** The caller's permissions on a resource (`parentResourcePath` may be empty). */
  listForResource(resourceGroupName: string, resourceProviderNamespace: string, parentResourcePath: string, resourceType: string, resourceName: string, options: OperationOptions = {}): PagedAsyncIterableIterator<Permission> {
    const parent = parentResourcePath ? `${parentResourcePath}/` : "";
    const path = `${this.rg(resourceGroupName)}/providers/${encodeSegment(resourceProviderNamespace, "resourceProviderNamespace")}/${parent}${resourceType}/${encodeSegment(resourceName, "resourceName")}/providers/Microsoft.Authorization/permissions`;
    return this.transport.list<Permission>(this.transport.url(path, { apiVersion: authorizationApiVersion }), options.abortSignal);
  }
}

/**
 * A thin typed Microsoft.Authorization client (api-version 2022-04-01) on the shared Azure
 * core pipeline, shaped like `AuthorizationManagementClient` of `@azure/arm-authorization`
 * (which is CommonJS only and would load a second copy of Azure core in ESM), with only the
 * operations this library uses.
 */
export class AuthorizationClient {
  /** Role assignments. */
  readonly roleAssignments: RoleAssignments;
  /** Role definitions. */
  readonly roleDefinitions: RoleDefinitions;
  /** The caller's effective permissions. */
  readonly permissions: Permissions;

  constructor(transport: ArmTransport, subscriptionId: string) {
    this.roleAssignments = new RoleAssignments(transport);
    this.roleDefinitions = new RoleDefinitions(transport);
    this.permissions = new Permissions(transport, subscriptionId);
  }
}
