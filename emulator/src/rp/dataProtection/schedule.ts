import type { BackupInstanceRecord, BackupPolicyRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { backupRules, policyOf, runBackup } from "./backupRun.js";
import { isObject, type Json } from "./common.js";
import { protectionOf } from "./instanceState.js";
import { durationSeconds } from "./recoveryPoints.js";

const dayMs = 86_400_000;

/**
 * Whether the backup at `at` is the first of its day, week, month or year on a schedule of
 * `periodMs` from `startMs`: the schedule's previous time falls in an earlier one.
 * Guess: days, weeks and months are taken in UTC, weeks starting on Sunday.
 */
function isFirstOf(criterion: string, at: number, periodMs: number, startMs: number): boolean {
  if (criterion === "AllBackup") return true;
  const before = at - periodMs;
  if (before < startMs) return true;
  const [a, b] = [new Date(at).toISOString(), new Date(before).toISOString()];
  switch (criterion) {
    case "FirstOfDay": return a.slice(0, 10) !== b.slice(0, 10);
    case "FirstOfMonth": return a.slice(0, 7) !== b.slice(0, 7);
    case "FirstOfYear": return a.slice(0, 4) !== b.slice(0, 4);
    case "FirstOfWeek": {
      const weekOf = (ms: number): number => Math.floor(ms / dayMs) - new Date(ms).getUTCDay();
      return weekOf(at) !== weekOf(before);
    }
    default: return false;
  }
}

/**
 * The retention tag of the scheduled backup at `at`: of the tagging criteria whose absolute
 * criteria (FirstOfDay, FirstOfWeek, ...) it meets, the one with the lowest `taggingPriority`;
 * otherwise the default tag. Guess: criteria other than absolute ones (days of the week, ...)
 * are not applied.
 */
function tagOf(criteria: Json[], at: number, periodMs: number, startMs: number): string {
  const name = (c: Json | undefined): string | undefined => (isObject(c?.["tagInfo"]) ? String(c["tagInfo"]["tagName"]) : undefined);
  const matching = criteria.filter((c) => c["isDefault"] !== true && Array.isArray(c["criteria"]) &&
    (c["criteria"] as unknown[]).some((k) => isObject(k) && Array.isArray(k["absoluteCriteria"]) && (k["absoluteCriteria"] as unknown[]).some((a) => isFirstOf(String(a), at, periodMs, startMs))));
  matching.sort((x, y) => Number(x["taggingPriority"] ?? 99) - Number(y["taggingPriority"] ?? 99));
  return name(matching[0]) ?? name(criteria.find((c) => c["isDefault"] === true) ?? criteria[0]) ?? "Default";
}

/** The next scheduled backup strictly after `afterMs`, and the tag it is retained under. */
export function nextScheduledBackup(policy: BackupPolicyRecord | undefined, afterMs: number): { at: number; tag: string } | undefined {
  let best: { at: number; tag: string } | undefined;
  for (const rule of backupRules(policy)) {
    const trigger = isObject(rule["trigger"]) ? rule["trigger"] : {};
    if (trigger["objectType"] !== "ScheduleBasedTriggerContext") continue;
    const criteria = Array.isArray(trigger["taggingCriteria"]) ? (trigger["taggingCriteria"] as unknown[]).filter(isObject) : [];
    const schedule = isObject(trigger["schedule"]) ? trigger["schedule"] : {};
    for (const interval of Array.isArray(schedule["repeatingTimeIntervals"]) ? (schedule["repeatingTimeIntervals"] as unknown[]) : []) {
      // Guess: times are taken at the offset written in the interval; `timeZone` is not applied.
      const [, start, period] = String(interval).split("/");
      const startMs = Date.parse(start ?? "");
      const periodMs = (durationSeconds(period ?? "") ?? 0) * 1000;
      if (Number.isNaN(startMs) || periodMs <= 0) continue;
      const at = afterMs < startMs ? startMs : startMs + (Math.floor((afterMs - startMs) / periodMs) + 1) * periodMs;
      if (!best || at < best.at) best = { at, tag: tagOf(criteria, at, periodMs, startMs) };
    }
  }
  return best;
}

/**
 * Makes sure a configured backup instance has its scheduled backups. One event is pending per
 * instance at a time: when it is due it runs the backup (`isUserTriggered: false`) and schedules
 * the next, at the schedule's own times even when time moves on by days at once. The chain ends
 * when the instance is no longer ProtectionConfigured (stopped, suspended, deleted); resuming
 * calls this again.
 */
export function ensureBackupSchedule(state: EmulatorState, bi: BackupInstanceRecord): void {
  const key = bi.id.toLowerCase();
  if (state.backupSchedules.get(key)?.instance === bi) return;
  const chain = { instance: bi };
  state.backupSchedules.set(key, chain);
  const next = (afterMs: number): void => {
    const due = nextScheduledBackup(policyOf(state, bi), afterMs);
    if (!due) {
      state.backupSchedules.delete(key);
      return;
    }
    state.scheduler.at(due.at, () => {
      if (state.backupSchedules.get(key) !== chain) return;
      if (state.backupInstances.get(bi.id) !== bi || protectionOf(bi).current !== "ProtectionConfigured") {
        state.backupSchedules.delete(key);
        return;
      }
      runBackup(state, bi, due.at, false, due.tag);
      next(due.at);
    });
  };
  next(state.clock.now());
}
