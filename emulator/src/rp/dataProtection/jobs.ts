import { pageOf } from "../../http/paging.js";
import type { Route } from "../../http/router.js";
import type { EmulatorState } from "../../state/state.js";
import { requireVault, routeBase, userError, vaultTemplate } from "./common.js";
import { listItem } from "./jobRecords.js";

/**
 * A job as an api-version answers it. Guess: `extendedInfo.warningDetails` came with a later
 * api-version; the 2024-04-01 recording (AKS) has it, the 2023-01-01 one (blob restore) does not.
 */
function jobAt(body: Record<string, unknown> & { properties: Record<string, unknown> }, apiVersion: string): Record<string, unknown> {
  const ext = body.properties["extendedInfo"];
  if (apiVersion.slice(0, 10) >= "2024-04-01" || typeof ext !== "object" || ext === null) return body;
  const { warningDetails: _w, ...rest } = ext as Record<string, unknown>;
  return { ...body, properties: { ...body.properties, extendedInfo: rest } };
}

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
        return { status: 200, body: jobAt(job.body, ctx.apiVersion) };
      },
    },
  ];
}
