import type { PollerLike } from "@azure/core-lro";
import { resourceTypes, type ArmResourceId } from "../../common/armId.js";
import { parseJobId, type JobRef } from "../../common/references.js";
import { JobFailedError, OperationFailedError, ResourceNotFoundError } from "../../errors.js";
import type { OperationOptions } from "../../common/options.js";
import { createWaitPoller, type WaitState, callerWaitOptions } from "../../common/poller.js";
import type { DataProtectionClient } from "../../dataProtection/client.js";
import { readOrUndefined } from "../../common/azureCalls.js";
import { toJobInfo } from "./mapping.js";
import type { JobInfo, WaitForJobOptions } from "./models.js";

/** Default `timeoutInMs` of `waitForJob`: 6 hours (large clusters back up for hours). */
export const defaultJobTimeoutInMs = 6 * 3600 * 1000;


/** Reads a job by its full ARM id; an unknown id is a {@link ResourceNotFoundError}. */
export async function getJob(client: DataProtectionClient, jobId: string | JobRef, options: OperationOptions = {}): Promise<JobInfo> {
  const job = parseJobId(jobId, "jobId");
  const raw = await readOrUndefined(`Reading job ${job.id}`, () => client.jobs.get(job.resourceGroupName, job.typeNames[0]!.name, job.name, { abortSignal: options.abortSignal }));
  if (!raw) throw new ResourceNotFoundError("jobId", `there is no job '${job.name}' in the vault '${job.parentId ?? ""}'`, "pass the id of a job of that vault, e.g. from listJobs(vaultId) or the result of backupNow/restore");
  return toJobInfo(raw);
}

/**
 * Waits until a job ends (Completed, CompletedWithWarnings, Failed or Cancelled) and resolves
 * with it. A failed job resolves too (check `status`/`error`), unless `throwOnFailure`.
 */
export function beginWaitForJob(client: DataProtectionClient, jobId: string | JobRef, pollIntervalInMs: number, options: WaitForJobOptions = {}): PollerLike<WaitState<JobInfo>, JobInfo> {
  const job = parseJobId(jobId, "jobId");
  return createWaitPoller<JobInfo>({
    description: `job ${job.name} to end`,
    check: async (abortSignal) => {
      const info = await getJob(client, job.id, { abortSignal });
      if (!info.isTerminal) return { done: false, status: info.status };
      if (options.throwOnFailure && ["failed", "cancelled"].includes(info.status.toLowerCase())) throw new JobFailedError(info);
      return { done: true, status: info.status, result: info };
    },
    intervalInMs: options.pollIntervalInMs ?? pollIntervalInMs,
    timeoutInMs: options.timeoutInMs ?? defaultJobTimeoutInMs,
    ...callerWaitOptions(options),
  });
}

/** The full ARM id of a job an operation started (the service gives a full id or a GUID). */
export function jobIdOf(inVaultOf: ArmResourceId, jobId: string | undefined): string {
  if (!jobId) throw new OperationFailedError("Starting a job", inVaultOf.id, { code: "NoJobStarted", message: "The operation succeeded but named no job." }, "list the vault's jobs with listJobs(vaultId)");
  if (jobId.startsWith("/")) return jobId;
  const vaultId = inVaultOf.resourceType === resourceTypes.backupVault ? inVaultOf.id : inVaultOf.parentId!;
  return `${vaultId}/backupJobs/${jobId}`;
}
