import { describe, expect, it } from "vitest";
import { armRequest } from "./support/replay.js";
import { useEmulator } from "./support/emulator.js";

const emu = useEmulator();

describe("api-version", () => {
  it("answers 400 MissingApiVersionParameter when it is missing or empty", async () => {
    for (const q of ["", "?api-version="]) {
      const res = await armRequest(emu.current, "GET", `/subscriptions/${emu.current.subscriptionId}/resourcegroups${q}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: { code: "MissingApiVersionParameter" } });
    }
  });

  it("answers 400 InvalidApiVersionParameter for an unsupported version of a platform namespace", async () => {
    const res = await armRequest(emu.current, "GET", `/subscriptions/${emu.current.subscriptionId}/resourcegroups?api-version=1999-01-01`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "InvalidApiVersionParameter", message: expect.stringContaining("2021-04-01") as string } });
  });

  it("answers 400 NoRegisteredProviderFound for an unsupported version of a resource provider", async () => {
    const e = emu.current;
    const id = e.addCluster({ resourceGroup: "rg-api", name: "c1", location: "eastus" });
    const res = await armRequest(e, "GET", `${id}?api-version=2001-01-01`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "NoRegisteredProviderFound", message: expect.stringContaining("managedClusters") as string } });
  });

  it("reads the parameter name case-insensitively (api-Version, as KubernetesConfiguration writes it)", async () => {
    const res = await armRequest(emu.current, "GET", `/subscriptions/${emu.current.subscriptionId}/resourcegroups?api-Version=2021-04-01`);
    expect(res.status).toBe(200);
  });
});
