/**
 * `aks-backup-emulator`: an ARM emulator for offline tests of AKS backup automation.
 *
 * @packageDocumentation
 */
export {
  ArmEmulator,
  startArmEmulator,
  type AddClusterOptions,
  type AddResourceGroupOptions,
  type AddStorageAccountOptions,
  type AddUserAssignedIdentityOptions,
  type AddResourceGuardOptions,
  type ClusterIdentityOption,
  type EmulatorClientOptions,
} from "./emulator.js";
export type { ArmEmulatorOptions, EmulatorDurations, EmulatorProfile } from "./options.js";
export type { EmulatorConnection } from "./connectionFile.js";
export { loadWorldFile, seedEmulator, type SeededWorld } from "./seed.js";
export { parseWorld } from "./seedSchema.js";
export {
  SeedError,
  type EmulatorWorld,
  type WorldBackupExtension,
  type WorldCluster,
  type WorldDisk,
  type WorldKubeObject,
  type WorldResource,
  type WorldResourceGroup,
  type WorldStorageAccount,
} from "./seedWorld.js";
export type { FaultSpec } from "./http/faults.js";
export type { ClusterConditions, KubeObjectRecord } from "./state/records.js";
export type { KubeObjectSeed } from "./rp/clusterObjects.js";
export type { ClusterDiskSeed } from "./rp/compute.js";
export { aksBackupRegions, aksVaultTierUnsupportedRegions, backupVaultRegions, supportsAksCrossRegionRestore, supportsAksVaultTier, supportsBackupVault } from "./data/regions.js";
export type { ThrottleOptions } from "./http/throttle.js";
export type { HttpMethod } from "./http/router.js";
export type { RequestLogEntry } from "./http/server.js";
