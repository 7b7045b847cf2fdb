import { describe, expect, it } from "vitest";
import { replayRecording } from "./support/replay.js";
import { useEmulator } from "./support/emulator.js";

// The recording is of the real service: subscription as cleaned by the recorder, an Arc cluster.
const emu = useEmulator({
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  registeredProviders: ["Microsoft.Kubernetes", "Microsoft.KubernetesConfiguration"],
  // Long enough that the extension is still `Creating` when the recording reads it back, as it was.
  durations: { extensionInstall: 3600 },
});

describe("replay of test_k8s_extension (az k8s-extension on an Arc cluster)", () => {
  it("matches the recorded traffic", async () => {
    const e = emu.current;
    e.addCluster({ kind: "connectedCluster", resourceGroup: "azurecli-tests", name: "arc-cluster", location: "eastus" });
    const report = await replayRecording(e, {
      recording: "test_k8s_extension.json",
      ignore: [
        // The real provider has many more resource types, locations and versions than the emulator's catalog.
        { path: "resourceTypes.**", reason: "the emulator's catalog lists fewer types, with fewer fields" },
        // The recorded GETs show the pinned version as current while the install was still running.
        { path: "properties.currentVersion", reason: "the real agent reports the version before the install ends; the emulator only when it ends" },
        { path: "value.*.properties.currentVersion", reason: "as above" },
      ],
    });
    expect(report.problems, report.summary()).toEqual([]);
    expect(report.steps.map((s) => s.outcome)).toEqual(["sent", "sent", "sent", "sent", "sent", "sent", "sent"]);
  });
});
