import type { AbortSignalLike } from "@azure/abort-controller";
import type { OperationResponse } from "@azure/core-lro";
import type { HttpMethods } from "@azure/core-rest-pipeline";
import { ArmTransport } from "../clients/armTransport.js";
import type { PipelineSender } from "../clients/pipeline.js";
import { encodeSegment } from "../common/referenceSegments.js";
import { readOperationOptions } from "../common/schemas/primitives.js";
import { validateInputs } from "../common/schemas/validate.js";

/** The api-version of Microsoft.DataProtection this client speaks. */
export const dataProtectionApiVersion = "2025-07-01";

/** Options of one raw request. */
interface SendOptions {
  body?: unknown;
  abortSignal?: AbortSignalLike | undefined;
  /** Sent as `x-ms-authorization-auxiliary: Bearer <token>` (a resource guard in another tenant). Never logged. */
  auxiliaryToken?: string | undefined;
}

/**
 * @internal The HTTP side of the DataProtection client: builds URLs, sends JSON requests
 * through the core-client pipeline (auth, retries, TLS, logging policies) and turns error
 * answers into `RestError`s with the service's code, as the generated SDKs do.
 */
export class DataProtectionContext {
  /** The shared ARM request sender (errors as `RestError`s, the shared pipeline). */
  readonly transport: ArmTransport;

  constructor(
    readonly service: PipelineSender,
    readonly endpoint: string,
    readonly subscriptionId: string,
    readonly pollIntervalInMs: number,
  ) {
    this.transport = new ArmTransport(service, endpoint);
  }

  /** `{endpoint}{path}?api-version=…`; every segment of `path` must already be encoded. */
  url(path: string, query: Record<string, string | undefined> = {}): string {
    const params = new URLSearchParams({ "api-version": dataProtectionApiVersion });
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
    return `${this.endpoint}${path}?${params.toString()}`;
  }

  /** `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.DataProtection/backupVaults/{vault}`. */
  vaultPath(resourceGroupName: string, vaultName: string): string {
    return `${this.resourceGroupPath(resourceGroupName)}/providers/Microsoft.DataProtection/backupVaults/${encodeSegment(vaultName, "vaultName")}`;
  }

  /** `/subscriptions/{sub}/resourceGroups/{rg}`. */
  resourceGroupPath(resourceGroupName: string): string {
    return `${this.subscriptionPath()}/resourceGroups/${encodeSegment(resourceGroupName, "resourceGroupName")}`;
  }

  /** `/subscriptions/{sub}`. */
  subscriptionPath(): string {
    return `/subscriptions/${encodeSegment(this.subscriptionId, "subscriptionId")}`;
  }

  /** Sends one request; resolves with the parsed body for 2xx, throws `RestError` otherwise. */
  async send<T>(method: HttpMethods, url: string, options: SendOptions = {}): Promise<OperationResponse<T>> {
    // Every operation of the client ends here: a non-signal abortSignal is an input error, before the request.
    validateInputs([readOperationOptions, { abortSignal: options.abortSignal }, "(options)"]);
    const response = await this.transport.send<T>(method, url, options);
    return {
      flatResponse: response.body,
      rawResponse: { statusCode: response.status, request: { method, url, body: options.body }, headers: response.headers, body: response.body },
    };
  }
}
