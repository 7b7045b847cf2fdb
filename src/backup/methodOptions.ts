/**
 * One options bag per {@link BackupInstanceManager} method (`<Method>Options`, as the Azure SDK
 * guidelines ask), so a method can gain an option without changing the others. Each names the
 * shared shape it has today.
 */
import type { OperationOptions } from "../common/options.js";
import type { ProtectionChangeOptions, ProtectionWaitOptions } from "./models.js";

/** Options of {@link BackupInstanceManager.getVault}. */
export type GetVaultOptions = OperationOptions;
/** Options of {@link BackupInstanceManager.getPolicy}. */
export type GetPolicyOptions = OperationOptions;
/** Options of {@link BackupInstanceManager.listPolicies}. */
export type ListPoliciesOptions = OperationOptions;
/** Options of {@link BackupInstanceManager.get}. */
export type GetBackupInstanceOptions = OperationOptions;
/** Options of {@link BackupInstanceManager.list}. */
export type ListBackupInstancesOptions = OperationOptions;
/** Options of {@link BackupInstanceManager.findForCluster}. */
export type FindForClusterOptions = OperationOptions;
/** Options of {@link BackupInstanceManager.configureProtection} and its `begin` twin. */
export type ConfigureProtectionOptions = ProtectionChangeOptions;
/** Options of {@link BackupInstanceManager.updateBackupConfiguration} and its `begin` twin. */
export type UpdateBackupConfigurationOptions = ProtectionChangeOptions;
/** Options of {@link BackupInstanceManager.changePolicy} and its `begin` twin. */
export type ChangePolicyOptions = ProtectionWaitOptions;
/** Options of {@link BackupInstanceManager.resumeProtection} and its `begin` twin. */
export type ResumeProtectionOptions = ProtectionWaitOptions;
/** Options of {@link BackupInstanceManager.getJob}. */
export type GetJobOptions = OperationOptions;
/** Options of {@link BackupInstanceManager.getRecoveryPoint}. */
export type GetRecoveryPointOptions = OperationOptions;
