import type { TokenCredential } from "@azure/core-auth";
import { ServiceClient } from "@azure/core-client";
import { bearerTokenAuthenticationPolicy, createDefaultHttpClient, type HttpClient } from "@azure/core-rest-pipeline";
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

/**
 * A core-client pipeline for ARM (bearer token for the management scope, retries, TLS,
 * logging, the caller's `additionalPolicies`) over `httpClient`, wrapped as an {@link ArmTransport}.
 */
export function createArmTransport(credential: TokenCredential, options: AksBackupClientOptions, httpClient: HttpClient): ArmTransport {
  const { credentialScopes, ...pipelineOptions } = classicClientOptions(options);
  const endpoint = armEndpoint(options);
  const service = new ServiceClient({ ...pipelineOptions, endpoint, httpClient });
  service.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: credentialScopes }));
  return new ArmTransport(service, endpoint);
}
