import { badRequest } from "../../http/armError.js";
import { aksDatasourceType, isObject, type Json } from "./common.js";

const dataStoreTypes = ["OperationalStore", "VaultStore", "ArchiveStore"];
/**
 * The AKS schedules the service takes: every 4, 6, 8 or 12 hours or daily (the CLI and portal
 * offer these), and weekly (`R/.../P1W`: Azure accepted, ran and backed up such a policy, issue 11).
 * Guess: the service enforces a list that is not in the spec; others are refused.
 */
const aksIntervals = ["PT4H", "PT6H", "PT8H", "PT12H", "P1D", "P1W"];
const repeatingInterval = /^R\/(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))\/(P(?:\d+[DW])|PT\d+H|P1D|P1W)$/;

function fail(message: string, target: string): never {
  // Guess: the service's code for a malformed policy is not recorded; this is ARM's generic one.
  throw badRequest(message, "BadRequest", target);
}

function dataStore(v: unknown, target: string): Json {
  if (!isObject(v) || v["objectType"] !== "DataStoreInfoBase" || typeof v["dataStoreType"] !== "string" || !dataStoreTypes.includes(v["dataStoreType"])) {
    fail(`'${target}' must be {dataStoreType: OperationalStore|VaultStore|ArchiveStore, objectType: "DataStoreInfoBase"}.`, target);
  }
  return v;
}

function backupRule(rule: Json, target: string, aks: boolean): void {
  dataStore(rule["dataStore"], `${target}.dataStore`);
  const params = rule["backupParameters"];
  if (params !== undefined && (!isObject(params) || params["objectType"] !== "AzureBackupParams" || typeof params["backupType"] !== "string")) {
    fail(`'${target}.backupParameters' must be {objectType: "AzureBackupParams", backupType}.`, `${target}.backupParameters`);
  }
  const trigger = rule["trigger"];
  if (!isObject(trigger)) fail(`'${target}.trigger' is required.`, `${target}.trigger`);
  if (trigger["objectType"] === "AdhocBasedTriggerContext") return;
  if (trigger["objectType"] !== "ScheduleBasedTriggerContext") fail(`'${target}.trigger.objectType' must be ScheduleBasedTriggerContext or AdhocBasedTriggerContext.`, `${target}.trigger.objectType`);
  const schedule = trigger["schedule"];
  const intervals = isObject(schedule) ? schedule["repeatingTimeIntervals"] : undefined;
  if (!Array.isArray(intervals) || intervals.length === 0) fail(`'${target}.trigger.schedule.repeatingTimeIntervals' needs at least one ISO 8601 interval.`, `${target}.trigger.schedule`);
  for (const interval of intervals) {
    const m = typeof interval === "string" ? repeatingInterval.exec(interval) : null;
    if (!m) fail(`'${String(interval)}' is not a repeating ISO 8601 interval such as R/2024-01-01T09:00:00+00:00/PT4H.`, `${target}.trigger.schedule.repeatingTimeIntervals`);
    if (aks && !aksIntervals.includes(m[2]!)) {
      // Guess: code and wording for an AKS schedule the service does not offer.
      throw badRequest(`The backup frequency '${m[2]!}' is not supported for Kubernetes clusters. Use one of ${aksIntervals.join(", ")}.`, "UserErrorInvalidBackupFrequency", `${target}.trigger.schedule.repeatingTimeIntervals`);
    }
  }
  const criteria = trigger["taggingCriteria"];
  if (!Array.isArray(criteria) || criteria.length === 0) fail(`'${target}.trigger.taggingCriteria' needs at least one item.`, `${target}.trigger.taggingCriteria`);
  criteria.forEach((c: unknown, i) => {
    const tagInfo = isObject(c) ? c["tagInfo"] : undefined;
    if (!isObject(c) || !isObject(tagInfo) || typeof tagInfo["tagName"] !== "string" || typeof c["taggingPriority"] !== "number" || typeof c["isDefault"] !== "boolean") {
      fail(`'${target}.trigger.taggingCriteria[${i}]' needs tagInfo.tagName, taggingPriority and isDefault.`, `${target}.trigger.taggingCriteria[${i}]`);
    }
    // As recorded: the service sets tagInfo.id to "{tagName}_".
    c["tagInfo"] = { tagName: tagInfo["tagName"], id: `${tagInfo["tagName"]}_` };
  });
}

function retentionRule(rule: Json, target: string): void {
  const lifecycles = rule["lifecycles"];
  if (!Array.isArray(lifecycles) || lifecycles.length === 0) fail(`'${target}.lifecycles' needs at least one item.`, `${target}.lifecycles`);
  lifecycles.forEach((l: unknown, i) => {
    const t = `${target}.lifecycles[${i}]`;
    const deleteAfter = isObject(l) ? l["deleteAfter"] : undefined;
    if (!isObject(l) || !isObject(deleteAfter) || deleteAfter["objectType"] !== "AbsoluteDeleteOption" || typeof deleteAfter["duration"] !== "string" || !/^P/.test(deleteAfter["duration"])) {
      fail(`'${t}.deleteAfter' must be {objectType: "AbsoluteDeleteOption", duration: "P7D"}.`, `${t}.deleteAfter`);
    }
    dataStore(l["sourceDataStore"], `${t}.sourceDataStore`);
  });
}

/** Validates a `BackupPolicy` (`properties` of a policy PUT) and returns what the service stores. */
export function validatePolicy(value: unknown): Json {
  if (!isObject(value)) fail("'properties' is required.", "properties");
  if (value["objectType"] !== "BackupPolicy") fail("'properties.objectType' must be \"BackupPolicy\".", "properties.objectType");
  const types = value["datasourceTypes"];
  if (!Array.isArray(types) || types.length === 0 || !types.every((t) => typeof t === "string")) fail("'properties.datasourceTypes' needs at least one datasource type.", "properties.datasourceTypes");
  const aks = types.some((t: string) => t.toLowerCase() === aksDatasourceType);
  const rules = value["policyRules"];
  if (!Array.isArray(rules) || rules.length === 0) fail("'properties.policyRules' needs at least one rule.", "properties.policyRules");
  let backupRules = 0;
  let defaultRetention = false;
  rules.forEach((rule: unknown, i) => {
    const target = `properties.policyRules[${i}]`;
    if (!isObject(rule) || typeof rule["name"] !== "string" || rule["name"] === "") fail(`'${target}.name' is required.`, target);
    if (rule["objectType"] === "AzureBackupRule") {
      backupRules++;
      backupRule(rule, target, aks);
    } else if (rule["objectType"] === "AzureRetentionRule") {
      retentionRule(rule, target);
      if (rule["isDefault"] === true) defaultRetention = true;
    } else fail(`'${target}.objectType' must be AzureBackupRule or AzureRetentionRule.`, `${target}.objectType`);
  });
  // Guess: the service requires a backup rule and a default retention rule; the CLI always sends both.
  if (backupRules === 0) fail("A backup policy needs an AzureBackupRule.", "properties.policyRules");
  if (!defaultRetention) fail("A backup policy needs a default AzureRetentionRule (isDefault: true).", "properties.policyRules");
  // As recorded: extra fields (the CLI's "name") are dropped.
  return { policyRules: rules as unknown[], datasourceTypes: types, objectType: "BackupPolicy" };
}
