import { describe, expect, it } from "vitest";
import { useEmulator } from "../support/emulator.js";
import { aksPolicy, call, obj, vaultBody } from "./dppFixtures.js";

const emu = useEmulator();

async function vault(name: string): Promise<string> {
  const e = emu.current;
  e.addResourceGroup({ name: `rg-${name}`, location: "eastus" });
  e.state.providers.set(e.subscriptionId, "Microsoft.DataProtection", "Registered");
  const id = `/subscriptions/${e.subscriptionId}/resourceGroups/rg-${name}/providers/Microsoft.DataProtection/backupVaults/${name}`;
  await call(e, "PUT", id, vaultBody());
  return id;
}

describe("backup policies", () => {
  it("creates an AKS policy synchronously (200), drops unknown fields and sets tagInfo.id", async () => {
    const e = emu.current;
    const v = await vault("pv1");
    const res = await call(e, "PUT", `${v}/backupPolicies/akspolicy`, aksPolicy());
    expect(res.status).toBe(200);
    expect(res.headers["azure-asyncoperation"]).toBeUndefined();
    const body = obj(res);
    expect(body["type"]).toBe("Microsoft.DataProtection/backupVaults/backupPolicies");
    const props = body["properties"] as { name?: string; policyRules: Array<{ trigger?: { taggingCriteria: Array<{ tagInfo: { id: string } }> } }> };
    expect(props.name).toBeUndefined();
    expect(props.policyRules[0]!.trigger!.taggingCriteria[0]!.tagInfo.id).toBe("Default_");
    expect((await call(e, "PUT", `${v}/backupPolicies/akspolicy`, aksPolicy("PT8H"))).status).toBe(200);
    const got = obj(await call(e, "GET", `${v}/backupPolicies/akspolicy`));
    expect(JSON.stringify(got)).toContain("PT8H");
    const list = obj(await call(e, "GET", `${v}/backupPolicies`));
    expect((list["value"] as unknown[]).length).toBe(1);
  });

  it("deletes with 200, then 204, and GET answers 404", async () => {
    const e = emu.current;
    const v = await vault("pv2");
    await call(e, "PUT", `${v}/backupPolicies/p`, aksPolicy());
    const del = await call(e, "DELETE", `${v}/backupPolicies/p`);
    expect(del.status).toBe(200);
    expect(del.body).toBeNull();
    expect((await call(e, "DELETE", `${v}/backupPolicies/p`)).status).toBe(204);
    const get = await call(e, "GET", `${v}/backupPolicies/p`);
    expect(get.status).toBe(404);
    expect((obj(get)["error"] as { code: string }).code).toBe("ResourceNotFound");
  });

  it("rejects policies that break the schema", async () => {
    const e = emu.current;
    const v = await vault("pv3");
    const base = aksPolicy()["properties"] as Record<string, unknown>;
    const rules = base["policyRules"] as Array<Record<string, unknown>>;
    const bad: Array<[string, Record<string, unknown>]> = [
      ["objectType", { ...base, objectType: "Nope" }],
      ["datasourceTypes", { ...base, datasourceTypes: [] }],
      ["no backup rule", { ...base, policyRules: [rules[1]] }],
      ["no default retention", { ...base, policyRules: [rules[0], { ...rules[1], isDefault: false }] }],
      ["bad dataStore", { ...base, policyRules: [{ ...rules[0], dataStore: { dataStoreType: "Nowhere", objectType: "DataStoreInfoBase" } }, rules[1]] }],
      ["bad interval", { ...base, policyRules: [{ ...rules[0], trigger: { objectType: "ScheduleBasedTriggerContext", schedule: { repeatingTimeIntervals: ["every day"] }, taggingCriteria: [] } }, rules[1]] }],
    ];
    for (const [what, properties] of bad) {
      const res = await call(e, "PUT", `${v}/backupPolicies/bad`, { properties });
      expect(res.status, what).toBe(400);
    }
    expect((await call(e, "GET", `${v}/backupPolicies/bad`)).status).toBe(404);
  });

  it("refuses an AKS schedule the service does not offer", async () => {
    const e = emu.current;
    const v = await vault("pv4");
    const res = await call(e, "PUT", `${v}/backupPolicies/p`, aksPolicy("PT2H"));
    expect(res.status).toBe(400);
    expect((obj(res)["error"] as { code: string }).code).toBe("UserErrorInvalidBackupFrequency");
  });

  it("accepts a weekly AKS policy whose points are copied at once to the VaultStore (kept 5 days), as Azure did", async () => {
    const e = emu.current;
    const v = await vault("pv6");
    const policy = aksPolicy("P1W");
    const rules = (policy["properties"] as { policyRules: Array<Record<string, unknown>> }).policyRules;
    const op = { dataStoreType: "OperationalStore", objectType: "DataStoreInfoBase" };
    const vaultStore = { dataStoreType: "VaultStore", objectType: "DataStoreInfoBase" };
    rules[1] = { objectType: "AzureRetentionRule", name: "Default", isDefault: true, lifecycles: [
      { deleteAfter: { objectType: "AbsoluteDeleteOption", duration: "P5D" }, sourceDataStore: op,
        targetDataStoreCopySettings: [{ copyAfter: { objectType: "ImmediateCopyOption" }, dataStore: vaultStore }] },
      { deleteAfter: { objectType: "AbsoluteDeleteOption", duration: "P5D" }, sourceDataStore: vaultStore, targetDataStoreCopySettings: [] },
    ] };
    const res = await call(e, "PUT", `${v}/backupPolicies/weekly`, policy);
    expect(res.status).toBe(200);
    expect(JSON.stringify(obj(res))).toContain("/P1W");
  });

  it("answers 404 for a policy in a missing vault", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-pv5", location: "eastus" });
    const res = await call(e, "PUT", `/subscriptions/${e.subscriptionId}/resourceGroups/rg-pv5/providers/Microsoft.DataProtection/backupVaults/none/backupPolicies/p`, aksPolicy());
    expect(res.status).toBe(404);
  });
});
