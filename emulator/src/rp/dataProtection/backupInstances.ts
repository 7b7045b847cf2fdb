import { ArmError, badRequest, resourceNotFound } from "../../http/armError.js";
import { pageOf } from "../../http/paging.js";
import type { ArmResponse, Route, RouteContext } from "../../http/router.js";
import type { BackupInstanceRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { accepted, canonical, instanceTemplate, isObject, requireVault, retryAfter, routeBase, sameId, startDppOperation, userError, vaultMonitorUrl, vaultTemplate } from "./common.js";
import { aksTarget, checkNotProtectedElsewhere, normaliseInstance } from "./instanceBody.js";
import { checkNotBusy, composeProperties, instanceType, protectionOf, recheck, setProtection, userProperties } from "./instanceState.js";
import { ensureBackupSchedule } from "./schedule.js";
import { keepDeletedInstance, softDeleteRetentionDays } from "./softDelete.js";
import { noteInstanceCreated } from "./continuousRestore.js";
import { modifyProblem } from "./modifyValidation.js";
import { requireGuardApproval } from "./resourceGuards.js";

/** The backup instance named by the route, or 404. */
export function requireInstance(state: EmulatorState, ctx: RouteContext): BackupInstanceRecord {
  const vault = requireVault(state, ctx);
  const name = ctx.params["backupInstanceName"]!;
  const bi = state.backupInstances.get(`${vault.id}/backupInstances/${name}`);
  if (!bi) throw resourceNotFound(instanceType, name, ctx.params["resourceGroupName"]);
  return bi;
}

/** The `tags` of a backup instance PUT (a full replacement: none sent, none kept). */
function instanceTags(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  // Guess: the code for tags that are not an object of strings.
  if (!isObject(value) || Object.values(value).some((v) => typeof v !== "string")) throw badRequest("'tags' must be an object of strings.", "InvalidRequestContent", "tags");
  return value;
}

/** Sets or removes the tags of a backup instance body; as recorded, `tags` comes first. */
function setTags(bi: BackupInstanceRecord, tags: Record<string, unknown> | undefined): void {
  const { tags: _old, ...rest } = bi.body;
  bi.body = tags ? { tags, ...rest } : rest;
}

function create(state: EmulatorState, ctx: RouteContext, id: string, properties: Record<string, unknown>, datasourceId: string, tags: Record<string, unknown> | undefined): ArmResponse {
  const vault = requireVault(state, ctx);
  checkNotProtectedElsewhere(state, datasourceId);
  const bi: BackupInstanceRecord = state.backupInstances.set({
    id, name: ctx.params["backupInstanceName"]!, vaultId: vault.id, datasourceId,
    body: { ...(tags ? { tags } : {}), properties: composeProperties(properties, { current: "ConfiguringProtection", provisioningState: "Provisioning" }), id, name: ctx.params["backupInstanceName"]!, type: instanceType },
  });
  noteInstanceCreated(state, bi);
  const durations = state.options.durations;
  const op = startDppOperation(state, vault, durations.backupInstanceCreate, () => {
    bi.busyWith = undefined;
    recheck(state, bi, aksTarget(vault, properties), "ConfiguringProtectionFailed", "Failed");
    setProtection(bi, { current: "ConfiguringProtection", provisioningState: "Succeeded" });
    // Extension point: the service creates a "ConfigureProtection" job here (not emulated).
    state.scheduler.after(durations.backupInstanceConfigure, () => {
      if (state.backupInstances.get(bi.id) !== bi || protectionOf(bi).current !== "ConfiguringProtection") return;
      try {
        recheck(state, bi, aksTarget(vault, properties), "ProtectionError");
        setProtection(bi, { current: "ProtectionConfigured", provisioningState: "Succeeded" });
        ensureBackupSchedule(state, bi);
      } catch (e) {
        if (!(e instanceof ArmError)) throw e;
      }
    });
  }, { kind: "backupInstance", resourceId: bi.id });
  bi.busyWith = op.id;
  if (ctx.apiVersion.slice(0, 10) >= "2026-03-01") {
    // As recorded at 2026-03-01 (softdelete #22): 202 with an empty body, Azure-AsyncOperation and
    // Location on BI/operationResults, as for an update. Guess: from this version on, whatever the datasource.
    const res = accepted(state, ctx, vault, op);
    return { ...res, headers: { ...res.headers, Location: `${ctx.baseUrl}${bi.id}/operationResults/${op.id}?api-version=${ctx.apiVersion}`, ...retryAfter(state, op, 60) } };
  }
  // As recorded: 201 with the body and a vault-scoped Azure-AsyncOperation (CONTRACTS: Retry-After 60).
  return { status: 201, body: bi.body, headers: { "Azure-AsyncOperation": vaultMonitorUrl(ctx, vault, op.id), ...retryAfter(state, op, 60) } };
}

function update(state: EmulatorState, ctx: RouteContext, bi: BackupInstanceRecord, properties: Record<string, unknown>, datasourceId: string, tags: Record<string, unknown> | undefined): ArmResponse {
  checkNotBusy(state, bi);
  if (!sameId(bi.datasourceId, datasourceId)) {
    // Guess: code for changing the datasource of an existing backup instance.
    throw userError(400, "UserErrorDatasourceCannotBeChanged", `The backup instance '${bi.name}' protects '${bi.datasourceId}'; its datasource cannot change.`, ["Create a new backup instance for the other datasource."]);
  }
  // As recorded (AKS configuration update): a PUT that changes nothing answers 200 at once.
  // Guess: what counts as a change is the policy and its parameters, and the identity used.
  const before = userProperties(bi);
  const changed = ["policyInfo", "identityDetails"].some((k) => canonical(before[k]) !== canonical(properties[k]));
  // Guess: tags are ARM metadata, written at once whatever else the PUT does.
  setTags(bi, tags);
  if (!changed) return { status: 200, body: bi.body };
  const vault = requireVault(state, ctx);
  // Guess: the same limits validateForModifyBackup reports (modifyValidation.ts), refused at once.
  const problem = modifyProblem(before, properties);
  if (problem) throw userError(400, problem.code, problem.message, [problem.action]);
  // A change of a protected instance is a critical operation of a vault with a resource guard (proxy: backupInstances/write -> dppModifyPolicy).
  const raw = isObject(ctx.body) && isObject(ctx.body["properties"]) ? ctx.body["properties"]["resourceGuardOperationRequests"] : undefined;
  requireGuardApproval(state, ctx, vault, "Microsoft.DataProtection/backupVaults/backupInstances/write", raw ?? []);
  const op = startDppOperation(state, vault, state.options.durations.backupInstanceUpdate, () => {
    bi.busyWith = undefined;
    bi.body.properties = composeProperties(properties, protectionOf(bi));
  }, { kind: "backupInstance", resourceId: bi.id });
  bi.busyWith = op.id;
  // As recorded (policy change): 202, empty body, Azure-AsyncOperation plus Location on BI/operationResults.
  const res = accepted(state, ctx, vault, op);
  return { ...res, headers: { ...res.headers, Location: `${ctx.baseUrl}${bi.id}/operationResults/${op.id}?api-version=${ctx.apiVersion}` } };
}

function put(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const vault = requireVault(state, ctx);
  if (!isObject(ctx.body)) throw badRequest("The request body must be a BackupInstanceResource object.");
  const id = `${vault.id}/backupInstances/${ctx.params["backupInstanceName"]!}`;
  const existing = state.backupInstances.get(id);
  const n = normaliseInstance(state, vault, ctx.body["properties"], existing?.body.properties);
  const tags = instanceTags(ctx.body["tags"]);
  if (existing && protectionOf(existing).current === "ConfiguringProtectionFailed") {
    // Guess: a PUT on an instance whose configuration failed configures it again, answering like a create.
    checkNotBusy(state, existing);
    state.backupInstances.delete(existing.id);
    return create(state, ctx, id, n.properties, n.datasourceId, tags);
  }
  return existing ? update(state, ctx, existing, n.properties, n.datasourceId, tags) : create(state, ctx, id, n.properties, n.datasourceId, tags);
}

function remove(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const vault = requireVault(state, ctx);
  const bi = state.backupInstances.get(`${vault.id}/backupInstances/${ctx.params["backupInstanceName"]!}`);
  // As recorded: deleting an absent backup instance answers 204.
  if (!bi) return { status: 204 };
  checkNotBusy(state, bi);
  // DELETE has no body: the guard's default request is implied; a guard in another tenant still needs the auxiliary token.
  requireGuardApproval(state, ctx, vault, "Microsoft.DataProtection/backupVaults/backupInstances/delete", undefined);
  const op = startDppOperation(state, vault, state.options.durations.backupInstanceDelete, () => {
    state.backupInstances.delete(bi.id);
    state.backupSchedules.delete(bi.id.toLowerCase());
    // With soft delete On or AlwaysOn the service keeps it (and its points) under deletedBackupInstances (softdelete #10).
    const retentionDays = softDeleteRetentionDays(vault);
    if (retentionDays !== undefined) {
      keepDeletedInstance(state, vault, bi, retentionDays);
      return;
    }
    // As the spec describes delete ("stop protection and delete data"): its recovery points go; its jobs stay.
    for (const rp of state.recoveryPoints.under(`${bi.id}/recoveryPoints`)) state.recoveryPoints.delete(rp.id);
  });
  bi.busyWith = op.id;
  // As recorded: 202, empty body, vault monitor and location result headers.
  return accepted(state, ctx, vault, op);
}

/** Routes of backup instances: list, get, create/update, delete, and the per-datasource list (CONTRACTS 5.5). */
export function instanceRoutes(state: EmulatorState): Route[] {
  const page = (ctx: RouteContext, items: BackupInstanceRecord[]): ArmResponse => ({ status: 200, body: pageOf(ctx, items.map((b) => b.body), state.options.pageSize) });
  return [
    {
      ...routeBase, method: "GET", template: `${vaultTemplate}/backupInstances`,
      handler: (ctx) => page(ctx, state.backupInstances.under(`${requireVault(state, ctx).id}/backupInstances`)),
    },
    { ...routeBase, method: "GET", template: instanceTemplate, handler: (ctx) => ({ status: 200, body: requireInstance(state, ctx).body }) },
    { ...routeBase, method: "PUT", template: instanceTemplate, handler: (ctx) => put(state, ctx) },
    { ...routeBase, method: "DELETE", template: instanceTemplate, handler: (ctx) => remove(state, ctx) },
    {
      // BackupInstancesExtensionRouting_List: every backup instance protecting this resource, across vaults.
      ...routeBase, method: "GET", template: "{*resourceId}/providers/Microsoft.DataProtection/backupInstances",
      handler: (ctx) => page(ctx, state.backupInstances.lookup("datasource", ctx.params["resourceId"]!.toLowerCase())),
    },
  ];
}
