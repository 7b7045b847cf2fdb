/**
 * `aks-backup`: set up and manage Azure Backup for AKS clusters, as typed, idempotent calls on
 * the Azure SDK.
 *
 * @packageDocumentation
 */
export { parseArmId, isGuid, resourceTypes, type ArmResourceId } from "./common/armId.js";
export {
  AksBackupError,
  AzureRequestError,
  InputValidationError,
  OperationFailedError,
  WaitTimeoutError,
  errorNames,
  type ServiceErrorDetail,
} from "./common/errors.js";
export type { AksBackupClientOptions, OperationOptions, WaitOptions } from "./common/options.js";
export type { WaitState } from "./common/poller.js";
export { isKubernetesQuantity, parseQuantity } from "./common/quantity.js";
export { ProviderRegistrar, validateNamespace } from "./providers/providerRegistrar.js";
export {
  defaultProviderNamespaces,
  type EnsureRegisteredOptions,
  type GetProviderOptions,
  type ProviderRegistration,
  type RegisterProviderOptions,
} from "./providers/models.js";
export { ExtensionManager } from "./extension/extensionManager.js";
export { backupExtensionType, defaultExtensionName } from "./extension/settings.js";
export type {
  ExtensionInfo,
  ExtensionResources,
  ExtensionWaitOptions,
  GetExtensionOptions,
  InstallExtensionParameters,
  ResourceQuantities,
  UpdateExtensionParameters,
} from "./extension/models.js";
export { RoleGranter } from "./roles/roleGranter.js";
export { builtInRoles, roleAssignmentName, type BuiltInRoleName } from "./roles/builtInRoles.js";
export type {
  BackupPermissionsRequest,
  GrantedRoleAssignment,
  GrantOptions,
  GrantProgress,
  GrantRequest,
  GrantResult,
  ListRoleAssignmentsOptions,
  PermissionSetOptions,
  PlannedRoleAssignment,
  PrincipalType,
  RequirementIdentity,
  RestorePermissionsRequest,
  RevokeOptions,
  RoleAssignmentInfo,
  RoleRequirement,
} from "./roles/models.js";
export { TrustedAccessBinder, bindingNameFor } from "./trustedAccess/trustedAccessBinder.js";
export {
  backupOperatorRole,
  type BindOptions,
  type BindResult,
  type GetBindingOptions,
  type TrustedAccessBindingInfo,
  type UnbindOptions,
} from "./trustedAccess/models.js";
export { DataProtectionClient } from "./dataProtection/client.js";
export { BackupVaults } from "./dataProtection/backupVaults.js";
export { BackupPolicies } from "./dataProtection/backupPolicies.js";
export { BackupInstances } from "./dataProtection/backupInstances.js";
export { Jobs } from "./dataProtection/jobs.js";
export { RecoveryPoints } from "./dataProtection/recoveryPoints.js";
export { OperationStatus } from "./dataProtection/operationStatus.js";
export { DataProtectionOperationError } from "./dataProtection/errors.js";
export { dataProtectionApiVersion } from "./dataProtection/transport.js";
export type * from "./dataProtection/models.js";
export type { DataProtectionLroOptions, DataProtectionOperationOptions, RecoveryPointsListOptions } from "./dataProtection/options.js";
export { BackupInstanceManager } from "./backup/backupInstanceManager.js";
export { InvalidStateError } from "./backup/errors.js";
export { aksPolicyPresets, aksBackupFrequencies, buildAksPolicy } from "./backup/policyPresets.js";
export { validateAksPolicy } from "./backup/policyValidation.js";
export { buildBackupInstance, buildDatasourceParameters, defaultBackupInstanceName, validateBackupConfiguration } from "./backup/requestBuilders.js";
export { allowedStates, isActionAllowed, type BackupInstanceAction } from "./backup/stateRules.js";
export type * from "./backup/models.js";
