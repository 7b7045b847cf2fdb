import { InputValidationError } from "../errors.js";
import { resourceTypes } from "../common/armId.js";
import type { AzureBackupRule, AzureRetentionRule, BackupPolicy } from "../dataProtection/models.js";
import { aksBackupFrequencies } from "./policyPresets.js";

const durationPattern = /^P(\d+[YMWD])+$/;
const intervalPattern = /^R\/(\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2}))\/(P[\w.]+)$/;

function fail(parameter: string, problem: string, fix: string): never {
  throw new InputValidationError(parameter, problem, fix);
}

/** Throws unless the datasource types are exactly AKS's. */
export function requireAksDatasource(datasourceTypes: unknown, parameter: string): void {
  const list = Array.isArray(datasourceTypes) ? (datasourceTypes as unknown[]) : [];
  if (list.length !== 1 || typeof list[0] !== "string" || list[0].toLowerCase() !== resourceTypes.managedCluster.toLowerCase()) {
    fail(parameter, `the policy is for ${JSON.stringify(datasourceTypes)}, not for AKS`, `use a policy whose datasourceTypes is ["${resourceTypes.managedCluster}"]`);
  }
}

/**
 * Checks a full AKS policy definition before it is sent: AKS datasource type, one incremental
 * backup rule to the operational tier on a schedule Azure offers, a default retention rule
 * for the operational tier, and a retention rule for every tag the schedule applies.
 */
export function validateAksPolicy(policy: BackupPolicy, parameter = "policy"): void {
  if (typeof policy !== "object" || policy === null) fail(parameter, "it is not an object", "pass a BackupPolicy or use a preset");
  if (policy.objectType !== "BackupPolicy") fail(`${parameter}.objectType`, `'${String(policy.objectType)}' is not "BackupPolicy"`, 'set objectType: "BackupPolicy"');
  requireAksDatasource(policy.datasourceTypes, `${parameter}.datasourceTypes`);
  const rules: unknown = policy.policyRules;
  if (!Array.isArray(rules) || rules.length === 0) fail(`${parameter}.policyRules`, "there are no rules", "add a backup rule and a default retention rule");
  const backupRules = policy.policyRules.filter((r): r is AzureBackupRule => r.objectType === "AzureBackupRule");
  const retentionRules = policy.policyRules.filter((r): r is AzureRetentionRule => r.objectType === "AzureRetentionRule");
  if (backupRules.length + retentionRules.length !== policy.policyRules.length) {
    fail(`${parameter}.policyRules`, "a rule has an objectType other than AzureBackupRule or AzureRetentionRule", "fix the rule's objectType");
  }
  if (backupRules.length !== 1) fail(`${parameter}.policyRules`, `AKS needs exactly one AzureBackupRule, found ${backupRules.length}`, "keep one backup rule");
  const rule = backupRules[0]!;
  if (rule.dataStore?.dataStoreType !== "OperationalStore") fail(`${parameter}.policyRules[${rule.name}].dataStore`, "AKS backups go to the OperationalStore", 'set dataStore.dataStoreType: "OperationalStore"');
  if (rule.backupParameters && rule.backupParameters.backupType !== "Incremental") fail(`${parameter}.policyRules[${rule.name}].backupParameters.backupType`, `'${rule.backupParameters.backupType}' is not supported for AKS`, 'use "Incremental"');
  const intervals = rule.trigger?.schedule?.repeatingTimeIntervals ?? [];
  if (intervals.length === 0) fail(`${parameter}.policyRules[${rule.name}].trigger.schedule`, "there is no repeating time interval", 'add one such as "R/2024-01-01T09:00:00+00:00/PT4H"');
  for (const interval of intervals) {
    const m = intervalPattern.exec(interval);
    if (!m || !aksBackupFrequencies.includes(m[3] as (typeof aksBackupFrequencies)[number])) {
      fail(`${parameter}.policyRules[${rule.name}].trigger.schedule.repeatingTimeIntervals`, `'${interval}' is not "R/<start>/<frequency>" with a frequency Azure offers for AKS`, `use a frequency of ${aksBackupFrequencies.join(", ")}`);
    }
  }
  const defaults = retentionRules.filter((r) => r.isDefault === true);
  if (defaults.length !== 1) fail(`${parameter}.policyRules`, `there must be exactly one default retention rule, found ${defaults.length}`, 'add an AzureRetentionRule named "Default" with isDefault: true');
  if (defaults[0]!.lifecycles?.[0]?.sourceDataStore?.dataStoreType !== "OperationalStore") {
    fail(`${parameter}.policyRules[${defaults[0]!.name}]`, "the default retention rule must keep the OperationalStore", "set its lifecycle's sourceDataStore to OperationalStore");
  }
  for (const r of retentionRules) {
    if (!Array.isArray(r.lifecycles) || r.lifecycles.length === 0) fail(`${parameter}.policyRules[${r.name}].lifecycles`, "there is no lifecycle", "add a lifecycle with deleteAfter and sourceDataStore");
    for (const l of r.lifecycles) {
      if (!durationPattern.test(l.deleteAfter?.duration ?? "")) fail(`${parameter}.policyRules[${r.name}].lifecycles.deleteAfter.duration`, `'${String(l.deleteAfter?.duration)}' is not an ISO 8601 duration in days, weeks, months or years`, 'use e.g. "P7D"');
    }
  }
  const ruleNames = new Set(retentionRules.map((r) => r.name.toLowerCase()));
  for (const tag of rule.trigger.taggingCriteria ?? []) {
    if (!ruleNames.has(tag.tagInfo?.tagName?.toLowerCase() ?? "")) {
      fail(`${parameter}.policyRules[${rule.name}].trigger.taggingCriteria`, `the tag '${String(tag.tagInfo?.tagName)}' has no retention rule of that name`, "add the retention rule or remove the tag");
    }
  }
}
