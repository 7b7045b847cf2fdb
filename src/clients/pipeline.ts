import type { TokenCredential } from "@azure/core-auth";
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createPipelineFromOptions,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { classicClientOptions, type AksBackupClientOptions } from "../common/options.js";
import { ArmTransport } from "./armTransport.js";

/** The default ARM endpoint. */
export const defaultArmEndpoint = "https://management.azure.com";

/** The ARM endpoint of a set of options, without a trailing slash. */
export function armEndpoint(options: AksBackupClientOptions): string {
  return (options.endpoint ?? defaultArmEndpoint).replace(/\/+$/, "");
}

let defaultHttpClient: HttpClient | undefined;

/**
 * The `HttpClient` every client of the library sends through: the caller's `options.httpClient`,
 * or one default client for the whole process (one connection pool per endpoint, kept alive
 * across `AksBackup` instances and service classes, as Azure core's own default is).
 */
export function sharedHttpClient(options: AksBackupClientOptions): HttpClient {
  return options.httpClient ?? (defaultHttpClient ??= createDefaultHttpClient());
}

/** Sends a request through a pipeline: what the thin clients need of one. */
export interface PipelineSender {
  /** Sends `request` through the pipeline's policies and the `HttpClient`. */
  sendRequest(request: PipelineRequest): Promise<PipelineResponse>;
}

/**
 * An ARM pipeline (core-rest-pipeline's defaults: retries, TLS, proxy, user agent, logging; the
 * caller's `additionalPolicies` placed as `ServiceClient` places them; a bearer token for the
 * management scope) over `httpClient`. The thin clients parse JSON themselves, so they need no
 * `@azure/core-client` (which stays unloaded until an SDK client is made).
 */
export function createArmPipeline(credential: TokenCredential, options: AksBackupClientOptions, httpClient: HttpClient): PipelineSender {
  const { credentialScopes, additionalPolicies, ...pipelineOptions } = classicClientOptions(options);
  const pipeline = createPipelineFromOptions(pipelineOptions);
  for (const { policy, position } of additionalPolicies ?? []) {
    // As ServiceClient does: per-retry policies run after signing.
    pipeline.addPolicy(policy, { ...(position === "perRetry" ? { afterPhase: "Sign" as const } : {}) });
  }
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: credentialScopes }));
  return { sendRequest: (request) => pipeline.sendRequest(httpClient, request) };
}

/** {@link createArmPipeline}, wrapped as an {@link ArmTransport} on the options' endpoint. */
export function createArmTransport(credential: TokenCredential, options: AksBackupClientOptions, httpClient: HttpClient): ArmTransport {
  return new ArmTransport(createArmPipeline(credential, options, httpClient), armEndpoint(options));
}
