/**
 * @summary The main job, end to end against the embedded ARM emulator (realistic, scaled latency):
 * register the resource providers, install the AKS Backup Extension, then raise its memory limit.
 */
import { ExtensionManager, ProviderRegistrar, type WaitState } from "aks-backup";
import { startArmEmulator } from "aks-backup/emulator";

const started = Date.now();
const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)}s`.padStart(6);
const say = (text: string): void => console.log(`[${elapsed()}] ${text}`);

/** Prints a wait's status when it changes, and a heartbeat at least every second while it lasts. */
function progress(step: string): (state: WaitState<unknown>) => void {
  let last = "";
  let lastPrint = 0;
  return (state) => {
    const status = state.lastStatus ?? "pending";
    if (status !== last || Date.now() - lastPrint > 1000) {
      say(`  ${step}: ${status}${status === last ? " (still waiting)" : ""}`);
      last = status;
      lastPrint = Date.now();
    }
  };
}

async function main(): Promise<void> {
  const emu = await startArmEmulator({ profile: "realistic", timeScale: 10 });
  try {
    say(`ARM emulator at ${emu.endpoint} (profile: ${emu.profile}; 1 simulated second = 10 ms)`);
    const clusterId = emu.addCluster({ resourceGroup: "rg-demo", name: "aks-demo", location: "westeurope", resourceCount: 1500 });
    const storageAccountId = emu.addStorageAccount({ resourceGroup: "rg-demo", name: "sademobackups", location: "westeurope", containers: ["aks-backups"] });
    say(`Seeded cluster ${clusterId}`);

    const options = { ...emu.clientOptions, pollIntervalInMs: 100 };
    const providers = new ProviderRegistrar(emu.credential, emu.subscriptionId, options);
    say("Registering resource providers");
    const registered = await providers.ensureRegistered(undefined, {
      onProgress: (p) => say(`  ${p.namespace}: ${p.registrationState}`),
    });
    say(`Providers: ${registered.map((p) => `${p.namespace}=${p.registrationState}`).join(", ")}`);

    const extension = new ExtensionManager(emu.credential, emu.subscriptionId, options);
    say("Installing the Backup Extension (takes ~3 simulated minutes)");
    const installed = await extension.install(clusterId, { storageAccountId, blobContainer: "aks-backups" }, { onProgress: progress("install") });
    say(`Installed ${installed.name} ${installed.version ?? ""}: ${installed.provisioningState}, identity ${installed.principalId ?? "?"}`);

    say("Raising the extension's memory limit to 4400Mi (clusters with >1000 resources need more than the default 1280Mi)");
    const updated = await extension.update(clusterId, { resources: { limits: { memory: "4400Mi" }, requests: { memory: "1Gi" } } }, { onProgress: progress("update") });
    say(`Extension resources: ${JSON.stringify(updated.resources)}`);

    say("Running the same setup again: it must make no write");
    const writesBefore = emu.requests.filter((r) => r.method !== "GET").length;
    await providers.ensureRegistered();
    await extension.install(clusterId, { storageAccountId, blobContainer: "aks-backups", resources: { limits: { memory: "4400Mi" }, requests: { memory: "1Gi" } } });
    const writesAfter = emu.requests.filter((r) => r.method !== "GET").length;
    say(`Second run: ${writesAfter - writesBefore} writes`);
    say(`Done: ${emu.requests.length} ARM requests in ${elapsed().trim()}`);
    if (writesAfter !== writesBefore) throw new Error("the second run wrote to ARM");
  } finally {
    await emu.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
