import type { AbortSignalLike } from "@azure/abort-controller";

/** Options of every DataProtection request. */
export interface DataProtectionOperationOptions {
  /** Cancels the request. */
  abortSignal?: AbortSignalLike;
  /**
   * A token of the tenant of the vault's resource guard, for a critical operation on a vault
   * protected by a guard in another tenant: sent as `x-ms-authorization-auxiliary: Bearer <token>`
   * on writes (never logged).
   */
  auxiliaryToken?: string;
}

/** Options of every `begin*` operation (named as in `@azure/arm-dataprotection`). */
export interface DataProtectionLroOptions extends DataProtectionOperationOptions {
  /** Interval between polls when the service sends no `Retry-After`. Default: the client's `pollIntervalInMs`. */
  pollIntervalInMs?: number;
  /**
   * Resumes the operation from `await poller.serialize()` of an earlier poller of the same
   * operation (core-lro's `restoreFrom`): the initial request is not sent again.
   */
  restoreFrom?: string;
}

/** Options of `recoveryPoints.list`. */
export interface RecoveryPointsListOptions extends DataProtectionOperationOptions {
  /** OData filter, e.g. `startDate eq '2024-01-01T00:00:00Z' and endDate eq '2024-02-01T00:00:00Z'`. */
  filter?: string;
  /** Continuation token from an earlier page. */
  skipToken?: string;
}
