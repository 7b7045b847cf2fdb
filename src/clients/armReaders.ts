import type { AbortSignalLike } from "@azure/abort-controller";
import type { RestError } from "@azure/core-rest-pipeline";
import { normalizeLocation } from "../common/armId.js";
import { callAzure } from "../common/azureCalls.js";
import { PrerequisiteError } from "../errors.js";
import type { AzureClients } from "./clientCache.js";
import type { ManagedDiskFacts } from "./diskReader.js";

/** What the library reads of a managed cluster. */
export interface ClusterFacts {
  /** The cluster's ARM id. */
  id: string;
  /** Normalised region, e.g. "eastus". */
  location: string;
  /** Object id of its control-plane identity (system-assigned, or its user-assigned one); undefined without one. */
  principalId: string | undefined;
  /** "SystemAssigned", "UserAssigned" or "None". */
  identityType: string;
  /** The resource group AKS keeps the cluster's nodes and volume disks in (`MC_...`); undefined when not reported. */
  nodeResourceGroup?: string | undefined;
  /** Whether the cluster runs as a service principal (`servicePrincipalProfile.clientId` other than "msi"), which AKS backup does not support. */
  usesServicePrincipal?: boolean;
}

/** What the library reads of a storage account. */
export interface StorageAccountFacts {
  /** The account's ARM id. */
  id: string;
  /** Normalised region, e.g. "eastus". */
  location: string;
  /** The blob endpoint, e.g. `https://name.blob.core.windows.net/`. */
  blobEndpoint: string;
}

/** A resource in a resource group, as a typed reference (or a parsed id) gives it. */
export interface GroupedResource {
  /** The resource's ARM id. */
  readonly id: string;
  /** Its subscription. */
  readonly subscriptionId: string;
  /** Its resource group. */
  readonly resourceGroupName?: string | undefined;
  /** Its name. */
  readonly name: string;
}

/** Turns a `RestError` into the fix an error should carry, if any. */
type Fix = (e: RestError) => string | undefined;

/**
 * @internal The shared ARM readers (cluster, storage account, subscription tenant) that
 * services and the facade use, over the one client cache. Each read is one request; a missing
 * resource fails with `AzureRequestError` (404) carrying the `fix` given.
 */
export class ArmReaders {
  constructor(private readonly clients: AzureClients) {}

  /** Reads a cluster's region and identity. */
  async readCluster(cluster: GroupedResource, abortSignal: AbortSignalLike | undefined, fix?: Fix): Promise<ClusterFacts> {
    const mc = await callAzure(`Reading cluster ${cluster.id}`, async () =>
      (await this.clients.containerService(cluster.subscriptionId)).managedClusters.get(cluster.resourceGroupName ?? "", cluster.name, { abortSignal }), fix);
    const identity = mc.identity;
    const userAssigned = Object.values(identity?.userAssignedIdentities ?? {})[0]?.principalId;
    return {
      id: mc.id ?? cluster.id,
      location: normalizeLocation(mc.location),
      principalId: identity?.type === "UserAssigned" ? userAssigned : identity?.principalId ?? userAssigned,
      identityType: identity?.type ?? "None",
      nodeResourceGroup: mc.nodeResourceGroup,
      usesServicePrincipal: !identity?.type && !!mc.servicePrincipalProfile?.clientId && mc.servicePrincipalProfile.clientId.toLowerCase() !== "msi",
    };
  }

  /** The managed disks of a cluster's persistent volumes: those in its node resource group. */
  async readClusterDisks(cluster: { subscriptionId: string; nodeResourceGroup?: string | undefined; id: string }, abortSignal: AbortSignalLike | undefined): Promise<ManagedDiskFacts[]> {
    if (!cluster.nodeResourceGroup) return [];
    const group = cluster.nodeResourceGroup;
    return callAzure(`Listing the disks of cluster ${cluster.id}`, () => this.clients.disks(cluster.subscriptionId).listInResourceGroup(group, abortSignal));
  }

  /** Reads a storage account's region and blob endpoint. */
  async readStorageAccount(account: GroupedResource, abortSignal: AbortSignalLike | undefined, fix?: Fix): Promise<StorageAccountFacts> {
    const sa = await callAzure(`Reading storage account ${account.name}`, async () =>
      (await this.clients.storage(account.subscriptionId)).storageAccounts.getProperties(account.resourceGroupName ?? "", account.name, { abortSignal }), fix);
    return {
      id: sa.id ?? account.id,
      location: normalizeLocation(sa.location),
      blobEndpoint: sa.primaryEndpoints?.blob ?? `https://${account.name}.blob.core.windows.net/`,
    };
  }

  /** The tenant of a subscription. */
  async readTenantId(subscriptionId: string, abortSignal: AbortSignalLike | undefined): Promise<string | undefined> {
    const s = await callAzure(`Reading subscription ${subscriptionId}`, async () =>
      (await this.clients.subscriptions()).subscriptions.get(subscriptionId, { abortSignal }));
    return s.tenantId ?? undefined;
  }
}

/** The cluster's identity, or a {@link PrerequisiteError} when it has no managed identity. */
export function requireClusterPrincipal(facts: ClusterFacts, parameter: string): string {
  if (facts.principalId === undefined || facts.principalId === "") {
    throw new PrerequisiteError(parameter, `the cluster ${facts.id} has no managed identity (identity type '${facts.identityType}')`,
      "enable one with `az aks update --enable-managed-identity`, or pass clusterPrincipalId");
  }
  return facts.principalId;
}
