import type { TokenCredential } from "@azure/core-auth";
import type { HttpClient } from "@azure/core-rest-pipeline";
import type { ContainerServiceClient } from "@azure/arm-containerservice";
import type { ResourceManagementClient } from "@azure/arm-resources";
import type { SubscriptionClient } from "@azure/arm-resources-subscriptions";
import type { StorageManagementClient } from "@azure/arm-storage";
import type { ResourceGraphClient } from "@azure/arm-resourcegraph";
import { defaultPollIntervalInMs, modularClientOptions, type AksBackupClientOptions } from "../common/options.js";
import { DataProtectionClient } from "../dataProtection/client.js";
import { ServerClock, serverClockPolicy } from "../common/serverClock.js";
import type { ArmTransport } from "./armTransport.js";
import { ArmReaders } from "./armReaders.js";
import { AuthorizationClient } from "./authorizationClient.js";
import { DiskReader } from "./diskReader.js";
import { KubernetesConfigurationClient } from "./kubernetesConfigurationClient.js";
import { loadContainerService, loadResourceGraph, loadResources, loadStorage, loadSubscriptions } from "./lazySdk.js";
import { createArmTransport, sharedHttpClient } from "./pipeline.js";

/**
 * @internal Every Azure client of one (credential, options) pair, one per subscription, made on
 * first use and kept: the one client cache of the library. All of them send through ONE
 * `HttpClient` (one connection pool per endpoint). The modular ARM SDK clients (container
 * service, resources, subscriptions, storage) load their package on first use, so their getters
 * are async.
 */
export class AzureClients {
  /** The `HttpClient` every client sends through. */
  readonly httpClient: HttpClient;
  /** The shared ARM readers (cluster, storage account, subscription tenant). */
  readonly readers: ArmReaders = new ArmReaders(this);
  /** The ARM server's clock, from the `Date` of the answers of every client here. */
  readonly serverClock: ServerClock = new ServerClock();
  private readonly options: AksBackupClientOptions;
  private readonly made = new Map<string, unknown>();
  private transport: ArmTransport | undefined;

  constructor(
    private readonly credential: TokenCredential,
    options: AksBackupClientOptions,
  ) {
    this.httpClient = sharedHttpClient(options);
    // Every client shows its answers' Date to the one server clock (after the caller's policies).
    const clock = { policy: serverClockPolicy(this.serverClock), position: "perCall" as const };
    this.options = { ...options, httpClient: this.httpClient, additionalPolicies: [...(options.additionalPolicies ?? []), clock] };
  }

  private once<T>(kind: string, subscriptionId: string, make: () => T): T {
    const key = `${kind}:${subscriptionId.toLowerCase()}`;
    if (!this.made.has(key)) this.made.set(key, make());
    return this.made.get(key) as T;
  }

  private arm(): ArmTransport {
    return (this.transport ??= createArmTransport(this.credential, this.options, this.httpClient));
  }

  /** Managed clusters and Trusted Access of a subscription (`@azure/arm-containerservice`). */
  containerService(subscriptionId: string): Promise<ContainerServiceClient> {
    return this.once("containerService", subscriptionId, async () =>
      new (await loadContainerService())(this.credential, subscriptionId, modularClientOptions(this.options)));
  }

  /** Resource groups and providers of a subscription (`@azure/arm-resources`). */
  resources(subscriptionId: string): Promise<ResourceManagementClient> {
    return this.once("resources", subscriptionId, async () =>
      new (await loadResources())(this.credential, subscriptionId, modularClientOptions(this.options)));
  }

  /** Storage accounts and blob containers of a subscription (`@azure/arm-storage`). */
  storage(subscriptionId: string): Promise<StorageManagementClient> {
    return this.once("storage", subscriptionId, async () =>
      new (await loadStorage())(this.credential, subscriptionId, modularClientOptions(this.options)));
  }

  /** Subscriptions (tenant ids) (`@azure/arm-resources-subscriptions`). */
  subscriptions(): Promise<SubscriptionClient> {
    return this.once("subscriptions", "", async () =>
      new (await loadSubscriptions())(this.credential, modularClientOptions(this.options)));
  }

  /** Azure Resource Graph queries, tenant-wide (`@azure/arm-resourcegraph`). */
  resourceGraph(): Promise<ResourceGraphClient> {
    return this.once("resourceGraph", "", async () =>
      new (await loadResourceGraph())(this.credential, modularClientOptions(this.options)));
  }

  /** Managed disks of a subscription, read-only (our thin Microsoft.Compute disk reader). */
  disks(subscriptionId: string): DiskReader {
    return this.once("disks", subscriptionId, () => new DiskReader(this.arm(), subscriptionId));
  }

  /** Role assignments, role definitions and permissions (our thin Microsoft.Authorization client). */
  authorization(subscriptionId: string): AuthorizationClient {
    return this.once("authorization", subscriptionId, () => new AuthorizationClient(this.arm(), subscriptionId));
  }

  /** Cluster extensions (our thin Microsoft.KubernetesConfiguration client). */
  kubernetesConfiguration(subscriptionId: string): KubernetesConfigurationClient {
    return this.once("kubernetesConfiguration", subscriptionId, () =>
      new KubernetesConfigurationClient(this.arm(), subscriptionId, this.options.pollIntervalInMs ?? defaultPollIntervalInMs));
  }

  /** Vaults, policies, backup instances, jobs and recovery points (our DataProtection client). */
  dataProtection(subscriptionId: string): DataProtectionClient {
    return this.once("dataProtection", subscriptionId, () => new DataProtectionClient(this.credential, subscriptionId, this.options));
  }
}

const byCredential = new WeakMap<TokenCredential, WeakMap<AksBackupClientOptions, AzureClients>>();

/**
 * @internal The clients of (credential, options): the same object for the same pair, so an
 * `AksBackup` and service classes built with the same credential and options object share
 * clients and one `HttpClient`.
 */
export function clientsFor(credential: TokenCredential, options: AksBackupClientOptions): AzureClients {
  let byOptions = byCredential.get(credential);
  if (!byOptions) byCredential.set(credential, (byOptions = new WeakMap()));
  let clients = byOptions.get(options);
  if (!clients) byOptions.set(options, (clients = new AzureClients(credential, options)));
  return clients;
}

/** The part of an SDK pager that `mapPaged` reads. */
interface PagerLike<T> {
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<T[] & { continuationToken?: string }>;
}

/**
 * @internal A pager whose SDK pager comes from a promise (a client loaded on first use): it
 * waits for the client when the first page is read, then pages through it.
 */
export function deferredPager<T>(make: () => Promise<PagerLike<T>>): PagerLike<T> {
  return {
    byPage: (settings) => (async function* () {
      yield* (await make()).byPage(settings);
    })(),
  };
}
