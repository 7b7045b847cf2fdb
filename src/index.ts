/**
 * `aks-backup`: set up and manage Azure Backup for AKS clusters, as typed, idempotent calls on
 * the Azure SDK.
 *
 * @packageDocumentation
 */
export { parseArmId, isGuid, resourceTypes, type ArmResourceId } from "./common/armId.js";
export {
  parseSubscriptionId,
  parseResourceGroupId,
  parseClusterId,
  parseStorageAccountId,
  parseBlobContainerName,
  parseUserAssignedIdentityId,
  parseBackupVaultId,
  parseBackupPolicyId,
  parseBackupInstanceId,
  parseJobId,
  parseRecoveryPointId,
  parseExtensionId,
  parseTrustedAccessBindingId,
  parseRoleAssignmentId,
  parseRoleAssignmentScope,
  isReference,
  nameRules,
  type ScopeOptions,
  type NameKind,
  type NameRule,
} from "./common/references.js";
export type * from "./common/referenceTypes.js";
export {
  AksBackupError,
  AzureRequestError,
  InputValidationError,
  ConfirmationRequiredError,
  type InputIssue,
  OperationFailedError,
  WaitTimeoutError,
  errorNames,
  type ServiceErrorDetail,
  DataProtectionOperationError,
  InvalidStateError,
  JobFailedError,
  PreflightError,
  SetupStepError,
  SetupAbortedError,
  ResourceNotFoundError,
  ResourceGuardError,
  PrerequisiteError,
  AggregateAksBackupError,
  type AksBackupErrorOptions,
  ThrottledError,
} from "./errors.js";
export type { AksBackupClientOptions, OperationOptions, WaitOptions } from "./common/options.js";
export type { TokenPage } from "./common/paging.js";
export type { WaitState } from "./common/poller.js";
export { isKubernetesQuantity, parseQuantity } from "./common/quantity.js";
export { ProviderRegistrar } from "./providers/providerRegistrar.js";
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
  DeleteExtensionOptions,
  GetExtensionOptions,
  InstallExtensionOptions,
  UpdateExtensionOptions,
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
  CanAssignRolesOptions,
  GrantAllOptions,
  GrantForBackupOptions,
  GrantForRestoreOptions,
  PlanRoleAssignmentsOptions,
  RequiredForBackupOptions,
  RequiredForRestoreOptions,
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
  type IsRoleAvailableOptions,
  type ListBindingsOptions,
  type TrustedAccessBindingInfo,
  type UnbindOptions,
} from "./trustedAccess/models.js";
export { DataProtectionClient } from "./dataProtection/client.js";
export { BackupVaults } from "./dataProtection/backupVaults.js";
export { BackupPolicies } from "./dataProtection/backupPolicies.js";
export { BackupInstances } from "./dataProtection/backupInstances.js";
export { Jobs } from "./dataProtection/jobs.js";
export { RecoveryPoints } from "./dataProtection/recoveryPoints.js";
export {
  FetchCrossRegionRestoreJob,
  FetchCrossRegionRestoreJobs,
  FetchSecondaryRecoveryPoints,
  type CrossRegionRestoreJobRequest,
  type CrossRegionRestoreJobsRequest,
  type FetchCrossRegionRestoreJobsListOptions,
  type FetchSecondaryRecoveryPointsListOptions,
  type FetchSecondaryRPsRequestParameters,
} from "./dataProtection/crossRegionReads.js";
export { OperationStatus } from "./dataProtection/operationStatus.js";
export { DeletedBackupInstances } from "./dataProtection/deletedBackupInstances.js";
export { ResourceGuardProxies } from "./dataProtection/resourceGuardProxies.js";
export { criticalOperations, resourceGuardProxyName, type CriticalOperation } from "./backup/resourceGuards.js";
export { azureFilesVolumeType, azureFilesMaxRetentionDays, azureFilesRoleDefinitionGuid } from "./backup/azureFiles.js";
export { dataProtectionApiVersion } from "./dataProtection/transport.js";
export type * from "./dataProtection/models.js";
export type { DataProtectionLroOptions, DataProtectionOperationOptions, RecoveryPointsListOptions } from "./dataProtection/options.js";
export { BackupInstanceManager } from "./backup/backupInstanceManager.js";
export { aksPolicyPresets, aksBackupFrequencies, buildAksPolicy } from "./backup/policyPresets.js";
export { buildPolicyFromDefinition, policyHasVaultTier, vaultTierTags, type AksPolicyDefinition, type VaultTierRetention, type VaultTierTag } from "./backup/policyBuilder.js";
export { aksVaultTierUnsupportedRegions, vaultTierLimits, vaultTierProblems, type VaultTierProblem } from "./backup/vaultTierEligibility.js";
export type { ManagedDiskFacts } from "./clients/diskReader.js";
export { pairedRegionOf } from "./common/regionPairs.js";
export { validateAksPolicy } from "./backup/policyValidation.js";
export { defaultBackupInstanceName } from "./backup/requestBuilders.js";
export { allowedStates, isActionAllowed, type BackupInstanceAction } from "./backup/stateRules.js";
export type * from "./backup/models.js";
export { AksBackup } from "./facade/aksBackup.js";
export type { StepEvent, StepEventType, StepResult } from "./facade/progress.js";
export type {
  AksBackupOptions,
  BackupPlan,
  DisableBackupMode,
  DisableBackupOptions,
  DisableBackupRequest,
  EnableBackupOptions,
  EnableBackupRequest,
  EnableBackupResult,
  FleetClusterResult,
  FleetOptions,
  FleetPlan,
  PlanAction,
  PlanBackupForFleetOptions,
  PlanBackupOptions,
  PreflightProblem,
  SetupRoleAssignment,
} from "./facade/models.js";
export type {
  RestoreClusterOptions,
  RestoreClusterRequest,
  RestoreClusterResult,
  RestoreJobProgress,
  RestorePlan,
  RestorePlanAction,
  RestorePlanProblem,
  RestorePlanRecoveryPoint,
  RestoreProgressEvent,
  RestoreSource,
  RestoreStepName,
} from "./facade/restoreModels.js";
export { CrossRegionRestore } from "./dataProtection/crossRegionRestore.js";
export type { CrossRegionRestoreDetails, CrossRegionRestoreRequestObject, ValidateCrossRegionRestoreRequestObject } from "./dataProtection/crossRegionRestore.js";
export type { VaultTierStaging } from "./backup/restore/requestBuilder.js";
export type { ClusterBackupStatus, DiscoverOptions } from "./facade/discover/models.js";
export type { DoctorOptions, DoctorReport, Finding, FindingCode } from "./facade/doctor/models.js";
export { limits as backupLimits } from "./facade/doctor/backupChecks.js";
export { defaultClusterConcurrency } from "./facade/fleet.js";
export { defaultExtensionResources, estimateExtensionMemoryBytes, recommendExtensionResources } from "./extension/sizing.js";
export { defaultJobTimeoutInMs } from "./backup/jobs/jobs.js";
export { isTerminalJobStatus, terminalJobStatuses } from "./backup/jobs/mapping.js";
export { jobCodeRemedies, jobCodeRemedy, type JobCodeRemedy } from "./backup/jobs/remedies.js";
export { defaultJobWindowInMs, jobStatuses } from "./backup/jobs/filter.js";
export { remediateExtensionOom } from "./facade/oomRemediation.js";
export type { ExtensionResourcesStep, OomRemediationOptions, OomRemediationResult, OomRemediationStep } from "./facade/oomRemediationModels.js";
export type { FullExtensionResources } from "./extension/sizing.js";
