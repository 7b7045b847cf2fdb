import { describe, expect, it } from "vitest";
import { replayRecording } from "./support/replay.js";
import { useEmulator } from "./support/emulator.js";

const emu = useEmulator({ subscriptionId: "00000000-0000-0000-0000-000000000000" });

describe("replay of test_aks_trustedaccess_rolebinding (az aks trustedaccess rolebinding)", () => {
  it("matches the recorded trusted access traffic", async () => {
    const e = emu.current;
    // The recorded flow creates the cluster first; the emulator seeds it instead.
    e.addCluster({ resourceGroup: "clitest000001", name: "cliakstest000001", location: "westus2" });
    const report = await replayRecording(e, {
      recording: "test_aks_trustedaccess_rolebinding.json",
      skip: (i) => (/trustedAccessRoleBindings/i.test(i.path) ? undefined : "cluster create, cluster/VMSS reads: outside trusted access (the cluster is seeded)"),
    });
    expect(report.problems, report.summary()).toEqual([]);
    const sent = report.steps.filter((s) => s.outcome === "sent").map((s) => `${s.method} ${s.status ?? "-"}`);
    expect(sent).toEqual(["GET 404", "PUT 200", "GET 200", "GET 200", "GET 200", "PUT 200", "DELETE 200", "GET 200"]);
  });
});
