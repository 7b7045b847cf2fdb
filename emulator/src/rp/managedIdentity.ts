import { resourceNotFound } from "../http/armError.js";
import type { Route, RouteContext } from "../http/router.js";
import type { EmulatorState } from "../state/state.js";
import { resourceGroupId } from "../state/state.js";
import { ResourceTable } from "../state/table.js";
import { randomUUID } from "node:crypto";

/** A user-assigned managed identity (`Microsoft.ManagedIdentity/userAssignedIdentities`). */
export interface UserAssignedIdentityRecord {
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  location: string;
  /** Object id of its service principal in the emulated directory. */
  principalId: string;
  clientId: string;
  tenantId: string;
}

/**
 * Api-versions of Microsoft.ManagedIdentity. 2023-01-31 is recorded (shared/recordings,
 * test_role_assignment_at_scope). Guess: the other published versions as remembered from
 * azure-rest-api-specs (specification/msi), not checked one by one against a stored copy.
 */
export const managedIdentityApiVersions: readonly string[] = [
  "2024-11-30", "2023-07-31-preview", "2023-01-31", "2022-01-31-preview", "2021-09-30-preview", "2018-11-30", "2015-08-31-preview",
];

const identityTemplate = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{resourceName}";

/** Identity names: 3-128 letters, digits, '-' and '_', starting with a letter or digit (the MSI spec's pattern). */
export const userAssignedIdentityNamePattern = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/;

const tables = new WeakMap<EmulatorState, ResourceTable<UserAssignedIdentityRecord>>();

/** The user-assigned identities of an emulator. */
export function userAssignedIdentities(state: EmulatorState): ResourceTable<UserAssignedIdentityRecord> {
  let t = tables.get(state);
  if (!t) {
    t = new ResourceTable();
    tables.set(state, t);
  }
  return t;
}

/**
 * Creates a user-assigned identity (its resource group must exist). A principal the directory
 * already has for that id (e.g. from a cluster seeded with it) is reused, so both agree.
 */
export function createUserAssignedIdentity(state: EmulatorState, init: { subscriptionId: string; resourceGroup: string; name: string; location: string }): UserAssignedIdentityRecord {
  const id = `${resourceGroupId(init.subscriptionId, init.resourceGroup)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${init.name}`;
  const existing = userAssignedIdentities(state).get(id);
  if (existing) return existing;
  const principal = state.directory.ownedBy(id).find((p) => p.kind === "userAssigned") ?? state.directory.create("userAssigned", id);
  const record: UserAssignedIdentityRecord = {
    id, name: init.name, subscriptionId: init.subscriptionId, resourceGroup: init.resourceGroup, location: init.location,
    principalId: principal.principalId, clientId: randomUUID(), tenantId: principal.tenantId,
  };
  userAssignedIdentities(state).set(record);
  return record;
}

/** The identity's body, as recorded (test_role_assignment_at_scope, api 2023-01-31). */
function identityBody(r: UserAssignedIdentityRecord): Record<string, unknown> {
  return {
    location: r.location,
    tags: {},
    id: r.id,
    name: r.name,
    type: "Microsoft.ManagedIdentity/userAssignedIdentities",
    properties: { tenantId: r.tenantId, principalId: r.principalId, clientId: r.clientId },
  };
}

/** Routes of Microsoft.ManagedIdentity: reading a user-assigned identity. */
export function managedIdentityRoutes(state: EmulatorState): Route[] {
  const get = (ctx: RouteContext): Record<string, unknown> => {
    const { subscriptionId, resourceGroupName, resourceName } = ctx.params;
    const r = userAssignedIdentities(state).get(`${resourceGroupId(subscriptionId!, resourceGroupName!)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${resourceName!}`);
    if (!r) throw resourceNotFound("Microsoft.ManagedIdentity/userAssignedIdentities", resourceName!, resourceGroupName);
    return identityBody(r);
  };
  return [
    { method: "GET", template: identityTemplate, apiVersions: managedIdentityApiVersions, namespace: "Microsoft.ManagedIdentity", handler: (ctx) => ({ status: 200, body: get(ctx) }) },
  ];
}
