import type { TokenCredential } from "@azure/core-auth";
import type { InstallExtensionOptions, UpdateExtensionOptions } from "./models.js";
import type { PollerLike } from "@azure/core-lro";
import type { AbortSignalLike } from "@azure/abort-controller";
import { delay } from "@azure/core-util";
import { clientsFor, type AzureClients } from "../clients/clientCache.js";
import type { KubernetesConfigurationClient } from "../clients/kubernetesConfigurationClient.js";
import type { Extension } from "../clients/kubernetesConfigurationModels.js";
import { parseClusterId, parseStorageAccountId, type ClusterRef } from "../common/references.js";
import { InputValidationError, OperationFailedError, PrerequisiteError, ResourceNotFoundError, WaitTimeoutError } from "../errors.js";
import { callAzure, readOrUndefined } from "../common/azureCalls.js";
import { logger } from "../common/logger.js";
import {
  defaultPollIntervalInMs,
  validateDurationInMs,
  type AksBackupClientOptions,
  validateClientArguments,
} from "../common/options.js";
import { createWaitPoller, type WaitCheck, type WaitMemo, type WaitState } from "../common/poller.js";
import { convergeWhileInFlight } from "../common/inFlight.js";
import { NotFoundGrace } from "../common/eventualConsistency.js";
import { validateInputs } from "../common/schemas/validate.js";
import { clusterId as clusterIdSchema } from "../common/schemas/ids.js";
import * as schemas from "../common/schemas/extension.js";
import { requireConfirmation } from "../common/schemas/confirm.js";
import type {
  DeleteExtensionOptions,
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
  readonly #extensions: KubernetesConfigurationClient;
  readonly #clients: AzureClients;
  readonly #pollIntervalInMs: number;

  /**
   * @param credential - identity with Contributor on the clusters (and Reader on the storage accounts).
   * @param subscriptionId - the clusters' subscription.
   */
  constructor(
    credential: TokenCredential,
    subscriptionId: string,
    options: AksBackupClientOptions = {},
  ) {
    validateClientArguments(subscriptionId, options, credential);
    this.#clients = clientsFor(credential, options);
    this.#extensions = this.#clients.kubernetesConfiguration(subscriptionId);
    this.#pollIntervalInMs = options.pollIntervalInMs ?? defaultPollIntervalInMs;
  }

  /** The Backup Extension on a cluster, or `undefined` when none is installed. */
  async get(clusterId: string | ClusterRef, options: GetExtensionOptions = {}): Promise<ExtensionInfo | undefined> {
    validateInputs([clusterIdSchema, clusterId, "clusterId"], [schemas.getExtensionOptions, options, "(options)"]);
    const cluster = parseClusterId(clusterId, "clusterId");
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
  beginInstall(clusterId: string | ClusterRef, parameters: InstallExtensionParameters, options: InstallExtensionOptions = {}): PollerLike<WaitState<ExtensionInfo>, ExtensionInfo> {
    validateInputs([clusterIdSchema, clusterId, "clusterId"], [schemas.installExtensionParameters, parameters, ""], [schemas.extensionWaitOptions, options, "(options)"]);
    const cluster = parseClusterId(clusterId, "clusterId");
    if (parameters === null || typeof parameters !== "object") {
      throw new InputValidationError("parameters", "they are missing", "pass { storageAccountId, blobContainer }");
    }
    parseStorageAccountId(parameters.storageAccountId, "storageAccountId");
    validateBlobContainer(parameters.blobContainer);
    const name = validateExtensionName(parameters.name ?? defaultExtensionName);
    const releaseTrain = parameters.releaseTrain ?? "stable";
    if (typeof releaseTrain !== "string" || releaseTrain.trim() === "") {
      throw new InputValidationError("releaseTrain", "it is empty", 'pass "stable" (the default) or "preview"');
    }
    validateResources(parameters.resources);
    const memo = { target: name };
    const installGrace = new NotFoundGrace();
    return this.waitFor(`the Backup Extension on ${cluster.name} to be installed`, options, memo, async (signal) => {
      const existing = await this.settle(cluster, signal, options);
      memo.target = existing?.name ?? name;
      const target = memo.target;
      const location = await this.resolveStorage(cluster, parameters.storageAccountId, parameters.blobContainer, signal);
      const wanted = { ...storageSettings(location), ...resourceSettings(parameters.resources) };
      if (existing) this.confirmStorageMove(existing, location, parameters.confirm);
      if (existing?.provisioningState === "Succeeded") {
        const diff = changedSettings(existing.configurationSettings ?? {}, wanted);
        if (Object.keys(diff).length === 0) return;
        logger.info(`Updating the Backup Extension on ${cluster.name}: ${Object.keys(diff).join(", ")}`);
        await this.patch(cluster, target, diff, signal);
        return;
      }
      logger.info(`${existing ? "Reinstalling the failed" : "Installing the"} Backup Extension on ${cluster.name}`);
      await callAzure(`Installing the Backup Extension on ${cluster.name}`, () =>
        this.#extensions.extensions.beginCreate(cluster.resourceGroupName, clusterRp, clusterType, cluster.name, target, {
          extensionType: backupExtensionType,
          releaseTrain,
          autoUpgradeMinorVersion: true,
          scope: { cluster: { releaseNamespace: backupReleaseNamespace } },
          configurationSettings: wanted,
        }, { abortSignal: signal }).submitted(),
      );
    }, (signal) => this.checkInstalled(cluster, memo.target, signal, "Installing", installGrace));
  }

  /** Installs the extension; see {@link ExtensionManager.beginInstall}. */
  async install(clusterId: string | ClusterRef, parameters: InstallExtensionParameters, options: InstallExtensionOptions = {}): Promise<ExtensionInfo> {
    return this.beginInstall(clusterId, parameters, options).pollUntilDone();
  }

  /**
   * Changes the storage location and/or CPU and memory of an installed extension and waits
   * until it is `Succeeded`. Only settings that differ are sent; none differing means no write.
   * Limits are written under both `resources.limits.*` and the short `cpuLimit`/`memoryLimit` keys.
   */
  beginUpdate(clusterId: string | ClusterRef, parameters: UpdateExtensionParameters, options: UpdateExtensionOptions = {}): PollerLike<WaitState<ExtensionInfo>, ExtensionInfo> {
    validateInputs([clusterIdSchema, clusterId, "clusterId"], [schemas.updateExtensionParameters, parameters, ""], [schemas.extensionWaitOptions, options, "(options)"]);
    const cluster = parseClusterId(clusterId, "clusterId");
    if (parameters === null || typeof parameters !== "object") {
      throw new InputValidationError("parameters", "they are missing", "pass { storageAccountId?, blobContainer?, resources? }");
    }
    if (parameters.storageAccountId !== undefined) parseStorageAccountId(parameters.storageAccountId, "storageAccountId");
    if (parameters.blobContainer !== undefined) validateBlobContainer(parameters.blobContainer);
    validateResources(parameters.resources);
    const memo = { target: defaultExtensionName };
    const updateGrace = new NotFoundGrace();
    return this.waitFor(`the Backup Extension on ${cluster.name} to be updated`, options, memo, async (signal) => {
      const raw = await this.settle(cluster, signal, options);
      if (!raw) {
        throw new ResourceNotFoundError("clusterId", `the Backup Extension is not installed on ${cluster.name}`, "install it first with ExtensionManager.install()");
      }
      const existing = toInfo(raw);
      memo.target = existing.name;
      validateResources(parameters.resources, existing.resources);
      let wanted = resourceSettings(parameters.resources);
      if (parameters.storageAccountId !== undefined || parameters.blobContainer !== undefined) {
        const accountId = parameters.storageAccountId ?? existing.storageAccountId;
        const container = parameters.blobContainer ?? existing.blobContainer;
        if (!accountId || !container) {
          throw new InputValidationError("storageAccountId", "the extension has no storage location to keep", "pass both storageAccountId and blobContainer");
        }
        const location = await this.resolveStorage(cluster, accountId, container, signal);
        this.confirmStorageMove(raw, location, parameters.confirm);
        wanted = { ...storageSettings(location), ...wanted };
      }
      const diff = changedSettings(raw.configurationSettings ?? {}, wanted);
      if (Object.keys(diff).length === 0 && existing.provisioningState === "Succeeded") return;
      logger.info(`Updating the Backup Extension on ${cluster.name}: ${Object.keys(diff).join(", ") || "retry"}`);
      await this.patch(cluster, memo.target, diff, signal);
    }, (signal) => this.checkInstalled(cluster, memo.target, signal, "Updating", updateGrace));
  }

  /** Updates the extension; see {@link ExtensionManager.beginUpdate}. */
  async update(clusterId: string | ClusterRef, parameters: UpdateExtensionParameters, options: UpdateExtensionOptions = {}): Promise<ExtensionInfo> {
    return this.beginUpdate(clusterId, parameters, options).pollUntilDone();
  }

  /**
   * Deletes the Backup Extension and waits until it is gone. Succeeds when none is installed.
   * Backups of the cluster stop working until it is installed again.
   */
  beginDelete(clusterId: string | ClusterRef, options: DeleteExtensionOptions): PollerLike<WaitState<undefined>, undefined> {
    validateInputs([clusterIdSchema, clusterId, "clusterId"], [schemas.deleteExtensionOptions, options, "(options)"]);
    const cluster = parseClusterId(clusterId, "clusterId");
    if (options?.confirm === undefined) requireConfirmation("deleting the Backup Extension (every backup of the cluster stops)", cluster.id, defaultExtensionName, undefined);
    const memo: { target: string | null } = { target: null };
    return this.waitFor<undefined>(`the Backup Extension on ${cluster.name} to be deleted`, options, memo, async (signal) => {
      const existing = await this.settle(cluster, signal, options);
      if (!existing?.name) return;
      requireConfirmation("deleting the Backup Extension (every backup of the cluster stops)", existing.id ?? cluster.id, existing.name, options.confirm);
      const target = existing.name;
      memo.target = target;
      logger.info(`Deleting the Backup Extension ${existing.name} from ${cluster.name}`);
      await callAzure(`Deleting the Backup Extension from ${cluster.name}`, () =>
        this.#extensions.extensions.beginDelete(cluster.resourceGroupName, clusterRp, clusterType, cluster.name, target, { abortSignal: signal }).submitted(),
      );
    }, async (signal): Promise<WaitCheck<undefined>> => {
      if (memo.target === null) return { done: true, status: "NotInstalled", result: undefined };
      const ext = await this.read(cluster, memo.target, signal);
      return ext ? { done: false, status: ext.provisioningState ?? "Unknown" } : { done: true, status: "Deleted", result: undefined };
    });
  }

  /** Deletes the extension; see {@link ExtensionManager.beginDelete}. */
  async delete(clusterId: string | ClusterRef, options: DeleteExtensionOptions): Promise<void> {
    await this.beginDelete(clusterId, options).pollUntilDone();
  }

  /** Refuses to move an installed extension's storage without `confirm` = its name. */
  private confirmStorageMove(existing: Extension, location: StorageLocation, confirm: string | undefined): void {
    const current = readSettings(existing.configurationSettings ?? {});
    if (!current.storageAccountId || !existing.name || existing.provisioningState === "Failed") return;
    if (current.storageAccountId.toLowerCase() === location.storageAccountId.toLowerCase() && current.blobContainer === location.blobContainer) return;
    requireConfirmation(`moving the Backup Extension's storage from ${current.storageAccountId}/${current.blobContainer ?? "?"} to ${location.storageAccountId}/${location.blobContainer}`,
      existing.id ?? location.storageAccountId, existing.name, confirm);
  }

  private waitFor<T>(
    description: string,
    options: ExtensionWaitOptions,
    memo: WaitMemo,
    start: (signal: AbortSignalLike | undefined) => Promise<void>,
    check: (signal: AbortSignalLike | undefined) => Promise<WaitCheck<T>>,
  ): PollerLike<WaitState<T>, T> {
    validateDurationInMs(options.pollIntervalInMs, "pollIntervalInMs");
    validateDurationInMs(options.timeoutInMs, "timeoutInMs");
    const onProgress = options.onProgress;
    return createWaitPoller<T>({
      description,
      // Poll near the operation's typical end (see common/pollSchedule.ts).
      operation: description.endsWith("installed") ? "extensionInstall" : description.endsWith("updated") ? "extensionUpdate" : "extensionDelete",
      // A write that lost a race with another caller's operation waits for it (settle) and converges again.
      start: (signal) => convergeWhileInFlight(description, () => start(signal)),
      check,
      memo,
      ...(options.restoreFrom !== undefined ? { restoreFrom: options.restoreFrom } : {}),
      intervalInMs: options.pollIntervalInMs ?? this.#pollIntervalInMs,
      timeoutInMs: options.timeoutInMs ?? defaultTimeoutInMs,
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
      ...(onProgress ? { onProgress: (s: WaitState<T>) => onProgress(s as WaitState<ExtensionInfo | undefined>) } : {}),
    });
  }

  private async checkInstalled(cluster: ClusterRef, name: string, signal: AbortSignalLike | undefined, verb: string, grace: NotFoundGrace): Promise<WaitCheck<ExtensionInfo>> {
    const ext = await this.read(cluster, name, signal);
    // Just written, it may read 404 for a moment (eventual consistency): believe it only past the grace window.
    if (!ext && grace.stillWithinGrace()) return { done: false, status: "NotFound (not visible yet)" };
    if (ext) grace.found();
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
  private async read(cluster: ClusterRef, name: string | undefined, signal: AbortSignalLike | undefined): Promise<Extension | undefined> {
    const what = `Reading the Backup Extension of cluster ${cluster.name}`;
    const fix = (e: { statusCode?: number }): string | undefined =>
      e.statusCode === 404 ? "check clusterId: the cluster (or its resource group) does not exist." : undefined;
    if (name !== undefined) {
      return readOrUndefined(what, () => this.#extensions.extensions.get(cluster.resourceGroupName, clusterRp, clusterType, cluster.name, name, { abortSignal: signal }));
    }
    return callAzure(what, async () => {
      for await (const ext of this.#extensions.extensions.list(cluster.resourceGroupName, clusterRp, clusterType, cluster.name, { abortSignal: signal })) {
        if (ext.extensionType?.toLowerCase() === backupExtensionType) return ext;
      }
      return undefined;
    }, fix);
  }

  /**
   * Reads the extension, waiting while it is Creating/Updating/Deleting (another caller's
   * operation), at the call's `pollIntervalInMs` and within its `timeoutInMs`.
   */
  private async settle(cluster: ClusterRef, signal: AbortSignalLike | undefined, options: ExtensionWaitOptions): Promise<Extension | undefined> {
    const timeoutInMs = options.timeoutInMs ?? defaultTimeoutInMs;
    const intervalInMs = options.pollIntervalInMs ?? this.#pollIntervalInMs;
    const deadline = Date.now() + timeoutInMs;
    for (;;) {
      const ext = await this.read(cluster, undefined, signal);
      if (!ext || terminalStates.has(ext.provisioningState ?? "")) return ext;
      if (Date.now() + intervalInMs > deadline) {
        throw new WaitTimeoutError(`the Backup Extension on ${cluster.name} to finish another operation`, timeoutInMs, ext.provisioningState);
      }
      logger.info(`The Backup Extension on ${cluster.name} is ${ext.provisioningState}; waiting for it to finish first`);
      await delay(intervalInMs, { abortSignal: signal });
    }
  }

  private async patch(cluster: ClusterRef, name: string, settings: Record<string, string>, signal: AbortSignalLike | undefined): Promise<void> {
    await callAzure(`Updating the Backup Extension on ${cluster.name}`, () =>
      this.#extensions.extensions.beginUpdate(cluster.resourceGroupName, clusterRp, clusterType, cluster.name, name, { configurationSettings: settings }, { abortSignal: signal }).submitted(),
    );
  }

  /** Reads the cluster, the storage account and its tenant; checks they are in the same region. */
  private async resolveStorage(cluster: ClusterRef, storageAccountId: string, blobContainer: string, signal: AbortSignalLike | undefined): Promise<StorageLocation> {
    const sa = parseStorageAccountId(storageAccountId, "storageAccountId");
    const readers = this.#clients.readers;
    const [mc, account, tenantId] = await Promise.all([
      readers.readCluster(cluster, signal, (e) => (e.statusCode === 404 ? "check clusterId: the cluster does not exist." : undefined)),
      readers.readStorageAccount(sa, signal, (e) => (e.statusCode === 404 ? "check storageAccountId: the storage account does not exist (create it first)." : undefined)),
      readers.readTenantId(sa.subscriptionId, signal),
    ]);
    if (account.location !== mc.location) {
      throw new PrerequisiteError("storageAccountId", `the storage account is in ${account.location || "?"} but the cluster is in ${mc.location}`, "use a storage account in the cluster's region (AKS backup requires it)");
    }
    if (!tenantId) throw new PrerequisiteError("storageAccountId", "the storage account's subscription reports no tenant", "check access to that subscription");
    return { storageAccountId: sa.id, blobContainer, blobEndpoint: account.blobEndpoint, tenantId };
  }
}
