/**
 * @summary The main job, end to end against the embedded ARM emulator (realistic latency, scaled):
 * plan, then enable backup of an AKS cluster with live progress, run an on-demand backup and watch
 * its job, run the setup again (no write), and print what was done and how long each step took.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { AksBackup, recommendExtensionResources, type StepEvent } from "aks-backup";
import { startArmEmulator } from "aks-backup-emulator";

const timeScale = 10; // real ms per simulated second
const started = Date.now();
const clock = (): string => `${((Date.now() - started) / 1000).toFixed(1)}s`.padStart(6);
const say = (text: string): void => console.log(`[${clock()}] ${text}`);
const sim = (ms: number): string => `${Math.round(ms / timeScale)} s`;

/** Prints a wait's status when it changes, and at least every simulated minute while it lasts. */
function statusPrinter(label: string): (state: { lastStatus?: string }) => void {
  let last = "";
  let saidAt = 0;
  return (state) => {
    const status = state.lastStatus ?? "pending";
    if (status === last && Date.now() - saidAt < 60 * timeScale) return;
    say(`  ${label}: ${status}${status === last ? " (still)" : ""}`);
    last = status;
    saidAt = Date.now();
  };
}

/** Prints step events; a waiting step prints a heartbeat at least every 2 simulated minutes. */
function printer(): (e: StepEvent) => void {
  const lastWait = new Map<string, { detail: string; at: number }>();
  return (e) => {
    if (e.type === "waiting") {
      const last = lastWait.get(e.step);
      if (last && last.detail === e.detail && e.atInMs - last.at < 120 * timeScale) return;
      lastWait.set(e.step, { detail: e.detail ?? "", at: e.atInMs });
      say(`  ${e.step.padEnd(21)} waiting: ${e.detail ?? ""}${last?.detail === e.detail ? " (still)" : ""}`);
      return;
    }
    const took = e.durationInMs !== undefined ? ` (${sim(e.durationInMs)})` : "";
    say(`  ${e.step.padEnd(21)} ${e.type}${e.detail ? `: ${e.detail}` : ""}${took}`);
  };
}

async function main(): Promise<void> {
  const emu = await startArmEmulator({ profile: "realistic", timeScale });
  try {
    say(`ARM emulator at ${emu.endpoint}, realistic profile: 1 simulated second = ${timeScale} ms (times below are simulated)`);
    const sub = `/subscriptions/${emu.subscriptionId}/resourceGroups`;
    const clusterId = emu.addCluster({ resourceGroup: "rg-aks", name: "aks-prod-1", location: "westeurope", resourceCount: 1500 });
    emu.addClusterObjects(clusterId, [{ namespace: "shop", kind: "deployments", name: "web" }, { namespace: "shop", kind: "services", name: "web" }]);
    const storageAccountId = emu.addStorageAccount({ resourceGroup: "rg-backup", name: "aksbackupsweu", location: "westeurope" });
    const request = {
      clusterId,
      storageAccountId,
      blobContainer: "aks-prod-1",
      vaultId: `${sub}/rg-backup/providers/Microsoft.DataProtection/backupVaults/vault-weu`,
      snapshotResourceGroupId: `${sub}/rg-aks-snapshots`,
      // 1500 Kubernetes objects: the default 1280Mi memory limit would OOMKill the backup pod.
      extensionResources: recommendExtensionResources(1500),
      backupConfiguration: { excludedNamespaces: ["kube-system"] },
    };
    say(`Seeded ${clusterId} (1500 Kubernetes objects) and storage account ${storageAccountId.split("/").at(-1)!}`);

    const aks = new AksBackup(emu.credential, emu.subscriptionId, { ...emu.clientOptions, pollIntervalInMs: 2 * timeScale });
    const plan = await aks.planBackup(request);
    say(`Plan (reads only): ${plan.actions.length} actions, ${plan.problems.length} problems`);
    for (const a of plan.actions) say(`  ${a.step.padEnd(21)} ${a.action}`);

    say("enableBackup: independent steps run at the same time");
    const result = await aks.enableBackup(request, { onProgress: printer() });
    say(`Protected: ${result.backupInstanceId.split("/").at(-1)!} is ${result.protectionState}`);

    say("On-demand backup");
    const job = await aks.backupInstances.backupNow(result.backupInstanceId);
    const done = await aks.backupInstances.waitForJob(job.id, { pollIntervalInMs: 10 * timeScale, onProgress: statusPrinter(`job ${job.name}`) });
    say(`Job ${done.name}: ${done.status} in ${done.durationInMs !== undefined ? `${Math.round(done.durationInMs / 1000)} s` : "?"}` +
      `${done.recoveryPointId ? `, recovery point ${done.recoveryPointId}` : ""}${done.warnings.length ? `, ${done.warnings.length} warnings` : ""}`);
    if (!["Completed", "CompletedWithWarnings"].includes(done.status)) throw new Error(`the backup job ended ${done.status}`);

    say("The cluster grows to 4000 Kubernetes objects: raise the extension's memory limit");
    emu.setClusterResourceCount(clusterId, 4000);
    const bigger = recommendExtensionResources(4000);
    const updated = await aks.extension.update(clusterId, { resources: bigger }, { onProgress: statusPrinter("extension") });
    say(`Extension resources now ${JSON.stringify(updated.resources)}`);
    const request2 = { ...request, extensionResources: bigger };

    say("Running enableBackup again: it must make no write");
    const before = emu.requests.filter((r) => r.method !== "GET").length;
    const again = await aks.enableBackup(request2);
    const writes = emu.requests.filter((r) => r.method !== "GET").length - before;
    say(`Second run: ${again.writeSteps} steps wrote, ${writes} ARM writes`);
    if (again.writeSteps !== 0 || writes !== 0) throw new Error("the second run wrote to ARM");

    // The same from a shell: the `aks-backup` command (built by `npm run demo`) on this emulator.
    const dir = await mkdtemp(join(tmpdir(), "aks-backup-demo-"));
    try {
      await emu.writeConnectionFile(join(dir, "emu.json"));
      say("$ aks-backup status --backup-instance-id <id> --emulator emu.json");
      const cli = fileURLToPath(new URL("../dist/esm/cli/main.js", import.meta.url));
      const { stdout } = await promisify(execFile)(process.execPath, [cli, "status", "--backup-instance-id", result.backupInstanceId, "--emulator", join(dir, "emu.json")]);
      say(`  ${stdout.trim()}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    say("Disaster recovery drill: restore the on-demand backup into a standby cluster (no Backup Extension yet)");
    const standby = emu.addCluster({ resourceGroup: "rg-aks-standby", name: "aks-standby", location: "westeurope" });
    const standbyStorage = emu.addStorageAccount({ resourceGroup: "rg-aks-standby", name: "aksstandbyweu", location: "westeurope" });
    const restored = await aks.restoreCluster({
      backupInstanceId: result.backupInstanceId, targetClusterId: standby, excludedNamespaces: ["kube-system"],
      targetExtension: { storageAccountId: standbyStorage, blobContainer: "velero", resources: bigger },
    }, {
      onProgress: (e) => {
        if (e.type === "waiting") emu.advanceTime(30); // skip simulated waiting (extension install, the restore job)
        else if (e.type !== "started") say(`  ${e.step.padEnd(21)} ${e.type}${e.detail ? `: ${e.detail}` : ""}`);
      },
    });
    say(`Restore job ${restored.jobId.split("/").at(-1)!}: ${restored.jobStatus}; ${restored.writeSteps} steps wrote; ${emu.clusterObjects(standby).length} Kubernetes objects in the standby cluster`);
    if (restored.jobStatus !== "Completed") throw new Error(`the restore ended ${restored.jobStatus}`);

    console.log("\nSummary");
    console.log(`  vault              ${result.vaultId}`);
    console.log(`  policy             ${result.policyId}`);
    console.log(`  extension          ${result.extensionId} (identity ${result.extensionPrincipalId})`);
    console.log(`  trusted access     ${result.trustedAccessBindingId}`);
    console.log(`  role assignments   ${result.roleAssignments.filter((r) => r.created).length} created: ${result.roleAssignments.map((r) => `${r.identity}:${r.role}`).join(", ")}`);
    console.log("  steps (simulated seconds):");
    for (const s of [...result.steps].sort((a, b) => a.startedAtInMs - b.startedAtInMs)) {
      console.log(`    ${s.step.padEnd(21)} +${sim(s.startedAtInMs).padStart(6)}  took ${sim(s.durationInMs).padStart(6)}  ${s.action}`);
    }
    console.log(`  wall time ${sim(result.wallTimeInMs)}; the same steps one after another: ${sim(result.sumOfStepsInMs)}; ` +
      `critical path ${sim(result.criticalPath.durationInMs)} (${result.criticalPath.steps.join(" -> ")})`);
    console.log(`  ARM requests: ${emu.requests.length}`);
  } finally {
    await emu.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
