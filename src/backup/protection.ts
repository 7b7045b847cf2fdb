import type { PollerLike } from "@azure/core-lro";
import { callAzure } from "../common/azureCalls.js";
import { readOrUndefined } from "../common/azureCalls.js";
import { validateDurationInMs, type OperationOptions } from "../common/options.js";
import { createWaitPoller, type WaitMemo, type WaitState } from "../common/poller.js";
import { convergeWhileInFlight } from "../common/inFlight.js";
import type { DataProtectionClient } from "../dataProtection/client.js";
import { DataProtectionOperationError } from "../errors.js";
import type { BackupInstance, BackupInstanceResource } from "../dataProtection/models.js";
import { toInstanceInfo } from "./mappers.js";
import type { BackupInstanceInfo, ProtectionWaitOptions } from "./models.js";
import { failedProtectionStates } from "./stateRules.js";
import type { BackupInstanceRef } from "../common/references.js";

const defaultTimeoutInMs = 30 * 60_000;
const transitionalStates = ["ConfiguringProtection", "UpdatingProtection", "SoftDeleting"];

/** Reads a backup instance; undefined when it does not exist. */
export async function readInstance(client: DataProtectionClient, bi: BackupInstanceRef, options: OperationOptions): Promise<BackupInstanceResource | undefined> {
  return readOrUndefined(`Reading backup instance ${bi.id}`, () => client.backupInstances.get(bi.resourceGroupName, bi.typeNames[0]!.name, bi.name, { abortSignal: options.abortSignal }));
}

/** Sends a backup instance PUT and waits for the long-running operation. */
export function putInstance(client: DataProtectionClient, bi: BackupInstanceRef, instance: BackupInstance, options: ProtectionWaitOptions & { auxiliaryToken?: string | undefined }): Promise<BackupInstanceResource> {
  const { abortSignal } = options;
  const poller = client.backupInstances.beginCreateOrUpdate(bi.resourceGroupName, bi.typeNames[0]!.name, bi.name, { properties: instance }, {
    abortSignal,
    ...(options.auxiliaryToken ? { auxiliaryToken: options.auxiliaryToken } : {}),
    ...(options.pollIntervalInMs !== undefined ? { pollIntervalInMs: options.pollIntervalInMs } : {}),
  });
  return callAzure(`Configuring backup instance ${bi.id}`, () => poller.pollUntilDone({ abortSignal }));
}

/**
 * A poller that runs `start` (the change), then reads the instance until its protection state
 * is one of `targets`. Ends with {@link DataProtectionOperationError} carrying the service's
 * protection error when the instance ends in ProtectionError or ConfiguringProtectionFailed.
 */
export function waitForProtectionState(
  client: DataProtectionClient,
  target: BackupInstanceRef | (() => BackupInstanceRef),
  targets: readonly string[],
  defaultIntervalInMs: number,
  options: ProtectionWaitOptions,
  start?: (abortSignal: OperationOptions["abortSignal"]) => Promise<void>,
  memo?: WaitMemo,
): PollerLike<WaitState<BackupInstanceInfo>, BackupInstanceInfo> {
  validateDurationInMs(options.pollIntervalInMs, "pollIntervalInMs");
  validateDurationInMs(options.timeoutInMs, "timeoutInMs");
  const instance = typeof target === "function" ? target : () => target;
  const bi = instance();
  return createWaitPoller<BackupInstanceInfo>({
    description: `backup instance ${bi.name} to be ${targets.join(" or ")}`,
    // Poll near the operation's typical end (see common/pollSchedule.ts).
    operation: targets.includes("ProtectionConfigured") && start ? "backupInstanceConfiguration" : "backupInstanceAction",
    abortSignal: options.abortSignal,
    intervalInMs: options.pollIntervalInMs ?? defaultIntervalInMs,
    timeoutInMs: options.timeoutInMs ?? defaultTimeoutInMs,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    // A write that lost a race with another caller's operation (BMSUserErrorObjectLocked, Conflict) converges again.
    ...(start ? { start: (signal: OperationOptions["abortSignal"]) => convergeWhileInFlight(`Changing backup instance ${bi.name}`, () => start(signal)) } : {}),
    ...(memo ? { memo } : {}),
    ...(options.restoreFrom !== undefined ? { restoreFrom: options.restoreFrom } : {}),
    check: async (abortSignal) => {
      const current = await readInstance(client, instance(), { abortSignal });
      if (!current) return { done: false, status: "NotFound" };
      const info = toInstanceInfo(current);
      if (targets.includes(info.protectionState)) return { done: true, status: info.protectionState, result: info };
      if (failedProtectionStates.includes(info.protectionState) && !targets.includes(info.protectionState)) {
        const error = current.properties?.protectionErrorDetails ?? current.properties?.protectionStatus?.errorDetails ??
          { code: info.protectionState, message: `The backup instance is in ${info.protectionState}.` };
        throw new DataProtectionOperationError(`Protecting ${bi.id}`, bi.id, error);
      }
      return { done: false, status: transitionalStates.includes(info.protectionState) ? info.protectionState : `${info.protectionState} (waiting)` };
    },
  });
}
