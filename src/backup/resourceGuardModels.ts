import type { TokenCredential } from "@azure/core-auth";
import type { OperationOptions } from "../common/options.js";

/** The option every critical operation on a vault protected by a resource guard takes. */
export interface ResourceGuardOptions {
  /**
   * A credential of the resource guard's tenant, when the guard is in another tenant than the
   * vault (multi-user authorization across tenants): its token is sent as
   * `x-ms-authorization-auxiliary` with each critical operation (never logged). Default: the
   * client's `resourceGuardCredential`, else none (a guard in the vault's own tenant needs none).
   */
  resourceGuardCredential?: TokenCredential;
}

/** A critical operation a guard protects, and the guard's request that approves it. */
export interface ProtectedOperation {
  /** e.g. "Microsoft.DataProtection/backupVaults/backupInstances/delete". */
  operation: string;
  /** e.g. "{guardId}/deleteBackupInstanceRequests/default": what the guard's owner approves. */
  request: string;
}

/** A vault's resource guard (multi-user authorization), as `getResourceGuard` reads it. */
export interface VaultResourceGuardInfo {
  /** The vault. */
  vaultId: string;
  /** ARM id of the guard the vault is linked to. */
  resourceGuardId: string;
  /** The critical operations the guard protects, each with the guard's default request that approves it. */
  protectedOperations: ProtectedOperation[];
  /** The critical operations the guard does not protect (excluded on the guard). */
  unprotectedOperations: string[];
  /** When the link last changed. */
  lastUpdatedTime: string | undefined;
}

/** Options of `attachResourceGuard`. */
export interface AttachResourceGuardOptions extends OperationOptions, ResourceGuardOptions {}

/** What `attachResourceGuard` did. */
export interface AttachResourceGuardResult extends VaultResourceGuardInfo {
  /** "created": linked now; "unchanged": already linked to this guard. */
  action: "created" | "unchanged";
}

/** Options of `detachResourceGuard`: detaching turns multi-user authorization off, so it needs `confirm` and the guard's approval. */
export interface DetachResourceGuardOptions extends OperationOptions, ResourceGuardOptions {
  /** Must equal the vault's name. */
  confirm: string;
}

/** What `detachResourceGuard` did. */
export interface DetachResourceGuardResult {
  /** "deleted": unlinked now; "absent": the vault had no guard. */
  action: "deleted" | "absent";
  /** The guard the vault was linked to, when it was. */
  resourceGuardId: string | undefined;
}
