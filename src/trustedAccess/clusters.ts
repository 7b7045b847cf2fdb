import type { AbortSignalLike } from "@azure/abort-controller";
import type { TokenCredential } from "@azure/core-auth";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { normalizeLocation, parseArmId, resourceTypes, type ArmResourceId } from "../common/armId.js";
import { InputValidationError } from "../errors.js";
import { callAzure } from "../common/azureCalls.js";
import { modularClientOptions, type AksBackupClientOptions } from "../common/options.js";

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
}

/** ContainerService clients, one per subscription (a cluster may live in another subscription). */
export class ContainerServiceClients {
  private readonly clients = new Map<string, ContainerServiceClient>();

  constructor(
    private readonly credential: TokenCredential,
    private readonly options: AksBackupClientOptions,
  ) {}

  /** The client for a subscription. */
  for(subscriptionId: string): ContainerServiceClient {
    const key = subscriptionId.toLowerCase();
    let c = this.clients.get(key);
    if (!c) {
      c = new ContainerServiceClient(this.credential, subscriptionId, modularClientOptions(this.options));
      this.clients.set(key, c);
    }
    return c;
  }

  /** Reads a cluster's region and identity. Fails with `AzureRequestError` (404) when it does not exist. */
  async readCluster(cluster: ArmResourceId, abortSignal: AbortSignalLike | undefined): Promise<ClusterFacts> {
    const mc = await callAzure(`Reading cluster ${cluster.id}`, () =>
      this.for(cluster.subscriptionId).managedClusters.get(cluster.resourceGroupName!, cluster.name, { abortSignal }));
    const identity = mc.identity;
    const userAssigned = Object.values(identity?.userAssignedIdentities ?? {})[0]?.principalId;
    return {
      id: mc.id ?? cluster.id,
      location: normalizeLocation(mc.location),
      principalId: identity?.type === "UserAssigned" ? userAssigned : identity?.principalId ?? userAssigned,
      identityType: identity?.type ?? "None",
    };
  }
}

/** Parses and checks a managed cluster id, naming `parameter` in errors. */
export function parseClusterId(id: unknown, parameter: string): ArmResourceId {
  return parseArmId(id, parameter, resourceTypes.managedCluster);
}

/** The cluster's identity, or an {@link InputValidationError} when it has no managed identity. */
export function requireClusterPrincipal(facts: ClusterFacts, parameter: string): string {
  if (facts.principalId === undefined || facts.principalId === "") {
    throw new InputValidationError(parameter, `the cluster ${facts.id} has no managed identity (identity type '${facts.identityType}')`,
      "enable one with `az aks update --enable-managed-identity`, or pass clusterPrincipalId");
  }
  return facts.principalId;
}
