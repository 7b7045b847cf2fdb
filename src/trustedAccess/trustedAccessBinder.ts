import { createHash } from "node:crypto";
import type { AbortSignalLike } from "@azure/abort-controller";
import type { TokenCredential } from "@azure/core-auth";
import type { PollerLike } from "@azure/core-lro";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import type { TrustedAccessRoleBinding } from "@azure/arm-containerservice";
import { parseArmId, resourceTypes, type ArmResourceId } from "../common/armId.js";
import { InputValidationError, OperationFailedError } from "../errors.js";
import { callAzure, isNotFound } from "../common/azureCalls.js";
import { logger } from "../common/logger.js";
import { defaultPollIntervalInMs, validateDurationInMs, type AksBackupClientOptions, validateClientArguments } from "../common/options.js";
import { createWaitPoller, type WaitCheck, type WaitState } from "../common/poller.js";
import { mapPaged } from "../common/paging.js";
import { ContainerServiceClients, parseClusterId } from "./clusters.js";
import { backupOperatorRole, type BindOptions, type BindResult, type GetBindingOptions, type TrustedAccessBindingInfo, type UnbindOptions } from "./models.js";

const defaultTimeoutInMs = 10 * 60_000;
const bindingNamePattern = /^[A-Za-z0-9-]{1,24}$/;

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
  private readonly clusters: ContainerServiceClients;
  private readonly pollIntervalInMs: number;
  private readonly subscriptionId: string;

  /**
   * @param credential - identity with `Microsoft.ContainerService/managedClusters/trustedAccessRoleBindings/write`
   *   on the cluster (e.g. Contributor) and read access to the vault.
   * @param subscriptionId - the subscription's GUID.
   */
  constructor(credential: TokenCredential, subscriptionId: string, options: AksBackupClientOptions = {}) {
    validateClientArguments(subscriptionId, options);
    this.subscriptionId = subscriptionId;
    this.clusters = new ContainerServiceClients(credential, options);
    this.pollIntervalInMs = options.pollIntervalInMs ?? defaultPollIntervalInMs;
  }

  /**
   * Binds the vault to the cluster and waits until the binding is `Succeeded`. Checks first
   * that the backup-operator role exists in the cluster's region. Reuses a binding whose source
   * is the vault (adding the role if it lacks it); otherwise creates one.
   */
  beginBind(clusterId: string, vaultId: string, options: BindOptions = {}): PollerLike<WaitState<BindResult>, BindResult> {
    const cluster = parseClusterId(clusterId, "clusterId");
    const vault = parseArmId(vaultId, "vaultId", resourceTypes.backupVault);
    if (options.name !== undefined && !bindingNamePattern.test(options.name)) {
      throw new InputValidationError("name", `'${options.name}' is not a valid binding name`, "use 1-24 letters, digits or dashes");
    }
    this.validateWait(options);
    let target: BindTarget | undefined;
    return createWaitPoller<BindResult>({
      description: `the Trusted Access binding of ${vault.name} on ${cluster.name} to be Succeeded`,
      abortSignal: options.abortSignal,
      intervalInMs: options.pollIntervalInMs ?? this.pollIntervalInMs,
      timeoutInMs: options.timeoutInMs ?? defaultTimeoutInMs,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      start: async (signal) => {
        target = await this.startBind(cluster, vault, options.name, signal);
      },
      check: async (signal) => {
        const b = await this.getBinding(cluster, target!.name, signal);
        const state = b?.provisioningState ?? "NotFound";
        if (b && state === "Succeeded") return { done: true, status: state, result: { id: b.id ?? "", name: target!.name, created: target!.created } };
        if (state === "Failed" || state === "Canceled" || !b) {
          throw new OperationFailedError(`Binding ${vault.id} to ${cluster.id}`, `${cluster.id}/trustedAccessRoleBindings/${target!.name}`,
            { code: `TrustedAccessBinding${state}`, message: `The binding ended in state ${state}.` }, "bind again (the call is idempotent); if it fails again, check the cluster's state.");
        }
        return { done: false, status: state };
      },
    });
  }

  /** Binds the vault to the cluster; see {@link TrustedAccessBinder.beginBind}. */
  async bind(clusterId: string, vaultId: string, options: BindOptions = {}): Promise<BindResult> {
    return this.beginBind(clusterId, vaultId, options).pollUntilDone();
  }

  /** A binding by id, or undefined when it does not exist. */
  async get(bindingId: string, options: GetBindingOptions = {}): Promise<TrustedAccessBindingInfo | undefined> {
    const { cluster, name } = this.parseBindingId(bindingId);
    const b = await this.getBinding(cluster, name, options.abortSignal);
    return b ? toInfo(b, cluster.id) : undefined;
  }

  /** The Trusted Access bindings of a cluster. */
  list(clusterId: string, options: GetBindingOptions = {}): PagedAsyncIterableIterator<TrustedAccessBindingInfo> {
    const cluster = parseClusterId(clusterId, "clusterId");
    const client = this.clusters.for(cluster.subscriptionId);
    return mapPaged(client.trustedAccessRoleBindings.list(cluster.resourceGroupName!, cluster.name, { abortSignal: options.abortSignal }),
      (b) => toInfo(b, cluster.id), `Listing the Trusted Access bindings of ${cluster.id}`);
  }

  /** Deletes a binding and waits until it is gone. Succeeds when it does not exist. */
  beginUnbind(bindingId: string, options: UnbindOptions = {}): PollerLike<WaitState<void>, void> {
    const { cluster, name } = this.parseBindingId(bindingId);
    this.validateWait(options);
    return createWaitPoller<void>({
      description: `the Trusted Access binding ${name} on ${cluster.name} to be deleted`,
      abortSignal: options.abortSignal,
      intervalInMs: options.pollIntervalInMs ?? this.pollIntervalInMs,
      timeoutInMs: options.timeoutInMs ?? defaultTimeoutInMs,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      start: async (signal) => {
        const client = this.clusters.for(cluster.subscriptionId);
        await callAzure(`Deleting the Trusted Access binding ${name} on ${cluster.id}`, async () => {
          try {
            await client.trustedAccessRoleBindings.delete(cluster.resourceGroupName!, cluster.name, name, { abortSignal: signal }).submitted();
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
  async unbind(bindingId: string, options: UnbindOptions = {}): Promise<void> {
    return this.beginUnbind(bindingId, options).pollUntilDone();
  }

  /** Whether a Trusted Access role (default: backup-operator) is offered in a region. */
  async isRoleAvailable(location: string, role: string = backupOperatorRole, options: GetBindingOptions & { subscriptionId?: string } = {}): Promise<boolean> {
    const client = this.clusters.for(options.subscriptionId ?? this.subscriptionId);
    const wanted = role.toLowerCase();
    const pager = mapPaged(client.trustedAccessRoles.list(location, { abortSignal: options.abortSignal }), (r) => `${r.sourceResourceType ?? ""}/${r.name ?? ""}`.toLowerCase(), `Listing the Trusted Access roles of ${location}`);
    for await (const r of pager) if (r === wanted) return true;
    return false;
  }

  private validateWait(options: { pollIntervalInMs?: number; timeoutInMs?: number }): void {
    validateDurationInMs(options.pollIntervalInMs, "pollIntervalInMs");
    validateDurationInMs(options.timeoutInMs, "timeoutInMs");
  }

  private parseBindingId(bindingId: string): { cluster: ArmResourceId; name: string } {
    const id = parseArmId(bindingId, "bindingId", resourceTypes.trustedAccessRoleBinding);
    return { cluster: parseClusterId(id.parentId, "bindingId"), name: id.name };
  }

  private async getBinding(cluster: ArmResourceId, name: string, abortSignal: AbortSignalLike | undefined): Promise<TrustedAccessRoleBinding | undefined> {
    const client = this.clusters.for(cluster.subscriptionId);
    return callAzure(`Reading the Trusted Access binding ${name} on ${cluster.id}`, async () => {
      try {
        return await client.trustedAccessRoleBindings.get(cluster.resourceGroupName!, cluster.name, name, { abortSignal });
      } catch (e) {
        if (isNotFound(e)) return undefined;
        throw e;
      }
    });
  }

  /** Checks the role, finds a binding to reuse or picks a name, and sends the PUT when one is needed. */
  private async startBind(cluster: ArmResourceId, vault: ArmResourceId, name: string | undefined, signal: AbortSignalLike | undefined): Promise<BindTarget> {
    const facts = await this.clusters.readCluster(cluster, signal);
    if (!(await this.isRoleAvailable(facts.location, backupOperatorRole, { abortSignal: signal, subscriptionId: cluster.subscriptionId }))) {
      throw new InputValidationError("clusterId", `the Trusted Access role ${backupOperatorRole} is not offered in the cluster's region '${facts.location}'`,
        "use a cluster in a region where AKS backup is available (see the Azure Backup for AKS support matrix)");
    }
    const existing: TrustedAccessBindingInfo[] = [];
    for await (const b of this.list(cluster.id, { abortSignal: signal })) existing.push(b);
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

  private async put(cluster: ArmResourceId, name: string, sourceResourceId: string, roles: string[], signal: AbortSignalLike | undefined): Promise<void> {
    const client = this.clusters.for(cluster.subscriptionId);
    logger.info(`Writing Trusted Access binding ${name} on ${cluster.id} for ${sourceResourceId}`);
    await callAzure(`Binding ${sourceResourceId} to ${cluster.id}`, () =>
      client.trustedAccessRoleBindings.createOrUpdate(cluster.resourceGroupName!, cluster.name, name, { sourceResourceId, roles }, { abortSignal: signal }).submitted());
  }
}
