import { randomUUID } from "node:crypto";
import { ArmError, resourceNotFound } from "../../http/armError.js";
import { apiVersions } from "../apiVersions.js";
import type { RouteContext } from "../../http/router.js";
import type { OperationOutcome, OperationRecord } from "../../state/operations.js";
import type { BackupVaultRecord, DataProtectionOperationResult } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";

/** The resource provider namespace. */
export const ns = "Microsoft.DataProtection";
/** api-versions served: every published version (data/apiVersions.ts). */
export const dataProtectionApiVersions = apiVersions.dataProtection;
/** Route template of a backup vault. */
export const vaultTemplate =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.DataProtection/backupVaults/{vaultName}";
/** Route template of a backup instance. */
export const instanceTemplate = `${vaultTemplate}/backupInstances/{backupInstanceName}`;
/** ARM type of a vault. */
export const vaultType = "Microsoft.DataProtection/backupVaults";
/** The datasource type of AKS clusters. */
export const aksDatasourceType = "microsoft.containerservice/managedclusters";

/** The common part of every DataProtection route. */
export const routeBase = { apiVersions: dataProtectionApiVersions, namespace: ns } as const;

/** A plain JSON object. */
export type Json = Record<string, unknown>;

/** Whether a value is a plain JSON object. */
export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The vault id from route parameters. */
export function vaultIdOf(ctx: RouteContext): string {
  const { subscriptionId, resourceGroupName, vaultName } = ctx.params;
  return `/subscriptions/${subscriptionId!}/resourceGroups/${resourceGroupName!}/providers/${vaultType}/${vaultName!}`;
}

/** The vault named by the route, or 404 `ResourceNotFound`. */
export function requireVault(state: EmulatorState, ctx: RouteContext): BackupVaultRecord {
  const vault = state.backupVaults.get(vaultIdOf(ctx));
  if (!vault) throw resourceNotFound(vaultType, ctx.params["vaultName"]!, ctx.params["resourceGroupName"]);
  return vault;
}

/**
 * A DataProtection user error: the ARM envelope with the rich `UserFacingError` in
 * `additionalInfo`, as the service answers (CONTRACTS 5.8).
 */
export function userError(status: number, code: string, message: string, recommendedAction: string[] = []): ArmError {
  return new ArmError(status, code, message, { additionalInfo: [{ type: "UserFacingError", info: userFacingError(code, message, recommendedAction) }] });
}

/**
 * A 400 user error in the shape the newer recordings show (vault_update, softdelete): the
 * `UserFacingError` has `details` and `innerError` null, and the envelope `target` and `details` null.
 */
export function dppUserError(code: string, message: string, recommendedAction: string[]): ArmError {
  const info = { message, recommendedAction, details: null, code, target: "", innerError: null, isRetryable: false, isUserError: false, properties: { ActivityId: randomUUID() } };
  return new ArmError(400, code, message, { additionalInfo: [{ type: "UserFacingError", info }], target: null, details: null });
}

/** A `UserFacingError` object. */
export function userFacingError(code: string, message: string, recommendedAction: string[] = []): Json {
  return {
    message,
    recommendedAction,
    code,
    target: "",
    innerError: { code, additionalInfo: { DetailedNonLocalisedMessage: message } },
    isRetryable: false,
    // As in the service's documented examples, which report user errors with isUserError false.
    isUserError: false,
    properties: { ActivityId: randomUUID() },
  };
}

/** The `UserFacingError` inside an error raised by {@link userError}, or one built from any ArmError. */
export function userFacingOf(e: ArmError): Json {
  const info = e.extra.additionalInfo?.find((a) => a.type === "UserFacingError")?.info;
  return isObject(info) ? info : userFacingError(e.code, e.message);
}

/** A DataProtection operation id: base64 of `{guid};{guid}`, as recorded. */
export function newOperationId(): string {
  return Buffer.from(`${randomUUID()};${randomUUID()}`).toString("base64");
}

/** Starts a DataProtection operation ("Inprogress" while it runs) and records where it is monitored. */
export function startDppOperation(
  state: EmulatorState,
  vault: BackupVaultRecord,
  durationSec: number,
  complete: () => OperationOutcome,
  result: DataProtectionOperationResult = { kind: "jobInfo" },
): OperationRecord {
  const id = newOperationId();
  const op = state.operations.start(durationSec, complete, { id, runningStatus: "Inprogress" });
  state.dataProtectionOperations.set(id.toLowerCase(), { id, vaultId: vault.id, location: vault.location, result });
  return op;
}

/** `Azure-AsyncOperation` on the vault: `V/operationStatus/{opId}`. */
export function vaultMonitorUrl(ctx: RouteContext, vault: BackupVaultRecord, opId: string): string {
  return `${ctx.baseUrl}${vault.id}/operationStatus/${opId}?api-version=${ctx.apiVersion}`;
}

/** `Location`: `/subscriptions/{s}/providers/Microsoft.DataProtection/locations/{region}/operationResults/{opId}`. */
export function locationResultUrl(ctx: RouteContext, vault: BackupVaultRecord, opId: string): string {
  return `${ctx.baseUrl}/subscriptions/${vault.subscriptionId}/providers/${ns}/locations/${vault.location}/operationResults/${opId}?api-version=${ctx.apiVersion}`;
}

/** `Retry-After` for a running DataProtection operation. */
export function retryAfter(state: EmulatorState, op: OperationRecord, hintSec: number): Record<string, string> {
  return state.retryAfterHeader(hintSec, state.operations.remainingSeconds(op));
}

/** The 202 that actions answer: empty body, vault monitor and location result headers (as recorded). */
export function accepted(state: EmulatorState, ctx: RouteContext, vault: BackupVaultRecord, op: OperationRecord): { status: number; headers: Record<string, string> } {
  return {
    status: 202,
    headers: {
      "Azure-AsyncOperation": vaultMonitorUrl(ctx, vault, op.id),
      Location: locationResultUrl(ctx, vault, op.id),
      ...retryAfter(state, op, 30),
    },
  };
}

/** Compares ARM ids (case-insensitive). */
export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** JSON with object keys sorted, to compare bodies regardless of key order. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v) ?? "null";
}
