import { parseArmId, resourceTypes } from "../../common/armId.js";
import { InputValidationError } from "../../errors.js";
import { callAzure } from "../../common/azureCalls.js";
import type { DataProtectionClient } from "../../dataProtection/client.js";
import type { BackupPolicy, TriggerBackupRequest } from "../../dataProtection/models.js";
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

/**
 * Starts an on-demand backup of a protected instance with its policy's rule and retention,
 * and returns the started job (watch it with `waitForJob`).
 */
export async function backupNow(client: DataProtectionClient, pollIntervalInMs: number, backupInstanceId: string, options: BackupNowOptions = {}): Promise<JobInfo> {
  const bi = parseArmId(backupInstanceId, "backupInstanceId", resourceTypes.backupInstance);
  for (const f of ["ruleName", "retentionTag"] as const) {
    if (options[f] !== undefined && (typeof options[f] !== "string" || options[f] === "")) throw new InputValidationError(f, "it is empty", "pass a name from the policy, or omit it");
  }
  const instance = await readInstance(client, bi, options);
  if (!instance) throw new InputValidationError("backupInstanceId", `the backup instance '${bi.id}' does not exist`, "configure protection first (configureProtection)");
  const info = toInstanceInfo(instance);
  requireState("backupNow", bi.id, info.protectionState);
  const policy = await requireAksPolicy(client, parseArmId(info.policyId, "policyId", resourceTypes.backupPolicy), options);
  const body = buildAdhocBackupRequest(policy.properties, options);
  const lro = { abortSignal: options.abortSignal, updateIntervalInMs: options.pollIntervalInMs ?? pollIntervalInMs };
  const started = await callAzure(`Starting a backup of ${bi.name}`, () =>
    client.backupInstances.beginAdhocBackup(bi.resourceGroupName!, bi.typeNames[0]!.name, bi.name, body, lro).pollUntilDone({ abortSignal: options.abortSignal }));
  return getJob(client, jobIdOf(bi, started.jobId), options);
}
