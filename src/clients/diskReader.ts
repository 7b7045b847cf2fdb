import type { AbortSignalLike } from "@azure/abort-controller";
import type { ArmTransport } from "./armTransport.js";
import { encodeSegment } from "../common/referenceSegments.js";

/** The api-version of Microsoft.Compute disks this reader speaks (DiskRP). */
export const diskApiVersion = "2024-03-02";

/** What the library reads of a managed disk (Microsoft.Compute/disks) of a cluster's volume. */
export interface ManagedDiskFacts {
  /** ARM id. */
  id: string;
  /** Name (for a dynamically provisioned volume, `pvc-{guid}`). */
  name: string;
  /** Size in GiB. */
  sizeGB: number | undefined;
  /** ARM id of its disk encryption set (customer-managed keys), when it has one. */
  diskEncryptionSetId: string | undefined;
  /** "Enabled" or "Disabled" (undefined: not reported, which Azure treats as enabled). */
  publicNetworkAccess: string | undefined;
  /** "AzureActiveDirectory" when exports need Entra ID data-access auth; "None" or undefined otherwise. */
  dataAccessAuthMode: string | undefined;
  /** The persistent volume claim it serves (tag `kubernetes.io-created-for-pvc-name`). */
  pvcName: string | undefined;
  /** Its namespace (tag `kubernetes.io-created-for-pvc-namespace`). */
  pvcNamespace: string | undefined;
}

interface DiskResource {
  id?: string;
  name?: string;
  tags?: Record<string, string>;
  properties?: { diskSizeGB?: number; encryption?: { diskEncryptionSetId?: string }; publicNetworkAccess?: string; dataAccessAuthMode?: string };
}

/**
 * @internal A thin read-only reader of managed disks over the shared ARM pipeline: the disks
 * of a cluster's persistent volumes live in its node resource group.
 */
export class DiskReader {
  constructor(
    private readonly transport: ArmTransport,
    private readonly subscriptionId: string,
  ) {}

  /** Every managed disk of a resource group (all pages). */
  async listInResourceGroup(resourceGroupName: string, abortSignal: AbortSignalLike | undefined): Promise<ManagedDiskFacts[]> {
    const path = `/subscriptions/${encodeSegment(this.subscriptionId, "subscriptionId")}/resourceGroups/${encodeSegment(resourceGroupName, "resourceGroupName")}/providers/Microsoft.Compute/disks`;
    const out: ManagedDiskFacts[] = [];
    for await (const d of this.transport.list<DiskResource>(this.transport.url(path, { apiVersion: diskApiVersion }), abortSignal)) {
      out.push({
        id: d.id ?? "",
        name: d.name ?? "",
        sizeGB: d.properties?.diskSizeGB,
        diskEncryptionSetId: d.properties?.encryption?.diskEncryptionSetId || undefined,
        publicNetworkAccess: d.properties?.publicNetworkAccess,
        dataAccessAuthMode: d.properties?.dataAccessAuthMode,
        pvcName: d.tags?.["kubernetes.io-created-for-pvc-name"],
        pvcNamespace: d.tags?.["kubernetes.io-created-for-pvc-namespace"],
      });
    }
    return out;
  }
}
