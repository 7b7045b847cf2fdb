import { AsyncLocalStorage } from "node:async_hooks";
import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/** What {@link countRequests} counted while its call ran. */
export interface RequestCount {
  /** Requests answered (each call once, whatever its retries). */
  requests: number;
  /** Writes (any method but GET/HEAD) Azure accepted (a 2xx answer). */
  writes: number;
}

const counting = new AsyncLocalStorage<RequestCount>();

/**
 * Runs `call`, counting the requests and the accepted writes it sends through pipelines with
 * {@link requestCountingPolicy}: how a setup step knows whether it really wrote.
 */
export function countRequests<T>(count: RequestCount, call: () => Promise<T>): Promise<T> {
  return counting.run(count, call);
}

/** Name of {@link requestCountingPolicy}. */
export const requestCountingPolicyName = "aksBackupRequestCounting";

/** A per-call pipeline policy that feeds {@link countRequests}. Does nothing outside it. */
export function requestCountingPolicy(): PipelinePolicy {
  return {
    name: requestCountingPolicyName,
    async sendRequest(request, next) {
      const count = counting.getStore();
      const response = await next(request);
      if (count) {
        count.requests += 1;
        if (request.method !== "GET" && request.method !== "HEAD" && response.status >= 200 && response.status < 300) count.writes += 1;
      }
      return response;
    },
  };
}
