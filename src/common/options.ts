import type { AbortSignalLike } from "@azure/abort-controller";
import type { CommonClientOptions } from "@azure/core-client";
import { isGuid } from "./armId.js";
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
}

/** Options of every operation. */
export interface OperationOptions {
  /** Cancels the call. Aborting a wait stops polling; it never cancels the operation in Azure. */
  abortSignal?: AbortSignalLike;
}

/** Options of an operation that waits for Azure to reach a state. */
export interface WaitOptions<TProgress> extends OperationOptions {
  /** Called after each poll with the current state. */
  onProgress?: (state: TProgress) => void;
  /** Overrides the client's `pollIntervalInMs` for this call. */
  pollIntervalInMs?: number;
  /** Gives up waiting (with `WaitTimeoutError`) after this long. Each method documents its default. */
  timeoutInMs?: number;
}

/** The default `pollIntervalInMs`. */
export const defaultPollIntervalInMs = 2000;
const managementScope = "https://management.azure.com/.default";

/** Client options shaped for the classic ARM clients (`@azure/core-client` based). */
export function classicClientOptions(options: AksBackupClientOptions): AksBackupClientOptions & { credentialScopes: string[] } {
  const { pollIntervalInMs: _p, ...rest } = options;
  return { ...rest, credentialScopes: options.credentialScopes ?? [managementScope] };
}

/** Client options shaped for the modular ARM clients (`@azure-rest/core-client` based). */
export function modularClientOptions(options: AksBackupClientOptions): Omit<AksBackupClientOptions, "credentialScopes"> & { credentials: { scopes: string[] } } {
  const { pollIntervalInMs: _p, credentialScopes, ...rest } = options;
  return { ...rest, credentials: { scopes: credentialScopes ?? [managementScope] } };
}

/** Checks an optional duration in milliseconds (`pollIntervalInMs`, `timeoutInMs`). */
export function validateDurationInMs(value: number | undefined, parameter: string): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
    throw new InputValidationError(parameter, `${String(value)} is not a duration`, "pass a number of milliseconds >= 0");
  }
}

/** Checks what every client constructor takes: a subscription GUID and a sane poll interval. */
export function validateClientArguments(subscriptionId: unknown, options: AksBackupClientOptions): void {
  if (typeof subscriptionId !== "string" || !isGuid(subscriptionId)) {
    throw new InputValidationError("subscriptionId", `'${String(subscriptionId)}' is not a GUID`, "pass the subscription's id, e.g. from `az account show --query id`");
  }
  validateDurationInMs(options.pollIntervalInMs, "pollIntervalInMs");
}
