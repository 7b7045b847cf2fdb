import { describe, expect, it } from "vitest";
import { AzureRequestError, InputValidationError, ProviderRegistrar, WaitTimeoutError, defaultProviderNamespaces } from "aks-backup";
import { fastOptions, useEmulator } from "../support/emulator.js";

const emu = useEmulator({ profile: "realistic", timeScale: 2 }); // registration: 60 simulated s = 120 ms

function writes(ns: string): number {
  return emu.current.requests.filter((r) => r.method === "POST" && r.path.toLowerCase().endsWith(`/providers/${ns.toLowerCase()}/register`)).length;
}

describe("ProviderRegistrar", () => {
  it("registers a namespace and waits until Registered, reporting progress", async () => {
    const registrar = new ProviderRegistrar(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    expect((await registrar.get("Microsoft.KubernetesConfiguration")).registrationState).toBe("NotRegistered");
    const seen: string[] = [];
    const result = await registrar.register("Microsoft.KubernetesConfiguration", { onProgress: (s) => seen.push(s.lastStatus ?? "") });
    expect(result).toEqual({ namespace: "Microsoft.KubernetesConfiguration", registrationState: "Registered" });
    expect(seen).toContain("Registering");
    expect(seen.at(-1)).toBe("Registered");
    expect(writes("Microsoft.KubernetesConfiguration")).toBe(1);
  });

  it("ensureRegistered registers the defaults in parallel and writes nothing the second time", async () => {
    const registrar = new ProviderRegistrar(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    const first = await registrar.ensureRegistered();
    expect(first.map((p) => p.registrationState)).toEqual(defaultProviderNamespaces.map(() => "Registered"));
    const before = emu.current.requests.filter((r) => r.method === "POST").length;
    const second = await registrar.ensureRegistered();
    expect(second.every((p) => p.registrationState === "Registered")).toBe(true);
    expect(emu.current.requests.filter((r) => r.method === "POST").length).toBe(before);
    expect(writes("Microsoft.DataProtection")).toBe(1);
  });

  it("refuses malformed namespaces before any request", async () => {
    const registrar = new ProviderRegistrar(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    const count = emu.current.requests.length;
    await expect(registrar.ensureRegistered(["Microsoft.DataProtection", "not a namespace"])).rejects.toThrow(InputValidationError);
    await expect(registrar.ensureRegistered(["Microsoft.DataProtection", "not a namespace"])).rejects.toThrow(/namespaces\[1\]/);
    await expect(registrar.ensureRegistered([])).rejects.toThrow(/namespaces/);
    expect(() => registrar.beginRegister("")).toThrow(InputValidationError);
    expect(emu.current.requests.length).toBe(count);
  });

  it("reports an unknown namespace as input error, and registers nothing in that batch", async () => {
    const registrar = new ProviderRegistrar(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    await expect(registrar.ensureRegistered(["Microsoft.Storage", "Contoso.NoSuchService"])).rejects.toThrow(/not a resource provider namespace Azure knows/);
    expect(writes("Microsoft.Storage")).toBe(0);
  });

  it("rejects a subscription id that is not a GUID", () => {
    expect(() => new ProviderRegistrar(emu.current.credential, "my-sub", fastOptions(emu.current))).toThrow(/subscriptionId/);
  });

  it("rides out transient 429/503 with Retry-After, and fails on a 403 with the ARM code", async () => {
    const registrar = new ProviderRegistrar(emu.current.credential, emu.current.subscriptionId, fastOptions(emu.current));
    emu.current.injectFault({ method: "GET", path: /providers\/Microsoft\.Storage$/, status: 429, code: "TooManyRequests", retryAfterSeconds: 0.01 });
    emu.current.injectFault({ method: "GET", path: /providers\/Microsoft\.Storage$/, status: 503, code: "ServiceUnavailable" });
    expect((await registrar.get("Microsoft.Storage")).registrationState).toBe("Registered");
    emu.current.injectFault({ method: "POST", path: /Microsoft\.Kubernetes\/register$/, status: 403, code: "AuthorizationFailed", message: "The client does not have authorization to perform action 'Microsoft.Kubernetes/register/action'." });
    const error = await registrar.register("Microsoft.Kubernetes").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzureRequestError);
    expect((error as AzureRequestError).code).toBe("AuthorizationFailed");
    expect((error as AzureRequestError).statusCode).toBe(403);
    expect((error as AzureRequestError).cause).toBeDefined();
    expect((error as Error).message).toMatch(/Contributor/);
  });

  it("stops waiting on abort and on timeout, without cancelling the registration", async () => {
    const slow = new ProviderRegistrar(emu.current.credential, emu.current.subscriptionId, { ...fastOptions(emu.current), pollIntervalInMs: 30 });
    // A registration in progress that nothing completes (no timing to race on a loaded machine).
    emu.current.state.providers.set(emu.current.subscriptionId, "Microsoft.Kubernetes", "Registering");
    const controller = new AbortController();
    const from = emu.current.requests.length;
    const poller = slow.beginRegister("Microsoft.Kubernetes", {
      abortSignal: controller.signal,
      timeoutInMs: 60_000,
      onProgress: (s) => {
        if (s.lastStatus === "Registering") controller.abort();
      },
    });
    await expect(poller.pollUntilDone()).rejects.toSatisfy((e: unknown) => e instanceof Error && e.name === "AbortError");
    expect(poller.operationState?.lastStatus).toBe("Registering");
    const sent = emu.current.requests.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(emu.current.requests.length).toBe(sent); // polling stopped
    expect(emu.current.requests.slice(from).filter((r) => /unregister/i.test(r.path))).toEqual([]); // nothing cancelled
    expect(emu.current.state.providers.get(emu.current.subscriptionId, "Microsoft.Kubernetes")).toBe("Registering");

    await expect(slow.register("Microsoft.Kubernetes", { timeoutInMs: 20 })).rejects.toThrow(WaitTimeoutError);
  });
});
