import { AsyncLocalStorage } from "node:async_hooks";
import { createHttpHeaders, type PipelinePolicy, type PipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";

/** The name of {@link readMemoPolicy} in a pipeline. */
export const readMemoPolicyName = "aksBackupReadMemo";

interface Remembered {
  status: number;
  headers: Record<string, string>;
  bodyAsText: string | null | undefined;
}

/** A request's resource path (lower case, no query): what a write invalidates. */
function pathOf(url: URL): string {
  return url.pathname.replace(/\/+$/, "").toLowerCase();
}

const registration = /^\/subscriptions\/[^/]+\/providers\/[^/]+\/(register|unregister)$/;

/** The resource provider namespace of a path's last `providers/{namespace}/...`, lower case. */
function namespaceOf(path: string): string | undefined {
  return [...path.matchAll(/\/providers\/([^/]+)\//g)].at(-1)?.[1];
}

/** A GET's identity: its path and its whole query (api-version included: bodies differ by version). */
function keyOf(url: URL): string {
  const query = [...url.searchParams.entries()].map(([k, v]) => `${k.toLowerCase()}=${v}`).sort().join("&");
  return `${pathOf(url)}?${query}`;
}

/**
 * What one workflow run (one `enableBackup` of one cluster) observed before its first write,
 * handed to its steps: the facade observes every resource once, in parallel, then the steps run
 * the service classes, which read what they converge. Each of those reads is answered from the
 * observation **once**, and only if nothing in the run wrote the resource or something under
 * it (or deleted something above it) since; any later read of it (a poll, a check after a write) goes to Azure. So a step
 * acts on exactly what preflight checked, and no resource is read twice without a reason.
 */
export class ReadMemo {
  private observing = true;
  private readonly remembered = new Map<string, Remembered>();
  /** Reads answered from the observation. */
  served = 0;

  /** Ends the observation: from now on remembered reads are served (once each), and nothing new is remembered. */
  endObservation(): void {
    this.observing = false;
  }

  /** Called by the policy for every request of the run. */
  async handle(request: PipelineRequest, next: () => Promise<PipelineResponse>): Promise<PipelineResponse> {
    const url = new URL(request.url);
    if (request.method !== "GET") {
      this.forgetAround(pathOf(url), request.method === "DELETE");
      return next();
    }
    const key = keyOf(url);
    if (this.observing) {
      const response = await next();
      if (response.status === 200 || response.status === 404) {
        this.remembered.set(key, { status: response.status, headers: response.headers.toJSON(), bodyAsText: response.bodyAsText });
      }
      return response;
    }
    const hit = this.remembered.get(key);
    if (!hit) return next();
    this.remembered.delete(key);
    this.served++;
    return { request, status: hit.status, headers: createHttpHeaders(hit.headers), bodyAsText: hit.bodyAsText };
  }

  /**
   * A write to `path` makes what was read of it and of its parents (their lists and counts)
   * stale; a DELETE also what was read under it (a PUT of a resource group changes none of the
   * resources in it). And every read of the same resource provider: one resource has several
   * paths (a backup instance in its vault, and in the cluster's extension-resource list), so a
   * write under `Microsoft.DataProtection` makes every DataProtection read of the run stale.
   * A provider registration (`/subscriptions/{id}/providers/{namespace}/register`) is not a
   * write to that provider's resources.
   */
  private forgetAround(path: string, deleting: boolean): void {
    const namespace = registration.test(path) ? undefined : namespaceOf(path);
    for (const key of [...this.remembered.keys()]) {
      const p = key.slice(0, key.indexOf("?"));
      if (p === path || path.startsWith(`${p}/`) || (deleting && p.startsWith(`${path}/`)) || (namespace !== undefined && p.includes(`/providers/${namespace}/`))) {
        this.remembered.delete(key);
      }
    }
  }
}

const runContext = new AsyncLocalStorage<ReadMemo>();

/** Runs `call` with `memo` as the read memo of every request it sends (through {@link readMemoPolicy}). */
export function withReadMemo<T>(memo: ReadMemo, call: () => Promise<T>): Promise<T> {
  return runContext.run(memo, call);
}

/**
 * The pipeline policy behind {@link ReadMemo}: outside a {@link withReadMemo} run it does
 * nothing. Placed per call (before retries), so a remembered read skips the whole pipeline.
 */
export function readMemoPolicy(): PipelinePolicy {
  return {
    name: readMemoPolicyName,
    sendRequest: (request, next) => {
      const memo = runContext.getStore();
      return memo ? memo.handle(request, () => next(request)) : next(request);
    },
  };
}
