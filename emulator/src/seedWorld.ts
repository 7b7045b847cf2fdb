/** A resource group of a seed file. */
export interface WorldResourceGroup {
  /** Resource group name. */
  name: string;
  /** Region, e.g. "westeurope". */
  location: string;
  /** Free text for readers of the file; ignored. */
  description?: string;
}

/** A resource in a resource group of a seed file (the group is created in `location` if missing). */
export interface WorldResource {
  /** Resource group name. */
  resourceGroup: string;
  /** Resource name. */
  name: string;
  /** Region, e.g. "westeurope". */
  location: string;
  /** Free text for readers of the file; ignored. */
  description?: string;
}

/** A storage account of a seed file. */
export interface WorldStorageAccount extends WorldResource {
  /** Blob containers that exist from the start. */
  containers?: string[];
  /** Whether object replication may cross tenants (a staging account for vault-tier restore must not allow it). */
  allowCrossTenantReplication?: boolean;
  /** "Enabled" (Azure's default) or "Disabled". */
  publicNetworkAccess?: "Enabled" | "Disabled";
}

/** A managed disk of a cluster's persistent volume (see `ClusterDiskSeed`). */
export interface WorldDisk {
  /** Disk name. Default: `pvc-<guid>`. */
  name?: string;
  /** Size in GiB (1-65536). */
  sizeGB: number;
  /** Encrypted with a customer-managed key (a generated disk encryption set when true). */
  encrypted?: boolean;
  /** ARM id of the disk encryption set (implies `encrypted`). */
  diskEncryptionSetId?: string;
  /** "Enabled" (default) or "Disabled". */
  publicNetworkAccess?: "Enabled" | "Disabled";
  /** The persistent volume claim it serves. Default: `data-<n>`. */
  pvcName?: string;
  /** Its namespace. Default: "default". */
  pvcNamespace?: string;
}

/** A Kubernetes object of a cluster (see `KubeObjectSeed`). */
export interface WorldKubeObject {
  /** Namespace; omit for a cluster-scoped object. */
  namespace?: string;
  /** Resource type, e.g. "deployments", "configmaps", "persistentvolumeclaims". */
  kind: string;
  /** Name. */
  name: string;
  /** Labels. */
  labels?: Record<string, string>;
}

/** The Backup Extension, installed on a cluster of a seed file as a user installs it. */
export interface WorldBackupExtension {
  /** Its storage location: `"<resourceGroup>/<name>"` of an entry in `storageAccounts`, or an ARM id. */
  storageAccount: string;
  /** Blob container of the storage location (it need not exist). */
  blobContainer: string;
  /** Extension name. Default: "azure-aks-backup". */
  name?: string;
  /** `resources.limits.memory`, a Kubernetes quantity such as "4400Mi". Default: the chart's 1280Mi. */
  memoryLimit?: string;
  /** Whether it reaches storage with Microsoft Entra ID (`...config.useAAD`), as current installs do. Default: true. */
  useAAD?: boolean;
}

/** A cluster of a seed file. */
export interface WorldCluster extends WorldResource {
  /**
   * Default "SystemAssigned". `{ userAssigned: [...] }` takes ARM ids, or `"<resourceGroup>/<name>"`
   * of an identity listed in the file's `userAssignedIdentities`.
   */
  identity?: "SystemAssigned" | "None" | { userAssigned: string[] };
  /** Kubernetes objects in the cluster (default 200): drives the Backup Extension's memory needs. */
  resourceCount?: number;
  /** Managed disks of the cluster's persistent volumes (in its node resource group). */
  disks?: WorldDisk[];
  /** Kubernetes objects in the cluster (what a backup captures and a restore writes back). */
  objects?: WorldKubeObject[];
  /** "managedCluster" (AKS, default) or "connectedCluster" (Azure Arc). */
  kind?: "managedCluster" | "connectedCluster";
  /** The Backup Extension, already installed (Microsoft.KubernetesConfiguration gets registered). */
  backupExtension?: WorldBackupExtension;
}

/**
 * A world to start an emulator with: the JSON of `aks-backup-emulator --seed <file>`. Every list
 * is optional; unknown keys are refused. Resources are added in this order: resource groups,
 * user-assigned identities, storage accounts, clusters, then the clusters' Backup Extensions.
 */
export interface EmulatorWorld {
  /** A JSON schema reference for editors; ignored. */
  $schema?: string;
  /** Free text for readers of the file; ignored. */
  description?: string;
  /** Resource groups (others are created by the resources in them). */
  resourceGroups?: WorldResourceGroup[];
  /** User-assigned managed identities. */
  userAssignedIdentities?: WorldResource[];
  /** Storage accounts. */
  storageAccounts?: WorldStorageAccount[];
  /** AKS (or Arc) clusters. */
  clusters?: WorldCluster[];
}

/** A seed file that does not describe a world; `problems` names each bad field by its path. */
export class SeedError extends Error {
  /** One line per problem, each starting with the path of the bad field (e.g. `clusters[3].location`). */
  readonly problems: readonly string[];

  /** @internal */
  constructor(problems: readonly string[], source = "the world") {
    super(`${source} is not a valid emulator world:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SeedError";
    this.problems = problems;
  }
}
