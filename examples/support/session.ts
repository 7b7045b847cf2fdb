/**
 * How every example connects: to the embedded ARM emulator by default (seeding a cluster and a
 * storage account), or to Azure with DefaultAzureCredential when AZURE_SUBSCRIPTION_ID is set,
 * with the resources named by environment variables.
 */
import { DefaultAzureCredential } from "@azure/identity";
import { AksBackup, type EnableBackupRequest } from "aks-backup";
import { startArmEmulator, type ArmEmulator, type EmulatorProfile } from "aks-backup-emulator";

export interface Session {
  aks: AksBackup;
  /** A request for one cluster (from the environment, or seeded in the emulator). */
  request: EnableBackupRequest;
  /** Set when running on the emulator. */
  emulator: ArmEmulator | undefined;
  /** Seeds another cluster in the emulator (for fleets); on Azure, reads AKS_CLUSTER_IDS. */
  addCluster: (name: string, options?: { resourceCount?: number }) => EnableBackupRequest;
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
    close: () => emulator.stop(),
  };
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
