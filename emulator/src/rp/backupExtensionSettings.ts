import { isKubernetesQuantity, parseQuantity } from "./quantity.js";
import { badRequest } from "../http/armError.js";

/** The Backup Extension's type, as ARM stores it. */
export const backupExtensionType = "microsoft.dataprotection.kubernetes";

/** Extension types the emulator can install (a subset of the marketplace). */
export const knownExtensionTypes = [
  backupExtensionType,
  "microsoft.dapr",
  "microsoft.flux",
  "microsoft.azureml.kubernetes",
  "microsoft.azurekeyvaultsecretsprovider",
  "microsoft.azuremonitor.containers",
  "microsoft.openservicemesh",
];

/** Settings the backup extension's chart reads its storage location from: long key -> short key. */
const storageLocationKeys: Array<[string, string]> = [
  ["configuration.backupStorageLocation.bucket", "blobContainer"],
  ["configuration.backupStorageLocation.config.storageAccount", "storageAccount"],
  ["configuration.backupStorageLocation.config.resourceGroup", "storageAccountResourceGroup"],
  ["configuration.backupStorageLocation.config.subscriptionId", "storageAccountSubscriptionId"],
];

/** Settings that hold a Kubernetes quantity. */
const quantityKeys = ["resources.limits.cpu", "resources.limits.memory", "resources.requests.cpu", "resources.requests.memory", "cpuLimit", "memoryLimit"];

/**
 * Checks the backup extension's configuration settings as its chart would reject them.
 * Guess: the real service accepts any settings map and the chart fails later; the emulator
 * rejects at once with 400 `InvalidConfigurationSettings` so that broken input is visible.
 */
export function validateBackupExtensionSettings(settings: Record<string, string>): void {
  for (const [long, short] of storageLocationKeys) {
    const a = settings[long];
    const b = settings[short];
    if (a === undefined && b === undefined) {
      throw badRequest(`The Backup Extension needs the configuration setting '${long}' (or '${short}').`, "InvalidConfigurationSettings", long);
    }
    if (a !== undefined && b !== undefined && a !== b) {
      throw badRequest(`The configuration settings '${long}' and '${short}' disagree ('${a}' vs '${b}').`, "InvalidConfigurationSettings", long);
    }
  }
  for (const key of quantityKeys) {
    const v = settings[key];
    if (v === undefined) continue;
    if (!isKubernetesQuantity(v) || !(parseQuantity(v)! > 0)) {
      throw badRequest(`The configuration setting '${key}' has the value '${v}', which is not a positive Kubernetes quantity.`, "InvalidConfigurationSettings", key);
    }
  }
}

/** The memory limit the extension pod runs with, in bytes (chart default 1280Mi). */
export function extensionMemoryLimitBytes(settings: Record<string, string>): number {
  const v = settings["resources.limits.memory"] ?? settings["memoryLimit"];
  return (v !== undefined ? parseQuantity(v) : undefined) ?? 1280 * 2 ** 20;
}
