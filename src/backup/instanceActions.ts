import type { PollerLike } from "@azure/core-lro";
import { callAzure } from "../common/azureCalls.js";
import { validateDurationInMs } from "../common/options.js";
import { createWaitPoller, type WaitCheck, type WaitState } from "../common/poller.js";
import type { DataProtectionClient } from "../dataProtection/client.js";
import type { BackupInstanceResource, PolicyParameters } from "../dataProtection/models.js";
import type { DataProtectionLroOptions } from "../dataProtection/options.js";
import { InvalidStateError } from "../errors.js";
import { toInstanceInfo } from "./mappers.js";
import type { BackupInstanceInfo, ProtectionWaitOptions } from "./models.js";
import { putInstance, readInstance, waitForProtectionState } from "./protection.js";
import { requireState, resumeActionFor, stopActionFor, suspendedStates, stoppedStatesFor, type BackupInstanceAction } from "./stateRules.js";
import type { BackupInstanceRef } from "../common/references.js";
import { guardedRequestFor, withGuard, type CriticalOperation, type GuardedRequest, type GuardSettings } from "./resourceGuards.js";
import type { ResourceGuardOptions } from "./resourceGuardModels.js";
import { checkAzureFilesChange, checkAzureFilesPolicy, includesAzureFiles } from "./azureFiles.js";
import { requireAksPolicy } from "./policies.js";
import { parseBackupPolicyId } from "../common/references.js";

type InstancePoller = PollerLike<WaitState<BackupInstanceInfo>, BackupInstanceInfo>;

/**
 * The state-checked changes to an existing backup instance, used by `BackupInstanceManager`.
 * Each returns a resumable poller: its start reads the instance, checks the state rule and
 * sends the change (none when the instance is already there); its checks read the instance
 * until it reaches the target state. A start run again (after `restoreFrom` of a wait that had
 * not started) converges the same way, so it never sends a change twice.
 */
export interface InstanceActions {
  /** PUTs the instance with new policy parameters (and policy), then waits for ProtectionConfigured. */
  beginUpdate(bi: BackupInstanceRef, action: BackupInstanceAction, o: ProtectionWaitOptions, params: (c: BackupInstanceResource) => PolicyParameters, policyId?: string,
    prepare?: (o: ProtectionWaitOptions) => Promise<unknown>): InstancePoller;
  /** Stops or suspends; a repeated stop with the same retention is a no-op. */
  beginStop(bi: BackupInstanceRef, retain: "forever" | "asPerPolicy", o: ProtectionWaitOptions): InstancePoller;
  /** Resumes with whichever action matches the state. */
  beginResume(bi: BackupInstanceRef, o: ProtectionWaitOptions): InstancePoller;
  /** Deletes the instance and its data; done when it is gone (or soft deleted). */
  beginRemove(bi: BackupInstanceRef, o: ProtectionWaitOptions): PollerLike<WaitState<void>, void>;
}

const defaultDeleteTimeoutInMs = 30 * 60_000;

/** Builds the {@link InstanceActions} on a client. */
export function configuredActions(client: DataProtectionClient, pollIntervalInMs: number, guardSettings: GuardSettings = {}): InstanceActions {
  const names = (bi: BackupInstanceRef): [string, string, string] => [bi.resourceGroupName, bi.vault.name, bi.name];
  const lroOptions = (o: ProtectionWaitOptions, guard?: GuardedRequest): DataProtectionLroOptions => ({
    ...(o.abortSignal ? { abortSignal: o.abortSignal } : {}),
    pollIntervalInMs: o.pollIntervalInMs ?? pollIntervalInMs,
    ...(guard?.auxiliaryToken ? { auxiliaryToken: guard.auxiliaryToken } : {}),
  });
  /** What a critical operation on the instance's vault must carry (one read of the vault's guard). */
  const guardFor = (bi: BackupInstanceRef, operation: CriticalOperation, o: ProtectionWaitOptions & ResourceGuardOptions): Promise<GuardedRequest> =>
    guardedRequestFor(client, bi.vault, operation, guardSettings, o);
  const requestsOf = (g: GuardedRequest): { resourceGuardOperationRequests?: string[] } =>
    (g.resourceGuardOperationRequests ? { resourceGuardOperationRequests: g.resourceGuardOperationRequests } : {});

  /** Reads the instance and checks that `action` is valid in its state (404 is an error). */
  async function current(bi: BackupInstanceRef, action: BackupInstanceAction | "stopProtection" | "resumeProtection", o: ProtectionWaitOptions, check = true): Promise<BackupInstanceResource> {
    const instance = await readInstance(client, bi, o);
    if (!instance) throw new InvalidStateError(action, bi.id, "NotFound", ["an existing backup instance"], "check the id; list the vault's instances with list(vaultId)");
    if (check) requireState(action, bi.id, toInstanceInfo(instance).protectionState);
    return instance;
  }

  const signalOf = (o: ProtectionWaitOptions, abortSignal: ProtectionWaitOptions["abortSignal"]): ProtectionWaitOptions => ({ ...o, ...(abortSignal ? { abortSignal } : {}) });

  return {
    beginUpdate(bi, action, o, params, policyId, prepare) {
      return waitForProtectionState(client, bi, ["ProtectionConfigured"], pollIntervalInMs, o, async (abortSignal) => {
        const so = signalOf(o, abortSignal);
        if (prepare) await prepare(so);
        const instance = await current(bi, action, so);
        const props = instance.properties!;
        const policyParameters = params(instance);
        const newPolicyId = policyId ?? props.policyInfo.policyId;
        const unchanged = newPolicyId.toLowerCase() === props.policyInfo.policyId.toLowerCase() &&
          JSON.stringify(policyParameters) === JSON.stringify(props.policyInfo.policyParameters ?? {});
        if (unchanged && props.currentProtectionState === "ProtectionConfigured") return;
        const { protectionStatus: _s, currentProtectionState: _c, protectionErrorDetails: _e, provisioningState: _p, resourceGuardOperationRequests: _r, ...writable } = props;
        const guard = await guardFor(bi, "modifyBackupInstance", so);
        const body = { ...writable, policyInfo: { policyId: newPolicyId, policyParameters }, ...requestsOf(guard) };
        // Azure Files: an existing instance cannot add them, and their policy must stay operational-only (<= 30 days); checked before any write.
        checkAzureFilesChange(bi.id, props.policyInfo.policyParameters, policyParameters);
        if (includesAzureFiles(policyParameters.backupDatasourceParametersList?.[0]?.includedVolumeTypes)) {
          const policy = await requireAksPolicy(client, parseBackupPolicyId(newPolicyId, "policyId"), so);
          checkAzureFilesPolicy(policy, policyParameters.backupDatasourceParametersList?.[0] ?? undefined);
        }
        if (action === "updateBackupConfiguration") {
          // As the CLI and PowerShell do: validateForModifyBackup (202 only) reports what the PUT would refuse, typed, before it.
          const validation = client.backupInstances.beginValidateForModifyBackup(...names(bi), { backupInstance: body }, lroOptions(so, guard));
          await withGuard(`Validating the change of ${bi.id}`, guard, () => callAzure(`Validating the change of ${bi.id}`, () => validation.pollUntilDone(abortSignal ? { abortSignal } : {})));
        }
        await withGuard(`Changing backup instance ${bi.id}`, guard, () => putInstance(client, bi, body, { ...so, ...(guard.auxiliaryToken ? { auxiliaryToken: guard.auxiliaryToken } : {}) }));
      });
    },

    beginStop(bi, retain, o) {
      const targets = stoppedStatesFor(retain);
      return waitForProtectionState(client, bi, targets, pollIntervalInMs, o, async (abortSignal) => {
        const so = signalOf(o, abortSignal);
        const state = toInstanceInfo(await current(bi, "stopProtection", so, false)).protectionState;
        if (targets.includes(state)) return;
        const action = stopActionFor(retain);
        requireState(action, bi.id, state);
        const guard = await guardFor(bi, action === "stopProtection" ? "stopProtection" : "suspendBackups", so);
        const poller = action === "stopProtection"
          ? client.backupInstances.beginStopProtection(...names(bi), requestsOf(guard), lroOptions(so, guard))
          : client.backupInstances.beginSuspendBackups(...names(bi), requestsOf(guard), lroOptions(so, guard));
        await withGuard(`${action} of ${bi.id}`, guard, () => callAzure(`${action} of ${bi.id}`, () => poller.pollUntilDone(abortSignal ? { abortSignal } : {})));
      });
    },

    beginResume(bi, o) {
      return waitForProtectionState(client, bi, ["ProtectionConfigured"], pollIntervalInMs, o, async (abortSignal) => {
        const so = signalOf(o, abortSignal);
        const state = toInstanceInfo(await current(bi, "resumeProtection", so, false)).protectionState;
        if (state === "ProtectionConfigured") return;
        const action = resumeActionFor(state);
        if (!action) throw new InvalidStateError("resumeProtection", bi.id, state, ["ProtectionStopped", ...suspendedStates], "only a stopped or suspended instance can be resumed");
        const poller = action === "resumeProtection"
          ? client.backupInstances.beginResumeProtection(...names(bi), lroOptions(so))
          : client.backupInstances.beginResumeBackups(...names(bi), lroOptions(so));
        await callAzure(`${action} of ${bi.id}`, () => poller.pollUntilDone(abortSignal ? { abortSignal } : {}));
      });
    },

    beginRemove(bi, o) {
      validateDurationInMs(o.pollIntervalInMs, "pollIntervalInMs");
      validateDurationInMs(o.timeoutInMs, "timeoutInMs");
      const gone = (instance: BackupInstanceResource | undefined): WaitCheck<void> => {
        const state = instance ? toInstanceInfo(instance).protectionState : "Deleted";
        return !instance || state === "SoftDeleted" || state === "SoftDeleting" ? { done: true, status: state, result: undefined } : { done: false, status: state };
      };
      return createWaitPoller<void>({
        description: `backup instance ${bi.name} to be deleted`,
        operation: "backupInstanceDelete",
        intervalInMs: o.pollIntervalInMs ?? pollIntervalInMs,
        timeoutInMs: o.timeoutInMs ?? defaultDeleteTimeoutInMs,
        ...(o.abortSignal ? { abortSignal: o.abortSignal } : {}),
        ...(o.restoreFrom !== undefined ? { restoreFrom: o.restoreFrom } : {}),
        start: async (abortSignal) => {
          const so = signalOf(o, abortSignal);
          const instance = await readInstance(client, bi, so);
          if (!instance) return;
          const state = toInstanceInfo(instance).protectionState;
          if (state === "SoftDeleted" || state === "SoftDeleting") return;
          requireState("delete", bi.id, state);
          // DELETE has no body: the guard's default request for it is implied; a token of the guard's tenant goes as a header.
          const guard = await guardFor(bi, "deleteBackupInstance", so);
          const poller = client.backupInstances.beginDelete(...names(bi), lroOptions(so, guard));
          await withGuard(`Deleting ${bi.id}`, guard, () => callAzure(`Deleting ${bi.id}`, () => poller.pollUntilDone(abortSignal ? { abortSignal } : {})));
        },
        check: async (abortSignal) => gone(await readInstance(client, bi, signalOf(o, abortSignal))),
      });
    },
  };
}
