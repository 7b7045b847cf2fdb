import { randomBytes, randomUUID } from "node:crypto";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { writeConnectionFile, type EmulatorConnection } from "./connectionFile.js";
import { FaultTable, type FaultSpec } from "./http/faults.js";
import { Router } from "./http/router.js";
import { ArmHttpServer, type RequestLogEntry } from "./http/server.js";
import { resolveEmulatorOptions, type ArmEmulatorOptions, type EmulatorProfile } from "./options.js";
import { authorizationRoutes, callerPrincipal } from "./rp/authorization.js";
import { clusterRoutes } from "./rp/containerService.js";
import { dataProtectionRoutes } from "./rp/dataProtection/index.js";
import { createResourceGuard } from "./rp/dataProtection/resourceGuards.js";
import { extensionRoutes } from "./rp/kubernetesConfiguration.js";
import { createUserAssignedIdentity, managedIdentityRoutes, userAssignedIdentityNamePattern } from "./rp/managedIdentity.js";
import { permissionRoutes } from "./rp/permissions.js";
import { requireLocation, resourceRoutes } from "./rp/resources.js";
import { resourceGraphRoutes } from "./rp/resourceGraph.js";
import { blobContainerNamePattern, storageRoutes } from "./rp/storage.js";
import { trustedAccessRoutes } from "./rp/trustedAccess.js";
import type { ClusterConditions, ClusterIdentity, ClusterRecord, KubeObjectRecord } from "./state/records.js";
import { addClusterObjects, listClusterObjects, type KubeObjectSeed } from "./rp/clusterObjects.js";
import { addClusterDisks, computeRoutes, type ClusterDiskSeed } from "./rp/compute.js";
import { EmulatorState, resourceGroupId } from "./state/state.js";
import { createLoopbackCertificate } from "./tls.js";

/** Identity of an emulated cluster. */
export type ClusterIdentityOption =
  | "SystemAssigned"
  | "None"
  | {
      /** ARM ids of user-assigned identities. */
      userAssigned: string[];
    };

/** Options of {@link ArmEmulator.addResourceGroup}. */
export interface AddResourceGroupOptions {
  /** Resource group name. */
  name: string;
  /** Region, e.g. "westeurope". */
  location: string;
  /** Default: the emulator's subscription. */
  subscriptionId?: string;
}

/** Options of {@link ArmEmulator.addCluster}. */
export interface AddClusterOptions {
  /** Resource group name (created in `location` if missing). */
  resourceGroup: string;
  /** Cluster name. */
  name: string;
  /** Region, e.g. "westeurope". */
  location: string;
  /** Default: "SystemAssigned". */
  identity?: ClusterIdentityOption;
  /** Kubernetes objects in the cluster. Default: 200. Drives the backup extension's memory needs. */
  resourceCount?: number;
  /** "managedCluster" (AKS, default) or "connectedCluster" (Azure Arc). */
  kind?: "managedCluster" | "connectedCluster";
  /** Default: the emulator's subscription. */
  subscriptionId?: string;
  /**
   * Managed disks of the cluster's persistent volumes (Microsoft.Compute/disks in its node
   * resource group): they decide whether vault-tier backups of the cluster can tier.
   */
  disks?: ClusterDiskSeed[];
  /**
   * AKS run command switched off (`properties.apiServerAccessProfile.disableRunCommand`): the
   * cluster's GET shows it and `runCommand` is refused with 400 `RunCommandDisabled`.
   * Default: not set (run command allowed, and no `apiServerAccessProfile` in the GET).
   */
  disableRunCommand?: boolean;
}

/** Options of {@link ArmEmulator.addStorageAccount}. */
export interface AddStorageAccountOptions {
  /** Resource group name (created in `location` if missing). */
  resourceGroup: string;
  /** Account name: 3-24 lowercase letters and digits. */
  name: string;
  /** Region, e.g. "westeurope". */
  location: string;
  /** Blob containers that exist from the start. */
  containers?: string[];
  /** Default: the emulator's subscription. */
  subscriptionId?: string;
  /** `properties.allowCrossTenantReplication`. Default false (Azure's default for new accounts); a vault-tier restore's staging account needs true. */
  allowCrossTenantReplication?: boolean;
  /** `properties.publicNetworkAccess`. Default "Enabled"; a vault-tier restore's staging account needs it. */
  publicNetworkAccess?: "Enabled" | "Disabled";
}

/** Options of {@link ArmEmulator.addUserAssignedIdentity}. */
export interface AddUserAssignedIdentityOptions {
  /** Resource group name (created in `location` if missing). */
  resourceGroup: string;
  /** Identity name: 3-128 letters, digits, '-' and '_'. */
  name: string;
  /** Region, e.g. "westeurope". */
  location: string;
  /** Default: the emulator's subscription. */
  subscriptionId?: string;
}

/** Options of {@link ArmEmulator.addResourceGuard}. */
export interface AddResourceGuardOptions {
  /** Resource group name (created in `location` if missing). */
  resourceGroup: string;
  /** Guard name. */
  name: string;
  /** Region, e.g. "westeurope". */
  location: string;
  /** Default: the emulator's subscription. */
  subscriptionId?: string;
  /**
   * The directory tenant the guard is in. Default: the emulator's. A guard in another tenant
   * needs that tenant's token (`x-ms-authorization-auxiliary`) on each operation it protects.
   */
  tenantId?: string;
}

/** Options to spread into any Azure SDK client's options so that it talks to the emulator. */
export interface EmulatorClientOptions {
  /** The emulator's base URL. */
  endpoint: string;
  /** Trust for the emulator's self-signed certificate. */
  tlsOptions: {
    /** PEM of the certificate. */
    ca: string;
  };
}

const clusterNamePattern = /^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$/;
const storageNamePattern = /^[a-z0-9]{3,24}$/;

/**
 * A running ARM emulator: an HTTPS server on 127.0.0.1 that answers like Azure Resource
 * Manager for the services AKS backup uses. Start one with {@link startArmEmulator}.
 */
export class ArmEmulator {
  /** The ARM base URL, `https://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** PEM of the emulator's self-signed certificate (trust it with `tlsOptions.ca`). */
  readonly ca: string;
  /** A credential whose tokens the emulator accepts. */
  readonly credential: TokenCredential;
  /** A subscription that exists in the emulator. */
  readonly subscriptionId: string;
  /** The directory tenant of every identity the emulator makes. */
  readonly tenantId: string;
  /** The latency profile in use. */
  readonly profile: EmulatorProfile;
  /** `{ endpoint, tlsOptions: { ca } }`: spread into any Azure SDK client's options. */
  readonly clientOptions: EmulatorClientOptions;
  /** @internal Everything the emulator knows; for this project's own tests. */
  readonly state: EmulatorState;
  private readonly server: ArmHttpServer;
  private readonly faults: FaultTable;
  private readonly token: string;

  /** @internal Use {@link startArmEmulator}. */
  constructor(init: { state: EmulatorState; server: ArmHttpServer; faults: FaultTable; endpoint: string; ca: string; token: string }) {
    this.state = init.state;
    this.server = init.server;
    this.faults = init.faults;
    this.endpoint = init.endpoint;
    this.ca = init.ca;
    this.subscriptionId = init.state.subscriptionId;
    this.tenantId = init.state.tenantId;
    this.profile = init.state.options.profile;
    this.clientOptions = { endpoint: init.endpoint, tlsOptions: { ca: init.ca } };
    const token = init.token;
    this.token = token;
    this.credential = {
      getToken: (): Promise<AccessToken> =>
        Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000, tokenType: "Bearer" }),
    };
  }

  /**
   * The requests answered, oldest first: the last `requestLogLimit` (default 100000) of them
   * at most. A live view: read its `length` before and `slice` after to see what a call sent.
   */
  get requests(): readonly RequestLogEntry[] {
    return this.server.requests;
  }

  /** Requests answered since the start, including any the bounded request log dropped. */
  get requestCount(): number {
    return this.server.requestCount;
  }

  /** Adds a subscription (for cross-subscription scenarios) and returns its id. */
  addSubscription(subscriptionId: string = randomUUID()): string {
    this.state.subscriptions.add(subscriptionId.toLowerCase());
    return subscriptionId;
  }

  /** Adds a resource group (no-op if it exists in that location) and returns its ARM id. */
  addResourceGroup(options: AddResourceGroupOptions): string {
    const sub = this.requireSubscription(options.subscriptionId);
    const location = requireLocation(options.location);
    const id = resourceGroupId(sub, options.name);
    const existing = this.state.resourceGroups.get(id);
    if (existing && existing.location !== location) {
      throw new Error(`Resource group '${options.name}' already exists in '${existing.location}'.`);
    }
    if (!existing) this.state.resourceGroups.set({ id, name: options.name, subscriptionId: sub, location, tags: {} });
    return existing?.id ?? id;
  }

  /** Adds a Kubernetes cluster (AKS by default) with its identities and returns its ARM id. */
  addCluster(options: AddClusterOptions): string {
    const sub = this.requireSubscription(options.subscriptionId);
    if (!clusterNamePattern.test(options.name)) throw new Error(`'${options.name}' is not a valid cluster name.`);
    const location = requireLocation(options.location);
    this.addResourceGroup({ name: options.resourceGroup, location, subscriptionId: sub });
    const kind = options.kind ?? "managedCluster";
    const type = kind === "managedCluster" ? "Microsoft.ContainerService/managedClusters" : "Microsoft.Kubernetes/connectedClusters";
    const id = `${resourceGroupId(sub, options.resourceGroup)}/providers/${type}/${options.name}`;
    if (this.state.clusters.has(id)) throw new Error(`Cluster '${id}' already exists.`);
    const resourceCount = options.resourceCount ?? 200;
    if (!Number.isInteger(resourceCount) || resourceCount < 0) throw new Error("resourceCount must be a whole number >= 0.");
    const nodeResourceGroup = `MC_${options.resourceGroup}_${options.name}_${location}`;
    if (kind === "managedCluster") this.addResourceGroup({ name: nodeResourceGroup, location, subscriptionId: sub });
    const record: ClusterRecord = {
      id,
      name: options.name,
      subscriptionId: sub,
      resourceGroup: options.resourceGroup,
      location,
      kind,
      identity: this.clusterIdentity(id, options.identity ?? "SystemAssigned"),
      resourceCount,
      nodeResourceGroup,
      kubeletPrincipalId: this.state.directory.create("kubelet", id).principalId,
      kubernetesVersion: "1.32.6",
      ...(options.disableRunCommand !== undefined ? { disableRunCommand: options.disableRunCommand } : {}),
    };
    if (options.disks !== undefined && kind !== "managedCluster") throw new Error("disks are for AKS clusters (kind managedCluster).");
    if (options.disableRunCommand !== undefined && kind !== "managedCluster") throw new Error("disableRunCommand is for AKS clusters (kind managedCluster).");
    this.state.clusters.set(record);
    if (options.disks !== undefined) addClusterDisks(this.state, record, options.disks);
    return id;
  }

  /** Adds a storage account (and its blob containers) and returns its ARM id. */
  addStorageAccount(options: AddStorageAccountOptions): string {
    const sub = this.requireSubscription(options.subscriptionId);
    if (!storageNamePattern.test(options.name)) throw new Error(`'${options.name}' is not a valid storage account name (3-24 lowercase letters and digits).`);
    const location = requireLocation(options.location);
    this.addResourceGroup({ name: options.resourceGroup, location, subscriptionId: sub });
    const id = `${resourceGroupId(sub, options.resourceGroup)}/providers/Microsoft.Storage/storageAccounts/${options.name}`;
    if (this.state.storageAccounts.has(id)) throw new Error(`Storage account '${id}' already exists.`);
    const containers = new Map<string, { name: string; createdAt: number }>();
    for (const name of options.containers ?? []) {
      if (!blobContainerNamePattern.test(name)) throw new Error(`'${name}' is not a valid blob container name.`);
      containers.set(name, { name, createdAt: this.state.clock.now() });
    }
    this.state.storageAccounts.set({
      id, name: options.name, subscriptionId: sub, resourceGroup: options.resourceGroup, location, containers,
      ...(options.allowCrossTenantReplication !== undefined ? { allowCrossTenantReplication: options.allowCrossTenantReplication } : {}),
      ...(options.publicNetworkAccess !== undefined ? { publicNetworkAccess: options.publicNetworkAccess } : {}),
    });
    return id;
  }

  /**
   * Adds (or replaces) Kubernetes objects in a cluster; a namespaced object also adds its
   * namespace. A backup captures the cluster's objects into its recovery point; a restore writes
   * them into the target cluster (see {@link ArmEmulator.clusterObjects}).
   */
  addClusterObjects(clusterId: string, objects: KubeObjectSeed[]): void {
    if (!this.state.clusters.has(clusterId)) throw new Error(`Cluster '${clusterId}' does not exist in the emulator.`);
    addClusterObjects(this.state, clusterId, objects);
  }

  /**
   * The Kubernetes objects of a cluster, sorted (a copy): `{ namespace, kind, name, labels,
   * version, restoredFrom? }`. A restore creates missing objects (`version` 1, `restoredFrom` the
   * recovery point's name); for objects that exist, conflictPolicy "Skip" leaves them as they
   * are and "Patch" sets the backed-up labels and bumps `version`.
   */
  clusterObjects(clusterId: string): KubeObjectRecord[] {
    return listClusterObjects(this.state, clusterId);
  }

  /**
   * Adds a user-assigned managed identity (`Microsoft.ManagedIdentity/userAssignedIdentities`,
   * readable by GET with its principalId, clientId and tenantId) and returns its ARM id. Its
   * principal is new, so RBAC sees it after the propagation window (`durations.identityPropagation`).
   */
  addUserAssignedIdentity(options: AddUserAssignedIdentityOptions): string {
    const sub = this.requireSubscription(options.subscriptionId);
    if (!userAssignedIdentityNamePattern.test(options.name)) throw new Error(`'${options.name}' is not a valid identity name (3-128 letters, digits, '-' and '_').`);
    const location = requireLocation(options.location);
    this.addResourceGroup({ name: options.resourceGroup, location, subscriptionId: sub });
    return createUserAssignedIdentity(this.state, { subscriptionId: sub, resourceGroup: options.resourceGroup, name: options.name, location }).id;
  }

  /** Adds a resource guard (`Microsoft.DataProtection/resourceGuards`, multi-user authorization) and returns its ARM id. */
  addResourceGuard(options: AddResourceGuardOptions): string {
    const sub = this.requireSubscription(options.subscriptionId);
    const location = requireLocation(options.location);
    this.addResourceGroup({ name: options.resourceGroup, location, subscriptionId: sub });
    const id = `${resourceGroupId(sub, options.resourceGroup)}/providers/Microsoft.DataProtection/resourceGuards/${options.name}`;
    return createResourceGuard(this.state, { id, name: options.name, location, tenantId: options.tenantId });
  }

  /** The next `times` (default 1) requests matching `fault` get its ARM error instead of their answer. */
  injectFault(fault: FaultSpec): void {
    this.faults.add(fault);
  }

  /** Makes the next Backup Extension install on this cluster end `Failed` with this error. */
  failExtensionInstall(clusterId: string, error: { code: string; message: string } = {
    code: "ExtensionOperationFailed",
    message: "Helm installation failed: timed out waiting for the condition. Check that the cluster's nodes are running and have capacity, then install again.",
  }): void {
    if (!this.state.clusters.has(clusterId)) throw new Error(`Cluster '${clusterId}' does not exist in the emulator.`);
    this.state.extensionInstallFailures.set(clusterId.toLowerCase(), error);
  }

  /**
   * Sets the conditions of a cluster that make AKS backups and restores end
   * `CompletedWithWarnings` (replacing earlier ones; `{}` clears them). Each maps to a warning in
   * the job's `extendedInfo.warningDetails` (codes are guesses in the spirit of the AKS backup
   * troubleshooting docs): a missing namespace that a backup includes
   * (`UserErrorNamespaceNotFound`), PVCs without a storage class
   * (`UserErrorPVCHasNoVolumeOrStorageClass`), snapshots denied by Azure Policy
   * (`UserErrorDiskSnapshotNotAllowedByPolicy`), the snapshot limit
   * (`UserErrorDiskSnapshotLimitReached`), CSI snapshot timeouts
   * (`UserErrorCSISnapshotReadyTimeout`) - these three only when volumes are snapshotted -,
   * failing hooks the backup or restore references (`UserErrorBackupHookExecutionFailed`,
   * `UserErrorRestoreHookExecutionFailed`) and, on a restore's target, CRD version mismatches
   * (`UserErrorCRDVersionMismatch`). The job still makes a recovery point.
   */
  setClusterConditions(clusterId: string, conditions: ClusterConditions): void {
    const cluster = this.state.clusters.get(clusterId);
    if (!cluster) throw new Error(`Cluster '${clusterId}' does not exist in the emulator.`);
    this.state.clusterConditions.set(cluster.id.toLowerCase(), structuredClone(conditions));
  }

  /**
   * Sets how many Kubernetes objects a cluster holds. The Backup Extension's plugin needs about
   * 256 MiB plus 1 MiB per object; backups of a cluster too big for the extension's
   * `resources.limits.memory` fail with `UserErrorBackupPluginPodRestartedDuringBackup`.
   */
  setClusterResourceCount(clusterId: string, resourceCount: number): void {
    const cluster = this.state.clusters.get(clusterId);
    if (!cluster) throw new Error(`Cluster '${clusterId}' does not exist in the emulator.`);
    if (!Number.isInteger(resourceCount) || resourceCount < 0) throw new Error("resourceCount must be a whole number >= 0.");
    cluster.resourceCount = resourceCount;
  }

  /** The object id of the identity behind {@link ArmEmulator.credential} (it has Owner unless switched off). */
  get callerPrincipalId(): string {
    return callerPrincipal(this.state).principalId;
  }

  /**
   * Switches the caller's right to write and delete role assignments at `scope` and below
   * (Owner / User Access Administrator there). Denied writes answer 403 `AuthorizationFailed`.
   * The nearest switch at or above a scope wins; by default the caller may everywhere.
   */
  setCallerCanAssignRoles(scope: string, allowed: boolean): void {
    this.state.roleAssignmentAccess.set(scope.replace(/\/+$/, "").toLowerCase(), allowed);
  }

  /**
   * Switches the caller's right to read `scope` and what is below it (a Reader role there). Without
   * it, reads (GET, HEAD) answer 403 `AuthorizationFailed`, the permissions list there shows no
   * read, and a restore into another cluster of a backup whose source cluster it cannot read is
   * refused with 403 `LinkedAuthorizationFailed`. The nearest switch at or above a scope wins; by
   * default the caller may read everywhere.
   */
  setCallerCanRead(scope: string, allowed: boolean): void {
    this.state.readAccess.set(scope.replace(/\/+$/, "").toLowerCase(), allowed);
  }

  /**
   * Adds a service principal to the emulated directory (e.g. an identity made outside the
   * emulator) and returns its object id. It is new, so RBAC sees it only after the propagation
   * window (`durations.identityPropagation`) unless `visibleNow` is set.
   */
  addServicePrincipal(options: { principalId?: string; ownerId?: string; visibleNow?: boolean } = {}): string {
    const p = this.state.directory.register(options.principalId ?? randomUUID(), "userAssigned", options.ownerId ?? `/subscriptions/${this.subscriptionId}`,
      options.visibleNow ? Number.NEGATIVE_INFINITY : this.state.clock.now());
    return p.principalId;
  }

  /** Adds a user (a `User` principal, e.g. a person's account) to the emulated directory and returns its object id. */
  addUser(options: { principalId?: string } = {}): string {
    return this.state.directory.register(options.principalId ?? randomUUID(), "user", `/subscriptions/${this.subscriptionId}`).principalId;
  }

  /** Adds a custom role definition and returns its id (`/subscriptions/{s}/providers/Microsoft.Authorization/roleDefinitions/{guid}`). */
  addCustomRole(options: { roleName: string; actions?: string[]; dataActions?: string[]; description?: string }): string {
    const guid = randomUUID();
    this.state.customRoleDefinitions.set(guid, {
      guid, roleName: options.roleName, description: options.description ?? "", actions: options.actions ?? ["*/read"],
      dataActions: options.dataActions ?? [], assignableScopes: [`/subscriptions/${this.subscriptionId}`],
    });
    return `/subscriptions/${this.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
  }

  /**
   * Removes a Trusted Access role (e.g. "Microsoft.DataProtection/backupVaults/backup-operator")
   * from a region's `trustedAccessRoles` list, as for a region where a feature is not offered.
   */
  withdrawTrustedAccessRole(location: string, role: string): void {
    this.state.withdrawnTrustedAccessRoles.add(`${requireLocation(location)}|${role}`.toLowerCase());
  }

  /** Moves simulated time forward, applying every change that falls due. */
  advanceTime(simSeconds: number): void {
    if (!(simSeconds >= 0)) throw new RangeError("simSeconds must be >= 0");
    this.state.clock.advance(simSeconds);
    this.state.scheduler.settle();
  }

  /** What a connection file holds: endpoint, CA, a bearer token, subscription and tenant. */
  get connection(): EmulatorConnection {
    return { endpoint: this.endpoint, ca: this.ca, token: this.token, subscriptionId: this.subscriptionId, tenantId: this.tenantId };
  }

  /**
   * Writes {@link ArmEmulator.connection} as JSON (`{ endpoint, ca, token, subscriptionId,
   * tenantId }`, mode 0600) to `path`: what `aks-backup --emulator <file>` reads.
   */
  writeConnectionFile(path: string): Promise<void> {
    return writeConnectionFile(path, this.connection);
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    await this.server.close();
  }

  private requireSubscription(subscriptionId: string | undefined): string {
    const sub = subscriptionId ?? this.subscriptionId;
    if (!this.state.subscriptions.has(sub.toLowerCase())) throw new Error(`Subscription '${sub}' does not exist in the emulator; add it with addSubscription().`);
    return sub;
  }

  private clusterIdentity(clusterId: string, option: ClusterIdentityOption): ClusterIdentity {
    if (option === "None") return { type: "None" };
    if (option === "SystemAssigned") {
      const p = this.state.directory.create("cluster", clusterId);
      return { type: "SystemAssigned", principalId: p.principalId, tenantId: p.tenantId };
    }
    if (option.userAssigned.length === 0) throw new Error("identity.userAssigned needs at least one identity id.");
    const userAssignedIdentities: Record<string, { principalId: string; clientId: string }> = {};
    for (const uami of option.userAssigned) {
      const p = this.state.directory.create("userAssigned", uami);
      userAssignedIdentities[uami] = { principalId: p.principalId, clientId: randomUUID() };
    }
    return { type: "UserAssigned", userAssignedIdentities };
  }
}

/** Starts an ARM emulator on 127.0.0.1. Stop it with {@link ArmEmulator.stop}. */
export async function startArmEmulator(options: ArmEmulatorOptions = {}): Promise<ArmEmulator> {
  const resolved = resolveEmulatorOptions(options);
  const state = new EmulatorState(resolved, options.subscriptionId ?? randomUUID(), options.tenantId ?? randomUUID());
  const router = new Router();
  router.add(...resourceRoutes(state), ...clusterRoutes(state), ...storageRoutes(state), ...extensionRoutes(state), ...permissionRoutes(state), ...authorizationRoutes(state), ...trustedAccessRoutes(state), ...computeRoutes(state), ...dataProtectionRoutes(state), ...resourceGraphRoutes(state), ...managedIdentityRoutes(state));
  const faults = new FaultTable();
  const tls = await createLoopbackCertificate();
  const token = randomBytes(24).toString("base64url");
  const server = new ArmHttpServer(state, router, faults, tls, token);
  const endpoint = await server.listen(resolved.port);
  return new ArmEmulator({ state, server, faults, endpoint, ca: tls.cert, token });
}
