import { describe, expect, it } from "vitest";
import { useEmulator } from "../support/emulator.js";
import { call, obj, vaultBody } from "./dppFixtures.js";
import { configured } from "./jobFixtures.js";

type Json = Record<string, unknown>;

const emu = useEmulator();

function vaultPath(rg: string, name: string): string {
  return `/subscriptions/${emu.current.subscriptionId}/resourceGroups/${rg}/providers/Microsoft.DataProtection/backupVaults/${name}`;
}

function setup(rg: string): void {
  emu.current.addResourceGroup({ name: rg, location: "eastus" });
  emu.current.state.providers.set(emu.current.subscriptionId, "Microsoft.DataProtection", "Registered");
}

/** A vault PUT body with these properties merged over a LocallyRedundant vault's. */
function withProps(props: Json, base: Json = vaultBody()): Json {
  return { ...base, properties: { ...(base["properties"] as Json), ...props } };
}

const props = (res: { body: unknown }): Json => obj(res as never)["properties"] as Json;
const errorCode = (res: { body: unknown }): unknown => (obj(res as never)["error"] as Json)["code"];

describe("vault settings and their irreversibility", () => {
  it("keeps Locked immutability, AlwaysOn soft delete, enabled cross-region restore and PermanentlyDisabled cross-subscription restore", async () => {
    setup("rg-irrev");
    const path = vaultPath("rg-irrev", "irrev");
    const geo = { storageSettings: [{ datastoreType: "VaultStore", type: "GeoRedundant" }] };
    const locked = withProps({
      ...geo,
      securitySettings: { softDeleteSettings: { state: "AlwaysOn", retentionDurationInDays: 30 }, immutabilitySettings: { state: "Locked" } },
      featureSettings: { crossRegionRestoreSettings: { state: "Enabled" }, crossSubscriptionRestoreSettings: { state: "PermanentlyDisabled" } },
      monitoringSettings: { azureMonitorAlertSettings: { alertsForAllJobFailures: "Disabled" } },
    });
    expect((await call(emu.current, "PUT", path, locked)).status).toBe(201);
    const got = props(await call(emu.current, "GET", path));
    expect(got["featureSettings"]).toEqual({ crossRegionRestoreSettings: { state: "Enabled" }, crossSubscriptionRestoreSettings: { state: "PermanentlyDisabled" } });
    expect(got["monitoringSettings"]).toEqual({ azureMonitorAlertSettings: { alertsForAllJobFailures: "Disabled" } });

    const revert = async (p: Json): Promise<unknown> => {
      const res = await call(emu.current, "PUT", path, withProps(p, locked));
      expect(res.status).toBe(400);
      return errorCode(res);
    };
    expect(await revert({ securitySettings: { softDeleteSettings: { state: "On", retentionDurationInDays: 30 }, immutabilitySettings: { state: "Locked" } } })).toBe("UserErrorDisableSoftDeleteNotAllowed");
    expect(await revert({ securitySettings: { softDeleteSettings: { state: "AlwaysOn", retentionDurationInDays: 30 }, immutabilitySettings: { state: "Unlocked" } } })).toBe("UserErrorImmutabilityLockedCannotBeChanged");
    expect(await revert({ featureSettings: { crossRegionRestoreSettings: { state: "Disabled" } } })).toBe("UserErrorCrossRegionRestoreDisableNotAllowed");
    expect(await revert({ featureSettings: { crossRegionRestoreSettings: { state: "Enabled" }, crossSubscriptionRestoreSettings: { state: "Enabled" } } }))
      .toBe("UserErrorCrossSubscriptionRestorePermanentlyDisabled");
    // PATCH cannot revert them either, and a PUT leaving the blocks out keeps them.
    const patch = await call(emu.current, "PATCH", path, { properties: { featureSettings: { crossSubscriptionRestoreSettings: { state: "Disabled" } } } });
    expect(errorCode(patch)).toBe("UserErrorCrossSubscriptionRestorePermanentlyDisabled");
    const bare = await call(emu.current, "PUT", path, withProps({ ...geo, securitySettings: { softDeleteSettings: { state: "AlwaysOn", retentionDurationInDays: 30 } } }));
    expect(bare.status).toBe(200);
    expect(props(bare)["featureSettings"]).toEqual(got["featureSettings"]);
    expect((props(bare)["securitySettings"] as Json)["immutabilitySettings"]).toEqual({ state: "Locked" });
  });

  it("refuses cross-region restore on a vault that is not geo-redundant, bad states and days", async () => {
    setup("rg-crr");
    const path = vaultPath("rg-crr", "crr");
    const res = await call(emu.current, "PUT", path, withProps({ featureSettings: { crossRegionRestoreSettings: { state: "Enabled" } } }));
    expect(errorCode(res)).toBe("UserErrorCrossRegionRestoreNotSupportedForStorageType");
    const days = await call(emu.current, "PUT", path, withProps({ securitySettings: { softDeleteSettings: { state: "On", retentionDurationInDays: 7 } } }));
    expect(errorCode(days)).toBe("InvalidRequestContent");
    const alerts = await call(emu.current, "PUT", path, withProps({ monitoringSettings: { azureMonitorAlertSettings: { alertsForAllJobFailures: "Sometimes" } } }));
    expect(errorCode(alerts)).toBe("InvalidRequestContent");
    expect((await call(emu.current, "GET", path)).status).toBe(404);
  });

  it("changes storage redundancy only while the vault holds no backup instance", async () => {
    const empty = vaultPath("rg-empty", "empty");
    setup("rg-empty");
    await call(emu.current, "PUT", empty, vaultBody());
    const zrs = { storageSettings: [{ datastoreType: "VaultStore", type: "ZoneRedundant" }] };
    expect((await call(emu.current, "PUT", empty, withProps(zrs))).status).toBe(201);
    const s = await configured(emu.current, "redund");
    const res = await call(emu.current, "PUT", s.vaultId, withProps(zrs));
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe("UserErrorStorageRedundancyChangeNotAllowed");
    expect((props(await call(emu.current, "GET", s.vaultId))["storageSettings"] as Json[])[0]!["type"]).toBe("LocallyRedundant");
  });

  it("resolves a vault's user-assigned identity against the identity resource", async () => {
    setup("rg-uami");
    const uami = emu.current.addUserAssignedIdentity({ resourceGroup: "rg-uami", name: "backup-id", location: "eastus" });
    expect(uami).toBe(`/subscriptions/${emu.current.subscriptionId}/resourceGroups/rg-uami/providers/Microsoft.ManagedIdentity/userAssignedIdentities/backup-id`);
    const identity = obj(await call(emu.current, "GET", uami, undefined, "2023-01-31"));
    const ip = identity["properties"] as Record<string, string>;
    expect(identity["type"]).toBe("Microsoft.ManagedIdentity/userAssignedIdentities");
    expect(ip["tenantId"]).toBe(emu.current.tenantId);
    expect(emu.current.state.directory.get(ip["principalId"]!)?.ownerId).toBe(uami);

    const path = vaultPath("rg-uami", "uami");
    const put = await call(emu.current, "PUT", path, { ...vaultBody(), identity: { type: "SystemAssigned,UserAssigned", userAssignedIdentities: { [uami]: {} } } });
    expect(put.status).toBe(201);
    const vi = obj(put)["identity"] as Json;
    expect(vi["type"]).toBe("SystemAssigned,UserAssigned");
    expect(vi["principalId"]).not.toBe(ip["principalId"]);
    expect((vi["userAssignedIdentities"] as Json)[uami]).toEqual({ principalId: ip["principalId"], clientId: ip["clientId"] });

    const missing = uami.replace("backup-id", "nope");
    const bad = await call(emu.current, "PUT", vaultPath("rg-uami", "uami2"), { ...vaultBody(), identity: { type: "UserAssigned", userAssignedIdentities: { [missing]: {} } } });
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe("FailedIdentityOperation");
    expect((await call(emu.current, "GET", missing, undefined, "2023-01-31")).status).toBe(404);
  });
});
