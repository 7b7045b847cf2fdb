import type { OperationOptions } from "@azure/core-client";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { mapPages } from "../common/paging.js";
import { createHttpPoller, type OperationResponse, type OperationState, type PollerLike } from "@azure/core-lro";
import type { HttpMethods } from "@azure/core-rest-pipeline";
import type { ArmTransport } from "./armTransport.js";
import type { Extension, PatchExtension } from "./kubernetesConfigurationModels.js";
import { encodeSegment } from "../common/referenceSegments.js";

/** The api-version of Microsoft.KubernetesConfiguration extensions this client speaks (the spec in ../shared/specs). */
export const kubernetesConfigurationApiVersion = "2025-03-01";

/** Options of a long-running extension operation. */
export interface ExtensionLroOptions extends OperationOptions {
  /** Delay between polls when the service sends no `Retry-After`. Default: the client's. */
  pollIntervalInMs?: number;
  /** A poller's `serialize()` state to resume from (no new request is sent). */
  restoreFrom?: string;
}

type ExtensionResource = { id?: string; name?: string; type?: string; properties?: Omit<Extension, "id" | "name" | "type"> };

function flatten(r: ExtensionResource | undefined): Extension {
  return { id: r?.id, name: r?.name, type: r?.type, ...(r?.properties ?? {}) };
}

function unflatten(e: Omit<Extension, "id" | "name" | "type">): { properties: Record<string, unknown> } {
  return { properties: { ...e } };
}

/**
 * Extensions of a cluster, with the method shapes of `SourceControlConfigurationClient.extensions`:
 * `begin*` operations return core-lro pollers (final state via `Azure-AsyncOperation`, as the
 * spec says); await `poller.submitted()` to send only the first request.
 */
export class Extensions {
  constructor(
    private readonly transport: ArmTransport,
    private readonly subscriptionId: string,
    private readonly pollIntervalInMs: number,
  ) {}

  private path(resourceGroupName: string, clusterRp: string, clusterResourceName: string, clusterName: string, extensionName?: string): string {
    const e = encodeSegment;
    return `/subscriptions/${e(this.subscriptionId, "subscriptionId")}/resourceGroups/${e(resourceGroupName, "resourceGroupName")}/providers/${e(clusterRp, "clusterRp")}/${e(clusterResourceName, "clusterResourceName")}/${e(clusterName, "clusterName")}`
      + `/providers/Microsoft.KubernetesConfiguration/extensions${extensionName === undefined ? "" : `/${e(extensionName, "extensionName")}`}`;
  }

  private async send(method: HttpMethods, url: string, body: unknown, options: OperationOptions): Promise<OperationResponse<unknown>> {
    const r = await this.transport.send<unknown>(method, url, { body, abortSignal: options.abortSignal });
    return { flatResponse: r.body, rawResponse: { statusCode: r.status, headers: r.headers, request: { method, url, body }, body: r.body } };
  }

  private lro<T>(method: HttpMethods, url: string, body: unknown, options: ExtensionLroOptions, result: (body: unknown) => T): PollerLike<OperationState<T>, T> {
    return createHttpPoller<T, OperationState<T>>({
      sendInitialRequest: () => this.send(method, url, body, options),
      sendPollRequest: (path, poll) => this.send("GET", this.transport.url(path), undefined, { abortSignal: poll?.abortSignal ?? options.abortSignal }),
    }, {
      intervalInMs: options.pollIntervalInMs ?? this.pollIntervalInMs,
      resourceLocationConfig: "azure-async-operation",
      baseUrl: this.transport.endpoint,
      ...(options.restoreFrom ? { restoreFrom: options.restoreFrom } : {}),
      processResult: (b) => Promise.resolve(result(b)),
    });
  }

  /** Reads an extension (a 404 `RestError` when absent). */
  async get(resourceGroupName: string, clusterRp: string, clusterResourceName: string, clusterName: string, extensionName: string, options: OperationOptions = {}): Promise<Extension> {
    const url = this.transport.url(this.path(resourceGroupName, clusterRp, clusterResourceName, clusterName, extensionName), { apiVersion: kubernetesConfigurationApiVersion });
    return flatten((await this.transport.send<ExtensionResource>("GET", url, { abortSignal: options.abortSignal })).body);
  }

  /** The extensions of a cluster. */
  list(resourceGroupName: string, clusterRp: string, clusterResourceName: string, clusterName: string, options: OperationOptions = {}): PagedAsyncIterableIterator<Extension> {
    const url = this.transport.url(this.path(resourceGroupName, clusterRp, clusterResourceName, clusterName), { apiVersion: kubernetesConfigurationApiVersion });
    const source = this.transport.list<ExtensionResource>(url, options.abortSignal);
    return mapPages(source, flatten);
  }

  /** Creates (installs) an extension: PUT, then polls its `Azure-AsyncOperation`. */
  beginCreate(resourceGroupName: string, clusterRp: string, clusterResourceName: string, clusterName: string, extensionName: string, extension: Omit<Extension, "id" | "name" | "type">, options: ExtensionLroOptions = {}): PollerLike<OperationState<Extension>, Extension> {
    const url = this.transport.url(this.path(resourceGroupName, clusterRp, clusterResourceName, clusterName, extensionName), { apiVersion: kubernetesConfigurationApiVersion });
    return this.lro("PUT", url, unflatten(extension), options, (b) => flatten(b as ExtensionResource));
  }

  /** Changes an extension's settings: PATCH, then polls its `Azure-AsyncOperation`. */
  beginUpdate(resourceGroupName: string, clusterRp: string, clusterResourceName: string, clusterName: string, extensionName: string, patch: PatchExtension, options: ExtensionLroOptions = {}): PollerLike<OperationState<Extension>, Extension> {
    const url = this.transport.url(this.path(resourceGroupName, clusterRp, clusterResourceName, clusterName, extensionName), { apiVersion: kubernetesConfigurationApiVersion });
    return this.lro("PATCH", url, unflatten(patch), options, (b) => flatten(b as ExtensionResource));
  }

  /** Deletes (uninstalls) an extension: DELETE, then polls its `Azure-AsyncOperation`. */
  beginDelete(resourceGroupName: string, clusterRp: string, clusterResourceName: string, clusterName: string, extensionName: string, options: ExtensionLroOptions = {}): PollerLike<OperationState<void>, void> {
    const url = this.transport.url(this.path(resourceGroupName, clusterRp, clusterResourceName, clusterName, extensionName), { apiVersion: kubernetesConfigurationApiVersion });
    return this.lro("DELETE", url, undefined, options, () => undefined);
  }
}

/**
 * A thin typed Microsoft.KubernetesConfiguration client on the shared Azure core pipeline,
 * shaped like `SourceControlConfigurationClient` of `@azure/arm-kubernetesconfiguration` (which
 * is CommonJS only and would load a second copy of Azure core in ESM): the extension operations.
 */
export class KubernetesConfigurationClient {
  /** Cluster extensions. */
  readonly extensions: Extensions;

  constructor(transport: ArmTransport, subscriptionId: string, pollIntervalInMs: number) {
    this.extensions = new Extensions(transport, subscriptionId, pollIntervalInMs);
  }
}
