import type { RouteContext } from "../../http/router.js";
import type { BackupVaultRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { isObject, type Json } from "./common.js";
import { requireGuardApproval } from "./resourceGuards.js";

/** A vault's soft delete and immutability, from its `properties`. */
function security(properties: Json | undefined): { softDelete: string | undefined; days: number | undefined; immutability: string | undefined } {
  const s = isObject(properties?.["securitySettings"]) ? properties["securitySettings"] : {};
  const sd = isObject(s["softDeleteSettings"]) ? s["softDeleteSettings"] : {};
  const im = isObject(s["immutabilitySettings"]) ? s["immutabilitySettings"] : {};
  return {
    softDelete: typeof sd["state"] === "string" ? sd["state"] : undefined,
    days: typeof sd["retentionDurationInDays"] === "number" ? sd["retentionDurationInDays"] : undefined,
    immutability: typeof im["state"] === "string" ? im["state"] : undefined,
  };
}

const immutabilityRank: Record<string, number> = { disabled: 0, unlocked: 1, locked: 2 };

/**
 * A vault write that lowers its protection is a critical operation of its resource guard
 * (multi-user authorization): turning soft delete off or shortening its retention
 * (`write#reduceSoftDeleteSecurity`), lowering immutability (`write#reduceImmutabilityState`).
 * The write must carry the guard's operation requests (`properties.resourceGuardOperationRequests`)
 * and, for a guard in another tenant, the auxiliary token; otherwise the guard refuses it.
 * Guess: the service checks this at the PUT/PATCH (as for instance writes); not recorded.
 */
export function requireGuardForVaultWrite(state: EmulatorState, ctx: RouteContext, vault: BackupVaultRecord, after: Json, sentProperties: unknown): void {
  const was = security(vault.body.properties);
  const now = security(after);
  // A vault write has a body: requests it does not carry are missing (not implied).
  const requests = (isObject(sentProperties) ? sentProperties["resourceGuardOperationRequests"] : undefined) ?? [];
  const softDeleteLowered = (was.softDelete !== undefined && was.softDelete.toLowerCase() !== "off" && now.softDelete?.toLowerCase() === "off") ||
    (was.days !== undefined && now.days !== undefined && now.days < was.days);
  if (softDeleteLowered) requireGuardApproval(state, ctx, vault, "Microsoft.DataProtection/backupVaults/write#reduceSoftDeleteSecurity", requests);
  const before = immutabilityRank[(was.immutability ?? "disabled").toLowerCase()] ?? 0;
  const after_ = immutabilityRank[(now.immutability ?? "disabled").toLowerCase()] ?? 0;
  if (after_ < before) requireGuardApproval(state, ctx, vault, "Microsoft.DataProtection/backupVaults/write#reduceImmutabilityState", requests);
}
