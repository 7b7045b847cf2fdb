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
  DataProtectionOperationError,
  InvalidStateError,
  JobFailedError,
  PreflightError,
  SetupStepError,
} from "./errors.js";
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
export { dataProtectionApiVersion } from "./dataProtection/transport.js";
export type * from "./dataProtection/models.js";
export type { DataProtectionLroOptions, DataProtectionOperationOptions, RecoveryPointsListOptions } from "./dataProtection/options.js";
export { BackupInstanceManager } from "./backup/backupInstanceManager.js";
export { aksPolicyPresets, aksBackupFrequencies, buildAksPolicy } from "./backup/policyPresets.js";
export { validateAksPolicy } from "./backup/policyValidation.js";
export { buildBackupInstance, buildDatasourceParameters, defaultBackupInstanceName, validateBackupConfiguration } from "./backup/requestBuilders.js";
export { allowedStates, isActionAllowed, type BackupInstanceAction } from "./backup/stateRules.js";
export type * from "./backup/models.js";
export { AksBackup } from "./facade/aksBackup.js";
export type { StepEvent, StepEventType, StepResult } from "./facade/progress.js";
export type {
  AksBackupOptions,
  BackupPlan,
  DisableBackupMode,
  DisableBackupRequest,
  EnableBackupOptions,
  EnableBackupRequest,
  EnableBackupResult,
  FleetClusterResult,
  FleetOptions,
  PlanAction,
  PreflightProblem,
  SetupRoleAssignment,
} from "./facade/models.js";
export { defaultExtensionResources, estimateExtensionMemoryBytes, recommendExtensionResources } from "./extension/sizing.js";
export { defaultJobTimeoutInMs } from "./backup/jobs/jobs.js";
export { isTerminalJobStatus, parseIsoDuration, terminalJobStatuses, toJobInfo } from "./backup/jobs/mapping.js";
export { isOutOfMemoryCode, jobCodeRemedies, jobCodeRemedy, type JobCodeRemedy } from "./backup/jobs/remedies.js";
export { buildJobFilter, defaultJobWindowInMs, jobOperationFilters, jobStatuses, type JobFilter } from "./backup/jobs/filter.js";
export { buildAdhocBackupRequest, retentionTagsOf } from "./backup/onDemand/backupNow.js";
export { buildRestoreCriteria, buildRestoreRequest, type RestoreTarget } from "./backup/restore/requestBuilder.js";
export { validateRestoreRequest } from "./backup/restore/validation.js";
export { effectiveResources, findOomFailures, nextExtensionResources, remediateExtensionOom } from "./extension/oomRemediation.js";
export type { ExtensionResourcesStep, OomRemediationOptions, OomRemediationResult, OomRemediationStep } from "./extension/oomRemediationModels.js";
export type { FullExtensionResources } from "./extension/sizing.js";
export type { JobsPage } from "./dataProtection/jobs.js";
export { continuationTokenOf } from "./backup/jobs/list.js";
