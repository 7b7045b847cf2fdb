import type { AbortSignalLike } from "@azure/abort-controller";
import type { PagedAsyncIterableIterator } from "@azure/core-paging";
import { pagedList, type TokenPage } from "../common/paging.js";
import { RestError, createHttpHeaders, createPipelineRequest, type HttpMethods } from "@azure/core-rest-pipeline";
import { logger } from "../common/logger.js";
import type { PipelineSender } from "./pipeline.js";
import { InputValidationError } from "../errors.js";

/** Options of one ARM request. */
export interface ArmSendOptions {
  /** The api-version query parameter (omitted when the URL already has one, e.g. a `nextLink`). */
  apiVersion?: string;
  /** Other query parameters; `undefined` values are left out. */
  query?: Record<string, string | undefined>;
  /** A JSON body. */
  body?: unknown;
  /** Cancels the request. */
  abortSignal?: AbortSignalLike | undefined;
  /** Sent as `x-ms-authorization-auxiliary: Bearer <token>` (a resource guard in another tenant). Never logged. */
  auxiliaryToken?: string | undefined;
}

/** The answer of one ARM request. */
export interface ArmResponse<T> {
  /** HTTP status. */
  status: number;
  /** Parsed JSON body (undefined when empty). */
  body: T;
  /** Response headers, lower-cased names. */
  headers: Record<string, string>;
}

/** Reads a JSON body; an empty or non-JSON body (DELETE answers may carry junk) is undefined. */
function parseBody(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `{ error: { code, message } }` (ARM's error body) of a failed response, or a fallback. */
function armError(body: unknown, status: number): { code: string; message: string } {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return {
    code: typeof error?.code === "string" ? error.code : `Http${status}`,
    message: typeof error?.message === "string" ? error.message : `The service answered HTTP ${status}.`,
  };
}

/**
 * @internal The HTTP side of the thin ARM clients: sends JSON requests through a core-client
 * pipeline (auth, retries, TLS, throttling, logging policies; the shared `HttpClient`) and turns
 * error answers into `RestError`s carrying the service's code, as the generated SDKs do.
 */
export class ArmTransport {
  constructor(
    private readonly service: PipelineSender,
    /** ARM endpoint without a trailing slash. */
    readonly endpoint: string,
  ) {}

  /** `{endpoint}{path}?api-version=…&…`; `path` must already be encoded. */
  url(path: string, options: Pick<ArmSendOptions, "apiVersion" | "query"> = {}): string {
    const params = new URLSearchParams(options.apiVersion ? { "api-version": options.apiVersion } : {});
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) params.set(k, v);
    const q = params.toString();
    return `${/^https?:/i.test(path) ? path : this.endpoint + path}${q ? `?${q}` : ""}`;
  }

  /**
   * A continuation token (a `nextLink`) as a URL on this endpoint. Any other origin is refused
   * before a request: the pipeline would send it the bearer token.
   */
  sameOrigin(link: string): string {
    if (!link.toLowerCase().startsWith(`${this.endpoint.toLowerCase()}/`)) {
      throw new InputValidationError("continuationToken", "it is not a link of this listing (another origin)", "pass the continuationToken of a page of the same listing, or none to start over");
    }
    return link;
  }

  /** Sends one request; resolves for 2xx, throws `RestError` (with the service's code) otherwise. */
  async send<T>(method: HttpMethods, url: string, options: ArmSendOptions = {}): Promise<ArmResponse<T>> {
    const request = createPipelineRequest({
      url,
      method,
      headers: createHttpHeaders({ accept: "application/json" }),
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    // The pipeline's log policy redacts headers it does not allow-list, so the token stays out of logs.
    if (options.auxiliaryToken) request.headers.set("x-ms-authorization-auxiliary", `Bearer ${options.auxiliaryToken}`);
    if (options.body !== undefined) {
      request.body = JSON.stringify(options.body);
      request.headers.set("content-type", "application/json");
    }
    const response = await this.service.sendRequest(request);
    const body = parseBody(response.bodyAsText ?? undefined);
    if (response.status >= 400) {
      const { code, message } = armError(body, response.status);
      const error = new RestError(message, { code, statusCode: response.status, request, response });
      error.details = body;
      throw error;
    }
    logger.verbose(`${method} ${url.split("?")[0] ?? url} -> ${response.status}`);
    return { status: response.status, body: body as T, headers: response.headers.toJSON() };
  }

  /**
   * A lazy paged list over ARM's `{ value, nextLink }` pages: nothing is sent until the first
   * item is read; each page carries `continuationToken` (its `nextLink`), and
   * `byPage({ continuationToken })` resumes from one.
   */
  list<T>(firstUrl: string, abortSignal?: AbortSignalLike): PagedAsyncIterableIterator<T, TokenPage<T>> {
    return pagedList<T>(async (token) => {
      const link = token === undefined ? firstUrl : this.sameOrigin(token);
      const { body } = await this.send<{ value?: T[]; nextLink?: string | null } | undefined>("GET", link, { abortSignal });
      return { items: body?.value ?? [], continuationToken: body?.nextLink ?? undefined };
    });
  }
}
