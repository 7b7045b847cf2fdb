import { ArmError, resourceNotFound } from "../http/armError.js";
import { pageOf } from "../http/paging.js";
import type { ArmResponse, Route, RouteContext } from "../http/router.js";
import type { ClusterRecord } from "../state/records.js";
import { resourceGroupId, type EmulatorState } from "../state/state.js";
import { aksLroHeaders, aksOperationRoutes, startAksOperation } from "./aksOperations.js";
import { apiVersions } from "./apiVersions.js";
import { runCommandRoutes } from "./runCommand.js";

/** Clusters being deleted (their `provisioningState` is `Deleting`). */
const deleting = new WeakSet<ClusterRecord>();

/** Path of a managed cluster, as a route template. */
export const managedClusterTemplate =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}";

/** ARM body of a managed cluster, with the fields AKS backup reads. */
export function managedClusterBody(c: ClusterRecord): Record<string, unknown> {
  const provisioningState = deleting.has(c) ? "Deleting" : "Succeeded";
  return {
    id: c.id,
    name: c.name,
    type: "Microsoft.ContainerService/ManagedClusters",
    location: c.location,
    identity: c.identity,
    sku: { name: "Base", tier: "Free" },
    properties: {
      provisioningState,
      powerState: { code: "Running" },
      kubernetesVersion: c.kubernetesVersion,
      currentKubernetesVersion: c.kubernetesVersion,
      dnsPrefix: `${c.name}-dns`,
      fqdn: `${c.name}-dns-00000000.hcp.${c.location}.azmk8s.io`,
      nodeResourceGroup: c.nodeResourceGroup,
      enableRBAC: true,
      agentPoolProfiles: [
        { name: "nodepool1", count: 3, vmSize: "Standard_D4ds_v5", osType: "Linux", mode: "System", provisioningState: "Succeeded", powerState: { code: "Running" } },
      ],
      identityProfile: {
        kubeletidentity: {
          resourceId: `/subscriptions/${c.subscriptionId}/resourcegroups/${c.nodeResourceGroup}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${c.name}-agentpool`,
          clientId: c.kubeletPrincipalId,
          objectId: c.kubeletPrincipalId,
        },
      },
      oidcIssuerProfile: { enabled: false },
      // Guess: sent only when set (the recorded GET of a default cluster has no apiServerAccessProfile).
      ...(c.disableRunCommand !== undefined ? { apiServerAccessProfile: { disableRunCommand: c.disableRunCommand } } : {}),
    },
  };
}

function connectedClusterBody(c: ClusterRecord): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    type: "Microsoft.Kubernetes/connectedClusters",
    location: c.location,
    identity: c.identity,
    properties: { provisioningState: "Succeeded", kubernetesVersion: c.kubernetesVersion, connectivityStatus: "Connected" },
  };
}

/**
 * Managed cluster DELETE as AKS runs it: 202 with `Azure-AsyncOperation` and `Location` on the
 * region's operation monitors; the cluster reads `Deleting` until the operation ends, then it is
 * gone with its extensions, Trusted Access bindings, role assignments and node resource group.
 * Guess: the 202 headers follow AKS's other LROs (a create is recorded with `Azure-AsyncOperation`,
 * issue 11 records a DELETE with both headers); 204 when the cluster does not exist, as ARM does.
 * Backup instances protecting it stay (Azure Backup keeps them; their backups then fail).
 */
function deleteCluster(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const { subscriptionId, resourceGroupName, resourceName } = ctx.params;
  const c = state.clusters.get(`/subscriptions/${subscriptionId!}/resourceGroups/${resourceGroupName!}/providers/Microsoft.ContainerService/managedClusters/${resourceName!}`);
  if (!c) return { status: 204 };
  if (deleting.has(c)) {
    // Guess: AKS's answer to a second delete while one runs; wording not recorded.
    throw new ArmError(409, "OperationNotAllowed", `Operation is not allowed: another operation (Deleting) is in progress on cluster ${c.name}.`);
  }
  deleting.add(c);
  const op = startAksOperation(state, c.subscriptionId, c.location, state.options.durations.clusterDelete, () => {
    if (state.clusters.get(c.id) !== c) return;
    for (const e of state.extensions.under(c.id)) state.extensions.delete(e.id);
    for (const b of state.trustedAccessBindings.under(c.id)) state.trustedAccessBindings.delete(b.id);
    // Guess: ARM removes extension resources with their parent, role assignments at the cluster's scope included.
    for (const r of state.roleAssignments.under(c.id)) state.roleAssignments.delete(r.id);
    state.resourceGroups.delete(resourceGroupId(c.subscriptionId, c.nodeResourceGroup));
    state.clusters.delete(c.id);
  });
  return { status: 202, headers: aksLroHeaders(ctx, c.subscriptionId, c.location, op, true) };
}

/** Routes of Microsoft.ContainerService managed clusters and Microsoft.Kubernetes connected clusters. */
export function clusterRoutes(state: EmulatorState): Route[] {
  const managed = (rg: string, name: string, sub: string): ClusterRecord => {
    const c = state.clusters.get(`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`);
    if (!c) throw resourceNotFound("Microsoft.ContainerService/managedClusters", name, rg);
    return c;
  };
  return [
    ...aksOperationRoutes(state),
    ...runCommandRoutes(state, managedClusterTemplate, (ctx) => managed(ctx.params["resourceGroupName"]!, ctx.params["resourceName"]!, ctx.params["subscriptionId"]!)),
    { method: "DELETE", template: managedClusterTemplate, apiVersions: apiVersions.containerService, namespace: "Microsoft.ContainerService", handler: (ctx) => deleteCluster(state, ctx) },
    {
      method: "GET", template: managedClusterTemplate, apiVersions: apiVersions.containerService, namespace: "Microsoft.ContainerService",
      handler: (ctx) => ({ status: 200, body: managedClusterBody(managed(ctx.params["resourceGroupName"]!, ctx.params["resourceName"]!, ctx.params["subscriptionId"]!)) }),
    },
    {
      method: "GET", template: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters",
      apiVersions: apiVersions.containerService, namespace: "Microsoft.ContainerService",
      handler: (ctx) => {
        const rgId = `/subscriptions/${ctx.params["subscriptionId"]!}/resourceGroups/${ctx.params["resourceGroupName"]!}/providers/Microsoft.ContainerService/managedClusters`;
        return { status: 200, body: pageOf(ctx, state.clusters.under(rgId).map(managedClusterBody), state.options.pageSize) };
      },
    },
    {
      // ManagedClusters_List (spec): every managed cluster of the subscription, paged.
      method: "GET", template: "/subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/managedClusters",
      apiVersions: apiVersions.containerService, namespace: "Microsoft.ContainerService",
      handler: (ctx) => {
        const sub = ctx.params["subscriptionId"]!.toLowerCase();
        const clusters = state.clusters.all().filter((c) => c.kind === "managedCluster" && c.subscriptionId.toLowerCase() === sub).sort((a, b) => a.id.localeCompare(b.id));
        return { status: 200, body: pageOf(ctx, clusters.map(managedClusterBody), state.options.pageSize) };
      },
    },
    {
      method: "GET", template: "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Kubernetes/connectedClusters/{clusterName}",
      apiVersions: apiVersions.connectedClusters, namespace: "Microsoft.Kubernetes",
      handler: (ctx) => {
        const { subscriptionId, resourceGroupName, clusterName } = ctx.params;
        const c = state.clusters.get(`/subscriptions/${subscriptionId!}/resourceGroups/${resourceGroupName!}/providers/Microsoft.Kubernetes/connectedClusters/${clusterName!}`);
        if (!c) throw resourceNotFound("Microsoft.Kubernetes/connectedClusters", clusterName!, resourceGroupName);
        return { status: 200, body: connectedClusterBody(c) };
      },
    },
  ];
}
