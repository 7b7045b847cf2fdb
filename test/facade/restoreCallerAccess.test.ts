import { describe, expect, it } from "vitest";
import { AksBackup, AzureRequestError, InputValidationError, PreflightError } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { advancing, backupEmulatorOptions, managerFor, protectedCluster, writes } from "../backup/support.js";

// Gaps of issue 13: the caller's read on the source cluster (LinkedAuthorizationFailed), and resourceModifierReference.
const emu = useEmulator(backupEmulatorOptions);

function aksOf(e: ArmEmulator): AksBackup {
  return new AksBackup(e.credential, e.subscriptionId, { ...fastOptions(e), pollIntervalInMs: 2 });
}

/** A protected cluster with objects and a recovery point holding them, and a second protected cluster (a restore target in the region). */
async function world(e: ArmEmulator) {
  const m = managerFor(e);
  const t = await protectedCluster(e, m, "casrc");
  e.addClusterObjects(t.clusterId, [{ namespace: "prod", kind: "deployments", name: "web", labels: { app: "web" } }]);
  const job = await m.waitForJob((await m.backupNow(t.backupInstanceId)).id, advancing(e));
  expect(job.status).toBe("Completed");
  const other = await protectedCluster(e, m, "catgt");
  return { m, t, rp: job.recoveryPointId!, targetClusterId: other.clusterId };
}

let made: ReturnType<typeof world> | undefined;
const shared = (): ReturnType<typeof world> => (made ??= world(emu.current));

/** Requests that write (every method but GET; validate actions are POSTs too), as "METHOD path". */
const writesSince = (e: ArmEmulator, since: number): string[] => writes(e, since).map((w) => `${w.method} ${w.path}`);

/** Runs `body` while the caller cannot read `scope`, then gives the read back. */
async function withoutRead(e: ArmEmulator, scope: string, body: () => Promise<void>): Promise<void> {
  e.setCallerCanRead(scope, false);
  try {
    await body();
  } finally {
    e.setCallerCanRead(scope, true);
  }
}

describe("the caller's read on the source cluster", () => {
  it("restoring into another cluster: planRestore lists the problem, restoreCluster throws PreflightError before any write", async () => {
    const e = emu.current;
    const { t, rp, targetClusterId } = await shared();
    const aks = aksOf(e);
    await withoutRead(e, t.clusterId, async () => {
      const before = e.requests.length;
      const plan = await aks.planRestore({ backupInstanceId: t.backupInstanceId, targetClusterId, recoveryPointId: rp });
      const problem = plan.problems.find((p) => /LinkedAuthorizationFailed/.test(p.message));
      expect(problem?.subject).toBe("backupInstanceId");
      expect(problem!.message).toContain(t.clusterId);
      expect(plan.problems).toHaveLength(1);
      expect(problem!.fix).toMatch(/Reader on the source cluster/);
      const refused = await aks.restoreCluster({ backupInstanceId: t.backupInstanceId, targetClusterId, recoveryPointId: rp }).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(PreflightError);
      expect((refused as PreflightError).problems.map((p) => p.subject)).toContain("backupInstanceId");
      expect(writesSince(e, before)).toEqual([]);
      // The check read the caller's permissions at the source cluster.
      expect(e.requests.slice(before).some((r) => r.method === "GET" && r.path.toLowerCase() === `${t.clusterId}/providers/Microsoft.Authorization/permissions`.toLowerCase())).toBe(true);
    });
  });

  it("restoring into the protected cluster itself needs no read of a source: no such problem, no permissions read there", async () => {
    const e = emu.current;
    const { t, rp, targetClusterId } = await shared();
    const aks = aksOf(e);
    // Without read on the OTHER cluster, a restore into the source is not concerned.
    await withoutRead(e, targetClusterId, async () => {
      const before = e.requests.length;
      const plan = await aks.planRestore({ backupInstanceId: t.backupInstanceId, recoveryPointId: rp });
      expect(plan.problems).toEqual([]);
      expect(e.requests.slice(before).some((r) => /Microsoft.Authorization\/permissions$/i.test(r.path))).toBe(false);
    });
  });

  it("backupInstances.restore into another cluster without read on the source: AzureRequestError LinkedAuthorizationFailed (403) with a remedy", async () => {
    const e = emu.current;
    const { t, rp, targetClusterId } = await shared();
    const aks = aksOf(e);
    await withoutRead(e, t.clusterId, async () => {
      const before = e.requests.length;
      const refused = await aks.backupInstances.restore(t.backupInstanceId, { recoveryPointId: rp, targetClusterId }).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(AzureRequestError);
      expect(refused).toMatchObject({ code: "LinkedAuthorizationFailed", statusCode: 403 });
      expect((refused as AzureRequestError).serviceMessage).toContain(`linked scope(s) '${t.clusterId}'`);
      expect((refused as AzureRequestError).remedy).toMatch(/Reader/);
      // validateRestore was refused: no restore was triggered.
      expect(writesSince(e, before).filter((w) => /\/restore$/.test(w))).toEqual([]);
    });
  });
});

describe("resourceModifier (resourceModifierReference)", () => {
  it("bad input is refused before any request", async () => {
    const e = emu.current;
    const { t } = await shared();
    const aks = aksOf(e);
    const before = e.requests.length;
    await expect(aks.backupInstances.restore(t.backupInstanceId, { resourceModifier: { name: "rules", namespace: "Not_A_Namespace" } })).rejects.toMatchObject({ name: "InputValidationError", parameter: "resourceModifier.namespace" });
    await expect(aks.backupInstances.restore(t.backupInstanceId, { resourceModifier: { name: "", namespace: "velero" } })).rejects.toThrow(InputValidationError);
    // The name reaches a kubectl command in the cluster: only a Kubernetes object name passes.
    await expect(aks.restoreCluster({ backupInstanceId: t.backupInstanceId, resourceModifier: { name: "rules; rm -rf /", namespace: "velero" } })).rejects.toMatchObject({ name: "InputValidationError", parameter: "resourceModifier.name" });
    await expect(aks.backupInstances.restore(t.backupInstanceId, { resourceModifier: { name: "Rules$(id)", namespace: "velero" } })).rejects.toMatchObject({ name: "InputValidationError", parameter: "resourceModifier.name" });
    await expect(aks.restoreCluster({ backupInstanceId: t.backupInstanceId, resourceModifier: { name: "rules", namespace: "Bad NS" } })).rejects.toThrow(InputValidationError);
    await expect(aks.restoreCluster({ backupInstanceId: t.backupInstanceId, resourceModifier: { name: "rules", namespace: "velero", extra: 1 } as never })).rejects.toThrow(InputValidationError);
    expect(e.requests.length).toBe(before);
  });

  it("is sent with the restore: the job fails without the ConfigMap in the target (code and remedy), and with it the restored objects carry the modifier", async () => {
    const e = emu.current;
    const { t, rp, targetClusterId } = await shared();
    const aks = aksOf(e);
    const resourceModifier = { name: "rules", namespace: "velero" };
    // The service class, into the protected cluster, which has no such ConfigMap.
    const m = aks.backupInstances;
    const started = await m.restore(t.backupInstanceId, { recoveryPointId: rp, resourceModifier });
    const failed = await m.waitForJob(started.id, advancing(e));
    expect(failed.status).toBe("Failed");
    expect(failed.error?.code).toBe("UserErrorResourceModifierConfigMapNotFound");
    expect(failed.error?.remedy).toContain("ConfigMap");

    // The facade asks the target for it before any write (kubectl get configmap, through AKS run command).
    const before = e.requests.length;
    const refused = await aks.restoreCluster({ backupInstanceId: t.backupInstanceId, targetClusterId, recoveryPointId: rp, includedNamespaces: ["prod"], resourceModifier }).catch((x: unknown) => x);
    expect(refused).toBeInstanceOf(PreflightError);
    const problems = (refused as PreflightError).problems;
    expect(problems.map((p) => p.subject)).toEqual(["resourceModifier"]);
    expect(problems[0]!.problem).toMatch(/ConfigMap velero\/rules .*does not exist in the target cluster/);
    expect(writesSince(e, before).map((w) => w.split("/").at(-1))).toEqual(["runCommand"]);

    // The facade, into the other cluster holding it.
    e.addClusterObjects(targetClusterId, [{ namespace: "velero", kind: "configmaps", name: "rules" }]);
    const done = await aks.restoreCluster({ backupInstanceId: t.backupInstanceId, targetClusterId, recoveryPointId: rp, includedNamespaces: ["prod"], resourceModifier },
      { onProgress: (ev) => { if (ev.step === "job" && ev.type === "waiting") e.advanceTime(600); } });
    expect(done.jobStatus).toBe("Completed");
    expect(e.clusterObjects(targetClusterId).find((o) => o.namespace === "prod" && o.name === "web")).toMatchObject({ resourceModifier: "velero/rules" });
  });
});
