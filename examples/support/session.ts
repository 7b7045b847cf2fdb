/**
 * How every example connects: to the embedded ARM emulator by default (seeding a cluster and a
 * storage account), or to Azure with DefaultAzureCredential when AZURE_SUBSCRIPTION_ID is set,
 * with the resources named by environment variables (AKS_CLUSTER_ID, BACKUP_VAULT_ID,
 * STORAGE_ACCOUNT_ID, SNAPSHOT_RESOURCE_GROUP_ID, optional BLOB_CONTAINER; AKS_CLUSTER_IDS for
 * the fleet). Against Azure, every example prints what it is about to change and asks before the
 * first write, unless run with `--yes`.
 */
import { stdin, stdout } from "node:process";
import { createInterface } from "node:readline/promises";
import { DefaultAzureCredential } from "@azure/identity";
import { AksBackup, type BackupPlan, type EnableBackupRequest } from "aks-backup";
import { startArmEmulator, type ArmEmulator, type EmulatorProfile } from "aks-backup-emulator";

export interface Session {
  aks: AksBackup;
  /** A request for one cluster (from the environment, or seeded in the emulator). */
  request: EnableBackupRequest;
  /** Set when running on the emulator. */
  emulator: ArmEmulator | undefined;
  /** Seeds another cluster in the emulator (for fleets); on Azure, reads AKS_CLUSTER_IDS. */
  addCluster: (name: string, options?: { resourceCount?: number }) => EnableBackupRequest;
  /**
   * Before the first write: on Azure, prints `what` (and the plan, when given) and asks to go on,
   * unless the example runs with `--yes`; refuses without a terminal to ask on. On the emulator,
   * does nothing.
   */
  confirmWrites: (what: string, plan?: () => Promise<BackupPlan>) => Promise<void>;
  close: () => Promise<void>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name} (running against Azure because AZURE_SUBSCRIPTION_ID is set).`);
  return value;
}

/** Opens a session; see the file comment. `resourceCount` sizes the seeded cluster. */
export async function openSession(options: { resourceCount?: number } = {}): Promise<Session> {
  const subscriptionId = process.env["AZURE_SUBSCRIPTION_ID"];
  if (subscriptionId) {
    const request: EnableBackupRequest = {
      clusterId: required("AKS_CLUSTER_ID"),
      vaultId: required("BACKUP_VAULT_ID"),
      storageAccountId: required("STORAGE_ACCOUNT_ID"),
      blobContainer: process.env["BLOB_CONTAINER"] ?? "aks-backups",
      snapshotResourceGroupId: required("SNAPSHOT_RESOURCE_GROUP_ID"),
    };
    return {
      aks: new AksBackup(new DefaultAzureCredential(), subscriptionId),
      request,
      emulator: undefined,
      addCluster: (name) => ({ ...request, clusterId: name, blobContainer: `${request.blobContainer}-${name.split("/").at(-1)!}`.toLowerCase() }),
      confirmWrites: askBeforeWriting,
      close: () => Promise.resolve(),
    };
  }
  const profile = (process.env["EMULATOR_PROFILE"] ?? "instant") as EmulatorProfile;
  const timeScale = Number(process.env["EMULATOR_TIME_SCALE"] ?? (profile === "realistic" ? 10 : 1000));
  const emulator = await startArmEmulator({ profile, timeScale });
  const rg = `/subscriptions/${emulator.subscriptionId}/resourceGroups`;
  const storageAccountId = emulator.addStorageAccount({ resourceGroup: "rg-backup", name: "examplebackups", location: "westeurope" });
  const addCluster = (name: string, o: { resourceCount?: number } = {}): EnableBackupRequest => ({
    clusterId: emulator.addCluster({ resourceGroup: "rg-aks", name, location: "westeurope", resourceCount: o.resourceCount ?? 200 }),
    vaultId: `${rg}/rg-backup/providers/Microsoft.DataProtection/backupVaults/vault-weu`,
    storageAccountId,
    blobContainer: name,
    snapshotResourceGroupId: `${rg}/rg-aks-snapshots`,
  });
  return {
    // Poll every 2 simulated seconds (Azure SDK's default interval), or every 20 ms when instant.
    aks: new AksBackup(emulator.credential, emulator.subscriptionId, { ...emulator.clientOptions, pollIntervalInMs: profile === "realistic" ? 2 * timeScale : 20 }),
    request: addCluster("aks-example", options),
    emulator,
    addCluster,
    confirmWrites: () => Promise.resolve(),
    close: () => emulator.stop(),
  };
}

/** On Azure: prints what will change and asks (see {@link Session.confirmWrites}). */
async function askBeforeWriting(what: string, plan?: () => Promise<BackupPlan>): Promise<void> {
  console.log(`This example will write to Azure subscription ${process.env["AZURE_SUBSCRIPTION_ID"]}: ${what}.`);
  if (plan) {
    const p = await plan();
    for (const problem of p.problems) console.log(`  PROBLEM ${problem.subject}: ${problem.problem}. To fix: ${problem.fix}`);
    for (const a of p.actions) console.log(`  ${a.step.padEnd(21)} ${a.action}  (${a.reason})`);
    if (p.actions.length === 0) console.log("  (the plan has no action: everything is in place)");
  }
  if (process.argv.includes("--yes")) return;
  if (!stdin.isTTY) throw new Error("Not writing to Azure without confirmation: run the example in a terminal, or pass --yes.");
  const rl = createInterface({ input: stdin, output: stdout });
  try {
    const answer = await rl.question("Go on? [y/N] ");
    if (!/^y(es)?$/i.test(answer.trim())) throw new Error("Stopped: nothing was written.");
  } finally {
    rl.close();
  }
}

/** Runs an example's main and exits non-zero on failure. */
export function run(main: (session: Session) => Promise<void>, options: { resourceCount?: number } = {}): void {
  void (async () => {
    const session = await openSession(options);
    try {
      await main(session);
    } finally {
      await session.close();
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
