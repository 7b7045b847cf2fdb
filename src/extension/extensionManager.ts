import type { TokenCredential } from "@azure/core-auth";
import type { PollerLike } from "@azure/core-lro";
import type { AbortSignalLike } from "@azure/abort-controller";
import { delay } from "@azure/core-util";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { SourceControlConfigurationClient, type Extension } from "@azure/arm-kubernetesconfiguration";
import { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import { StorageManagementClient } from "@azure/arm-storage";
import { normalizeLocation, parseArmId, resourceTypes, type ArmResourceId } from "../common/armId.js";
import { startClassicLro } from "../common/classicLro.js";
import { InputValidationError, OperationFailedError } from "../errors.js";
import { callAzure, readOrUndefined } from "../common/azureCalls.js";
import { logger } from "../common/logger.js";
import {
  classicClientOptions,
  defaultPollIntervalInMs,
  modularClientOptions,
  validateDurationInMs,
  type AksBackupClientOptions,
  validateClientArguments,
} from "../common/options.js";
import { createWaitPoller, type WaitCheck, type WaitState } from "../common/poller.js";
import type {
  ExtensionInfo,
  ExtensionWaitOptions,
  GetExtensionOptions,
  InstallExtensionParameters,
  UpdateExtensionParameters,
} from "./models.js";
import {
  backupExtensionType,
  backupReleaseNamespace,
  changedSettings,
  defaultExtensionName,
  readSettings,
  resourceSettings,
  storageSettings,
  validateBlobContainer,
  validateExtensionName,
  validateResources,
  type StorageLocation,
} from "./settings.js";

const defaultTimeoutInMs = 30 * 60_000;
const terminalStates = new Set(["Succeeded", "Failed", "Canceled"]);
const clusterRp = "Microsoft.ContainerService";
const clusterType = "managedClusters";

/** Turns the SDK's extension model into {@link ExtensionInfo}. */
function toInfo(ext: Extension): ExtensionInfo {
  const settings = ext.configurationSettings ?? {};
  return {
    id: ext.id ?? "",
    name: ext.name ?? "",
    extensionType: ext.extensionType ?? "",
    provisioningState: ext.provisioningState ?? "Unknown",
    version: ext.currentVersion ?? ext.version ?? undefined,
    releaseTrain: ext.releaseTrain,
    principalId: ext.aksAssignedIdentity?.principalId,
    ...readSettings(settings),
    errorInfo: ext.errorInfo?.code ? { code: ext.errorInfo.code, message: ext.errorInfo.message ?? "" } : undefined,
  };
}

/**
 * The Backup Extension (`microsoft.dataprotection.kubernetes`) on AKS clusters: install, show,
 * update its storage location and CPU/memory, delete. Installs and updates converge: a call
 * that would change nothing makes no write.
 */
export class ExtensionManager {
  private readonly extensions: SourceControlConfigurationClient;
  private readonly clusters: ContainerServiceClient;
  private readonly subscriptionsClient: SubscriptionClient;
  private readonly storageClients = new Map<string, StorageManagementClient>();
  private readonly pollIntervalInMs: number;

  /**
   * @param credential - identity with Contributor on the clusters (and Reader on the storage accounts).
   * @param subscriptionId - the clusters' subscription.
   */
  constructor(
    private readonly credential: TokenCredential,
    subscriptionId: string,
    private readonly options: AksBackupClientOptions = {},
  ) {
    validateClientArguments(subscriptionId, options);
    this.extensions = new SourceControlConfigurationClient(credential, subscriptionId, classicClientOptions(options));
    this.clusters = new ContainerServiceClient(credential, subscriptionId, modularClientOptions(options));
    this.subscriptionsClient = new SubscriptionClient(credential, modularClientOptions(options));
    this.pollIntervalInMs = options.pollIntervalInMs ?? defaultPollIntervalInMs;
  }

  /** The Backup Extension on a cluster, or `undefined` when none is installed. */
  async get(clusterId: string, options: GetExtensionOptions = {}): Promise<ExtensionInfo | undefined> {
    const cluster = parseArmId(clusterId, "clusterId", resourceTypes.managedCluster);
    if (options.name !== undefined) validateExtensionName(options.name);
    const ext = await this.read(cluster, options.name, options.abortSignal);
    return ext && toInfo(ext);
  }

  /**
   * Installs the extension and waits until it is `Succeeded`. Converges: an extension already
   * installed with these settings makes no write; one with other settings is updated; one that
   * `Failed` is installed again. A failed install rejects with {@link OperationFailedError}
   * carrying the extension's `errorInfo`.
   */
  beginInstall(clusterId: string, parameters: InstallExtensionParameters, options: ExtensionWaitOptions = {}): PollerLike<WaitState<ExtensionInfo>, ExtensionInfo> {
    const cluster = parseArmId(clusterId, "clusterId", resourceTypes.managedCluster);
    if (parameters === null || typeof parameters !== "object") {
      throw new InputValidationError("parameters", "they are missing", "pass { storageAccountId, blobContainer }");
    }
    parseArmId(parameters.storageAccountId, "storageAccountId", resourceTypes.storageAccount);
    validateBlobContainer(parameters.blobContainer);
    const name = validateExtensionName(parameters.name ?? defaultExtensionName);
    const releaseTrain = parameters.releaseTrain ?? "stable";
    if (typeof releaseTrain !== "string" || releaseTrain.trim() === "") {
      throw new InputValidationError("releaseTrain", "it is empty", 'pass "stable" (the default) or "preview"');
    }
    validateResources(parameters.resources);
    let target = name;
    return this.waitFor(`the Backup Extension on ${cluster.name} to be installed`, options, async (signal) => {
      const existing = await this.settle(cluster, signal);
      target = existing?.name ?? name;
      const location = await this.resolveStorage(cluster, parameters.storageAccountId, parameters.blobContainer, signal);
      const wanted = { ...storageSettings(location), ...resourceSettings(parameters.resources) };
      if (existing?.provisioningState === "Succeeded") {
        const diff = changedSettings(existing.configurationSettings ?? {}, wanted);
        if (Object.keys(diff).length === 0) return;
        logger.info(`Updating the Backup Extension on ${cluster.name}: ${Object.keys(diff).join(", ")}`);
        await this.patch(cluster, target, diff, signal);
        return;
      }
      logger.info(`${existing ? "Reinstalling the failed" : "Installing the"} Backup Extension on ${cluster.name}`);
      await startClassicLro(`Installing the Backup Extension on ${cluster.name}`, () =>
        this.extensions.extensions.beginCreate(cluster.resourceGroupName!, clusterRp, clusterType, cluster.name, target, {
          extensionType: backupExtensionType,
          releaseTrain,
          autoUpgradeMinorVersion: true,
          scope: { cluster: { releaseNamespace: backupReleaseNamespace } },
          configurationSettings: wanted,
        }, { abortSignal: signal }),
      );
    }, (signal) => this.checkInstalled(cluster, target, signal, "Installing"));
  }

  /** Installs the extension; see {@link ExtensionManager.beginInstall}. */
  async install(clusterId: string, parameters: InstallExtensionParameters, options: ExtensionWaitOptions = {}): Promise<ExtensionInfo> {
    return this.beginInstall(clusterId, parameters, options).pollUntilDone();
  }

  /**
   * Changes the storage location and/or CPU and memory of an installed extension and waits
   * until it is `Succeeded`. Only settings that differ are sent; none differing means no write.
   * Limits are written under both `resources.limits.*` and the short `cpuLimit`/`memoryLimit` keys.
   */
  beginUpdate(clusterId: string, parameters: UpdateExtensionParameters, options: ExtensionWaitOptions = {}): PollerLike<WaitState<ExtensionInfo>, ExtensionInfo> {
    const cluster = parseArmId(clusterId, "clusterId", resourceTypes.managedCluster);
    if (parameters === null || typeof parameters !== "object") {
      throw new InputValidationError("parameters", "they are missing", "pass { storageAccountId?, blobContainer?, resources? }");
    }
    if (parameters.storageAccountId !== undefined) parseArmId(parameters.storageAccountId, "storageAccountId", resourceTypes.storageAccount);
    if (parameters.blobContainer !== undefined) validateBlobContainer(parameters.blobContainer);
    validateResources(parameters.resources);
    let target = defaultExtensionName;
    return this.waitFor(`the Backup Extension on ${cluster.name} to be updated`, options, async (signal) => {
      const raw = await this.settle(cluster, signal);
      if (!raw) {
        throw new InputValidationError("clusterId", `the Backup Extension is not installed on ${cluster.name}`, "install it first with ExtensionManager.install()");
      }
      const existing = toInfo(raw);
      target = existing.name;
      validateResources(parameters.resources, existing.resources);
      let wanted = resourceSettings(parameters.resources);
      if (parameters.storageAccountId !== undefined || parameters.blobContainer !== undefined) {
        const accountId = parameters.storageAccountId ?? existing.storageAccountId;
        const container = parameters.blobContainer ?? existing.blobContainer;
        if (!accountId || !container) {
          throw new InputValidationError("storageAccountId", "the extension has no storage location to keep", "pass both storageAccountId and blobContainer");
        }
        wanted = { ...storageSettings(await this.resolveStorage(cluster, accountId, container, signal)), ...wanted };
      }
      const diff = changedSettings(raw.configurationSettings ?? {}, wanted);
      if (Object.keys(diff).length === 0 && existing.provisioningState === "Succeeded") return;
      logger.info(`Updating the Backup Extension on ${cluster.name}: ${Object.keys(diff).join(", ") || "retry"}`);
      await this.patch(cluster, target, diff, signal);
    }, (signal) => this.checkInstalled(cluster, target, signal, "Updating"));
  }

  /** Updates the extension; see {@link ExtensionManager.beginUpdate}. */
  async update(clusterId: string, parameters: UpdateExtensionParameters, options: ExtensionWaitOptions = {}): Promise<ExtensionInfo> {
    return this.beginUpdate(clusterId, parameters, options).pollUntilDone();
  }

  /**
   * Deletes the Backup Extension and waits until it is gone. Succeeds when none is installed.
   * Backups of the cluster stop working until it is installed again.
   */
  beginDelete(clusterId: string, options: ExtensionWaitOptions = {}): PollerLike<WaitState<undefined>, undefined> {
    const cluster = parseArmId(clusterId, "clusterId", resourceTypes.managedCluster);
    let target: string | undefined;
    return this.waitFor<undefined>(`the Backup Extension on ${cluster.name} to be deleted`, options, async (signal) => {
      const existing = await this.settle(cluster, signal);
      if (!existing?.name) return;
      target = existing.name;
      logger.info(`Deleting the Backup Extension ${existing.name} from ${cluster.name}`);
      await startClassicLro(`Deleting the Backup Extension from ${cluster.name}`, () =>
        this.extensions.extensions.beginDelete(cluster.resourceGroupName!, clusterRp, clusterType, cluster.name, target!, { abortSignal: signal }),
      );
    }, async (signal): Promise<WaitCheck<undefined>> => {
      if (target === undefined) return { done: true, status: "NotInstalled", result: undefined };
      const ext = await this.read(cluster, target, signal);
      return ext ? { done: false, status: ext.provisioningState ?? "Unknown" } : { done: true, status: "Deleted", result: undefined };
    });
  }

  /** Deletes the extension; see {@link ExtensionManager.beginDelete}. */
  async delete(clusterId: string, options: ExtensionWaitOptions = {}): Promise<void> {
    await this.beginDelete(clusterId, options).pollUntilDone();
  }

  private waitFor<T>(
    description: string,
    options: ExtensionWaitOptions,
    start: (signal: AbortSignalLike | undefined) => Promise<void>,
    check: (signal: AbortSignalLike | undefined) => Promise<WaitCheck<T>>,
  ): PollerLike<WaitState<T>, T> {
    validateDurationInMs(options.pollIntervalInMs, "pollIntervalInMs");
    validateDurationInMs(options.timeoutInMs, "timeoutInMs");
    const onProgress = options.onProgress;
    return createWaitPoller<T>({
      description,
      start,
      check,
      intervalInMs: options.pollIntervalInMs ?? this.pollIntervalInMs,
      timeoutInMs: options.timeoutInMs ?? defaultTimeoutInMs,
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
      ...(onProgress ? { onProgress: (s: WaitState<T>) => onProgress(s as WaitState<ExtensionInfo | undefined>) } : {}),
    });
  }

  private async checkInstalled(cluster: ArmResourceId, name: string, signal: AbortSignalLike | undefined, verb: string): Promise<WaitCheck<ExtensionInfo>> {
    const ext = await this.read(cluster, name, signal);
    if (!ext) {
      throw new OperationFailedError(`${verb} the Backup Extension on ${cluster.name}`, cluster.id, {
        code: "ExtensionNotFound",
        message: "the extension disappeared while waiting (deleted by someone else?)",
      }, "install it again with ExtensionManager.install().");
    }
    const info = toInfo(ext);
    if (info.provisioningState === "Succeeded") return { done: true, status: info.provisioningState, result: info };
    if (info.provisioningState === "Failed" || info.provisioningState === "Canceled") {
      throw new OperationFailedError(`${verb} the Backup Extension on ${cluster.name}`, info.id, info.errorInfo ?? {
        code: info.provisioningState,
        message: "the extension reported no error details",
      }, "read the extension's statuses (`az k8s-extension show`), fix the cause (node capacity, network access to the storage account), then call install() again: it retries the install.");
    }
    return { done: false, status: info.provisioningState };
  }

  /**
   * The extension by name (404 = absent), or else the first extension of the backup type on
   * the cluster (a missing cluster is an error here, not "absent").
   */
  private async read(cluster: ArmResourceId, name: string | undefined, signal: AbortSignalLike | undefined): Promise<Extension | undefined> {
    const what = `Reading the Backup Extension of cluster ${cluster.name}`;
    const fix = (e: { statusCode?: number }): string | undefined =>
      e.statusCode === 404 ? "check clusterId: the cluster (or its resource group) does not exist." : undefined;
    if (name !== undefined) {
      return readOrUndefined(what, () => this.extensions.extensions.get(cluster.resourceGroupName!, clusterRp, clusterType, cluster.name, name, { abortSignal: signal }));
    }
    return callAzure(what, async () => {
      for await (const ext of this.extensions.extensions.list(cluster.resourceGroupName!, clusterRp, clusterType, cluster.name, { abortSignal: signal })) {
        if (ext.extensionType?.toLowerCase() === backupExtensionType) return ext;
      }
      return undefined;
    }, fix);
  }

  /** Reads the extension, waiting while it is Creating/Updating/Deleting (another caller's operation). */
  private async settle(cluster: ArmResourceId, signal: AbortSignalLike | undefined): Promise<Extension | undefined> {
    for (;;) {
      const ext = await this.read(cluster, undefined, signal);
      if (!ext || terminalStates.has(ext.provisioningState ?? "")) return ext;
      logger.info(`The Backup Extension on ${cluster.name} is ${ext.provisioningState}; waiting for it to finish first`);
      await delay(this.pollIntervalInMs, { abortSignal: signal });
    }
  }

  private async patch(cluster: ArmResourceId, name: string, settings: Record<string, string>, signal: AbortSignalLike | undefined): Promise<void> {
    await startClassicLro(`Updating the Backup Extension on ${cluster.name}`, () =>
      this.extensions.extensions.beginUpdate(cluster.resourceGroupName!, clusterRp, clusterType, cluster.name, name, { configurationSettings: settings }, { abortSignal: signal }),
    );
  }

  /** Reads the cluster, the storage account and its tenant; checks they are in the same region. */
  private async resolveStorage(cluster: ArmResourceId, storageAccountId: string, blobContainer: string, signal: AbortSignalLike | undefined): Promise<StorageLocation> {
    const sa = parseArmId(storageAccountId, "storageAccountId", resourceTypes.storageAccount);
    const [mc, account, subscription] = await Promise.all([
      callAzure(`Reading cluster ${cluster.name}`, () => this.clusters.managedClusters.get(cluster.resourceGroupName!, cluster.name, { abortSignal: signal }),
        (e) => (e.statusCode === 404 ? "check clusterId: the cluster does not exist." : undefined)),
      callAzure(`Reading storage account ${sa.name}`, () => this.storageFor(sa.subscriptionId).storageAccounts.getProperties(sa.resourceGroupName!, sa.name, { abortSignal: signal }),
        (e) => (e.statusCode === 404 ? "check storageAccountId: the storage account does not exist (create it first)." : undefined)),
      callAzure(`Reading subscription ${sa.subscriptionId}`, () => this.subscriptionsClient.subscriptions.get(sa.subscriptionId, { abortSignal: signal })),
    ]);
    if (normalizeLocation(account.location) !== normalizeLocation(mc.location)) {
      throw new InputValidationError("storageAccountId", `the storage account is in ${account.location ?? "?"} but the cluster is in ${mc.location}`, "use a storage account in the cluster's region (AKS backup requires it)");
    }
    const blobEndpoint = account.primaryEndpoints?.blob ?? `https://${sa.name}.blob.core.windows.net/`;
    if (!subscription.tenantId) throw new InputValidationError("storageAccountId", "the storage account's subscription reports no tenant", "check access to that subscription");
    return { storageAccountId: sa.id, blobContainer, blobEndpoint, tenantId: subscription.tenantId };
  }

  private storageFor(subscriptionId: string): StorageManagementClient {
    let client = this.storageClients.get(subscriptionId.toLowerCase());
    if (!client) {
      client = new StorageManagementClient(this.credential, subscriptionId, modularClientOptions(this.options));
      this.storageClients.set(subscriptionId.toLowerCase(), client);
    }
    return client;
  }
}
