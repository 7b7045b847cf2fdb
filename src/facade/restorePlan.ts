import type { PreflightProblem } from "./models.js";
import type { ResolvedRestore, RestoreFacts } from "./restoreObserve.js";
import type { RestorePlanAction, RestorePlanProblem, RestoreStepName } from "./restoreModels.js";
import { backupOperatorRole } from "../trustedAccess/models.js";
import { namespacesWritten, patchConfirmationReason } from "../common/targetNamespaces.js";

/** Restore steps, in the order a plan lists them. */
export const restoreStepOrder: readonly RestoreStepName[] = ["extension", "stagingResourceGroup", "trustedAccess", "roles", "roles.extension", "validate", "restore", "job"];

/** A restore action that overwrites what exists, and the `confirm` it needs. */
export interface RestoreConfirmation {
  /** What would happen. */
  action: string;
  /** The affected resource's id (the target cluster). */
  resource: string;
  /** The value `confirm` must have: the target cluster's name. */
  expected: string;
}

/**
 * The confirmation a restore needs (pure): conflictPolicy "Patch" overwrites objects that exist
 * in the target. Over the protected cluster, always (its live state). Into another cluster, when
 * a namespace it writes exists there (listed with AKS run command), or when that cannot be told:
 * the restore writes every namespace of the backup (ARM lists none), or the namespaces could not
 * be listed. "Skip" keeps what exists and needs none.
 */
export function restoreConfirmation(r: ResolvedRestore, f: Pick<RestoreFacts, "target" | "targetIsSource" | "instance" | "targetNamespaces" | "inFlightJob">): RestoreConfirmation | undefined {
  // Following a restore already running writes nothing: the run that started it was confirmed.
  if (r.request.conflictPolicy !== "Patch" || !f.target || f.inFlightJob) return undefined;
  const why = patchConfirmationReason(f.targetIsSource, f.target.name, namespacesWritten(r.request, f.instance), f.targetNamespaces);
  return why ? { action: `restoring with conflictPolicy "Patch" ${why}`, resource: f.target.id, expected: f.target.name } : undefined;
}

/** Plan problems as `PreflightError` problems. */
export function asPreflightProblems(problems: readonly RestorePlanProblem[]): PreflightProblem[] {
  return problems.map((p) => ({ subject: p.subject, problem: p.message, fix: p.fix }));
}

/** The ordered actions a restore would take, from what exists now (pure). */
export function planRestoreActions(r: ResolvedRestore, f: RestoreFacts): RestorePlanAction[] {
  const actions: RestorePlanAction[] = [];
  const add = (step: RestoreStepName, action: string, reason: string): void => void actions.push({ step, action, reason });
  const target = f.target?.name ?? "the target cluster";
  const where = f.targetCluster?.location ?? "the target's region";
  const ext = f.extension;
  const extNeeded = !ext || ext.provisioningState === "Failed";
  if (extNeeded && r.extensionStorage) {
    const container = r.request.targetExtension!.blobContainer;
    if (!f.extensionContainerExists) add("extension", `create blob container ${container} in ${r.extensionStorage.name}`, "it does not exist");
    add("extension", `install the Backup Extension on ${target} with storage ${r.extensionStorage.name}/${container}`, ext ? `it is ${ext.provisioningState}` : "the target has no Backup Extension");
  }
  if (r.stagingGroup && f.stagingGroupLocation === undefined) add("stagingResourceGroup", `create resource group ${r.stagingGroup.name} in ${where}`, "the staging resource group does not exist");
  const b = f.binding;
  if (!b || b.provisioningState !== "Succeeded" || !b.roles.includes(backupOperatorRole)) {
    add("trustedAccess", `bind the vault ${r.bi.vault.name} to ${target} with ${backupOperatorRole}`, b ? `the binding is ${b.provisioningState}` : "no Trusted Access binding from this vault");
  }
  for (const q of f.roles) {
    if (q.existingId === undefined) add(q.identity === "extension" ? "roles.extension" : "roles", `grant ${q.role} to the ${q.identity} identity on ${q.scope}`, q.reason);
  }
  if (extNeeded && r.extensionStorage) {
    add("roles.extension", `grant Storage Blob Data Contributor to the new extension identity on ${r.extensionStorage.name}${r.stagingAccount ? ` and ${r.stagingAccount.name}` : ""}`, "the extension identity will be new");
  }
  const rp = f.recoveryPoint;
  const tier = r.source === "vault" ? "the vault tier" : "the operational tier";
  const age = rp ? Math.round((f.serverNow - rp.time.getTime()) / 360_000) / 10 : undefined;
  const region = r.crossRegion ? ` in the secondary region ${f.region ?? "?"}${age !== undefined ? `, ${age} h old` : ""}` : "";
  const running = f.inFlightJob;
  if (running) {
    add("restore", `follow the restore job ${running.name} already running (started ${running.startTime.toISOString()})`, `a restore of ${rp?.name ?? "this point"} into ${target} is in progress: it is not started again`);
  } else {
    add("validate", `validate the restore of ${rp?.name ?? "the newest recovery point"} (${tier}${region}) into ${target}`, "the service checks the target, the permissions and the staging before the restore");
    const confirm = restoreConfirmation(r, f);
    actions.push({
      step: "restore",
      action: `start the ${r.crossRegion ? "cross-region " : ""}restore (conflictPolicy ${r.request.conflictPolicy ?? "Skip"})`,
      reason: `${rp ? `recovery point of ${rp.time.toISOString()}` : "the newest recovery point"}${confirm ? `; confirm: ${confirm.action}` : ""}`,
      ...(confirm ? { confirm: confirm.expected } : {}),
    });
  }
  add("job", "follow the restore job to its end", "the restore runs as a job of the vault");
  return actions.sort((a, c) => restoreStepOrder.indexOf(a.step) - restoreStepOrder.indexOf(c.step));
}
