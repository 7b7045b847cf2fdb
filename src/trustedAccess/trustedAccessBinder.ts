import { createHash } from "node:crypto";
import type { AbortSignalLike } from "@azure/abort-controller";
import type { TokenCredential } from "@azure/core-auth";
import type { PollerLike } from "@azure/core-lro";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import type { TrustedAccessRoleBinding } from "@azure/arm-containerservice";
import { checkName, parseBackupVaultId, parseTrustedAccessBindingId, type BackupVaultRef, type ClusterRef, type TrustedAccessBindingRef } from "../common/references.js";
import { InputValidationError, OperationFailedError } from "../errors.js";
import { callAzure, isNotFound } from "../common/azureCalls.js";
import { logger } from "../common/logger.js";
import { defaultPollIntervalInMs, validateDurationInMs, type AksBackupClientOptions, validateClientArguments } from "../common/options.js";
import { NotFoundGrace } from "../common/eventualConsistency.js";
import { createWaitPoller, type WaitCheck, type WaitState } from "../common/poller.js";
import { mapPaged } from "../common/paging.js";
import { validateInputs } from "../common/schemas/validate.js";
import { clusterId as clusterIdSchema, trustedAccessBindingId as bindingIdSchema, vaultId as vaultIdSchema } from "../common/schemas/ids.js";
import * as schemas from "../common/schemas/trustedAccess.js";
import { requireConfirmation } from "../common/schemas/confirm.js";
import { parseClusterId } from "../common/references.js";
import { clientsFor, deferredPager, type AzureClients } from "../clients/clientCache.js";
import { backupOperatorRole, type BindOptions, type BindResult, type GetBindingOptions, type IsRoleAvailableOptions, type ListBindingsOptions, type TrustedAccessBindingInfo, type UnbindOptions } from "./models.js";

const defaultTimeoutInMs = 10 * 60_000;

/** The deterministic name of a vault's binding: "tarb-" and 16 hex digits of a hash of the vault id (21 characters). */
export function bindingNameFor(vaultId: string, attempt = 0): string {
  const key = vaultId.toLowerCase().replace(/\/+$/, "") + (attempt > 0 ? `#${attempt}` : "");
  return `tarb-${createHash("sha256").update(key).digest("hex").slice(0, 16)}`;
}

function toInfo(b: TrustedAccessRoleBinding, clusterId: string): TrustedAccessBindingInfo {
  return {
    id: b.id ?? "",
    name: b.name ?? "",
    clusterId,
    sourceResourceId: b.sourceResourceId,
    roles: b.roles,
    provisioningState: b.provisioningState ?? "Unknown",
  };
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase().replace(/\/+$/, "") === b.toLowerCase().replace(/\/+$/, "");
}

/** What `bind` found out before writing: the binding to wait for, and whether this call created it. */
interface BindTarget {
  name: string;
  created: boolean;
}

/**
 * Binds Backup vaults to AKS clusters with Trusted Access (role
 * `Microsoft.DataProtection/backupVaults/backup-operator`), idempotently: an existing binding
 * of the vault is reused, a new one gets a name derived from the vault id.
 */
export class TrustedAccessBinder {
  readonly #clients: AzureClients;
  readonly #pollIntervalInMs: number;
  readonly #subscriptionId: string;

  /**
   * @param credential - identity with `Microsoft.ContainerService/managedClusters/trustedAccessRoleBindings/write`
   *   on the cluster (e.g. Contributor) and read access to the vault.
   * @param subscriptionId - the subscription's GUID.
   */
  constructor(credential: TokenCredential, subscriptionId: string, options: AksBackupClientOptions = {}) {
    validateClientArguments(subscriptionId, options, credential);
    this.#subscriptionId = subscriptionId;
    this.#clients = clientsFor(credential, options);
    this.#pollIntervalInMs = options.pollIntervalInMs ?? defaultPollIntervalInMs;
  }

  /**
   * Binds the vault to the cluster and waits until the binding is `Succeeded`. Checks first
   * that the backup-operator role exists in the cluster's region. Reuses a binding whose source
   * is the vault (adding the role if it lacks it); otherwise creates one.
   */
  beginBind(clusterId: string | ClusterRef, vaultId: string | BackupVaultRef, options: BindOptions = {}): PollerLike<WaitState<BindResult>, BindResult> {
    validateInputs([clusterIdSchema, clusterId, "clusterId"], [vaultIdSchema, vaultId, "vaultId"], [schemas.bindOptions, options, "(options)"]);
    const cluster = parseClusterId(clusterId, "clusterId");
    const vault = parseBackupVaultId(vaultId, "vaultId");
    if (options.name !== undefined) checkName("trustedAccessBinding", options.name, "name");
    this.validateWait(options);
    // What start learned (the binding's name, whether it created it), saved by serialize().
    const target: { name: string; created: boolean } = { name: "", created: false };
    const grace = new NotFoundGrace();
    return createWaitPoller<BindResult>({
      memo: target,
      ...(options.restoreFrom !== undefined ? { restoreFrom: options.restoreFrom } : {}),
      description: `the Trusted Access binding of ${vault.name} on ${cluster.name} to be Succeeded`,
      operation: "trustedAccessBinding",
      abortSignal: options.abortSignal,
      intervalInMs: options.pollIntervalInMs ?? this.#pollIntervalInMs,
      timeoutInMs: options.timeoutInMs ?? defaultTimeoutInMs,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      start: async (signal) => {
        Object.assign(target, await this.startBind(cluster, vault, options.name, signal));
      },
      check: async (signal) => {
        const b = await this.getBinding(cluster, target.name, signal);
        const state = b?.provisioningState ?? "NotFound";
        // Just written, it may read 404 for a moment (eventual consistency): believe it only past the grace window.
        if (!b && grace.stillWithinGrace()) return { done: false, status: "NotFound (not visible yet)" };
        if (b && state === "Succeeded") return { done: true, status: state, result: { id: b.id ?? "", name: target.name, created: target.created } };
        if (state === "Failed" || state === "Canceled" || !b) {
          throw new OperationFailedError(`Binding ${vault.id} to ${cluster.id}`, `${cluster.id}/trustedAccessRoleBindings/${target.name}`,
            { code: `TrustedAccessBinding${state}`, message: `The binding ended in state ${state}.` }, "bind again (the call is idempotent); if it fails again, check the cluster's state.");
        }
        return { done: false, status: state };
      },
    });
  }

  /** Binds the vault to the cluster; see {@link TrustedAccessBinder.beginBind}. */
  async bind(clusterId: string | ClusterRef, vaultId: string | BackupVaultRef, options: BindOptions = {}): Promise<BindResult> {
    return this.beginBind(clusterId, vaultId, options).pollUntilDone();
  }

  /** A binding by id, or undefined when it does not exist. */
  async get(bindingId: string | TrustedAccessBindingRef, options: GetBindingOptions = {}): Promise<TrustedAccessBindingInfo | undefined> {
    validateInputs([bindingIdSchema, bindingId, "bindingId"], [schemas.getBindingOptions, options, "(options)"]);
    const { cluster, name } = parseTrustedAccessBindingId(bindingId, "bindingId");
    const b = await this.getBinding(cluster, name, options.abortSignal);
    return b ? toInfo(b, cluster.id) : undefined;
  }

  /** The Trusted Access bindings of a cluster. */
  list(clusterId: string | ClusterRef, options: ListBindingsOptions = {}): PagedAsyncIterableIterator<TrustedAccessBindingInfo> {
    validateInputs([clusterIdSchema, clusterId, "clusterId"], [schemas.getBindingOptions, options, "(options)"]);
    const cluster = parseClusterId(clusterId, "clusterId");
    const pager = deferredPager(async () => (await this.#clients.containerService(cluster.subscriptionId)).trustedAccessRoleBindings.list(cluster.resourceGroupName, cluster.name, { abortSignal: options.abortSignal }));
    return mapPaged(pager,
      (b) => toInfo(b, cluster.id), `Listing the Trusted Access bindings of ${cluster.id}`);
  }

  /** Deletes a binding and waits until it is gone. Succeeds when it does not exist. */
  beginUnbind(bindingId: string | TrustedAccessBindingRef, options: UnbindOptions): PollerLike<WaitState<void>, void> {
    validateInputs([bindingIdSchema, bindingId, "bindingId"], [schemas.unbindOptions, options, "(options)"]);
    const { cluster, name } = parseTrustedAccessBindingId(bindingId, "bindingId");
    requireConfirmation("removing the Trusted Access binding (the vault loses access to the cluster; its backups fail)", `${cluster.id}/trustedAccessRoleBindings/${name}`, name, options?.confirm);
    this.validateWait(options);
    return createWaitPoller<void>({
      ...(options.restoreFrom !== undefined ? { restoreFrom: options.restoreFrom } : {}),
      description: `the Trusted Access binding ${name} on ${cluster.name} to be deleted`,
      operation: "trustedAccessUnbinding",
      abortSignal: options.abortSignal,
      intervalInMs: options.pollIntervalInMs ?? this.#pollIntervalInMs,
      timeoutInMs: options.timeoutInMs ?? defaultTimeoutInMs,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      start: async (signal) => {
        const client = await this.#clients.containerService(cluster.subscriptionId);
        await callAzure(`Deleting the Trusted Access binding ${name} on ${cluster.id}`, async () => {
          try {
            await client.trustedAccessRoleBindings.delete(cluster.resourceGroupName, cluster.name, name, { abortSignal: signal }).submitted();
          } catch (e) {
            if (!isNotFound(e)) throw e;
          }
        });
      },
      check: async (signal): Promise<WaitCheck<void>> => {
        const b = await this.getBinding(cluster, name, signal);
        return b ? { done: false, status: b.provisioningState ?? "Deleting" } : { done: true, status: "Deleted", result: undefined };
      },
    });
  }

  /** Deletes a binding; see {@link TrustedAccessBinder.beginUnbind}. */
  async unbind(bindingId: string | TrustedAccessBindingRef, options: UnbindOptions): Promise<void> {
    return this.beginUnbind(bindingId, options).pollUntilDone();
  }

  /** Whether a Trusted Access role (default: backup-operator) is offered in a region. */
  async isRoleAvailable(location: string, role: string = backupOperatorRole, options: IsRoleAvailableOptions = {}): Promise<boolean> {
    validateInputs([schemas.location, location, "location"], [schemas.trustedAccessRole, role, "role"], [schemas.roleAvailabilityOptions, options, "(options)"]);
    const client = await this.#clients.containerService(options.subscriptionId ?? this.#subscriptionId);
    const wanted = role.toLowerCase();
    const pager = mapPaged(client.trustedAccessRoles.list(location, { abortSignal: options.abortSignal }), (r) => `${r.sourceResourceType ?? ""}/${r.name ?? ""}`.toLowerCase(), `Listing the Trusted Access roles of ${location}`);
    for await (const r of pager) if (r === wanted) return true;
    return false;
  }

  private validateWait(options: { pollIntervalInMs?: number; timeoutInMs?: number }): void {
    validateDurationInMs(options.pollIntervalInMs, "pollIntervalInMs");
    validateDurationInMs(options.timeoutInMs, "timeoutInMs");
  }

  private async getBinding(cluster: ClusterRef, name: string, abortSignal: AbortSignalLike | undefined): Promise<TrustedAccessRoleBinding | undefined> {
    const client = await this.#clients.containerService(cluster.subscriptionId);
    return callAzure(`Reading the Trusted Access binding ${name} on ${cluster.id}`, async () => {
      try {
        return await client.trustedAccessRoleBindings.get(cluster.resourceGroupName, cluster.name, name, { abortSignal });
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    });
  }

  /** Checks the role, finds a binding to reuse or picks a name, and sends the PUT when one is needed. */
  private async startBind(cluster: ClusterRef, vault: BackupVaultRef, name: string | undefined, signal: AbortSignalLike | undefined): Promise<BindTarget> {
    const facts = await this.#clients.readers.readCluster(cluster, signal);
    if (!(await this.isRoleAvailable(facts.location, backupOperatorRole, { abortSignal: signal, subscriptionId: cluster.subscriptionId }))) {
      throw new InputValidationError("clusterId", `the Trusted Access role ${backupOperatorRole} is not offered in the cluster's region '${facts.location}'`,
        "use a cluster in a region where AKS backup is available (see the Azure Backup for AKS support matrix)");
    }
    const existing: TrustedAccessBindingInfo[] = [];
    for await (const b of this.list(cluster, { abortSignal: signal })) existing.push(b);
    const reuse = existing.find((b) => sameId(b.sourceResourceId, vault.id));
    if (reuse) {
      const hasRole = reuse.roles.some((r) => r.toLowerCase() === backupOperatorRole.toLowerCase());
      const healthy = reuse.provisioningState !== "Failed" && reuse.provisioningState !== "Canceled";
      if (hasRole && healthy) {
        logger.info(`Reusing Trusted Access binding ${reuse.name} of ${vault.id} on ${cluster.id} (${reuse.provisioningState})`);
        return { name: reuse.name, created: false };
      }
      await this.put(cluster, reuse.name, vault.id, hasRole ? reuse.roles : [...reuse.roles, backupOperatorRole], signal);
      return { name: reuse.name, created: false };
    }
    const taken = (n: string): boolean => existing.some((b) => b.name.toLowerCase() === n.toLowerCase());
    if (name !== undefined && taken(name)) {
      throw new InputValidationError("name", `a binding named '${name}' already exists on ${cluster.id} for another source`, "choose another name, or omit it for a derived one");
    }
    let chosen = name ?? bindingNameFor(vault.id);
    for (let i = 1; name === undefined && taken(chosen); i++) chosen = bindingNameFor(vault.id, i);
    await this.put(cluster, chosen, vault.id, [backupOperatorRole], signal);
    return { name: chosen, created: true };
  }

  private async put(cluster: ClusterRef, name: string, sourceResourceId: string, roles: string[], signal: AbortSignalLike | undefined): Promise<void> {
    const client = await this.#clients.containerService(cluster.subscriptionId);
    logger.info(`Writing Trusted Access binding ${name} on ${cluster.id} for ${sourceResourceId}`);
    await callAzure(`Binding ${sourceResourceId} to ${cluster.id}`, () =>
      client.trustedAccessRoleBindings.createOrUpdate(cluster.resourceGroupName, cluster.name, name, { sourceResourceId, roles }, { abortSignal: signal }).submitted());
  }
}
