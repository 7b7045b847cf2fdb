import { resourceNotFound } from "../http/armError.js";
import { pageOf } from "../http/paging.js";
import type { Route } from "../http/router.js";
import type { ClusterRecord } from "../state/records.js";
import type { EmulatorState } from "../state/state.js";
import { apiVersions } from "./apiVersions.js";

/** Path of a managed cluster, as a route template. */
export const managedClusterTemplate =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/{resourceName}";

/** ARM body of a managed cluster, with the fields AKS backup reads. */
export function managedClusterBody(c: ClusterRecord): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    type: "Microsoft.ContainerService/ManagedClusters",
    location: c.location,
    identity: c.identity,
    sku: { name: "Base", tier: "Free" },
    properties: {
      provisioningState: "Succeeded",
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

/** Routes of Microsoft.ContainerService managed clusters and Microsoft.Kubernetes connected clusters. */
export function clusterRoutes(state: EmulatorState): Route[] {
  const managed = (rg: string, name: string, sub: string): ClusterRecord => {
    const c = state.clusters.get(`/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`);
    if (!c) throw resourceNotFound("Microsoft.ContainerService/managedClusters", name, rg);
    return c;
  };
  return [
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
