import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const examples = readdirSync(new URL("../../examples/", import.meta.url)).filter((f) => f.endsWith(".ts") && f !== "demo.ts");

describe("examples run against the emulator", () => {
  it("has the scenarios the README lists", () => {
    expect(examples).toEqual(expect.arrayContaining(["enableBackup.ts", "planOnly.ts", "fleet.ts", "stopResumeDelete.ts", "tuneMemoryAfterOom.ts", "jobsWithWarnings.ts"]));
  });

  it.each(examples)("%s exits 0", async (file) => {
    const env = { ...process.env, EMULATOR_PROFILE: "instant", AZURE_SUBSCRIPTION_ID: "" };
    const { stdout } = await run(process.execPath, ["--import", "tsx", `examples/${file}`], { env, timeout: 60_000 });
    expect(stdout.trim().length).toBeGreaterThan(0);
    expect(stdout).not.toMatch(/FAILED|PROBLEM/);
  }, 90_000);

  it("against Azure, a writing example asks first and, without a terminal or --yes, writes nothing", async () => {
    const sub = "00000000-0000-0000-0000-000000000001";
    const rg = `/subscriptions/${sub}/resourceGroups/rg`;
    const env = {
      ...process.env,
      AZURE_SUBSCRIPTION_ID: sub,
      AKS_CLUSTER_ID: `${rg}/providers/Microsoft.ContainerService/managedClusters/aks1`,
      AKS_CLUSTER_IDS: `${rg}/providers/Microsoft.ContainerService/managedClusters/aks1,${rg}/providers/Microsoft.ContainerService/managedClusters/aks2`,
      BACKUP_VAULT_ID: `${rg}/providers/Microsoft.DataProtection/backupVaults/v1`,
      STORAGE_ACCOUNT_ID: `${rg}/providers/Microsoft.Storage/storageAccounts/sa1`,
      SNAPSHOT_RESOURCE_GROUP_ID: `/subscriptions/${sub}/resourceGroups/snapshots`,
    };
    const failure = await run(process.execPath, ["--import", "tsx", "examples/fleet.ts"], { env, timeout: 60_000 }).then(() => undefined, (e: unknown) => e as { code: number; stdout: string; stderr: string });
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toMatch(/will write to Azure subscription 00000000-0000-0000-0000-000000000001: enable backup of 2 clusters/);
    expect(failure?.stderr).toMatch(/Not writing to Azure without confirmation/);
    expect(failure?.stdout).not.toMatch(/protected|FAILED/);
  }, 90_000);
});
