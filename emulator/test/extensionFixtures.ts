import type { Extension } from "@azure/arm-kubernetesconfiguration";
import type { ArmEmulator } from "../src/index.js";
import { specValidator } from "./support/specs.js";

const spec = "Microsoft.KubernetesConfiguration/2025-03-01/extensions.json";
const common = "Microsoft.KubernetesConfiguration/common/2022-03-01/definitions.json";

/** Spec validators for extension responses. */
export const validateExtension = specValidator(spec, "Extension");
export const validateExtensionList = specValidator(spec, "ExtensionsList");
export const validateOperationStatus = specValidator(common, "OperationStatusResult");

/** Storage settings the backup extension needs, for a storage account in `rg`. */
export function storageSettings(emu: ArmEmulator, account: string, rg: string, container = "velero"): Record<string, string> {
  return {
    "configuration.backupStorageLocation.bucket": container,
    "configuration.backupStorageLocation.config.storageAccount": account,
    "configuration.backupStorageLocation.config.resourceGroup": rg,
    "configuration.backupStorageLocation.config.subscriptionId": emu.subscriptionId,
    "credentials.tenantId": emu.tenantId,
    "configuration.backupStorageLocation.config.useAAD": "true",
    "configuration.backupStorageLocation.config.storageAccountURI": `https://${account}.blob.core.windows.net/`,
  };
}

/** The backup extension as the CLI creates it (SDK model: properties flattened). */
export function backupExtension(emu: ArmEmulator, account: string, rg: string, extra: Record<string, string> = {}): Extension {
  return {
    extensionType: "microsoft.dataprotection.kubernetes",
    releaseTrain: "stable",
    autoUpgradeMinorVersion: true,
    scope: { cluster: { releaseNamespace: "dataprotection-microsoft" } },
    configurationSettings: { ...storageSettings(emu, account, rg), ...extra },
  };
}

/** Path of an extension (or the list when `name` is omitted) on a cluster id. */
export function extensionPath(clusterId: string, name?: string): string {
  return `${clusterId}/providers/Microsoft.KubernetesConfiguration/extensions${name ? `/${name}` : ""}`;
}
