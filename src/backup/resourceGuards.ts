/**
 * Multi-user authorization of a vault: linking a vault to a resource guard (and unlinking it,
 * itself a guarded operation), and what each critical operation must carry when the vault has a
 * guard: the guard's operation request (`resourceGuardOperationRequests`) and, for a guard in
 * another tenant, a token of that tenant (`x-ms-authorization-auxiliary`).
 */
import type { TokenCredential } from "@azure/core-auth";
import { isRestError } from "@azure/core-rest-pipeline";
import { callAzure, readOrUndefined } from "../common/azureCalls.js";
import type { OperationOptions } from "../common/options.js";
import type { BackupVaultRef } from "../common/references.js";
import { requireConfirmation } from "../common/schemas/confirm.js";
import { parseResourceGuardId } from "../common/schemas/resourceGuards.js";
import type { DataProtectionClient } from "../dataProtection/client.js";
import type { ResourceGuardProxyResource } from "../dataProtection/resourceGuardModels.js";
import { AksBackupError, AzureRequestError, InputValidationError, OperationFailedError, ResourceGuardError } from "../errors.js";
import type { AttachResourceGuardOptions, AttachResourceGuardResult, DetachResourceGuardOptions, DetachResourceGuardResult, VaultResourceGuardInfo } from "./resourceGuardModels.js";

/** The vault critical operations the library performs, by the names a resource guard proxy lists them under. */
export const criticalOperations = {
  /** Deleting a backup instance (`delete`). */
  deleteBackupInstance: "Microsoft.DataProtection/backupVaults/backupInstances/delete",
  /** Restoring (`restore`). */
  restore: "Microsoft.DataProtection/backupVaults/backupInstances/restore/action",
  /** Stopping protection, data kept (`stopProtection` with retain "forever"). */
  stopProtection: "Microsoft.DataProtection/backupVaults/backupInstances/stopProtection/action",
  /** Suspending backups (`stopProtection` with retain "asPerPolicy"). */
  suspendBackups: "Microsoft.DataProtection/backupVaults/backupInstances/suspendBackups/action",
  /** Changing a backup instance (`changePolicy`, `updateBackupConfiguration`). */
  modifyBackupInstance: "Microsoft.DataProtection/backupVaults/backupInstances/write",
  /** Detaching the vault's resource guard (`detachResourceGuard`). */
  deleteResourceGuardProxy: "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/delete",
  /** Lowering the vault's immutability. */
  reduceImmutability: "Microsoft.DataProtection/backupVaults/write#reduceImmutabilityState",
  /** Lowering the vault's soft delete. */
  reduceSoftDelete: "Microsoft.DataProtection/backupVaults/write#reduceSoftDeleteSecurity",
} as const;

/** A critical operation of a vault. */
export type CriticalOperation = keyof typeof criticalOperations;

/** The one proxy name a Backup vault has (as the CLI and the portal use it). */
export const resourceGuardProxyName = "DppResourceGuardProxy";

const defaultScopes = ["https://management.azure.com/.default"];

/** What a critical operation must carry on a vault (nothing when the vault has no guard). */
export interface GuardedRequest {
  /** The critical operation. */
  operation: string;
  /** The vault's guard, when it has one. */
  resourceGuardId?: string;
  /** The guard's request approving the operation (the body's `resourceGuardOperationRequests`). */
  resourceGuardOperationRequests?: string[];
  /** A token of the guard's tenant (the `x-ms-authorization-auxiliary` header). Never logged. */
  auxiliaryToken?: string;
}

/** How the library gets a guard's token: the credential and its scopes. */
export interface GuardSettings {
  /** Default credential of the guard's tenant (the client's `resourceGuardCredential`). */
  credential?: TokenCredential | undefined;
  /** Token scopes. Default: ARM's. */
  scopes?: string[] | undefined;
}

/** Reads a vault's resource guard proxy; undefined when the vault has no guard. */
export async function readProxy(client: DataProtectionClient, vault: BackupVaultRef, options: OperationOptions): Promise<ResourceGuardProxyResource | undefined> {
  return readOrUndefined(`Reading the resource guard of vault ${vault.id}`, () =>
    client.resourceGuardProxies.get(vault.resourceGroupName, vault.name, resourceGuardProxyName, { abortSignal: options.abortSignal }));
}

async function tokenOf(credential: TokenCredential | undefined, scopes: string[] | undefined, options: OperationOptions): Promise<string | undefined> {
  if (!credential) return undefined;
  const token = await credential.getToken(scopes ?? defaultScopes, { abortSignal: options.abortSignal });
  if (!token?.token) {
    throw new AksBackupError("The resourceGuardCredential gave no token. To fix: pass a credential that can sign in to the resource guard's tenant.", { remedy: "pass a credential that can sign in to the resource guard's tenant" });
  }
  return token.token;
}

/**
 * What `operation` must carry on `vault`: one read of the vault's guard proxy; the guard's
 * default request for the operation (none when the guard excludes it); a token of
 * `credential` (per call) or of the settings' credential, when one is given.
 */
export async function guardedRequestFor(client: DataProtectionClient, vault: BackupVaultRef, operation: CriticalOperation, settings: GuardSettings, options: OperationOptions & { resourceGuardCredential?: TokenCredential | undefined }): Promise<GuardedRequest> {
  const name = criticalOperations[operation];
  const proxy = await readProxy(client, vault, options);
  const guardId = proxy?.properties?.resourceGuardResourceId;
  if (!proxy || !guardId) return { operation: name };
  const detail = (proxy.properties?.resourceGuardOperationDetails ?? []).find((d) => d.vaultCriticalOperation?.toLowerCase() === name.toLowerCase());
  const token = await tokenOf(options.resourceGuardCredential ?? settings.credential, settings.scopes, options);
  return {
    operation: name,
    resourceGuardId: guardId,
    ...(detail?.defaultResourceRequest ? { resourceGuardOperationRequests: [detail.defaultResourceRequest] } : {}),
    ...(token ? { auxiliaryToken: token } : {}),
  };
}

/** Error codes with which ARM and DataProtection refuse an operation a resource guard protects. */
const refusalCode = /resourceguard|linkedauthorization|\bmua\b|multiuserauthorization|invalidauthenticationtokentenant|auxiliary/i;

/** Whether an error is a resource guard's refusal. */
export function isGuardRefusal(e: unknown): e is AzureRequestError | OperationFailedError {
  // A guard that does not exist is an input problem, not a refusal: it keeps its own error.
  return (e instanceof AzureRequestError || e instanceof OperationFailedError) && refusalCode.test(e.code) && !/notfound/i.test(e.code);
}

/**
 * Runs a guarded call: a refusal by the guard (or by ARM's check on the guard's tenant) becomes
 * a {@link ResourceGuardError} saying what to do; other errors pass through.
 */
export async function withGuard<T>(what: string, guard: GuardedRequest, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    const err = isRestError(e) ? new AzureRequestError(what, e) : e;
    if (isGuardRefusal(err)) {
      throw new ResourceGuardError(what, guard.operation, guard.resourceGuardId, err.code, err.serviceMessage, { statusCode: err instanceof AzureRequestError ? err.statusCode : undefined, cause: err });
    }
    throw err;
  }
}

function toGuardInfo(vault: BackupVaultRef, proxy: ResourceGuardProxyResource): VaultResourceGuardInfo {
  const details = proxy.properties?.resourceGuardOperationDetails ?? [];
  return {
    vaultId: vault.id,
    resourceGuardId: proxy.properties?.resourceGuardResourceId ?? "",
    protectedOperations: details.filter((d) => d.vaultCriticalOperation && d.defaultResourceRequest).map((d) => ({ operation: d.vaultCriticalOperation!, request: d.defaultResourceRequest! })),
    unprotectedOperations: details.filter((d) => d.vaultCriticalOperation && !d.defaultResourceRequest).map((d) => d.vaultCriticalOperation!),
    lastUpdatedTime: proxy.properties?.lastUpdatedTime,
  };
}

/** The vault's resource guard; undefined when it has none. */
export async function getResourceGuard(client: DataProtectionClient, vault: BackupVaultRef, options: OperationOptions): Promise<VaultResourceGuardInfo | undefined> {
  const proxy = await readProxy(client, vault, options);
  return proxy?.properties?.resourceGuardResourceId ? toGuardInfo(vault, proxy) : undefined;
}

/**
 * Links a vault to a resource guard (`PUT .../backupResourceGuardProxies/DppResourceGuardProxy`).
 * Converges: a vault already linked to the guard gets no write; one linked to another guard is
 * refused (detach first: that is the guarded operation).
 */
export async function attachResourceGuard(client: DataProtectionClient, vault: BackupVaultRef, resourceGuardId: string, settings: GuardSettings, options: AttachResourceGuardOptions): Promise<AttachResourceGuardResult> {
  const guardId = parseResourceGuardId(resourceGuardId, "resourceGuardId");
  const existing = await readProxy(client, vault, options);
  const current = existing?.properties?.resourceGuardResourceId;
  if (existing && current && current.toLowerCase() === guardId.toLowerCase()) return { ...toGuardInfo(vault, existing), action: "unchanged" };
  if (existing && current) {
    throw new InputValidationError("resourceGuardId", `the vault '${vault.id}' is already protected by the resource guard '${current}'`, "detach it first with detachResourceGuard (the guard must approve that), then attach the new guard");
  }
  const token = await tokenOf(options.resourceGuardCredential ?? settings.credential, settings.scopes, options);
  const guard: GuardedRequest = { operation: "Microsoft.DataProtection/backupVaults/backupResourceGuardProxies/write", resourceGuardId: guardId, ...(token ? { auxiliaryToken: token } : {}) };
  const what = `Attaching the resource guard ${guardId} to vault ${vault.id}`;
  const proxy = await withGuard(what, guard, () => callAzure(what, () =>
    client.resourceGuardProxies.createOrUpdate(vault.resourceGroupName, vault.name, resourceGuardProxyName, { properties: { resourceGuardResourceId: guardId } }, { abortSignal: options.abortSignal, ...(token ? { auxiliaryToken: token } : {}) })));
  return { ...toGuardInfo(vault, proxy), action: "created" };
}

/**
 * Unlinks a vault from its resource guard: `confirm` must equal the vault's name (this turns
 * multi-user authorization off), then `unlockDelete` with the guard's request for the delete
 * (the guard must have approved it), then `DELETE` of the proxy. A vault without a guard is a no-op.
 */
export async function detachResourceGuard(client: DataProtectionClient, vault: BackupVaultRef, settings: GuardSettings, options: DetachResourceGuardOptions): Promise<DetachResourceGuardResult> {
  requireConfirmation("detaching the vault's resource guard (critical operations no longer need the guard's approval)", vault.id, vault.name, options?.confirm);
  const guard = await guardedRequestFor(client, vault, "deleteResourceGuardProxy", settings, options);
  if (!guard.resourceGuardId) return { action: "absent", resourceGuardId: undefined };
  const o = { abortSignal: options.abortSignal, ...(guard.auxiliaryToken ? { auxiliaryToken: guard.auxiliaryToken } : {}) };
  const what = `Detaching the resource guard of vault ${vault.id}`;
  await withGuard(what, guard, () => callAzure(what, async () => {
    await client.resourceGuardProxies.unlockDelete(vault.resourceGroupName, vault.name, resourceGuardProxyName, { resourceGuardOperationRequests: guard.resourceGuardOperationRequests ?? [] }, o);
    await client.resourceGuardProxies.delete(vault.resourceGroupName, vault.name, resourceGuardProxyName, o);
  }));
  return { action: "deleted", resourceGuardId: guard.resourceGuardId };
}
