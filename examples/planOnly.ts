/** @summary Show what enableBackup would do (and what would stop it), with reads only. */
import { run } from "./support/session.js";

run(async ({ aks, request }) => {
  const plan = await aks.planBackup(request);
  for (const p of plan.problems) console.log(`PROBLEM ${p.subject}: ${p.problem}. To fix: ${p.fix}`);
  for (const a of plan.actions) console.log(`${a.step.padEnd(21)} ${a.action}  (${a.reason})`);
  if (plan.actions.length === 0 && plan.problems.length === 0) console.log("Everything is in place: nothing to do.");
});
