import type { OperationOptions, WaitOptions } from "../common/options.js";
import type { WaitState } from "../common/poller.js";

/** CPU and memory as Kubernetes quantities: CPU "500m" or "1"; memory "4400Mi" or "1Gi". */
export interface ResourceQuantities {
  /** CPU, e.g. "500m" or "1". */
  cpu?: string;
  /** Memory, e.g. "1280Mi" or "4Gi". */
  memory?: string;
}

/** CPU and memory limits and requests of the extension's pod. */
export interface ExtensionResources {
  /** What the pod may use at most (`resources.limits.*`); above the memory limit it is OOMKilled. */
  limits?: ResourceQuantities;
  /** What the pod is scheduled with (`resources.requests.*`). */
  requests?: ResourceQuantities;
}

/** The Backup Extension on a cluster, as `ExtensionManager` reports it. */
export interface ExtensionInfo {
  /** ARM id of the extension. */
  id: string;
  /** Extension name, "azure-aks-backup" unless installed under another name. */
  name: string;
  /** "microsoft.dataprotection.kubernetes". */
  extensionType: string;
  /** "Creating", "Updating", "Succeeded", "Failed", "Deleting" or "Canceled". */
  provisioningState: string;
  /** Installed version, once known. */
  version: string | undefined;
  /** Release train, e.g. "stable". */
  releaseTrain: string | undefined;
  /** Object id of the extension's managed identity (set once the install succeeded). */
  principalId: string | undefined;
  /** ARM id of the storage account backups are written to (rebuilt from the settings). */
  storageAccountId: string | undefined;
  /** Blob container backups are written to. */
  blobContainer: string | undefined;
  /**
   * Whether the extension reaches the storage account with Microsoft Entra ID (`useAAD`), as the
   * library installs it; false when set off (it then needs the account's shared key).
   */
  useAad: boolean;
  /** CPU and memory settings; absent values use the chart's defaults. */
  resources: {
    /** `resources.limits.*` as set (empty: the chart's defaults). */
    limits: ResourceQuantities;
    /** `resources.requests.*` as set (empty: the chart's defaults). */
    requests: ResourceQuantities;
  };
  /** Why the last operation failed, when `provisioningState` is "Failed". */
  errorInfo: {
    /** The extension service's error code. */
    code: string;
    /** Its message. */
    message: string;
  } | undefined;
}

/** What to install. */
export interface InstallExtensionParameters {
  /** ARM id of the storage account for backups (it may be in another subscription). */
  storageAccountId: string;
  /** Blob container in that account (3-63 lowercase letters, digits, hyphens). */
  blobContainer: string;
  /** CPU and memory of the extension pod. Default: the chart's (requests 500m/256Mi, limits 1000m/1280Mi). */
  resources?: ExtensionResources;
  /** Extension name. Default: "azure-aks-backup". */
  name?: string;
  /** Release train. Default: "stable". */
  releaseTrain?: string;
  /**
   * The installed extension's name, when this install would move its storage to another
   * account or container (backups written before stay in the old one).
   */
  confirm?: string;
}

/** What to change; omitted fields stay as they are. */
export interface UpdateExtensionParameters {
  /** New storage account for backups (give `blobContainer` too when it changes). */
  storageAccountId?: string;
  /** New blob container. */
  blobContainer?: string;
  /** CPU and memory values to set; values not given stay as they are. */
  resources?: ExtensionResources;
  /** The extension's name, when this update moves its storage to another account or container. */
  confirm?: string;
}

/** Options of {@link ExtensionManager.get}. */
export interface GetExtensionOptions extends OperationOptions {
  /** Look up this extension name instead of any extension of the backup type. */
  name?: string;
}

/** Options of the waiting methods of {@link ExtensionManager}. Default `timeoutInMs`: 30 minutes. */
export type ExtensionWaitOptions = WaitOptions<WaitState<ExtensionInfo | undefined>>;

/** Options of {@link ExtensionManager.delete}: `confirm` must equal the extension's name. */
export interface DeleteExtensionOptions extends ExtensionWaitOptions {
  /** The installed extension's name (e.g. "azure-aks-backup"): deleting stops every backup of the cluster. */
  confirm: string;
}

/** Options of {@link ExtensionManager.install} and its `begin` twin. */
export type InstallExtensionOptions = ExtensionWaitOptions;
/** Options of {@link ExtensionManager.update} and its `begin` twin. */
export type UpdateExtensionOptions = ExtensionWaitOptions;
