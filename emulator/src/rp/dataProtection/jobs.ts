import { pageOf } from "../../http/paging.js";
import type { Route } from "../../http/router.js";
import type { EmulatorState } from "../../state/state.js";
import { requireVault, routeBase, userError, vaultTemplate } from "./common.js";
import { listItem } from "./jobRecords.js";

/** Routes of backup jobs: `Jobs_List` (paged) and `Jobs_Get` (CONTRACTS 5.6). */
export function jobRoutes(state: EmulatorState): Route[] {
  return [
    {
      ...routeBase, method: "GET", template: `${vaultTemplate}/backupJobs`,
      handler: (ctx) => {
        const vault = requireVault(state, ctx);
        // As recorded: oldest first (by startTime); items in the list shape (extendedInfo null).
        const jobs = state.backupJobs.under(`${vault.id}/backupJobs`).sort((a, b) => a.startTime - b.startTime);
        const page = pageOf(ctx, jobs.map(listItem), state.options.pageSize);
        // As recorded: the last page of jobs carries `nextLink: null`.
        return { status: 200, body: { ...page, nextLink: page.nextLink ?? null } };
      },
    },
    {
      ...routeBase, method: "GET", template: `${vaultTemplate}/backupJobs/{jobId}`,
      handler: (ctx) => {
        const vault = requireVault(state, ctx);
        const jobId = ctx.params["jobId"]!;
        const job = state.backupJobs.get(`${vault.id}/backupJobs/${jobId}`);
        // Guess: code and status for a job id the vault does not have.
        if (!job) throw userError(404, "UserErrorJobNotFound", `The backup job '${jobId}' was not found in the Backup vault '${vault.name}'.`, ["Check the job id and retry."]);
        return { status: 200, body: job.body };
      },
    },
  ];
}
