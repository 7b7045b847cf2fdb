import { describe, expect, it } from "vitest";
import { InputValidationError, TrustedAccessBinder, WaitTimeoutError, backupOperatorRole, bindingNameFor, type TrustedAccessBindingInfo } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";

const emulator = useEmulator();

function bindingWrites(emu: ArmEmulator, since: number): number {
  return emu.requests.slice(since).filter((r) => (r.method === "PUT" || r.method === "DELETE") && /trustedAccessRoleBindings/i.test(r.path)).length;
}

function setup(emu: ArmEmulator, name: string, location = "eastus"): { binder: TrustedAccessBinder; clusterId: string; vaultId: string } {
  const clusterId = emu.addCluster({ resourceGroup: `rg-${name}`, name, location });
  const vaultId = `/subscriptions/${emu.subscriptionId}/resourceGroups/rg-${name}/providers/Microsoft.DataProtection/backupVaults/vault-${name}`;
  return { binder: new TrustedAccessBinder(emu.credential, emu.subscriptionId, fastOptions(emu)), clusterId, vaultId };
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("TrustedAccessBinder.bind", () => {
  it("creates a binding with a derived name and waits until it succeeds; a second bind makes no write", async () => {
    const emu = emulator.current;
    const { binder, clusterId, vaultId } = setup(emu, "bind1");
    const statuses: string[] = [];
    const first = await binder.bind(clusterId, vaultId, { onProgress: (s) => statuses.push(s.lastStatus ?? "") });
    expect(first.created).toBe(true);
    expect(first.name).toBe(bindingNameFor(vaultId));
    expect(first.name).toMatch(/^[A-Za-z0-9-]{1,24}$/);
    expect(first.id).toBe(`${clusterId}/trustedAccessRoleBindings/${first.name}`);
    expect(statuses.at(-1)).toBe("Succeeded");
    const stored = emu.state.trustedAccessBindings.get(first.id)!;
    expect(stored.roles).toEqual([backupOperatorRole]);
    expect(stored.sourceResourceId).toBe(vaultId);
    const mark = emu.requests.length;
    const second = await binder.bind(clusterId, vaultId.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/"));
    expect(second).toEqual({ ...first, created: false });
    expect(bindingWrites(emu, mark)).toBe(0);
  });

  it("reuses an existing binding of the vault whatever its name", async () => {
    const emu = emulator.current;
    const { binder, clusterId, vaultId } = setup(emu, "bind2");
    const mine = await binder.bind(clusterId, vaultId, { name: "my-binding" });
    expect(mine.name).toBe("my-binding");
    const mark = emu.requests.length;
    const again = await binder.bind(clusterId, vaultId);
    expect(again).toEqual({ id: mine.id, name: "my-binding", created: false });
    expect(bindingWrites(emu, mark)).toBe(0);
  });

  it("re-applies a binding of the vault that failed", async () => {
    const emu = emulator.current;
    const { binder, clusterId, vaultId } = setup(emu, "bind3");
    const first = await binder.bind(clusterId, vaultId);
    emu.state.trustedAccessBindings.get(first.id)!.provisioningState = "Failed";
    const mark = emu.requests.length;
    const again = await binder.bind(clusterId, vaultId);
    expect(again).toEqual({ ...first, created: false });
    expect(bindingWrites(emu, mark)).toBe(1);
    expect(emu.state.trustedAccessBindings.get(first.id)!.provisioningState).toBe("Succeeded");
  });

  it("picks another derived name when the derived one belongs to another source", async () => {
    const emu = emulator.current;
    const { binder, clusterId, vaultId } = setup(emu, "bind4");
    const name = bindingNameFor(vaultId);
    emu.state.trustedAccessBindings.set({
      id: `${clusterId}/trustedAccessRoleBindings/${name}`, name, clusterId, provisioningState: "Succeeded", createdAt: 0,
      sourceResourceId: `/subscriptions/${emu.subscriptionId}/resourceGroups/rg-bind4/providers/Microsoft.MachineLearningServices/workspaces/ml`,
      roles: ["Microsoft.MachineLearningServices/workspaces/mlworkload"],
    });
    const r = await binder.bind(clusterId, vaultId);
    expect(r.created).toBe(true);
    expect(r.name).not.toBe(name);
    expect(r.name).toBe(bindingNameFor(vaultId, 1));
    expect(emu.state.trustedAccessBindings.get(`${clusterId}/trustedAccessRoleBindings/${name}`)?.roles).toEqual(["Microsoft.MachineLearningServices/workspaces/mlworkload"]);
  });

  it("fails clearly, with no write, when the region does not offer the backup-operator role", async () => {
    const emu = emulator.current;
    const { binder, clusterId, vaultId } = setup(emu, "bind5", "westus3");
    emu.withdrawTrustedAccessRole("westus3", backupOperatorRole);
    const mark = emu.requests.length;
    const err = await binder.bind(clusterId, vaultId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputValidationError);
    expect((err as Error).message).toContain(backupOperatorRole);
    expect((err as Error).message).toContain("westus3");
    expect(bindingWrites(emu, mark)).toBe(0);
    expect(await binder.isRoleAvailable("eastus")).toBe(true);
  });

  it("rejects bad ids and names before any request", async () => {
    const emu = emulator.current;
    const { binder, clusterId, vaultId } = setup(emu, "bind6");
    const mark = emu.requests.length;
    expect(() => binder.beginBind(vaultId, vaultId)).toThrow(InputValidationError);
    expect(() => binder.beginBind(clusterId, clusterId)).toThrow(/vaultId/);
    expect(() => binder.beginBind(clusterId, vaultId, { name: "a_name_with_underscores" })).toThrow(/name/);
    expect(() => binder.beginBind(clusterId, vaultId, { name: "x".repeat(25) })).toThrow(InputValidationError);
    expect(() => binder.list("/subscriptions/x")).toThrow(InputValidationError);
    await expect(binder.unbind(clusterId, { confirm: "x" })).rejects.toBeInstanceOf(InputValidationError);
    expect(emu.requests.length).toBe(mark);
  });
});

describe("TrustedAccessBinder get, list and unbind", () => {
  it("lists, gets and unbinds idempotently", async () => {
    const emu = emulator.current;
    const { binder, clusterId, vaultId } = setup(emu, "list1");
    const b = await binder.bind(clusterId, vaultId);
    const listed: TrustedAccessBindingInfo[] = await all(binder.list(clusterId));
    expect(listed).toEqual([{ id: b.id, name: b.name, clusterId, sourceResourceId: vaultId, roles: [backupOperatorRole], provisioningState: "Succeeded" }]);
    expect(await binder.get(b.id)).toEqual(listed[0]);
    await binder.unbind(b.id, { confirm: b.name });
    expect(await binder.get(b.id)).toBeUndefined();
    expect(await all(binder.list(clusterId))).toEqual([]);
    await binder.unbind(b.id, { confirm: b.name });
  });
});

describe("TrustedAccessBinder waits", () => {
  // 50 simulated s = 1 s real: long enough that a loaded machine still sees it Updating on the second bind.
  const slow = useEmulator({ timeScale: 20, durations: { trustedAccessBindingApply: 50 } });

  it("polls while the binding is Updating, and times out with WaitTimeoutError", async () => {
    const emu = slow.current;
    const { clusterId, vaultId } = setup(emu, "wait1");
    const binder = new TrustedAccessBinder(emu.credential, emu.subscriptionId, fastOptions(emu));
    const err = await binder.bind(clusterId, vaultId, { timeoutInMs: 30 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect((err as WaitTimeoutError).lastStatus).toBe("Updating");
    const statuses: string[] = [];
    const r = await binder.bind(clusterId, vaultId, { onProgress: (s) => statuses.push(s.lastStatus ?? "") });
    expect(r.created).toBe(false);
    expect(statuses).toContain("Updating");
    expect(statuses.at(-1)).toBe("Succeeded");
  });

  it("stops waiting when aborted", async () => {
    const emu = slow.current;
    const { clusterId, vaultId } = setup(emu, "wait2");
    const binder = new TrustedAccessBinder(emu.credential, emu.subscriptionId, fastOptions(emu));
    const controller = new AbortController();
    const p = binder.bind(clusterId, vaultId, { abortSignal: controller.signal, onProgress: () => controller.abort() });
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
  });
});
