import { describe, expect, it } from "vitest";
import { InputValidationError, jobCodeRemedy, type AzureBackupJobResource } from "aks-backup";
import { buildJobFilter } from "../../src/backup/jobs/filter.js";
import { isOutOfMemoryCode } from "../../src/backup/jobs/remedies.js";
import { parseIsoDuration, toJobInfo } from "../../src/backup/jobs/mapping.js";

const sub = "00000000-0000-0000-0000-000000000001";
const vaultId = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v1`;
const biId = `${vaultId}/backupInstances/c1-abc`;

function job(over: Partial<NonNullable<AzureBackupJobResource["properties"]>> & { name?: string } = {}): AzureBackupJobResource {
  const { name = "6217ef99-a85d-4d43-8016-39a38da9cdaa", ...props } = over;
  return {
    id: `${vaultId}/backupJobs/${name}`, name, type: "Microsoft.DataProtection/backupVaults/backupJobs",
    properties: {
      activityID: "a", backupInstanceFriendlyName: "c1", backupInstanceId: biId, dataSourceId: "/subscriptions/x/c1", dataSourceLocation: "eastus", dataSourceName: "c1",
      dataSourceType: "Microsoft.ContainerService/managedClusters", isUserTriggered: true, operation: "Backup", operationCategory: "Backup", progressEnabled: false,
      sourceResourceGroup: "rg", sourceSubscriptionID: sub, startTime: "2024-05-08T10:34:53.5683858Z", endTime: "2024-05-08T10:38:04.751413Z", status: "Completed",
      subscriptionId: sub, supportedActions: [""], vaultName: "v1", duration: "PT3M11.1830272S",
      extendedInfo: { targetRecoverPoint: { recoveryPointID: "53528d6e37a4490b80cdb5ef33808f8c", recoveryPointTime: "0001-01-01T00:00:00Z" }, subTasks: [{ taskId: 1, taskName: "Trigger Backup", taskStatus: "Completed", additionalDetails: { TaskId: "t" } }] },
      ...props,
    },
  };
}

describe("job mapping", () => {
  it("maps the recorded completed backup job", () => {
    const j = toJobInfo(job());
    expect(j).toMatchObject({ name: "6217ef99-a85d-4d43-8016-39a38da9cdaa", vaultId, backupInstanceId: biId, operation: "Backup", trigger: "onDemand", status: "Completed", isTerminal: true, recoveryPointId: "53528d6e37a4490b80cdb5ef33808f8c", producedRecoveryPoint: true, warnings: [], error: undefined, outOfMemory: false });
    expect(j.startTime.toISOString()).toBe("2024-05-08T10:34:53.568Z");
    expect(j.durationInMs).toBe(191183);
    expect(j.subTasks).toEqual([{ name: "Trigger Backup", status: "Completed", progress: undefined, details: { TaskId: "t" } }]);
    expect(j.summary).toMatch(/produced a restore point \(recovery point 53528d6e/);
  });

  it("keeps an in-progress job open, with no end time", () => {
    const j = toJobInfo(job({ status: "InProgress", endTime: null, duration: "PT0S", isUserTriggered: false }));
    expect(j).toMatchObject({ isTerminal: false, endTime: undefined, trigger: "scheduled", producedRecoveryPoint: false, durationInMs: 0 });
  });

  it("types warnings with remedies and says a job with warnings still produced a restore point", () => {
    const j = toJobInfo(job({
      status: "CompletedWithWarnings",
      extendedInfo: { targetRecoverPoint: { recoveryPointID: "rp1" }, warningDetails: [
        { resourceName: "default/pvc-data", warning: { code: "UserErrorPVSnapshotDisallowedByPolicy", message: "Snapshot denied by policy", recommendedAction: ["Exempt the RG"] } },
        { warning: { code: "UserErrorNamespaceNotFound", message: "ns missing", target: "ns/ghost" } },
        { warning: { code: "SomethingNew", message: "?" } },
      ] },
    }));
    expect(j.producedRecoveryPoint).toBe(true);
    expect(j.summary).toMatch(/completed with 3 warning\(s\); it still produced a restore point \(recovery point rp1\)/);
    expect(j.warnings[0]).toMatchObject({ resource: "default/pvc-data", code: "UserErrorPVSnapshotDisallowedByPolicy", message: "Snapshot denied by policy", recommendedActions: ["Exempt the RG"] });
    expect(j.warnings[0]!.remedy).toMatch(/Azure Policy/);
    expect(j.warnings[1]).toMatchObject({ resource: "ns/ghost" });
    expect(j.warnings[1]!.remedy).toMatch(/namespace/);
    expect(j.warnings[2]!.remedy).toBeUndefined();
  });

  it("flags out-of-memory failures and gives the remedy", () => {
    const j = toJobInfo(job({ status: "Failed", errorDetails: [{ code: "UserErrorBackupPluginPodRestartedDuringBackup", message: "pod restarted", isRetryable: true }] }));
    expect(j).toMatchObject({ outOfMemory: true, producedRecoveryPoint: false, error: { code: "UserErrorBackupPluginPodRestartedDuringBackup", isRetryable: true } });
    expect(j.error!.remedy).toMatch(/remediateExtensionOom/);
    expect(j.summary).toMatch(/failed \(UserErrorBackupPluginPodRestartedDuringBackup\)\. To fix:/);
    const restore = toJobInfo(job({ operation: "Restore", operationCategory: "Restore", status: "Failed", errorDetails: [{ code: "UserErrorBackupPluginPodRestartedDuringRestore" }], extendedInfo: { recoveryDestination: "/subscriptions/x/c2", sourceRecoverPoint: { recoveryPointID: "rp9" } } }));
    expect(restore).toMatchObject({ outOfMemory: true, restoreTargetClusterId: "/subscriptions/x/c2", recoveryPointId: "rp9" });
  });
});

describe("job code remedies", () => {
  it.each([
    ["UserErrorPVSnapshotDisallowedByPolicy", "pvSnapshotDisallowedByPolicy"],
    ["UserErrorSnapshotLimitReached", "snapshotLimitReached"],
    ["UserErrorDiskSnapshotQuotaExceeded", "snapshotLimitReached"],
    ["UserErrorCSISnapshotTimedOut", "csiSnapshotTimedOut"],
    ["UserErrorBackupHookFailed", "hookFailed"],
    ["UserErrorRestoreHookFailed", "hookFailed"],
    ["UserErrorNamespaceNotFound", "namespaceNotFound"],
    ["UserErrorPVCWithoutVolumeOrStorageClass", "pvcWithoutVolumeOrStorageClass"],
    ["UserErrorPVCHasNoStorageClass", "pvcWithoutVolumeOrStorageClass"],
    ["UserErrorCRDVersionMismatch", "crdVersionMismatch"],
    ["LinkedAuthorizationFailed", "linkedAuthorizationFailed"],
    ["UserErrorMissingRequiredPermissions", "missingPermissions"],
    ["UserErrorBackupPluginPodRestartedDuringBackup", "extensionOutOfMemory"],
  ])("knows %s", (code, condition) => {
    expect(jobCodeRemedy(code)?.condition).toBe(condition);
  });

  it("knows nothing of unrelated codes", () => {
    expect(jobCodeRemedy("Whatever")).toBeUndefined();
    expect(jobCodeRemedy(undefined)).toBeUndefined();
    expect(isOutOfMemoryCode("UserErrorPVSnapshotDisallowedByPolicy")).toBe(false);
    expect(isOutOfMemoryCode("UserErrorBackupPluginPodRestartedDuringRestore")).toBe(true);
  });
});

describe("ISO durations", () => {
  it("parses and rejects", () => {
    expect(parseIsoDuration("P1DT2H3M4.5S")).toBe(((24 + 2) * 3600 + 3 * 60 + 4.5) * 1000);
    expect(parseIsoDuration("PT")).toBeUndefined();
    expect(parseIsoDuration("3 minutes")).toBeUndefined();
    expect(parseIsoDuration(null)).toBeUndefined();
  });
});

describe("job filter", () => {
  const now = Date.parse("2024-05-10T00:00:00Z");
  const at = (iso: string, over = {}) => toJobInfo(job({ startTime: iso, ...over }));

  it("defaults to the last 7 days and selects by operation, trigger and status", () => {
    const f = buildJobFilter(vaultId, {}, now);
    expect(f.sinceMs).toBe(now - 7 * 86400_000);
    expect(f.matches(at("2024-05-08T00:00:00Z"))).toBe(true);
    expect(f.matches(at("2024-05-01T00:00:00Z"))).toBe(false);
    const warned = buildJobFilter(vaultId, { status: "CompletedWithWarnings" }, now);
    expect(warned.matches(at("2024-05-08T00:00:00Z", { status: "CompletedWithWarnings" }))).toBe(true);
    expect(warned.matches(at("2024-05-08T00:00:00Z"))).toBe(false);
    const scheduled = buildJobFilter(vaultId, { operation: "scheduledBackup" }, now);
    expect(scheduled.matches(at("2024-05-08T00:00:00Z", { isUserTriggered: false }))).toBe(true);
    expect(scheduled.matches(at("2024-05-08T00:00:00Z"))).toBe(false);
    const restores = buildJobFilter(vaultId, { operation: ["restore", "onDemandBackup"] }, now);
    expect(restores.matches(at("2024-05-08T00:00:00Z", { operationCategory: "Restore", operation: "Restore" }))).toBe(true);
    expect(restores.matches(at("2024-05-08T00:00:00Z", { isUserTriggered: false }))).toBe(false);
    const mgmt = buildJobFilter(vaultId, { operation: "management" }, now);
    expect(mgmt.matches(at("2024-05-08T00:00:00Z", { operationCategory: "Management", operation: "ConfigureProtection" }))).toBe(true);
  });

  it("selects one instance, and a window with until", () => {
    const f = buildJobFilter(vaultId, { backupInstanceId: biId.toUpperCase().replace("SUBSCRIPTIONS", "subscriptions"), since: "2024-05-01T00:00:00Z", until: new Date("2024-05-05T00:00:00Z") }, now);
    expect(f.matches(at("2024-05-02T00:00:00Z"))).toBe(true);
    expect(f.matches(at("2024-05-06T00:00:00Z"))).toBe(false);
    expect(f.matches(at("2024-05-02T00:00:00Z", { backupInstanceId: `${vaultId}/backupInstances/other` }))).toBe(false);
  });

  it.each([
    [{ status: "Complete" }, "status"],
    [{ status: [] }, "status"],
    [{ operation: "backups" }, "operation"],
    [{ since: "yesterday" }, "since"],
    [{ since: "2024-05-05T00:00:00Z", until: "2024-05-01T00:00:00Z" }, "until"],
    [{ backupInstanceId: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v2/backupInstances/x` }, "backupInstanceId"],
    [{ backupInstanceId: vaultId }, "backupInstanceId"],
  ])("rejects %j", (options, parameter) => {
    expect(() => buildJobFilter(vaultId, options as never, now)).toThrow(expect.objectContaining({ name: "InputValidationError", parameter }));
  });

  it("rejects a vault id that is not a vault", () => {
    expect(() => buildJobFilter(biId, {})).toThrow(InputValidationError);
  });
});
