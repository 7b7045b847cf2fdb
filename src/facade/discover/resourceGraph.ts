import type { AbortSignalLike } from "@azure/abort-controller";
import { callAzure } from "../../common/azureCalls.js";
import type { AzureClients } from "../../clients/clientCache.js";

/** One page of a Resource Graph query: its rows and the token of the next page. */
export interface ArgPage {
  /** Rows (ARG's `objectArray` format). */
  rows: Array<Record<string, unknown>>;
  /** ARG's `$skipToken` for the next page; undefined on the last. */
  skipToken: string | undefined;
}

/** Runs one page of a Resource Graph query over some subscriptions. */
export async function queryPage(clients: AzureClients, query: string, subscriptions: readonly string[], page: { top?: number | undefined; skipToken?: string | undefined }, abortSignal: AbortSignalLike | undefined): Promise<ArgPage> {
  const client = await clients.resourceGraph();
  const response = await callAzure("Querying Azure Resource Graph", () => client.resources({
    query,
    subscriptions: [...subscriptions],
    options: { resultFormat: "objectArray", ...(page.top !== undefined ? { top: page.top } : {}), ...(page.skipToken ? { skipToken: page.skipToken } : {}) },
  }, abortSignal ? { abortSignal } : {}));
  const rows = Array.isArray(response.data) ? (response.data as Array<Record<string, unknown>>) : [];
  return { rows, skipToken: response.skipToken || undefined };
}

/** Every row of a query (all its pages, in order): for the small per-page lookups of discover. */
export async function queryAll(clients: AzureClients, query: string, subscriptions: readonly string[], abortSignal: AbortSignalLike | undefined): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = [];
  let skipToken: string | undefined;
  do {
    const page = await queryPage(clients, query, subscriptions, { top: 1000, skipToken }, abortSignal);
    rows.push(...page.rows);
    skipToken = page.skipToken;
  } while (skipToken);
  return rows;
}
