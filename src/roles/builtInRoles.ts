import { createHash } from "node:crypto";
import { isGuid } from "../common/armId.js";

/**
 * Built-in Azure roles by name, with their role definition GUIDs (the same in every tenant).
 * Names are matched case-insensitively.
 */
export const builtInRoles = {
  /** Full access, including assigning roles. */
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  /** Full access to manage resources, without assigning roles. */
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  /** Read everything, change nothing. */
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  /** Manage role assignments. */
  "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  /** Read, write and delete blob containers and blobs. */
  "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  /** Read blob containers and blobs. */
  "Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
  /** Full access to blob containers and blobs, including POSIX access control. */
  "Storage Blob Data Owner": "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  /** Manage storage accounts, including their keys. */
  "Storage Account Contributor": "17d1049b-9a84-46fb-8f53-869881c3d3ab",
  /** Manage disk snapshots (Backup vault). */
  "Disk Snapshot Contributor": "7efff54f-a5b4-42b5-a1c5-5411624893ce",
  /** Read disks for backup (Backup vault). */
  "Disk Backup Reader": "3e5e47e6-65f7-47ef-90b5-e5dd4d455f24",
  /** Restore disks (Backup vault). */
  "Disk Restore Operator": "b50d9833-a0cb-478e-945f-707fcc997c13",
  /** Full access to Azure Files shares' data, ACLs included (AKS backup of Azure Files volumes). */
  "Storage File Data Privileged Contributor": "69566ab7-960f-475b-8e7c-b3118f30c6bd",
  /** Read and export managed disk and snapshot data (Backup vault, vault tier of AKS backups). */
  "Data Operator for Managed Disks": "959f8984-c045-4866-89c7-12bf9737be2e",
} as const;

/** Name of a role in {@link builtInRoles}. */
export type BuiltInRoleName = keyof typeof builtInRoles;

const definitionIdPattern = /^(?:\/subscriptions\/[^/]+)?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i;

/** The GUID of a built-in role by name (case-insensitive), or undefined. */
export function builtInRoleGuid(name: string): string | undefined {
  const key = Object.keys(builtInRoles).find((k) => k.toLowerCase() === name.trim().toLowerCase()) as BuiltInRoleName | undefined;
  return key ? builtInRoles[key] : undefined;
}

/** The built-in role name of a role definition GUID, or undefined. */
export function builtInRoleName(guid: string): string | undefined {
  const g = guid.toLowerCase();
  return Object.entries(builtInRoles).find(([, v]) => v === g)?.[0];
}

/**
 * The role definition GUID in a role given as a GUID or a role definition id
 * (`[/subscriptions/{s}]/providers/Microsoft.Authorization/roleDefinitions/{guid}`), else undefined.
 */
export function roleGuidOf(role: string): string | undefined {
  if (isGuid(role)) return role.toLowerCase();
  const guid = definitionIdPattern.exec(role.trim())?.[1];
  return guid !== undefined && isGuid(guid) ? guid.toLowerCase() : undefined;
}

/**
 * The deterministic name (a GUID) of the assignment of a role to a principal at a scope: the
 * same triple always gives the same name, so a repeated grant cannot make a duplicate.
 * A name-based (version 5 style) UUID over the lowercased scope, principal and role GUID.
 */
export function roleAssignmentName(scope: string, principalId: string, roleGuid: string): string {
  const key = `${scope.replace(/\/+$/, "").toLowerCase()}|${principalId.toLowerCase()}|${roleGuid.toLowerCase()}`;
  const b = createHash("sha256").update(key).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
