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
  type ClusterIdentityOption,
  type EmulatorClientOptions,
} from "./emulator.js";
export type { ArmEmulatorOptions, EmulatorDurations, EmulatorProfile } from "./options.js";
export type { FaultSpec } from "./http/faults.js";
export type { ClusterConditions } from "./state/records.js";
export type { ThrottleOptions } from "./http/throttle.js";
export type { HttpMethod } from "./http/router.js";
export type { RequestLogEntry } from "./http/server.js";
