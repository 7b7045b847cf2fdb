/**
 * Resource guard data, as recorded (shared/recordings, the Azure CLI's resource guard tests):
 * the `resourceGuardOperations` a new guard lists, by the api-version of the recording that showed
 * them (`resource_guard_update` at 2023-01-01: 8, `resource_guard_mapping` at 2023-11-01: 21,
 * `resource_guard_create_and_delete` at 2024-04-01: 18), and the operation details of a vault's
 * resource guard proxy (`resource_guard_mapping`), with the request type of each default request.
 * Guess: the lists changed with the service over time rather than with the api-version; the
 * emulator answers the list of the newest recording at or below the request's api-version.
 */

/** `[vaultCriticalOperation, requestResourceType]` pairs of a new guard, by recorded api-version (newest first). */
export const guardOperationsByVersion: ReadonlyArray<[string, ReadonlyArray<readonly [string, string]>]> = [
  ["2024-04-01", [
    ["Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/delete", "Microsoft.DataProtection/resourceGuards/deleteProtectedItemRequests"],
    ["Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/write", "Microsoft.DataProtection/resourceGuards/updateProtectedItemRequests"],
    ["Microsoft.RecoveryServices/vaults/backupPolicies/write", "Microsoft.DataProtection/resourceGuards/updateProtectionPolicyRequests"],
    ["Microsoft.RecoveryServices/vaults/backupResourceGuardProxies/delete", "Microsoft.DataProtection/resourceGuards/deleteResourceGuardProxyRequests"],
    ["Microsoft.RecoveryServices/vaults/backupSecurityPIN/action", "Microsoft.DataProtection/resourceGuards/getBackupSecurityPINRequests"],
    ["Microsoft.RecoveryServices/vaults/backupconfig/write", "Microsoft.DataProtection/resourceGuards/disableSoftDeleteRequests"],
    ["Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/write#stopProtectionWithRetainData", "Microsoft.DataProtection/resourceGuards/stopProtectionWithRetainDataRequests"],
    ["Microsoft.RecoveryServices/vaults/write#reduceImmutabilityState", "Microsoft.DataProtection/resourceGuards/reduceImmutabilityStateRequests"],
    ["Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/restore/action", "Microsoft.DataProtection/resourceGuards/triggerRestoreRequests"],
    ["Microsoft.DataProtection/backupVaults/backupInstances/delete", "Microsoft.DataProtection/backupVaults/backupInstances/delete"],
    ["Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/delete", "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/delete"],
    ["Microsoft.DataProtection/backupVaults/write#reduceImmutabilityState", "Microsoft.DataProtection/backupVaults/write#reduceImmutabilityState"],
    ["Microsoft.DataProtection/backupVaults/write#reduceSoftDeleteSecurity", "Microsoft.DataProtection/backupVaults/write#reduceSoftDeleteSecurity"],
    ["Microsoft.DataProtection/backupVaults/write#modifyEncryptionSettings", "Microsoft.DataProtection/backupVaults/write#modifyEncryptionSettings"],
    ["Microsoft.DataProtection/backupVaults/backupInstances/stopProtection/action", "Microsoft.DataProtection/backupVaults/backupInstances/stopProtection/action"],
    ["Microsoft.DataProtection/backupVaults/backupInstances/suspendBackups/action", "Microsoft.DataProtection/backupVaults/backupInstances/suspendBackups/action"],
    ["Microsoft.DataProtection/backupVaults/backupInstances/write", "Microsoft.DataProtection/backupVaults/backupInstances/write"],
    ["Microsoft.DataProtection/backupVaults/backupInstances/restore/action", "Microsoft.DataProtection/backupVaults/backupInstances/restore/action"],
  ]],
  ["2023-11-01", [
    ["Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/delete", "Microsoft.DataProtection/resourceGuards/deleteProtectedItemRequests"],
    ["Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/recoveryPoints/restore/action", "Microsoft.DataProtection/resourceGuards/triggerRestoreRequests"],
    ["Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/write", "Microsoft.DataProtection/resourceGuards/updateProtectedItemRequests"],
    ["Microsoft.RecoveryServices/vaults/backupPolicies/write", "Microsoft.DataProtection/resourceGuards/updateProtectionPolicyRequests"],
    ["Microsoft.RecoveryServices/vaults/backupResourceGuardProxies/delete", "Microsoft.DataProtection/resourceGuards/deleteResourceGuardProxyRequests"],
    ["Microsoft.RecoveryServices/vaults/backupSecurityPIN/action", "Microsoft.DataProtection/resourceGuards/getBackupSecurityPINRequests"],
    ["Microsoft.RecoveryServices/vaults/backupconfig/write", "Microsoft.DataProtection/resourceGuards/disableSoftDeleteRequests"],
    ["Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/write#stopProtectionWithRetainData", "Microsoft.DataProtection/resourceGuards/stopProtectionWithRetainDataRequests"],
    ["Microsoft.RecoveryServices/vaults/write#reduceImmutabilityState", "Microsoft.DataProtection/resourceGuards/reduceImmutabilityStateRequests"],
    ["Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/write#modifyPolicyWithShorterRPO", "Microsoft.DataProtection/resourceGuards/modifyPolicyWithShorterRPORequests"],
    ["Microsoft.DataProtection/backupVaults/backupInstances/delete", "Microsoft.DataProtection/backupVaults/backupInstances/delete"],
    ["Microsoft.DataProtection/backupVaults/backupInstances/restore/action", "Microsoft.DataProtection/backupVaults/backupInstances/restore/action"],
    ["Microsoft.DataProtection/backupVaults/backupInstances/stopProtection/action", "Microsoft.DataProtection/backupVaults/backupInstances/stopProtection/action"],
    ["Microsoft.DataProtection/backupVaults/backupInstances/suspendBackups/action", "Microsoft.DataProtection/backupVaults/backupInstances/suspendBackups/action"],
    ["Microsoft.DataProtection/backupVaults/backupInstances/write", "Microsoft.DataProtection/backupVaults/backupInstances/write"],
    ["Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/delete", "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/delete"],
    ["Microsoft.DataProtection/backupVaults/delete", "Microsoft.DataProtection/backupVaults/delete"],
    ["Microsoft.DataProtection/backupVaults/read", "Microsoft.DataProtection/backupVaults/read"],
    ["Microsoft.DataProtection/backupVaults/write", "Microsoft.DataProtection/backupVaults/write"],
    ["Microsoft.DataProtection/backupVaults/write#reduceImmutabilityState", "Microsoft.DataProtection/backupVaults/write#reduceImmutabilityState"],
    ["Microsoft.DataProtection/backupVaults/write#reduceSoftDeleteSecurity", "Microsoft.DataProtection/backupVaults/write#reduceSoftDeleteSecurity"],
  ]],
  ["2023-01-01", [
    ["Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/delete", "Microsoft.DataProtection/resourceGuards/deleteProtectedItemRequests"],
    ["Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/write", "Microsoft.DataProtection/resourceGuards/updateProtectedItemRequests"],
    ["Microsoft.RecoveryServices/vaults/backupPolicies/write", "Microsoft.DataProtection/resourceGuards/updateProtectionPolicyRequests"],
    ["Microsoft.RecoveryServices/vaults/backupResourceGuardProxies/delete", "Microsoft.DataProtection/resourceGuards/deleteResourceGuardProxyRequests"],
    ["Microsoft.RecoveryServices/vaults/backupSecurityPIN/action", "Microsoft.DataProtection/resourceGuards/getBackupSecurityPINRequests"],
    ["Microsoft.RecoveryServices/vaults/backupconfig/write", "Microsoft.DataProtection/resourceGuards/disableSoftDeleteRequests"],
    ["Microsoft.DataProtection/backupVaults/backupInstances/delete", "Microsoft.DataProtection/backupVaults/backupInstances/delete"],
    ["Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/delete", "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/delete"],
  ]],
];

/** `[vaultCriticalOperation, default request type or null]` of a resource guard proxy, in recorded order. */
export const proxyOperationDetails: ReadonlyArray<readonly [string, string | null]> = [
  ["Microsoft.DataProtection/backupVaults/backupInstances/delete", "deleteBackupInstanceRequests"],
  ["Microsoft.DataProtection/backupVaults/backupInstances/restore/action", "dppTriggerRestoreRequests"],
  ["Microsoft.DataProtection/backupVaults/backupInstances/stopProtection/action", "dppDisableStopProtectionRequests"],
  ["Microsoft.DataProtection/backupVaults/backupInstances/suspendBackups/action", "dppDisableSuspendBackupsRequests"],
  ["Microsoft.DataProtection/backupVaults/backupInstances/write", "dppModifyPolicy"],
  ["Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/delete", "deleteResourceGuardProxyRequests"],
  ["Microsoft.DataProtection/backupVaults/delete", null],
  ["Microsoft.DataProtection/backupVaults/read", null],
  ["Microsoft.DataProtection/backupVaults/write", null],
  ["Microsoft.DataProtection/backupVaults/write#reduceImmutabilityState", "dppReduceImmutabilityStateRequests"],
  ["Microsoft.DataProtection/backupVaults/write#reduceSoftDeleteSecurity", "dppReduceSoftDeleteSecurityRequests"],
];
