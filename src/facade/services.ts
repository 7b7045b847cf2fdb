import type { TokenCredential } from "@azure/core-auth";
import { ResourceManagementClient } from "@azure/arm-resources";
import { StorageManagementClient } from "@azure/arm-storage";
import { modularClientOptions, type AksBackupClientOptions } from "../common/options.js";
import { BackupInstanceManager } from "../backup/backupInstanceManager.js";
import { DataProtectionClient } from "../dataProtection/client.js";
import { ExtensionManager } from "../extension/extensionManager.js";
import { ProviderRegistrar } from "../providers/providerRegistrar.js";
import { RoleGranter } from "../roles/roleGranter.js";
import { ContainerServiceClients } from "../trustedAccess/clusters.js";
import { TrustedAccessBinder } from "../trustedAccess/trustedAccessBinder.js";

/**
 * The service classes and clients of each subscription a setup touches (a cluster, its vault
 * and its storage account may live in different subscriptions), built once and reused.
 */
export class ServiceCache {
  private readonly made = new Map<string, unknown>();
  /** Container Service clients (they keep their own per-subscription cache). */
  readonly clusters: ContainerServiceClients;

  constructor(
    private readonly credential: TokenCredential,
    private readonly options: AksBackupClientOptions,
  ) {
    this.clusters = new ContainerServiceClients(credential, options);
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
    return this.get("dataProtection", sub, () => new DataProtectionClient(this.credential, sub, this.options));
  }

  /** Resource groups of a subscription. */
  resources(sub: string): ResourceManagementClient {
    return this.get("resources", sub, () => new ResourceManagementClient(this.credential, sub, modularClientOptions(this.options)));
  }

  /** Storage accounts and blob containers of a subscription. */
  storage(sub: string): StorageManagementClient {
    return this.get("storage", sub, () => new StorageManagementClient(this.credential, sub, modularClientOptions(this.options)));
  }
}
