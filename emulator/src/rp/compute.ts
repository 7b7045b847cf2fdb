import { resourceNotFound } from "../http/armError.js";
import { pageOf } from "../http/paging.js";
import type { Route } from "../http/router.js";
import type { ClusterRecord } from "../state/records.js";
import { resourceGroupId, type EmulatorState } from "../state/state.js";

/**
 * Managed disks (Microsoft.Compute/disks) of the clusters' persistent volumes, seeded with
 * `addCluster({ disks })` in the cluster's node resource group, read-only (GET and list), in the
 * shape of the DiskRP spec (`Disk`: `properties.diskSizeGB`, `encryption.diskEncryptionSetId`,
 * `publicNetworkAccess`, `networkAccessPolicy`). AKS tags the disks of dynamically provisioned
 * volumes `kubernetes.io-created-for-pvc-name` / `-namespace`.
 */

/** ARM type of managed disks. */
export const diskType = "Microsoft.Compute/disks";

/**
 * Api-versions of Microsoft.Compute disks. Guess: the DiskRP versions of
 * azure-rest-api-specs (specification/compute/resource-manager/Microsoft.Compute/DiskRP), listed
 * from memory, not read from the stored copy.
 */
export const diskApiVersions: readonly string[] = [
  "2025-01-02", "2024-03-02", "2023-10-02", "2023-04-02", "2023-01-02", "2022-07-02", "2022-03-02",
  "2021-12-01", "2021-08-01", "2021-04-01", "2020-12-01", "2020-09-30", "2020-06-30", "2020-05-01",
];

/** A disk to seed with a cluster. */
export interface ClusterDiskSeed {
  /** Disk name. Default: `pvc-{n}` (as the CSI driver names them, with a GUID). */
  name?: string;
  /** Size in GiB. */
  sizeGB: number;
  /** Encrypted with a customer-managed key through a disk encryption set (a generated one when `true`). */
  encrypted?: boolean;
  /** ARM id of the disk encryption set (implies `encrypted`). */
  diskEncryptionSetId?: string;
  /** "Enabled" (default) or "Disabled". */
  publicNetworkAccess?: "Enabled" | "Disabled";
  /** "AzureActiveDirectory" when exports need Entra ID data-access auth; default "None". */
  dataAccessAuthMode?: "AzureActiveDirectory" | "None";
  /** The persistent volume claim it serves (tag `kubernetes.io-created-for-pvc-name`). Default: `data-{n}`. */
  pvcName?: string;
  /** Its namespace (tag `kubernetes.io-created-for-pvc-namespace`). Default: "default". */
  pvcNamespace?: string;
}

/** A seeded disk: its ARM body and the cluster it belongs to. */
export interface DiskRecord {
  /** ARM id. */
  id: string;
  /** The cluster whose volume it is. */
  clusterId: string;
  /** ARM body. */
  body: Record<string, unknown> & { properties: Record<string, unknown> };
}

const disks = new WeakMap<EmulatorState, Map<string, DiskRecord>>();

function table(state: EmulatorState): Map<string, DiskRecord> {
  let t = disks.get(state);
  if (!t) disks.set(state, (t = new Map<string, DiskRecord>()));
  return t;
}

/** Seeds the managed disks of a cluster's volumes in its node resource group; returns their ids. */
export function addClusterDisks(state: EmulatorState, cluster: ClusterRecord, seeds: readonly ClusterDiskSeed[]): string[] {
  const t = table(state);
  return seeds.map((s, i) => {
    if (!(Number.isInteger(s.sizeGB) && s.sizeGB >= 1 && s.sizeGB <= 65_536)) throw new Error(`disks[${i}].sizeGB must be a whole number of GiB from 1 to 65536.`);
    if (s.publicNetworkAccess !== undefined && s.publicNetworkAccess !== "Enabled" && s.publicNetworkAccess !== "Disabled") throw new Error(`disks[${i}].publicNetworkAccess must be "Enabled" or "Disabled".`);
    const name = s.name ?? `pvc-${state.newId()}`;
    if (!/^[\w.-]{1,80}$/.test(name)) throw new Error(`disks[${i}].name '${name}' is not a valid disk name.`);
    const id = `${resourceGroupId(cluster.subscriptionId, cluster.nodeResourceGroup)}/providers/${diskType}/${name}`;
    if (t.has(id.toLowerCase())) throw new Error(`Disk '${id}' already exists.`);
    const desId = s.diskEncryptionSetId ?? (s.encrypted === true ? `${resourceGroupId(cluster.subscriptionId, cluster.resourceGroup)}/providers/Microsoft.Compute/diskEncryptionSets/${cluster.name}-des` : undefined);
    const publicNetworkAccess = s.publicNetworkAccess ?? "Enabled";
    const body = {
      id, name, type: diskType, location: cluster.location,
      tags: {
        "kubernetes.io-created-for-pv-name": name,
        "kubernetes.io-created-for-pvc-name": s.pvcName ?? `data-${i}`,
        "kubernetes.io-created-for-pvc-namespace": s.pvcNamespace ?? "default",
        "k8s-azure-created-by": "kubernetes-azure-dd",
      },
      sku: { name: "StandardSSD_LRS", tier: "Standard" },
      properties: {
        creationData: { createOption: "Empty" },
        diskSizeGB: s.sizeGB,
        diskSizeBytes: s.sizeGB * 1024 ** 3,
        encryption: desId ? { type: "EncryptionAtRestWithCustomerKey", diskEncryptionSetId: desId } : { type: "EncryptionAtRestWithPlatformKey" },
        networkAccessPolicy: publicNetworkAccess === "Enabled" ? "AllowAll" : "DenyAll",
        publicNetworkAccess,
        dataAccessAuthMode: s.dataAccessAuthMode ?? "None",
        diskState: "Attached",
        provisioningState: "Succeeded",
        uniqueId: state.newId(),
      },
    };
    t.set(id.toLowerCase(), { id, clusterId: cluster.id, body });
    return id;
  });
}

/** The seeded disks of a cluster. */
export function disksOfCluster(state: EmulatorState, clusterId: string): DiskRecord[] {
  return [...table(state).values()].filter((d) => d.clusterId.toLowerCase() === clusterId.toLowerCase());
}

const groupTemplate = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/disks";

/** Routes of managed disks: get and list by resource group (read-only). */
export function computeRoutes(state: EmulatorState): Route[] {
  const base = { apiVersions: diskApiVersions, namespace: "Microsoft.Compute" } as const;
  const inGroup = (sub: string, rg: string): DiskRecord[] => {
    const prefix = `${resourceGroupId(sub, rg)}/providers/${diskType}/`.toLowerCase();
    return [...table(state).values()].filter((d) => d.id.toLowerCase().startsWith(prefix));
  };
  return [
    {
      ...base, method: "GET", template: groupTemplate,
      handler: (ctx) => ({ status: 200, body: pageOf(ctx, inGroup(ctx.params["subscriptionId"]!, ctx.params["resourceGroupName"]!).map((d) => d.body), state.options.pageSize) }),
    },
    {
      ...base, method: "GET", template: `${groupTemplate}/{diskName}`,
      handler: (ctx) => {
        const id = `${resourceGroupId(ctx.params["subscriptionId"]!, ctx.params["resourceGroupName"]!)}/providers/${diskType}/${ctx.params["diskName"]!}`;
        const d = table(state).get(id.toLowerCase());
        if (!d) throw resourceNotFound(diskType, ctx.params["diskName"]!, ctx.params["resourceGroupName"]);
        return { status: 200, body: d.body };
      },
    },
  ];
}
