import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { requireCallerRead } from "../rp/readAccess.js";
import { catalogEntry } from "../state/providers.js";
import type { EmulatorState } from "../state/state.js";
import { requireApiVersion } from "./apiVersionCheck.js";
import { ArmError } from "./armError.js";
import type { FaultTable } from "./faults.js";
import { RequestLog, type RequestLogEntry } from "./requestLog.js";
import { readJsonBody, UnreadBodyError } from "./requestBody.js";
import { parseRequestTarget } from "./requestTarget.js";
import { answerClientError, safeHeaders } from "./responseHeaders.js";
import { retryAfterHeaders } from "./retryAfter.js";
import type { ArmResponse, HttpMethod, Route, RouteContext, Router } from "./router.js";
import { checkTags } from "./tagLimits.js";
import { SubscriptionThrottle } from "./throttle.js";

export type { RequestLogEntry } from "./requestLog.js";
export { normalisePath } from "./requestTarget.js";

const methods = new Set<HttpMethod>(["GET", "PUT", "PATCH", "POST", "DELETE", "HEAD"]);
const correlationIdPattern = /^[\w.:-]{1,128}$/;

function lastNamespace(path: string): string | undefined {
  const m = /.*\/providers\/([^/]+)/i.exec(path);
  return m?.[1];
}

function subscriptionOf(path: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(path)?.[1];
}

/** What one request carried through answering: the throttle's headers are sent on errors too. */
interface Exchange {
  path: string;
  query: URLSearchParams;
  rateHeaders: Record<string, string>;
}

/**
 * The HTTPS front of the emulator: request target, authentication (from headers, before the
 * body is read), a 4 MB body limit, throttling, faults, routing, api-versions, tag limits, ARM
 * headers and the request log. Nothing a client sends can make it throw out of a handler: every
 * failure is an ARM error response, or the socket is closed.
 */
export class ArmHttpServer {
  private readonly log: RequestLog;
  private server: Server | undefined;
  private baseUrl = "";
  private readonly throttle: SubscriptionThrottle;

  constructor(
    private readonly state: EmulatorState,
    private readonly router: Router,
    private readonly faults: FaultTable,
    private readonly tls: { key: string; cert: string },
    private readonly token: string,
  ) {
    // Rate-limit headers on every answer; 429s only when a throttle is configured.
    this.throttle = new SubscriptionThrottle(state.options.throttle, state.clock);
    this.log = new RequestLog(state.options.requestLogLimit);
  }

  /** The requests answered, oldest first (bounded by `requestLogLimit`). */
  get requests(): readonly RequestLogEntry[] {
    return this.log.entries;
  }

  /** Requests answered since the start, including those the bounded log dropped. */
  get requestCount(): number {
    return this.log.total;
  }

  /** Starts listening on 127.0.0.1 and returns the base URL. */
  async listen(port: number): Promise<string> {
    const server = createServer({ key: this.tls.key, cert: this.tls.cert }, (req, res) => {
      this.handle(req, res).catch(() => {
        // Last resort: a failure while writing the answer. The socket is all that is left.
        res.destroy();
      });
    });
    server.on("clientError", answerClientError);
    server.on("tlsClientError", (_err, socket) => socket.destroy());
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    // After listening, a server error (e.g. EMFILE on accept) must not take the host process down.
    server.on("error", () => undefined);
    const { port: actual } = server.address() as AddressInfo;
    this.baseUrl = `https://127.0.0.1:${actual}`;
    return this.baseUrl;
  }

  /** Stops the server and closes open connections. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    req.on("error", () => undefined);
    res.on("error", () => undefined);
    const exchange: Exchange = { path: "/", query: new URLSearchParams(), rateHeaders: {} };
    let response: ArmResponse;
    let unreadBody = false;
    try {
      const target = parseRequestTarget(req.url, this.baseUrl);
      exchange.path = target.path;
      exchange.query = target.query;
      response = await this.answer(req, exchange);
    } catch (e) {
      unreadBody = e instanceof UnreadBodyError;
      response = errorResponse(e);
    }
    const sentId = headerValue(req.headers["x-ms-correlation-request-id"]);
    const headers: Record<string, string> = {
      // The server's clock is the simulated one (advanceTime moves it), as ARM's Date is its own now.
      date: new Date(this.state.clock.now()).toUTCString(),
      "x-ms-request-id": randomUUID(),
      "x-ms-correlation-request-id": sentId !== undefined && correlationIdPattern.test(sentId) ? sentId : randomUUID(),
      ...exchange.rateHeaders,
      ...response.headers,
    };
    let status = response.status;
    let payload: string | undefined;
    if (req.method === "HEAD") {
      if (status === 200) status = 204;
    } else if (response.body !== undefined) {
      payload = JSON.stringify(response.body);
      headers["content-type"] = "application/json; charset=utf-8";
    }
    headers["content-length"] = String(payload === undefined ? 0 : Buffer.byteLength(payload));
    // A body left unread (refused, or never needed) is not drained: the connection closes instead.
    if (unreadBody || !req.complete) headers["connection"] = "close";
    this.log.push({ method: req.method ?? "GET", path: exchange.path, query: Object.fromEntries(exchange.query), status, at });
    if (res.destroyed || res.headersSent) return;
    res.writeHead(status, safeHeaders(headers));
    res.end(payload);
  }

  private async answer(req: IncomingMessage, exchange: Exchange): Promise<ArmResponse> {
    const { path, query } = exchange;
    const method = (req.method ?? "GET").toUpperCase() as HttpMethod;
    this.authenticate(req);
    if (!methods.has(method)) throw new ArmError(405, "MethodNotAllowed", `The HTTP method '${method}' is not supported.`);
    const body = await readJsonBody(req);
    const latencyMs = this.state.clock.toRealMs(this.state.options.durations.requestLatency);
    if (latencyMs > 0) await sleep(latencyMs);
    this.state.scheduler.settle();
    const taken = this.throttle.take(subscriptionOf(path), method);
    exchange.rateHeaders = taken.headers;
    if (taken.error) throw taken.error;

    const fault = this.faults.take(method, path);
    if (fault) {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) {
        Object.assign(headers, retryAfterHeaders(this.state.clock, fault.retryAfterSeconds));
        headers["x-ms-retry-after-ms"] = headers["retry-after-ms"]!;
      }
      const message = fault.message ?? `The emulator injected a ${fault.status} '${fault.code}' fault for this request.`;
      throw new ArmError(fault.status, fault.code, message, {}, headers);
    }

    const match = this.router.match(method, path);
    if (match.kind === "methodNotAllowed") {
      // Guess: ARM's exact code for a method a resource type does not support is not in the specs.
      throw new ArmError(405, "MethodNotAllowed", `The HTTP method '${method}' is not supported for '${path}'. Allowed: ${match.allowed.join(", ")}.`);
    }
    if (match.kind === "notFound") throw unknownPath(path);

    const { route, params } = match;
    const apiVersion = requireApiVersion(route, { path, query, location: this.locationHint(params, body) });
    // ARM authorizes before the resource provider answers (ArmEmulator.setCallerCanRead).
    requireCallerRead(this.state, method, path);
    this.checkSubscriptionAndGroup(route, params, path);
    if (method === "PUT" || method === "PATCH") checkTags(body);
    this.checkRegistration(route, method, path);
    const ctx: RouteContext = { method, path, params, query, apiVersion, body, headers: req.headers, baseUrl: this.baseUrl };
    return await route.handler(ctx);
  }

  /** The location an unsupported api-version message names: the body's, else the resource group's. */
  private locationHint(params: Record<string, string>, body: unknown): string | undefined {
    const fromBody = (body as { location?: unknown } | undefined)?.location;
    if (typeof fromBody === "string") return fromBody;
    const sub = params["subscriptionId"];
    const rg = params["resourceGroupName"];
    if (sub === undefined || rg === undefined) return undefined;
    return this.state.resourceGroups.get(`/subscriptions/${sub}/resourceGroups/${rg}`)?.location;
  }

  private authenticate(req: IncomingMessage): void {
    const auth = headerValue(req.headers.authorization);
    const challenge = {
      "WWW-Authenticate": `Bearer authorization_uri="https://login.microsoftonline.com/${this.state.tenantId}", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`,
    };
    if (!auth) {
      throw new UnreadBodyError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", {}, challenge);
    }
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (!m || m[1] !== this.token) {
      throw new UnreadBodyError(401, "InvalidAuthenticationToken", "The access token is invalid.", {}, challenge);
    }
  }

  private checkSubscriptionAndGroup(route: Route, params: Record<string, string>, path: string): void {
    const sub = params["subscriptionId"] ?? subscriptionOf(path);
    if (sub !== undefined && !this.state.subscriptions.has(sub.toLowerCase())) {
      throw new ArmError(404, "SubscriptionNotFound", `The subscription '${sub}' could not be found.`);
    }
    const rg = params["resourceGroupName"];
    if (sub !== undefined && rg !== undefined && !route.allowMissingResourceGroup) this.state.requireResourceGroup(sub, rg);
  }

  private checkRegistration(route: Route, method: HttpMethod, path: string): void {
    const write = route.write ?? (method !== "GET" && method !== "HEAD");
    const sub = subscriptionOf(path);
    if (!write || sub === undefined || this.state.providers.isRegistered(sub, route.namespace)) return;
    const message = `The subscription is not registered to use namespace '${route.namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.`;
    throw new ArmError(409, "MissingSubscriptionRegistration", message, {
      details: [{ code: "MissingSubscriptionRegistration", target: route.namespace, message }],
    });
  }
}

function headerValue(h: string | string[] | undefined): string | undefined {
  return Array.isArray(h) ? h[0] : h;
}

function unknownPath(path: string): ArmError {
  const ns = lastNamespace(path);
  if (ns !== undefined && !catalogEntry(ns)) {
    return new ArmError(404, "InvalidResourceNamespace", `The resource namespace '${ns}' is invalid.`);
  }
  // Guess: the message text follows ARM's wording for an unknown type; the specs do not give it.
  return new ArmError(404, "InvalidResourceType", `The resource type could not be found for the path '${path}'.`);
}

function errorResponse(e: unknown): ArmResponse {
  if (e instanceof ArmError) {
    return { status: e.status, body: e.body ?? { error: e.detail }, headers: e.headers };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { status: 500, body: { error: { code: "InternalServerError", message: `Emulator error: ${message}` } } };
}
