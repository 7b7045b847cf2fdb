import type { AbortSignalLike } from "@azure/abort-controller";
import type { ServiceClient } from "@azure/core-client";
import type { OperationResponse } from "@azure/core-lro";
import { RestError, createHttpHeaders, createPipelineRequest, type HttpMethods } from "@azure/core-rest-pipeline";
import { logger } from "../common/logger.js";
import { encodeSegment } from "../common/referenceSegments.js";
import { readOperationOptions } from "../common/schemas/primitives.js";
import { validateInputs } from "../common/schemas/validate.js";

/** The api-version of Microsoft.DataProtection this client speaks. */
export const dataProtectionApiVersion = "2025-07-01";

/** Options of one raw request. */
interface SendOptions {
  body?: unknown;
  abortSignal?: AbortSignalLike | undefined;
}

/** Reads a JSON body; an empty or non-JSON body (DELETE answers may carry junk) is undefined. */
function parseBody(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `{ error: { code, message } }` (CloudError) of a failed response, or a fallback. */
function cloudError(body: unknown, status: number): { code: string; message: string } {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return {
    code: typeof error?.code === "string" ? error.code : `Http${status}`,
    message: typeof error?.message === "string" ? error.message : `The service answered HTTP ${status}.`,
  };
}

/**
 * @internal The HTTP side of the DataProtection client: builds URLs, sends JSON requests
 * through the core-client pipeline (auth, retries, TLS, logging policies) and turns error
 * answers into `RestError`s with the service's code, as the generated SDKs do.
 */
export class DataProtectionContext {
  constructor(
    readonly service: ServiceClient,
    readonly endpoint: string,
    readonly subscriptionId: string,
    readonly pollIntervalInMs: number,
  ) {}

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
    const request = createPipelineRequest({
      url,
      method,
      headers: createHttpHeaders({ accept: "application/json" }),
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    if (options.body !== undefined) {
      request.body = JSON.stringify(options.body);
      request.headers.set("content-type", "application/json");
    }
    const response = await this.service.sendRequest(request);
    const body = parseBody(response.bodyAsText ?? undefined);
    if (response.status >= 400) {
      const { code, message } = cloudError(body, response.status);
      const error = new RestError(message, { code, statusCode: response.status, request, response });
      error.details = body;
      throw error;
    }
    logger.verbose(`${method} ${url.split("?")[0] ?? url} -> ${response.status}`);
    return {
      flatResponse: body as T,
      rawResponse: { statusCode: response.status, request: { method, url, body: options.body }, headers: response.headers.toJSON(), body },
    };
  }
}
