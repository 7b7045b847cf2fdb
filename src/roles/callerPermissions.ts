import type { AuthorizationClient } from "../clients/authorizationClient.js";
import type { Permission } from "../clients/authorizationModels.js";
import type { AbortSignalLike } from "@azure/abort-controller";
import { parseRoleAssignmentScope, type RoleAssignmentScopeRef } from "../common/references.js";
import { callAzure } from "../common/azureCalls.js";

const roleAssignmentWrite = "Microsoft.Authorization/roleAssignments/write";

function matches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, "\\$&")).join(".*")}$`, "i");
  return re.test(action);
}

/** Whether a set of role permissions allows `action` (some `actions` entry matches, no `notActions` entry does). */
export function permissionsAllow(permissions: readonly Permission[], action: string): boolean {
  return permissions.some((p) => (p.actions ?? []).some((a) => matches(a, action)) && !(p.notActions ?? []).some((n) => matches(n, action)));
}

/**
 * Whether the identity running this code may create role assignments at `scope` (a resource
 * group or a resource in one): it reads the caller's effective permissions there. Reads only.
 */
export async function callerCanAssignRoles(client: AuthorizationClient, scope: string | RoleAssignmentScopeRef, abortSignal?: AbortSignalLike): Promise<boolean> {
  return callerMay(client, scope, roleAssignmentWrite, abortSignal);
}

/**
 * Whether the identity running this code may perform `action` (e.g.
 * "Microsoft.ContainerService/managedClusters/read") at `scope` (a resource group or a resource
 * in one): it reads the caller's effective permissions there. Reads only.
 */
export async function callerMay(client: AuthorizationClient, scope: string | RoleAssignmentScopeRef, action: string, abortSignal?: AbortSignalLike): Promise<boolean> {
  const id = parseRoleAssignmentScope(scope, "scope");
  return callAzure(`Reading the caller's permissions at ${id.id}`, async () => {
    const pages = id.resourceType === "Microsoft.Resources/resourceGroups"
      ? client.permissions.listForResourceGroup(id.resourceGroupName!, { abortSignal })
      : client.permissions.listForResource(id.resourceGroupName!, id.namespace, parentPath(id.typeNames), id.typeNames.at(-1)!.type, id.name, { abortSignal });
    for await (const p of pages) if (permissionsAllow([p], action)) return true;
    return false;
  });
}

function parentPath(typeNames: ReadonlyArray<{ type: string; name: string }>): string {
  return typeNames.slice(0, -1).map((t) => `${t.type}/${t.name}`).join("/");
}
