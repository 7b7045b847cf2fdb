import type { z } from "zod";
import { narrowingOf } from "../backup/narrowing.js";
import { ConfirmationRequiredError, type InputIssue } from "../errors.js";
import { collectIssues } from "../common/schemas/validate.js";
import * as facadeSchemas from "../common/schemas/facade.js";
import type { PreflightProblem } from "./models.js";
import { vaultChangeAction, type StepName } from "./plan.js";
import { describeVaultChanges } from "../backup/vaultSettings.js";
import type { Observation } from "./preflight.js";
import type { ResolvedRequest } from "./request.js";

/** An action of a setup that needs `confirm` (the affected resource's name) in the request. */
export interface NeededConfirmation {
  /** The setup step that would do it. */
  step: StepName;
  /** What would happen. */
  action: string;
  /** The affected resource's id. */
  resource: string;
  /** The value to put in the request's `confirm`. */
  expected: string;
  /** The plan action it confirms, when its step has other actions that need none (vault settings). */
  planAction?: string;
}

/** Input problems of `enableBackup`/`planBackup` arguments, found by the schemas (no request). */
export function inputIssues(request: unknown, options: unknown, optionsSchema: z.ZodType = facadeSchemas.enableBackupOptions): InputIssue[] {
  return collectIssues([[facadeSchemas.enableBackupRequest, request, ""], [optionsSchema, options, "(options)"]]);
}

/** Input issues as preflight problems. */
export function asProblems(issues: readonly InputIssue[]): PreflightProblem[] {
  return issues.map((i) => ({ subject: i.parameter, problem: i.problem, fix: i.fix }));
}

/** What a setup would move or narrow, found from the reads of the preflight. */
export function neededConfirmations(r: ResolvedRequest, o: Observation): NeededConfirmation[] {
  const out: NeededConfirmation[] = [];
  const ext = o.extension;
  if (ext && ext.provisioningState !== "Failed" && r.request.moveExtensionStorage === true && ext.storageAccountId &&
      (ext.storageAccountId.toLowerCase() !== r.storage.id.toLowerCase() || ext.blobContainer !== r.request.blobContainer)) {
    out.push({ step: "extension", action: `moving the Backup Extension's storage from ${ext.storageAccountId}/${ext.blobContainer ?? "?"}`, resource: ext.id, expected: ext.name });
  }
  const bi = o.instances[0];
  const narrower = bi ? narrowingOf(bi.configuration, r.request.backupConfiguration ?? {}) : undefined;
  if (bi && narrower) out.push({ step: "backupInstance", action: `narrowing what the backups include (${narrower})`, resource: bi.id, expected: bi.name });
  for (const c of o.vaultChanges.filter((v) => v.needsConfirm)) {
    out.push({ step: "vault", action: `changing vault settings: ${describeVaultChanges([c])}`, resource: r.vault.id, expected: r.vault.name, planAction: vaultChangeAction(c) });
  }
  return out;
}

/** Throws {@link ConfirmationRequiredError} for the first needed confirmation the request's `confirm` lacks. */
export function requireConfirmations(r: ResolvedRequest, needed: readonly NeededConfirmation[]): void {
  const given = r.request.confirm;
  const confirmed = typeof given === "string" ? [given] : (given ?? []);
  const missing = needed.find((n) => !confirmed.includes(n.expected));
  if (!missing) return;
  // Every change of the same resource in one error (e.g. each irreversible vault setting).
  const all = needed.filter((n) => n.resource === missing.resource && n.expected === missing.expected);
  throw new ConfirmationRequiredError(all.map((n) => n.action).join("; "), missing.resource, missing.expected, given, "request.confirm");
}
