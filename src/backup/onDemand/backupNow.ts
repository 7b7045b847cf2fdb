import { parseBackupInstanceId, parseBackupPolicyId, type BackupInstanceRef } from "../../common/references.js";
import { InputValidationError } from "../../errors.js";
import type { PollerLike } from "@azure/core-lro";
import { followLro } from "../../common/lroWait.js";
import { createWaitPoller, type WaitMemo, type WaitState, callerWaitOptions } from "../../common/poller.js";
import type { DataProtectionClient } from "../../dataProtection/client.js";
import type { BackupPolicy, OperationJobExtendedInfo, TriggerBackupRequest } from "../../dataProtection/models.js";
import { getJob, jobIdOf } from "../jobs/jobs.js";
import type { JobInfo } from "../jobs/models.js";
import { toInstanceInfo } from "../mappers.js";
import { requireAksPolicy } from "../policies.js";
import { readInstance } from "../protection.js";
import { requireState } from "../stateRules.js";
import type { BackupNowOptions } from "./models.js";

/** The retention tags a policy defines (its tagging criteria), the default first. */
export function retentionTagsOf(policy: BackupPolicy | undefined): string[] {
  const tags: Array<{ name: string; isDefault: boolean }> = [];
  for (const rule of policy?.policyRules ?? []) {
    if (rule.objectType !== "AzureBackupRule") continue;
    for (const c of rule.trigger?.taggingCriteria ?? []) if (c.tagInfo?.tagName) tags.push({ name: c.tagInfo.tagName, isDefault: !!c.isDefault });
  }
  return [...tags.filter((t) => t.isDefault), ...tags.filter((t) => !t.isDefault)].map((t) => t.name);
}

/**
 * The ad hoc backup body for a policy: its backup rule (or `ruleName`, which must be one) and
 * a retention tag of the policy (default: its default tag). Throws {@link InputValidationError}.
 */
export function buildAdhocBackupRequest(policy: BackupPolicy | undefined, options: Pick<BackupNowOptions, "ruleName" | "retentionTag"> = {}): TriggerBackupRequest {
  const rules = (policy?.policyRules ?? []).filter((r) => r.objectType === "AzureBackupRule").map((r) => r.name);
  const ruleName = options.ruleName ?? rules[0];
  if (!ruleName || !rules.includes(ruleName)) {
    throw new InputValidationError("ruleName", options.ruleName ? `the policy has no backup rule '${options.ruleName}'` : "the policy has no backup rule", rules.length ? `pass one of ${rules.join(", ")}` : "fix the policy");
  }
  const tags = retentionTagsOf(policy);
  const tag = options.retentionTag ?? tags[0] ?? "Default";
  const known = tags.find((t) => t.toLowerCase() === tag.toLowerCase());
  if (tags.length > 0 && !known) throw new InputValidationError("retentionTag", `the policy has no retention tag '${tag}'`, `pass one of ${tags.join(", ")}`);
  return { backupRuleOptions: { ruleName, triggerOption: { retentionTagOverride: known ?? tag } } };
}

const defaultStartTimeoutInMs = 10 * 60_000;

/**
 * Starts an on-demand backup of a protected instance with its policy's rule and retention; the
 * poller resolves with the started job (watch it with `waitForJob`). Its state can be resumed
 * (`restoreFrom`) at any point: once the backup was requested it is followed, never requested again.
 */
export function beginBackupNow(client: DataProtectionClient, pollIntervalInMs: number, backupInstanceId: string | BackupInstanceRef, options: BackupNowOptions = {}): PollerLike<WaitState<JobInfo>, JobInfo> {
  const bi = parseBackupInstanceId(backupInstanceId, "backupInstanceId");
  for (const f of ["ruleName", "retentionTag"] as const) {
    if (options[f] !== undefined && (typeof options[f] !== "string" || options[f] === "")) throw new InputValidationError(f, "it is empty", "pass a name from the policy, or omit it");
  }
  const intervalInMs = options.pollIntervalInMs ?? pollIntervalInMs;
  const memo: WaitMemo = { operation: null };
  let body: TriggerBackupRequest = { backupRuleOptions: { ruleName: "", triggerOption: {} } };
  const trigger = followLro<OperationJobExtendedInfo>(`Starting a backup of ${bi.name}`, memo, "operation", (restoreFrom, abortSignal) =>
    client.backupInstances.beginAdhocBackup(bi.resourceGroupName, bi.typeNames[0]!.name, bi.name, body, { abortSignal, pollIntervalInMs: intervalInMs, ...(restoreFrom ? { restoreFrom } : {}) }));
  return createWaitPoller<JobInfo>({
    description: `an on-demand backup of ${bi.name} to start`,
    memo,
    intervalInMs,
    timeoutInMs: options.timeoutInMs ?? defaultStartTimeoutInMs,
    ...callerWaitOptions(options),
    start: async (abortSignal) => {
      const instance = await readInstance(client, bi, { abortSignal });
      if (!instance) throw new InputValidationError("backupInstanceId", `the backup instance '${bi.id}' does not exist`, "configure protection first (configureProtection)");
      const info = toInstanceInfo(instance);
      requireState("backupNow", bi.id, info.protectionState);
      const policy = await requireAksPolicy(client, parseBackupPolicyId(info.policyId, "policyId"), { abortSignal });
      body = buildAdhocBackupRequest(policy.properties, options);
      await trigger.start(abortSignal);
    },
    check: async (abortSignal) => {
      const p = await trigger.poll(abortSignal);
      if (!p.done) return { done: false, status: p.status };
      const job = await getJob(client, jobIdOf(bi, p.result.jobId), { abortSignal });
      return { done: true, status: job.status, result: job };
    },
  });
}

/** {@link beginBackupNow}, resolved with the started job. */
export function backupNow(client: DataProtectionClient, pollIntervalInMs: number, backupInstanceId: string | BackupInstanceRef, options: BackupNowOptions = {}): Promise<JobInfo> {
  return beginBackupNow(client, pollIntervalInMs, backupInstanceId, options).pollUntilDone();
}
