import type { BackupInstanceRecord, BackupPolicyRecord } from "../../state/records.js";
import type { EmulatorState } from "../../state/state.js";
import { backupRules, policyOf, runBackup } from "./backupRun.js";
import { isObject } from "./common.js";
import { protectionOf } from "./instanceState.js";
import { durationSeconds } from "./recoveryPoints.js";

/** The next scheduled backup strictly after `afterMs`, and the tag it is retained under. */
export function nextScheduledBackup(policy: BackupPolicyRecord | undefined, afterMs: number): { at: number; tag: string } | undefined {
  let best: { at: number; tag: string } | undefined;
  for (const rule of backupRules(policy)) {
    const trigger = isObject(rule["trigger"]) ? rule["trigger"] : {};
    if (trigger["objectType"] !== "ScheduleBasedTriggerContext") continue;
    const criteria = Array.isArray(trigger["taggingCriteria"]) ? (trigger["taggingCriteria"] as unknown[]).filter(isObject) : [];
    // Guess: scheduled backups are retained under the default tag; criteria such as FirstOfDay (vault tier) are not applied.
    const tagInfo = (criteria.find((c) => c["isDefault"] === true) ?? criteria[0])?.["tagInfo"];
    const tag = isObject(tagInfo) ? String(tagInfo["tagName"]) : "Default";
    const schedule = isObject(trigger["schedule"]) ? trigger["schedule"] : {};
    for (const interval of Array.isArray(schedule["repeatingTimeIntervals"]) ? (schedule["repeatingTimeIntervals"] as unknown[]) : []) {
      // Guess: times are taken at the offset written in the interval; `timeZone` is not applied.
      const [, start, period] = String(interval).split("/");
      const startMs = Date.parse(start ?? "");
      const periodMs = (durationSeconds(period ?? "") ?? 0) * 1000;
      if (Number.isNaN(startMs) || periodMs <= 0) continue;
      const at = afterMs < startMs ? startMs : startMs + (Math.floor((afterMs - startMs) / periodMs) + 1) * periodMs;
      if (!best || at < best.at) best = { at, tag };
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
