import { describe, expect, it } from "vitest";
import { apiVersions } from "../../src/rp/apiVersions.js";
import { findRegion, normaliseRegion, pairedRegionOf, azureRegions } from "../../src/data/regions.js";
import { publishedApiVersions } from "../../src/data/apiVersions.js";
import { armRequest } from "../support/replay.js";
import { useEmulator } from "../support/emulator.js";

const emu = useEmulator({ registeredProviders: ["Microsoft.ContainerService", "Microsoft.Storage", "Microsoft.DataProtection", "Microsoft.KubernetesConfiguration"] });
const sub = (): string => emu.current.subscriptionId;
type ErrorBody = { error?: { code?: string; message?: string } };

describe("published api-versions", () => {
  it("accepts the versions real clients send (issue 11)", async () => {
    const e = emu.current;
    const cluster = e.addCluster({ resourceGroup: "rg-av", name: "c1", location: "eastus" });
    const rg = `/subscriptions/${sub()}/resourceGroups/rg-av`;
    const cases: Array<[string, string]> = [
      ...["2026-06-01", "2023-01-01", "2022-05-01"].map((v): [string, string] => [`${rg}/providers/Microsoft.DataProtection/backupVaults?api-version=${v}`, v]),
      ...["2025-08-01", "2024-08-01"].map((v): [string, string] => [`${cluster}?api-version=${v}`, v]),
      [`${cluster}/providers/Microsoft.KubernetesConfiguration/extensions?api-version=2022-03-01`, "2022-03-01"],
      [`/subscriptions/${sub()}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-05-01-preview&$filter=${encodeURIComponent("roleName eq 'Reader'")}`, "2022-05-01-preview"],
      [`/subscriptions/${sub()}/resourcegroups?api-version=2021-01-01`, "2021-01-01"],
    ];
    for (const [path, v] of cases) {
      const res = await armRequest(e, "GET", path);
      expect([v, path, res.status]).toEqual([v, path, 200]);
    }
  });

  it("answers NoRegisteredProviderFound naming location, type, supported versions and locations", async () => {
    const e = emu.current;
    const cluster = e.addCluster({ resourceGroup: "rg-av2", name: "c2", location: "koreacentral" });
    const res = await armRequest(e, "GET", `${cluster}?api-version=2099-01-01`);
    expect(res.status).toBe(400);
    const message = (res.body as ErrorBody).error?.message ?? "";
    expect((res.body as ErrorBody).error?.code).toBe("NoRegisteredProviderFound");
    expect(message).toContain("for location 'koreacentral' and API version '2099-01-01' for type 'managedClusters'");
    expect(message).toContain("2024-08-01, 2024-09-01");
    expect(message).toContain("The supported locations are 'East US, East US 2,");
  });

  it("names nested types and answers InvalidApiVersionParameter for Microsoft.Resources", async () => {
    const e = emu.current;
    e.addResourceGroup({ name: "rg-av3", location: "westeurope" });
    const nested = await armRequest(e, "GET", `/subscriptions/${sub()}/resourceGroups/rg-av3/providers/Microsoft.DataProtection/backupVaults/v/backupInstances?api-version=1999-01-01`);
    expect((nested.body as ErrorBody).error?.message).toContain("for type 'backupVaults/backupInstances'");
    const platform = await armRequest(e, "GET", `/subscriptions/${sub()}/resourcegroups?api-version=1999-01-01`);
    expect((platform.body as ErrorBody).error?.code).toBe("InvalidApiVersionParameter");
  });

  it("keeps one data entry per service, each naming its source, with no duplicates", () => {
    for (const entry of publishedApiVersions) {
      expect(entry.source.length, entry.namespace).toBeGreaterThan(0);
      const all = [...entry.stable, ...entry.preview];
      expect(new Set(all).size, entry.namespace).toBe(all.length);
      for (const v of entry.stable) expect(v).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const v of entry.preview) expect(v).toMatch(/^\d{4}-\d{2}-\d{2}-preview$/);
    }
    expect(apiVersions.dataProtection).toContain("2026-06-01");
  });
});

describe("regions", () => {
  it("accepts every public region by name or display name, in any case and spacing", async () => {
    const e = emu.current;
    const names = ["eastasia", "East Asia", "KOREACENTRAL", "brazilsouth", "uaenorth", "westcentralus", "ukwest", "japanwest", "southindia", "Sweden Central"];
    for (const [i, location] of names.entries()) {
      const res = await armRequest(e, "PUT", `/subscriptions/${sub()}/resourcegroups/rg-region-${i}?api-version=2021-04-01`, { body: { location } });
      expect([location, res.status, (res.body as { location?: string }).location]).toEqual([location, 201, location.replace(/\s+/g, "").toLowerCase()]);
    }
  });

  it("refuses a region that does not exist", async () => {
    const res = await armRequest(emu.current, "PUT", `/subscriptions/${sub()}/resourcegroups/rg-nowhere?api-version=2021-04-01`, { body: { location: "atlantis" } });
    expect(res.status).toBe(400);
  });

  it("knows the pairs, symmetric where Azure's are", () => {
    expect(pairedRegionOf("East Asia")).toBe("southeastasia");
    expect(pairedRegionOf("westeurope")).toBe("northeurope");
    expect(pairedRegionOf("brazilsouth")).toBe("southcentralus");
    expect(pairedRegionOf("italynorth")).toBeUndefined();
    expect(normaliseRegion("Germany West Central")).toBe("germanywestcentral");
    expect(findRegion("nowhere")).toBeUndefined();
    for (const r of azureRegions) if (r.pairedRegion !== undefined) expect(findRegion(r.pairedRegion), r.name).toBeDefined();
  });
});
