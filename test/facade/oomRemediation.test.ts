import { describe, expect, it } from "vitest";
import { ExtensionManager, parseQuantity, remediateExtensionOom, type OomRemediationStep } from "aks-backup";
import { effectiveResources, nextExtensionResources } from "../../src/facade/oomRemediation.js";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { advancing, backupEmulatorOptions, managerFor, protectedCluster } from "../backup/support.js";
import { checkOomOptions } from "../../src/facade/oomRemediationModels.js";

const bounds = { maxMemory: "8Gi", maxCpu: "4", factor: 1.5 };
const mem = (q: string | undefined) => parseQuantity(q!)! / 2 ** 20;

describe("OOM remediation steps", () => {
  it("raises memory x1.5 rounded up to 256Mi from the chart defaults, with requests at half", () => {
    const first = nextExtensionResources(undefined, bounds)!;
    expect(first).toEqual({ raised: "memory", resources: { limits: { cpu: "1000m", memory: "2048Mi" }, requests: { cpu: "500m", memory: "1024Mi" } } });
    const second = nextExtensionResources(first.resources, bounds)!;
    expect(second.resources.limits).toEqual({ cpu: "1000m", memory: "3072Mi" });
    expect(mem(second.resources.requests!.memory)).toBe(1536);
  });

  it("never lowers a request, never puts it above the limit", () => {
    const step = nextExtensionResources({ limits: { memory: "1280Mi" }, requests: { memory: "1200Mi", cpu: "900m" } }, bounds)!;
    expect(step.resources.requests).toEqual({ cpu: "900m", memory: "1200Mi" });
    for (const r of [step.resources]) expect(mem(r.requests!.memory)).toBeLessThanOrEqual(mem(r.limits!.memory));
  });

  it("stops memory at the bound, then raises CPU, then reports the end", () => {
    const capped = nextExtensionResources({ limits: { memory: "7Gi" } }, bounds)!;
    expect(capped.resources.limits!.memory).toBe("8192Mi");
    const cpu = nextExtensionResources(capped.resources, bounds)!;
    expect(cpu).toMatchObject({ raised: "cpu", resources: { limits: { cpu: "1500m", memory: "8192Mi" }, requests: { cpu: "750m" } } });
    expect(nextExtensionResources({ limits: { memory: "8Gi", cpu: "4" } }, bounds)).toBeUndefined();
  });

  it("jumps to a recommendation for a known object count", () => {
    const step = nextExtensionResources(undefined, { ...bounds, atLeast: { limits: { memory: "4352Mi" } } })!;
    expect(step.resources.limits!.memory).toBe("4352Mi");
  });

  it("fills defaults", () => {
    expect(effectiveResources({ limits: { memory: "4Gi" } })).toEqual({ limits: { cpu: "1000m", memory: "4Gi" }, requests: { cpu: "500m", memory: "256Mi" } });
  });

  it.each([
    [{ maxMemory: "8 GB" }, "maxMemory"],
    [{ maxMemory: "100Mi" }, "maxMemory"],
    [{ maxCpu: "four" }, "maxCpu"],
    [{ factor: 1 }, "factor"],
    [{ since: "last week" }, "since"],
  ])("rejects %j before any request", (o, parameter) => {
    expect(() => checkOomOptions({ backupInstanceId: "x", ...o })).toThrow(expect.objectContaining({ name: "InputValidationError", parameter }));
  });
});

describe("OOM remediation against the emulator", () => {
  const emu = useEmulator(backupEmulatorOptions);

  it("detects the OOM failure of a large cluster, raises memory in steps and verifies with a backup", async () => {
    const m = managerFor(emu.current);
    const t = await protectedCluster(emu.current, m, "oombig", 3000);
    const failed = await m.waitForJob((await m.backupNow(t.backupInstanceId)).id, advancing(emu.current));
    expect(failed).toMatchObject({ status: "Failed", outOfMemory: true, producedRecoveryPoint: false });
    expect(failed.error!.code).toBe("UserErrorBackupPluginPodRestartedDuringBackup");
    const extension = new ExtensionManager(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    const steps: OomRemediationStep[] = [];
    const result = await remediateExtensionOom({ extension, backupInstances: m }, {
      backupInstanceId: t.backupInstanceId, verify: true, pollIntervalInMs: 10, onProgress: (s) => { steps.push(s); emu.current.advanceTime(600); },
    });
    expect(result.detected.map((j) => j.id)).toEqual([failed.id]);
    expect(result.outcome).toBe("verified");
    expect(steps.map((s) => s.to.limits!.memory)).toEqual(["2048Mi", "3072Mi", "4608Mi"]);
    expect(steps.slice(0, -1).every((s) => s.verificationJob?.outOfMemory)).toBe(true);
    expect(steps.at(-1)!.verificationJob).toMatchObject({ status: "Completed", producedRecoveryPoint: true });
    const ext = await extension.get(t.clusterId);
    expect(ext!.resources).toMatchObject({ limits: { memory: "4608Mi" }, requests: { memory: "2304Mi" } });
    expect(mem(ext!.resources.limits.memory)).toBeGreaterThanOrEqual(256 + 3000);

    const next = await m.waitForJob((await m.backupNow(t.backupInstanceId)).id, advancing(emu.current));
    expect(next.status).toBe("Completed");
    const again = await remediateExtensionOom({ extension, backupInstances: m }, { backupInstanceId: t.backupInstanceId });
    expect(again).toMatchObject({ outcome: "noOomFound", steps: [] });
  });

  it("takes one step without verification, and none on a healthy cluster", async () => {
    const m = managerFor(emu.current);
    const extension = new ExtensionManager(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    const small = await protectedCluster(emu.current, m, "oomsmall");
    await m.waitForJob((await m.backupNow(small.backupInstanceId)).id, advancing(emu.current));
    const before = emu.current.requests.length;
    expect((await remediateExtensionOom({ extension, backupInstances: m }, { backupInstanceId: small.backupInstanceId })).outcome).toBe("noOomFound");
    expect(emu.current.requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);

    const big = await protectedCluster(emu.current, m, "oomone", 5000);
    await m.waitForJob((await m.backupNow(big.backupInstanceId)).id, advancing(emu.current));
    const result = await remediateExtensionOom({ extension, backupInstances: m }, { backupInstanceId: big.backupInstanceId, resourceCount: 5000, pollIntervalInMs: 10 });
    expect(result.outcome).toBe("raised");
    expect(result.steps).toHaveLength(1);
    expect(mem(result.resources.limits!.memory)).toBeGreaterThanOrEqual((256 + 5000) * 1.25);
  });
});
