import type { TokenCredential } from "@azure/core-auth";
import type { CommonClientOptions, OperationOptions as CoreClientOperationOptions } from "@azure/core-client";
import * as clientSchemas from "./schemas/client.js";
import { validateInputs } from "./schemas/validate.js";
import { InputValidationError } from "../errors.js";

/** Options every service class and the `AksBackup` facade take. */
export interface AksBackupClientOptions extends CommonClientOptions {
  /** ARM endpoint. Default: `https://management.azure.com` (set it for sovereign clouds or the emulator). */
  endpoint?: string;
  /** Token scopes. Default: `["https://management.azure.com/.default"]`. */
  credentialScopes?: string[];
  /**
   * Interval between polls of a long-running wait when the service gives no `Retry-After`.
   * Default: 2000 ms.
   */
  pollIntervalInMs?: number;
  /**
   * A credential of the tenant of the vaults' resource guard, when it is in another tenant
   * (multi-user authorization across tenants): its token goes as `x-ms-authorization-auxiliary`
   * with each critical operation (never logged). Each method's `resourceGuardCredential` overrides it.
   */
  resourceGuardCredential?: TokenCredential;
}

/**
 * Options of every operation: `@azure/core-client`'s `OperationOptions` narrowed to what the
 * library honours, `abortSignal` (so one bag fits both; other keys are refused). Aborting a wait
 * stops polling; it never cancels the operation in Azure.
 */
export type OperationOptions = Pick<CoreClientOperationOptions, "abortSignal">;

/** Options of an operation that waits for Azure to reach a state. */
export interface WaitOptions<TProgress> extends OperationOptions {
  /** Called after each poll with the current state. */
  onProgress?: (state: TProgress) => void;
  /** Overrides the client's `pollIntervalInMs` for this call. */
  pollIntervalInMs?: number;
  /**
   * Gives up waiting (with `WaitTimeoutError`) after this long, counted from when the wait first
   * began (also across a `restoreFrom`). Each method documents its default.
   */
  timeoutInMs?: number;
  /**
   * Resumes a wait from `await poller.serialize()` of an earlier poller of the same method called
   * with the same arguments (in this process or another): a change already sent is not sent
   * again, and polling goes on from there. As core-lro's `createHttpPoller({ restoreFrom })`.
   */
  restoreFrom?: string;
}

/** The default `pollIntervalInMs`. */
export const defaultPollIntervalInMs = 2000;
const managementScope = "https://management.azure.com/.default";

/** Client options shaped for the classic ARM clients (`@azure/core-client` based). */
export function classicClientOptions(options: AksBackupClientOptions): AksBackupClientOptions & { credentialScopes: string[] } {
  const { pollIntervalInMs: _p, resourceGuardCredential: _g, ...rest } = options;
  return { ...rest, credentialScopes: options.credentialScopes ?? [managementScope] };
}

/** Client options shaped for the modular ARM clients (`@azure-rest/core-client` based). */
export function modularClientOptions(options: AksBackupClientOptions): Omit<AksBackupClientOptions, "credentialScopes"> & { credentials: { scopes: string[] } } {
  const { pollIntervalInMs: _p, resourceGuardCredential: _g, credentialScopes, ...rest } = options;
  return { ...rest, credentials: { scopes: credentialScopes ?? [managementScope] } };
}

/** Checks an optional duration in milliseconds (`pollIntervalInMs`, `timeoutInMs`). */
export function validateDurationInMs(value: number | undefined, parameter: string): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    throw new InputValidationError(parameter, `${String(value)} is not a duration`, "pass a number of milliseconds >= 0");
  }
}

/**
 * Checks what every client constructor takes, before any request: a `TokenCredential`, a
 * subscription GUID and the client options (https `endpoint`, durations, known keys). Every
 * problem is reported in one {@link InputValidationError}.
 */
export function validateClientArguments(subscriptionId: unknown, options: unknown, credential: unknown): void {
  validateInputs(
    [clientSchemas.credential, credential, "credential"],
    [clientSchemas.subscriptionGuid, subscriptionId, "subscriptionId"],
    [clientSchemas.clientOptions, options, "(options)"],
  );
}
