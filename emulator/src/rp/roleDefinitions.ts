import { ArmError, badRequest } from "../http/armError.js";
import type { EmulatorState } from "../state/state.js";

/** A role definition the emulator knows: built in, or added with `ArmEmulator.addCustomRole`. */
export interface RoleDefinitionEntry {
  guid: string;
  roleName: string;
  type: "BuiltInRole" | "CustomRole";
  description: string;
  actions: string[];
  dataActions: string[];
  assignableScopes: string[];
}

function builtIn(guid: string, roleName: string, description: string, actions: string[], dataActions: string[] = []): RoleDefinitionEntry {
  return { guid, roleName, type: "BuiltInRole", description, actions, dataActions, assignableScopes: ["/"] };
}

/**
 * Built-in roles with their real GUIDs (CONTRACTS.md section 3, Azure's built-in roles page).
 * Guess: the permission lists are abridged to the actions that matter for AKS backup.
 */
export const builtInRoleDefinitions: readonly RoleDefinitionEntry[] = [
  builtIn("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner", "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.", ["*"]),
  builtIn("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor", "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.", ["*"]),
  builtIn("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader", "View all resources, but does not allow you to make any changes.", ["*/read"]),
  builtIn("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator", "Lets you manage user access to Azure resources.", ["*/read", "Microsoft.Authorization/*"]),
  builtIn("69566ab7-960f-475b-8e7c-b3118f30c6bd", "Storage File Data Privileged Contributor", "Customized role that allows for read, write, delete and modify ACLs on files/directories in Azure file shares by overriding existing ACLs/NTFS permissions.",
    [], ["Microsoft.Storage/storageAccounts/fileServices/fileshares/files/*"]),
  builtIn("ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor", "Allows for read, write and delete access to Azure Storage blob containers and data.",
    ["Microsoft.Storage/storageAccounts/blobServices/containers/*"], ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"]),
  builtIn("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "Storage Blob Data Reader", "Allows for read access to Azure Storage blob containers and data.",
    ["Microsoft.Storage/storageAccounts/blobServices/containers/read"], ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"]),
  builtIn("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner", "Allows for full access to Azure Storage blob containers and data, including assigning POSIX access control.",
    ["Microsoft.Storage/storageAccounts/blobServices/containers/*"], ["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*"]),
  builtIn("17d1049b-9a84-46fb-8f53-869881c3d3ab", "Storage Account Contributor", "Lets you manage storage accounts, including accessing storage account keys.", ["Microsoft.Storage/storageAccounts/*"]),
  builtIn("7efff54f-a5b4-42b5-a1c5-5411624893ce", "Disk Snapshot Contributor", "Provides permission to backup vault to manage disk snapshots.", ["Microsoft.Compute/snapshots/*", "Microsoft.Resources/subscriptions/resourceGroups/read"]),
  builtIn("3e5e47e6-65f7-47ef-90b5-e5dd4d455f24", "Disk Backup Reader", "Provides permission to backup vault to perform disk backup.", ["Microsoft.Compute/disks/read", "Microsoft.Compute/disks/beginGetAccess/action"]),
  builtIn("b50d9833-a0cb-478e-945f-707fcc997c13", "Disk Restore Operator", "Provides permission to backup vault to perform disk restore.", ["Microsoft.Compute/disks/write", "Microsoft.Compute/disks/read"]),
  builtIn("959f8984-c045-4866-89c7-12bf9737be2e", "Data Operator for Managed Disks", "Provides permissions to upload data to empty managed disks, read, or export data of managed disks (not attached to running VMs) and snapshots using SAS URIs and Azure AD authentication.",
    [], ["Microsoft.Compute/disks/download/action", "Microsoft.Compute/disks/upload/action", "Microsoft.Compute/snapshots/download/action", "Microsoft.Compute/snapshots/upload/action"]),
];

const definitionIdPattern = /^(?:\/subscriptions\/([^/]+))?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i;

/** The built-in or custom role with this GUID, or undefined. */
export function findRoleDefinition(state: EmulatorState, guid: string): RoleDefinitionEntry | undefined {
  const g = guid.toLowerCase();
  const custom = state.customRoleDefinitions.get(g);
  if (custom) return { ...custom, type: "CustomRole" };
  return builtInRoleDefinitions.find((r) => r.guid === g);
}

/** Every role definition the emulator knows. */
export function allRoleDefinitions(state: EmulatorState): RoleDefinitionEntry[] {
  return [...builtInRoleDefinitions, ...[...state.customRoleDefinitions.values()].map((c) => ({ ...c, type: "CustomRole" as const }))];
}

/**
 * Resolves a `roleDefinitionId` of a role assignment body: the subscription form or the
 * scope-free form. 400 `InvalidRoleDefinitionId` for another shape, `RoleDefinitionDoesNotExist`
 * for an unknown GUID (both code names inferred, see CONTRACTS.md section 3).
 */
export function requireRoleDefinition(state: EmulatorState, roleDefinitionId: unknown): RoleDefinitionEntry {
  if (typeof roleDefinitionId !== "string" || roleDefinitionId === "") {
    throw badRequest("The 'properties.roleDefinitionId' property is required.", "InvalidRoleDefinitionId", "properties.roleDefinitionId");
  }
  const m = definitionIdPattern.exec(roleDefinitionId);
  if (!m) throw badRequest(`The role definition ID '${roleDefinitionId}' is not valid.`, "InvalidRoleDefinitionId", "properties.roleDefinitionId");
  const role = findRoleDefinition(state, m[2]!);
  if (!role) throw new ArmError(400, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${m[2]!}' does not exist.`);
  return role;
}

/** The role's full id in a subscription. */
export function roleDefinitionIdIn(subscriptionId: string, guid: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

/** ARM body of a role definition, as seen from a subscription (or tenant-wide when undefined). */
export function roleDefinitionBody(role: RoleDefinitionEntry, subscriptionId: string | undefined): Record<string, unknown> {
  return {
    id: subscriptionId ? roleDefinitionIdIn(subscriptionId, role.guid) : `/providers/Microsoft.Authorization/roleDefinitions/${role.guid}`,
    name: role.guid,
    type: "Microsoft.Authorization/roleDefinitions",
    properties: {
      roleName: role.roleName,
      type: role.type,
      description: role.description,
      assignableScopes: role.assignableScopes,
      permissions: [{ actions: role.actions, notActions: [], dataActions: role.dataActions, notDataActions: [] }],
      // Guess: fixed dates; the emulator does not track role definition history.
      createdOn: "2015-02-02T21:55:09.8806423Z",
      updatedOn: "2024-01-01T00:00:00.0000000Z",
      createdBy: null,
      updatedBy: null,
    },
  };
}
