import { describe, expect, it } from "vitest";
import { InputValidationError, ResourceNotFoundError, type DeletedBackupInstanceInfo } from "aks-backup";
import { useEmulator } from "../support/emulator.js";
import { backupEmulatorOptions, managerFor, protectedCluster } from "./support.js";

const emu = useEmulator(backupEmulatorOptions);

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("soft-deleted backup instances", () => {
  it("lists a deleted instance with its purge time, undeletes it (by id, then as a no-op), and refuses an unknown one", async () => {
    const e = emu.current;
    const m = managerFor(e);
    const t = await protectedCluster(e, m, "softdel");
    expect(await collect(m.listDeleted(t.vaultId))).toEqual([]);
    // The vault has soft delete On (Azure's default): the deleted instance is kept.
    await m.delete(t.backupInstanceId, { confirm: t.bi.name });
    expect(await m.get(t.backupInstanceId)).toBeUndefined();
    const deleted = await collect(m.listDeleted(t.vaultId));
    expect(deleted).toHaveLength(1);
    const d: DeletedBackupInstanceInfo = deleted[0]!;
    expect(d).toMatchObject({ name: t.bi.name, vaultId: t.vaultId, backupInstanceId: t.backupInstanceId, id: `${t.vaultId}/deletedBackupInstances/${t.bi.name}`, policyId: t.policyId });
    expect(d.datasourceId?.toLowerCase()).toBe(t.clusterId.toLowerCase());
    expect(Date.parse(d.scheduledPurgeTime!) - Date.parse(d.deletionTime!)).toBe(14 * 86_400_000);

    const back = await m.undelete(d.id);
    expect(back).toMatchObject({ id: t.backupInstanceId, protectionState: "ProtectionStopped" });
    expect(await collect(m.listDeleted(t.vaultId))).toEqual([]);
    const posts = e.requests.filter((r) => r.method === "POST").length;
    expect((await m.undelete(t.vaultId, t.bi.name)).protectionState).toBe("ProtectionStopped");
    expect(e.requests.filter((r) => r.method === "POST").length).toBe(posts);

    await expect(m.undelete(t.vaultId, "never-there")).rejects.toBeInstanceOf(ResourceNotFoundError);
    await expect(m.undelete(`${t.vaultId}/deletedBackupInstances/../x`)).rejects.toBeInstanceOf(InputValidationError);
    await expect(m.undelete(t.vaultId, "bad/name")).rejects.toBeInstanceOf(InputValidationError);
  });
});
