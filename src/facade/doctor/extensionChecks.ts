import { parseQuantity } from "../../common/quantity.js";
import { defaultExtensionResources, estimateExtensionMemoryBytes, recommendExtensionResources } from "../../extension/sizing.js";
import { settingKeys } from "../../extension/settings.js";
import type { ExtensionInfo } from "../../extension/models.js";
import { extensionStateFindings } from "../discover/status.js";
import { finding } from "./findings.js";
import type { Finding } from "./models.js";

/** What doctor read about the Backup Extension and where it writes. */
export interface ExtensionFacts {
  /** The extension, when installed. */
  info: ExtensionInfo | undefined;
  /** Its (non-secret) configuration settings. */
  settings: Record<string, string>;
  /** Whether its storage account exists (undefined: not known). */
  storageAccountExists: boolean | undefined;
  /** Whether its blob container exists (undefined: not known). */
  containerExists: boolean | undefined;
  /** The cluster's name (a policy-installed extension writes to `azure-aks-backup-<name>`). */
  clusterName: string;
  /** Kubernetes objects in the cluster, when the caller gave the count. */
  resourceCount: number | undefined;
  /** Whether a recent backup or restore failed because the extension ran out of memory. */
  outOfMemory: boolean;
}

const setting = (settings: Record<string, string>, keys: readonly string[]): string | undefined => keys.map((k) => settings[k]).find((v) => v !== undefined);

/**
 * Findings about the extension: state, storage account and container, `useAAD`, memory vs the
 * cluster's object count (or an out-of-memory job), and one installed by Azure Policy (reused).
 */
export function extensionFindings(f: ExtensionFacts): Finding[] {
  const out = extensionStateFindings(f.info);
  const ext = f.info;
  if (!ext) return out;
  if (ext.provisioningState === "Failed" && ext.errorInfo) out[0] = { ...out[0]!, message: `${out[0]!.message} (${ext.errorInfo.code}: ${ext.errorInfo.message})` };
  if (f.storageAccountExists === false) {
    out.push(finding("extension.storageAccountMissing", `the storage account the extension writes to (${ext.storageAccountId ?? "?"}) does not exist`,
      "create it again (same name, the cluster's region), or run enableBackup with another storageAccountId and moveExtensionStorage: true"));
  } else if (f.containerExists === false) {
    out.push(finding("extension.containerMissing", `the blob container '${ext.blobContainer ?? "?"}' the extension writes to does not exist`, "run enableBackup (it creates the container), or create it"));
  }
  const useAad = setting(f.settings, settingKeys.useAad);
  if (useAad?.toLowerCase() !== "true") {
    out.push(finding("extension.useAadOff", "the extension does not use Microsoft Entra ID (useAAD) to reach the storage account: it needs a shared key, which storage accounts with key access disabled refuse",
      "set the extension setting configuration.backupStorageLocation.config.useAAD=true (az k8s-extension update --configuration-settings ...); enableBackup sets it"));
  }
  const limit = parseQuantity(ext.resources.limits.memory ?? defaultExtensionResources.limits.memory) ?? 0;
  if (f.outOfMemory) {
    out.push(finding("extension.undersized", "a recent backup or restore failed because the extension pod ran out of memory",
      "raise its memory limit: remediateExtensionOom(...), or ExtensionManager.update with recommendExtensionResources(<object count>)", "error"));
  } else if (f.resourceCount !== undefined && limit < estimateExtensionMemoryBytes(f.resourceCount)) {
    const recommended = recommendExtensionResources(f.resourceCount);
    out.push(finding("extension.undersized", `the extension's memory limit (${ext.resources.limits.memory ?? defaultExtensionResources.limits.memory}) is below what ${f.resourceCount} objects need`,
      `raise it: ExtensionManager.update(clusterId, { resources: ${JSON.stringify(recommended)} })`));
  }
  if (ext.blobContainer?.toLowerCase() === `azure-aks-backup-${f.clusterName.toLowerCase()}`) {
    out.push(finding("extension.installedByPolicy", `the extension looks installed by the Azure Policy "Install Azure Backup Extension in AKS clusters" (container ${ext.blobContainer}); it is reused`,
      `pass storageAccountId ${ext.storageAccountId ?? "?"} and blobContainer ${ext.blobContainer} to enableBackup so it keeps this extension`));
  }
  return out;
}
