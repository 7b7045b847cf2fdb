import type { ArmResponse, Route, RouteContext } from "../../http/router.js";
import type { BackupInstanceRecord, BackupJobRecord, BackupPolicyRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { requireInstance } from "./backupInstances.js";
import { accepted, aksDatasourceType, instanceTemplate, isObject, requireVault, routeBase, startDppOperation, userError, type Json } from "./common.js";
import { checkNotBusy, protectionOf } from "./instanceState.js";
import { createJob, finishJob } from "./jobRecords.js";
import { jobOutcome, stringList, type JobOutcome } from "./outcomes.js";
import { createRecoveryPoint } from "./recoveryPoints.js";
import { scheduleTiering } from "./tiering.js";

/** The policy of a backup instance. */
export function policyOf(state: EmulatorState, bi: BackupInstanceRecord): BackupPolicyRecord | undefined {
  const info = bi.body.properties["policyInfo"];
  return isObject(info) && typeof info["policyId"] === "string" ? state.backupPolicies.get(info["policyId"]) : undefined;
}

/** The `AzureBackupRule`s of a policy. */
export function backupRules(policy: BackupPolicyRecord | undefined): Json[] {
  return ((policy?.body.properties["policyRules"] as Json[] | undefined) ?? []).filter((r) => r["objectType"] === "AzureBackupRule");
}

/** The Kubernetes parameters of an AKS backup instance (empty for other datasources). */
export function k8sParameters(bi: BackupInstanceRecord): Json {
  const info = bi.body.properties["policyInfo"];
  const params = isObject(info) && isObject(info["policyParameters"]) ? info["policyParameters"] : {};
  const list = Array.isArray(params["backupDatasourceParametersList"]) ? (params["backupDatasourceParametersList"] as unknown[]) : [];
  const stores = Array.isArray(params["dataStoreParametersList"]) ? (params["dataStoreParametersList"] as unknown[]) : [];
  const k8s = isObject(list[0]) ? list[0] : {};
  return { ...k8s, snapshotResourceGroupId: isObject(stores[0]) ? stores[0]["resourceGroupId"] : "" };
}

/** Names of the hooks in a `backupHookReferences`/`restoreHookReferences` list. */
export function hookNames(v: unknown): string[] {
  return Array.isArray(v) ? v.filter(isObject).map((h) => String(h["name"])) : [];
}

function backupOutcome(state: EmulatorState, bi: BackupInstanceRecord): { outcome: JobOutcome; resourceCount: number } {
  const info = bi.body.properties["dataSourceInfo"];
  const type = isObject(info) ? String(info["datasourceType"]).toLowerCase() : "";
  // Guess: other datasources (disks, blobs) are not emulated in depth; their backups complete.
  if (type !== aksDatasourceType) return { outcome: { status: "Completed", errors: [], warnings: [] }, resourceCount: 0 };
  const cluster = state.clusters.get(bi.datasourceId);
  const k8s = k8sParameters(bi);
  const scope = { includedNamespaces: stringList(k8s["includedNamespaces"]), volumes: k8s["snapshotVolumes"] === true, hooks: hookNames(k8s["backupHookReferences"]) };
  return { outcome: jobOutcome(state, "Backup", cluster, scope, cluster?.resourceCount ?? 0, String(k8s["snapshotResourceGroupId"])), resourceCount: cluster?.resourceCount ?? 0 };
}

/**
 * Starts a backup job at `startMs` (a request's time, or a schedule's due time) that ends
 * `durations.backupJob` later: Failed, or Completed / CompletedWithWarnings with a recovery point.
 */
export function runBackup(state: EmulatorState, bi: BackupInstanceRecord, startMs: number, userTriggered: boolean, retentionTag: string): BackupJobRecord {
  const vault = state.backupVaults.get(bi.vaultId)!;
  const job = createJob(state, { vault, bi, category: "Backup", userTriggered, startMs, retentionTag });
  const endMs = startMs + state.options.durations.backupJob * 1000;
  state.scheduler.at(endMs, () => {
    const { outcome, resourceCount } = backupOutcome(state, bi);
    const alive = state.backupInstances.get(bi.id) === bi;
    // Guess: the point's time is when the snapshot was taken, about 80% into the job (recorded: 2.5 of 3.2 minutes).
    const rp = outcome.status !== "Failed" && alive ? createRecoveryPoint(state, bi, Math.round(startMs + (endMs - startMs) * 0.8), retentionTag, resourceCount) : undefined;
    finishJob(job, outcome, endMs, rp?.body["name"] as string | undefined);
    const snapshotGroup = k8sParameters(bi)["snapshotResourceGroupId"];
    if (rp) scheduleTiering(state, bi, policyOf(state, bi), rp, retentionTag, endMs, typeof snapshotGroup === "string" ? snapshotGroup : "");
  });
  return job;
}

/** POST `BI/backup` (`TriggerBackupRequest`): 202 and an operation whose result names the job. */
function adhocBackup(state: EmulatorState, ctx: RouteContext): ArmResponse {
  const bi = requireInstance(state, ctx);
  const vault = requireVault(state, ctx);
  const options = isObject(ctx.body) ? ctx.body["backupRuleOptions"] : undefined;
  const ruleName = isObject(options) ? options["ruleName"] : undefined;
  const trigger = isObject(options) && isObject(options["triggerOption"]) ? options["triggerOption"] : {};
  const rules = backupRules(policyOf(state, bi));
  const rule = rules.find((r) => r["name"] === ruleName);
  if (!rule) {
    // Guess: code and wording for a rule that is not a backup rule of the policy.
    throw userError(400, "UserErrorBackupRuleNotFound", `'backupRuleOptions.ruleName' must name a backup rule of the backup instance's policy (${rules.map((r) => String(r["name"])).join(", ")}), not '${String(ruleName)}'.`, ["Use a backup rule name of the policy and retry."]);
  }
  const trig = isObject(rule["trigger"]) ? rule["trigger"] : {};
  const tags = (Array.isArray(trig["taggingCriteria"]) ? (trig["taggingCriteria"] as unknown[]) : []).filter(isObject).map((c) => String((c["tagInfo"] as Json)["tagName"]));
  const override = trigger["retentionTagOverride"];
  if (override !== undefined && override !== null && (typeof override !== "string" || !tags.some((t) => t.toLowerCase() === override.toLowerCase()))) {
    // Guess: code and wording for a retention tag the rule does not have.
    throw userError(400, "UserErrorRetentionTagNotFound", `'triggerOption.retentionTagOverride' must be a retention tag of rule '${String(ruleName)}' (${tags.join(", ")}), not '${JSON.stringify(override)}'.`, ["Use a tag of the policy and retry."]);
  }
  checkNotBusy(state, bi);
  const current = protectionOf(bi).current;
  if (current !== "ProtectionConfigured") {
    // Guess: an on-demand backup needs configured protection (the same code as other actions in the wrong state).
    throw userError(400, "UserErrorInvalidOperationForCurrentState", `The operation 'backup' is not allowed while the backup instance '${bi.name}' is in state '${current}'.`, ["Run an on-demand backup only when the backup instance is in ProtectionConfigured."]);
  }
  // As recorded: the CLI sent `triggerOption: {}` and the job reported RetentionTag "default".
  const job = runBackup(state, bi, state.clock.now(), true, typeof override === "string" ? override : "default");
  const op = startDppOperation(state, vault, state.options.durations.backupTrigger, () => ({ properties: { jobId: job.id, objectType: "OperationJobExtendedInfo" } }));
  // As recorded: 202, empty body, vault monitor and location result headers.
  return accepted(state, ctx, vault, op);
}

/** The route of on-demand backups (CONTRACTS 5.5). */
export function backupRoutes(state: EmulatorState): Route[] {
  return [{ ...routeBase, method: "POST", template: `${instanceTemplate}/backup`, handler: (ctx) => adhocBackup(state, ctx) }];
}
