import type { ArmResourceId } from "../common/armId.js";
import { callAzure } from "../common/azureCalls.js";
import type { DataProtectionClient } from "../dataProtection/client.js";
import type { BackupInstanceResource, PolicyParameters } from "../dataProtection/models.js";
import type { DataProtectionLroOptions } from "../dataProtection/options.js";
import { InvalidStateError } from "../errors.js";
import { toInstanceInfo } from "./mappers.js";
import type { BackupInstanceInfo, ProtectionWaitOptions } from "./models.js";
import { putInstance, readInstance, waitForProtectionState } from "./protection.js";
import { requireState, resumeActionFor, stopActionFor, suspendedStates, stoppedStatesFor, type BackupInstanceAction } from "./stateRules.js";

/** The state-checked changes to an existing backup instance, used by `BackupInstanceManager`. */
export interface InstanceActions {
  /** PUTs the instance with new policy parameters (and policy), then waits for ProtectionConfigured. */
  update(bi: ArmResourceId, action: BackupInstanceAction, o: ProtectionWaitOptions, params: (c: BackupInstanceResource) => PolicyParameters, policyId?: string): Promise<BackupInstanceInfo>;
  /** Stops or suspends; a repeated stop with the same retention is a no-op. */
  stop(bi: ArmResourceId, retain: "forever" | "asPerPolicy", o: ProtectionWaitOptions): Promise<BackupInstanceInfo>;
  /** Resumes with whichever action matches the state. */
  resume(bi: ArmResourceId, o: ProtectionWaitOptions): Promise<BackupInstanceInfo>;
  /** Deletes the instance and its data. */
  remove(bi: ArmResourceId, o: ProtectionWaitOptions): Promise<void>;
}

/** Builds the {@link InstanceActions} on a client. */
export function configuredActions(client: DataProtectionClient, pollIntervalInMs: number): InstanceActions {
  const names = (bi: ArmResourceId): [string, string, string] => [bi.resourceGroupName!, bi.typeNames[0]!.name, bi.name];
  const lroOptions = (o: ProtectionWaitOptions): DataProtectionLroOptions => ({
    ...(o.abortSignal ? { abortSignal: o.abortSignal } : {}),
    updateIntervalInMs: o.pollIntervalInMs ?? pollIntervalInMs,
  });

  /** Reads the instance and checks that `action` is valid in its state (404 is an error). */
  async function current(bi: ArmResourceId, action: BackupInstanceAction | "stopProtection" | "resumeProtection", o: ProtectionWaitOptions, check = true): Promise<BackupInstanceResource> {
    const instance = await readInstance(client, bi, o);
    if (!instance) throw new InvalidStateError(action, bi.id, "NotFound", ["an existing backup instance"], "check the id; list the vault's instances with list(vaultId)");
    if (check) requireState(action, bi.id, toInstanceInfo(instance).protectionState);
    return instance;
  }

  const wait = (bi: ArmResourceId, targets: string[], o: ProtectionWaitOptions): Promise<BackupInstanceInfo> =>
    waitForProtectionState(client, bi, targets, pollIntervalInMs, o).pollUntilDone();

  return {
    /** PUTs the instance with new policy parameters (and policy), then waits for ProtectionConfigured. */
    async update(bi: ArmResourceId, action: BackupInstanceAction, o: ProtectionWaitOptions, params: (c: BackupInstanceResource) => PolicyParameters, policyId?: string): Promise<BackupInstanceInfo> {
      const instance = await current(bi, action, o);
      const props = instance.properties!;
      const policyParameters = params(instance);
      const newPolicyId = policyId ?? props.policyInfo.policyId;
      const unchanged = newPolicyId.toLowerCase() === props.policyInfo.policyId.toLowerCase() &&
        JSON.stringify(policyParameters) === JSON.stringify(props.policyInfo.policyParameters ?? {});
      if (unchanged && props.currentProtectionState === "ProtectionConfigured") return toInstanceInfo(instance);
      const { protectionStatus: _s, currentProtectionState: _c, protectionErrorDetails: _e, provisioningState: _p, ...writable } = props;
      await putInstance(client, bi, { ...writable, policyInfo: { policyId: newPolicyId, policyParameters } }, o);
      return wait(bi, ["ProtectionConfigured"], o);
    },

    /** Stops or suspends; a repeated stop with the same retention is a no-op. */
    async stop(bi: ArmResourceId, retain: "forever" | "asPerPolicy", o: ProtectionWaitOptions): Promise<BackupInstanceInfo> {
      const instance = await current(bi, "stopProtection", o, false);
      const state = toInstanceInfo(instance).protectionState;
      const targets = stoppedStatesFor(retain);
      if (targets.includes(state)) return toInstanceInfo(instance);
      const action = stopActionFor(retain);
      requireState(action, bi.id, state);
      const poller = action === "stopProtection"
        ? client.backupInstances.beginStopProtection(...names(bi), {}, lroOptions(o))
        : client.backupInstances.beginSuspendBackups(...names(bi), {}, lroOptions(o));
      await callAzure(`${action} of ${bi.id}`, () => poller.pollUntilDone(o.abortSignal ? { abortSignal: o.abortSignal } : {}));
      return wait(bi, [...targets], o);
    },

    /** Resumes with whichever action matches the state; a protected instance is returned as is. */
    async resume(bi: ArmResourceId, o: ProtectionWaitOptions): Promise<BackupInstanceInfo> {
      const instance = await current(bi, "resumeProtection", o, false);
      const state = toInstanceInfo(instance).protectionState;
      if (state === "ProtectionConfigured") return toInstanceInfo(instance);
      const action = resumeActionFor(state);
      if (!action) throw new InvalidStateError("resumeProtection", bi.id, state, ["ProtectionStopped", ...suspendedStates], "only a stopped or suspended instance can be resumed");
      const poller = action === "resumeProtection"
        ? client.backupInstances.beginResumeProtection(...names(bi), lroOptions(o))
        : client.backupInstances.beginResumeBackups(...names(bi), lroOptions(o));
      await callAzure(`${action} of ${bi.id}`, () => poller.pollUntilDone(o.abortSignal ? { abortSignal: o.abortSignal } : {}));
      return wait(bi, ["ProtectionConfigured"], o);
    },

    /** Deletes the instance and its data; a missing (or already deleted) one is a no-op. */
    async remove(bi: ArmResourceId, o: ProtectionWaitOptions): Promise<void> {
      const instance = await readInstance(client, bi, o);
      if (!instance) return;
      const state = toInstanceInfo(instance).protectionState;
      if (state === "SoftDeleted" || state === "SoftDeleting") return;
      requireState("delete", bi.id, state);
      const poller = client.backupInstances.beginDelete(...names(bi), lroOptions(o));
      await callAzure(`Deleting ${bi.id}`, () => poller.pollUntilDone(o.abortSignal ? { abortSignal: o.abortSignal } : {}));
    },
  };
}
