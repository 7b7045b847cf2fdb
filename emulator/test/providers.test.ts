import { describe, expect, it } from "vitest";
import { ResourceManagementClient } from "@azure/arm-resources";
import { armRequest } from "./support/replay.js";
import { fastOptions, useEmulator } from "./support/emulator.js";

// Realistic durations (registration takes 60 simulated seconds) at 5 real ms per simulated second.
const emu = useEmulator({ profile: "realistic", timeScale: 5, durations: { requestLatency: 0 } });
const providerUrl = (ns: string, suffix = ""): string => `/subscriptions/${emu.current.subscriptionId}/providers/${ns}${suffix}?api-version=2021-04-01`;

describe("resource provider registration", () => {
  it("goes NotRegistered -> Registering -> Registered over simulated time", async () => {
    const e = emu.current;
    const client = new ResourceManagementClient(e.credential, e.subscriptionId, fastOptions(e));
    expect((await client.providers.get("Microsoft.KubernetesConfiguration")).registrationState).toBe("NotRegistered");
    const registered = await client.providers.register("Microsoft.KubernetesConfiguration");
    expect(registered.registrationState).toBe("Registering");
    expect(registered.namespace).toBe("Microsoft.KubernetesConfiguration");
    expect((await client.providers.get("Microsoft.KubernetesConfiguration")).registrationState).toBe("Registering");
    await new Promise((r) => setTimeout(r, e.state.clock.toRealMs(60) + 50));
    expect((await client.providers.get("Microsoft.KubernetesConfiguration")).registrationState).toBe("Registered");
  });

  it("register on a Registered provider is a 200 no-op", async () => {
    const e = emu.current;
    const res = await armRequest(e, "POST", providerUrl("Microsoft.ContainerService", "/register"));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ registrationState: "Registered", registrationPolicy: "RegistrationRequired" });
  });

  it("a write to a namespace that is not registered is a 409 MissingSubscriptionRegistration; reads are allowed", async () => {
    const e = emu.current;
    const sub = e.addSubscription(); // fresh subscription: KubernetesConfiguration not registered there
    const cluster = e.addCluster({ subscriptionId: sub, resourceGroup: "rg-reg", name: "c2", location: "eastus" });
    const res = await armRequest(e, "PUT", `${cluster}/providers/Microsoft.KubernetesConfiguration/extensions/dapr?api-version=2023-05-01`, { body: { properties: { extensionType: "microsoft.dapr" } } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      error: {
        code: "MissingSubscriptionRegistration",
        message: expect.stringContaining("'Microsoft.KubernetesConfiguration'") as string,
        details: [{ code: "MissingSubscriptionRegistration", target: "Microsoft.KubernetesConfiguration" }],
      },
    });
    expect(e.state.extensions.size).toBe(0);
    const read = await armRequest(e, "GET", `${cluster}/providers/Microsoft.KubernetesConfiguration/extensions?api-version=2023-05-01`);
    expect(read.status).toBe(200);
  });

  it("an unknown namespace is a 404 InvalidResourceNamespace on get and register", async () => {
    const e = emu.current;
    for (const [method, suffix] of [["GET", ""], ["POST", "/register"]] as const) {
      const res = await armRequest(e, method, providerUrl("Microsoft.Nonexistent", suffix));
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error: { code: "InvalidResourceNamespace", message: expect.stringContaining("Microsoft.Nonexistent") as string } });
    }
  });

  it("matches the namespace case-insensitively and lists every provider", async () => {
    const e = emu.current;
    const res = await armRequest(e, "GET", providerUrl("microsoft.storage"));
    expect(res.body).toMatchObject({ namespace: "Microsoft.Storage", registrationState: "Registered" });
    const client = new ResourceManagementClient(e.credential, e.subscriptionId, fastOptions(e));
    const all: string[] = [];
    for await (const p of client.providers.list()) all.push(p.namespace ?? "");
    expect(all).toEqual(expect.arrayContaining(["Microsoft.KubernetesConfiguration", "Microsoft.DataProtection", "Microsoft.ContainerService", "Microsoft.Storage"]));
  });

  it("unregister goes Registered -> Unregistering -> NotRegistered; platform namespaces cannot be unregistered", async () => {
    const e = emu.current;
    const res = await armRequest(e, "POST", providerUrl("Microsoft.Storage", "/unregister"));
    expect(res.body).toMatchObject({ registrationState: "Unregistering" });
    e.advanceTime(61);
    expect((await armRequest(e, "GET", providerUrl("Microsoft.Storage"))).body).toMatchObject({ registrationState: "NotRegistered" });
    const platform = await armRequest(e, "POST", providerUrl("Microsoft.Resources", "/unregister"));
    expect(platform.status).toBe(409);
  });
});
