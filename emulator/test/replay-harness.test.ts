import { writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compareShapes, replayRecording, urlTemplate, type Recording } from "./support/replay.js";
import { useEmulator } from "./support/emulator.js";

describe("replay harness: shape comparison", () => {
  it("reports missing and extra keys, type changes and enum changes, and ignores volatile keys", () => {
    const recorded = { id: "a", properties: { provisioningState: "Succeeded", count: 1, tags: null, gone: true }, systemData: { createdAt: "x" }, etag: "1" };
    const actual = { id: "b", properties: { provisioningState: "Creating", count: "1", tags: null, added: 1 }, systemData: { other: 1 } };
    expect(compareShapes(recorded, actual)).toEqual([
      "body.properties.provisioningState: recorded \"Succeeded\", emulator \"Creating\"",
      "body.properties.count: recorded number 1, emulator string \"1\"",
      "body.properties.gone: missing in emulator (recorded true)",
      "body.properties.added: extra in emulator (1)",
    ]);
  });

  it("compares list lengths and item shapes, and honours ignore globs", () => {
    const recorded = { value: [{ name: "x", properties: { a: 1 } }, { name: "y", properties: { a: 2 } }] };
    expect(compareShapes(recorded, { value: [{ name: "x", properties: { a: 1 } }] })).toEqual(["body.value: recorded 2 items, emulator 1"]);
    expect(compareShapes(recorded, { value: [{ name: "x" }, { name: "y", properties: { a: "s" } }] })).toEqual([
      "body.value.0.properties: missing in emulator (recorded {\"a\":1})",
      "body.value.1.properties.a: recorded number 2, emulator string \"s\"",
    ]);
    expect(compareShapes(recorded, { value: [{ name: "x" }, { name: "y" }] }, { ignore: [{ path: "value.*.properties", reason: "test" }] })).toEqual([]);
    expect(compareShapes({ a: { b: { c: 1 } } }, { a: { b: { c: "x" } } }, { ignore: [{ path: "**.c", reason: "test" }] })).toEqual([]);
  });

  it("templates LRO URLs: ids become {id}, the path is case-insensitive, query keys are kept", () => {
    const a = urlTemplate("https://127.0.0.1:1/subscriptions/00000000-0000-0000-0000-000000000000/X/operations/dbef82c3-3ef9-493e-8253-e5519262973a?api-Version=2023-05-01");
    expect(a).toBe("/subscriptions/{id}/x/operations/{id}?api-Version=2023-05-01");
    expect(urlTemplate("/subscriptions/00000000-0000-0000-0000-000000000000/x/operations/11111111-3ef9-493e-8253-e5519262973a?api-Version=2023-05-01")).toBe(a);
    expect(urlTemplate("/subscriptions/00000000-0000-0000-0000-000000000000/x/operations/1?api-version=2023-05-01")).not.toBe(a);
  });
});

const emu = useEmulator({
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  registeredProviders: ["Microsoft.ContainerService", "Microsoft.KubernetesConfiguration"],
  durations: { extensionInstall: 180 },
});

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function writeRecording(rec: Recording): string {
  const dir = mkdtempSync(path.join(tmpdir(), "replay-"));
  tempDirs.push(dir);
  const file = path.join(dir, "rec.json");
  writeFileSync(file, JSON.stringify(rec));
  return file;
}

describe("replay harness: against the emulator", () => {
  it("makes a mismatch visible, skips with a reason, maps ids and flags unserved paths", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-real", location: "eastus" });
    const sub = "/subscriptions/00000000-0000-0000-0000-000000000000";
    const file = writeRecording({
      source: { repo: "test", path: "test", commit: "0" },
      interactions: [
        { method: "GET", path: `${sub}/resourcegroups/rg-recorded`, apiVersion: "2021-04-01", query: {}, requestBody: null, status: 200, headers: {},
          responseBody: { id: `${sub}/resourceGroups/rg-recorded`, name: "rg-recorded", type: "Microsoft.Resources/resourceGroups", location: "eastus", tags: {}, properties: { provisioningState: "Succeeded" } } },
        { method: "GET", path: `${sub}/resourcegroups/rg-recorded`, apiVersion: "2021-04-01", query: {}, requestBody: null, status: 200, headers: {},
          responseBody: { id: `${sub}/resourceGroups/rg-recorded`, name: "rg-recorded", type: "Microsoft.Resources/resourceGroups", location: "eastus", managedBy: "x", properties: { provisioningState: "Deleting" } } },
        { method: "GET", path: `${sub}/providers/Microsoft.Compute/virtualMachines`, apiVersion: "2022-08-01", query: {}, requestBody: null, status: 200, headers: {}, responseBody: { value: [] } },
        { method: "GET", path: `${sub}/resourcegroups/other`, apiVersion: "2021-04-01", query: {}, requestBody: null, status: 200, headers: {}, responseBody: {} },
      ],
    });
    const report = await replayRecording(e, {
      recording: file,
      mapIds: { "rg-recorded": "rg-real" },
      skip: (it) => (it.path.endsWith("/other") ? "not part of this test" : undefined),
    });
    expect(report.steps.map((s) => [s.outcome, s.problems.length])).toEqual([["sent", 0], ["sent", 3], ["sent", 1], ["skipped", 0]]);
    expect(report.problems).toEqual([
      `#1 GET ${sub}/resourcegroups/rg-recorded: body.managedBy: missing in emulator (recorded "x")`,
      `#1 GET ${sub}/resourcegroups/rg-recorded: body.properties.provisioningState: recorded "Deleting", emulator "Succeeded"`,
      `#1 GET ${sub}/resourcegroups/rg-recorded: body.tags: extra in emulator ({})`,
      expect.stringMatching(/^#2 GET .*Microsoft\.Compute\/virtualMachines: not served by the emulator .*InvalidResourceNamespace/) as string,
    ]);
    expect(report.summary()).toContain("skipped: not part of this test");
  });

  it("reports a status and an LRO header difference", async () => {
    const e = emu.current;
    const sub = "/subscriptions/00000000-0000-0000-0000-000000000000";
    const file = writeRecording({
      source: { repo: "test", path: "test", commit: "0" },
      interactions: [
        { method: "PUT", path: `${sub}/resourcegroups/rg-new`, apiVersion: "2021-04-01", query: {}, requestBody: { location: "eastus" }, status: 202,
          headers: { location: `${sub}/operationresults/00000000-1111-2222-3333-444444444444?api-version=2021-04-01` }, responseBody: null },
      ],
    });
    const report = await replayRecording(e, { recording: file });
    expect(report.problems[0]).toBe(`#0 PUT ${sub}/resourcegroups/rg-new: status: recorded 202, emulator 201`);
    expect(report.problems[1]).toMatch(/header location: recorded .*operationresults.*, emulator sent none/);
    expect(report.problems[2]).toMatch(/body: recorded null null, emulator object/);
  });

  it("follows the emulator's LRO instead of the recorded polls and compares the final poll", async () => {
    const e = emu.current;
    const clusterId = e.addCluster({ resourceGroup: "rg-lro", name: "c1", location: "eastus" });
    const ext = `${clusterId}/providers/Microsoft.KubernetesConfiguration/extensions/dapr`;
    const op = `${ext}/operations/dbef82c3-3ef9-493e-8253-e5519262973a`;
    const extBody = (state: string): Record<string, unknown> => ({
      id: ext, name: "dapr", type: "Microsoft.KubernetesConfiguration/extensions",
      properties: {
        extensionType: "microsoft.dapr", autoUpgradeMinorVersion: true, releaseTrain: "Stable", version: null, currentVersion: state === "Creating" ? null : "1.6.2",
        scope: { cluster: { releaseNamespace: "dapr" } }, provisioningState: state, configurationSettings: {}, configurationProtectedSettings: {},
        statuses: [], aksAssignedIdentity: state === "Creating" ? null : { principalId: "p", tenantId: "t", type: "SystemAssigned" }, isSystemExtension: false,
      },
    });
    const poll = (status: string) => ({
      method: "GET", path: op, apiVersion: "2023-05-01", query: {}, requestBody: null, status: 200, headers: {},
      responseBody: { id: op, name: "dbef82c3-3ef9-493e-8253-e5519262973a", status, properties: {}, error: null },
    });
    const file = writeRecording({
      source: { repo: "test", path: "test", commit: "0" },
      interactions: [
        { method: "PUT", path: ext, apiVersion: "2023-05-01", query: {}, requestBody: { properties: { extensionType: "microsoft.dapr" } }, status: 201,
          headers: { "azure-asyncoperation": `${op}?api-Version=2023-05-01`, location: ext }, responseBody: extBody("Creating") },
        poll("Creating"),
        poll("Succeeded"),
        { method: "GET", path: ext, apiVersion: "2023-05-01", query: {}, requestBody: null, status: 200, headers: {}, responseBody: extBody("Succeeded") },
      ],
    });
    const polled = (): number => e.requests.filter((r) => r.path.includes("/operations/")).length;
    const before = polled();
    const report = await replayRecording(e, { recording: file });
    expect(report.problems, report.summary()).toEqual([]);
    expect(report.steps.map((s) => s.outcome)).toEqual(["sent", "followed", "skipped", "sent"]);
    expect(report.steps[2]!.reason).toMatch(/LRO poll/);
    // 180 s install, 30 s advanced before each poll: the emulator needed 6 polls, not the recorded 2.
    expect(polled() - before).toBe(6);
  });
});
