import type { TokenCredential } from "@azure/core-auth";
import type { GuardSettings } from "../backup/resourceGuards.js";
import type { ResourceManagementClient } from "@azure/arm-resources";
import type { StorageManagementClient } from "@azure/arm-storage";
import type { AksBackupClientOptions } from "../common/options.js";
import type { ArmReaders } from "../clients/armReaders.js";
import { clientsFor, type AzureClients } from "../clients/clientCache.js";
import { BackupInstanceManager } from "../backup/backupInstanceManager.js";
import type { DataProtectionClient } from "../dataProtection/client.js";
import { ExtensionManager } from "../extension/extensionManager.js";
import { ProviderRegistrar } from "../providers/providerRegistrar.js";
import { RoleGranter } from "../roles/roleGranter.js";
import { TrustedAccessBinder } from "../trustedAccess/trustedAccessBinder.js";

/**
 * The service classes and clients of each subscription a setup touches (a cluster, its vault
 * and its storage account may live in different subscriptions), built once and reused.
 */
export class ServiceCache {
  private readonly made = new Map<string, unknown>();
  /** The shared ARM readers (cluster, storage account, tenant) over the one client cache. */
  readonly clusters: ArmReaders;
  /** The one client cache of (credential, options): every service class here uses it too. */
  readonly clients: AzureClients;

  constructor(
    private readonly credential: TokenCredential,
    private readonly options: AksBackupClientOptions,
  ) {
    this.clients = clientsFor(credential, options);
    this.clusters = this.clients.readers;
  }

  /** Who answers for the vaults' resource guards: the client options' `resourceGuardCredential`. */
  guardSettings(): GuardSettings {
    return { credential: this.options.resourceGuardCredential, scopes: this.options.credentialScopes };
  }

  private get<T>(kind: string, subscriptionId: string, make: () => T): T {
    const key = `${kind}:${subscriptionId.toLowerCase()}`;
    if (!this.made.has(key)) this.made.set(key, make());
    return this.made.get(key) as T;
  }

  /** Provider registration in a subscription. */
  providers(sub: string): ProviderRegistrar {
    return this.get("providers", sub, () => new ProviderRegistrar(this.credential, sub, this.options));
  }

  /** Backup Extension management for clusters in a subscription. */
  extension(sub: string): ExtensionManager {
    return this.get("extension", sub, () => new ExtensionManager(this.credential, sub, this.options));
  }

  /** Role assignments in a subscription. */
  roles(sub: string): RoleGranter {
    return this.get("roles", sub, () => new RoleGranter(this.credential, sub, this.options));
  }

  /** Trusted Access for clusters in a subscription. */
  trustedAccess(sub: string): TrustedAccessBinder {
    return this.get("trustedAccess", sub, () => new TrustedAccessBinder(this.credential, sub, this.options));
  }

  /** Vaults, policies and backup instances in a subscription. */
  backup(sub: string): BackupInstanceManager {
    return this.get("backup", sub, () => new BackupInstanceManager(this.credential, sub, this.options));
  }

  /** The DataProtection client of a subscription. */
  dataProtection(sub: string): DataProtectionClient {
    return this.clients.dataProtection(sub);
  }

  /** Resource groups of a subscription (the client loads on first use). */
  resources(sub: string): Promise<ResourceManagementClient> {
    return this.clients.resources(sub);
  }

  /** Storage accounts and blob containers of a subscription (the client loads on first use). */
  storage(sub: string): Promise<StorageManagementClient> {
    return this.clients.storage(sub);
  }
}
