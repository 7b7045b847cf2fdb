/** Schemas of `RoleGranter`'s requests and options. */
import { z } from "zod";
import { anyScope, clusterId, resourceGroupId, roleAssignmentScope, storageAccountId } from "./ids.js";
import { callback, durationInMs, guid, nonEmptyText, operationOptionsShape, realBoolean, strictObject } from "./primitives.js";

/** Principal types of a role assignment. */
export const principalType = z.enum(["ServicePrincipal", "User", "Group", "ForeignGroup", "Device"]);

/** `GrantRequest` (the scope's level is checked by the reference parser: a subscription needs the opt-in). */
export const grantRequest = strictObject({
  principalId: guid,
  role: nonEmptyText,
  scope: anyScope,
  principalType: principalType.optional(),
});

/** `GrantOptions` / `PermissionSetOptions`. */
export const grantOptions = strictObject({
  ...operationOptionsShape,
  propagationTimeoutInMs: durationInMs.optional(),
  onProgress: callback.optional(),
  allowSubscriptionScope: realBoolean.optional(),
}).optional();

/** `ListRoleAssignmentsOptions`. */
export const listRoleAssignmentsOptions = strictObject({
  ...operationOptionsShape,
  principalId: guid.optional(),
  atScopeAndAbove: realBoolean.optional(),
}).optional();

/** `RevokeOptions`: `confirm` = the assignment's GUID. */
export const revokeOptions = strictObject({ ...operationOptionsShape, confirm: z.string().optional() }).optional();

/** `BackupPermissionsRequest`. */
export const backupPermissionsRequest = strictObject({
  clusterId,
  storageAccountId,
  snapshotResourceGroupId: resourceGroupId,
  vaultPrincipalId: guid,
  extensionPrincipalId: guid,
  clusterPrincipalId: guid.optional(),
  vaultTier: realBoolean.optional(),
});

/** `RestorePermissionsRequest`. */
export const restorePermissionsRequest = strictObject({
  targetClusterId: clusterId,
  snapshotResourceGroupId: resourceGroupId,
  vaultPrincipalId: guid,
  clusterPrincipalId: guid.optional(),
  stagingResourceGroupId: resourceGroupId.optional(),
  stagingStorageAccountId: storageAccountId.optional(),
  extensionPrincipalId: guid.optional(),
});

/** A list of `RoleRequirement`s (as `requiredForBackup` returns them). */
export const roleRequirements = z.array(z.object({
  identity: z.enum(["cluster", "extension", "vault"]),
  principalId: guid,
  role: nonEmptyText,
  scope: roleAssignmentScope,
  reason: z.string(),
}), { error: "it is not a list of role requirements" });

/** `PermissionSetOptions`. */
export const permissionSetOptions = strictObject({
  ...operationOptionsShape,
  propagationTimeoutInMs: durationInMs.optional(),
  onProgress: callback.optional(),
}).optional();

/** A scope for `canAssignRoles` and `list` (reads: a subscription is allowed). */
export const readScope = anyScope;
