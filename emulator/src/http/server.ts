import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { catalogEntry } from "../state/providers.js";
import type { EmulatorState } from "../state/state.js";
import { ArmError } from "./armError.js";
import type { FaultTable } from "./faults.js";
import { SubscriptionThrottle } from "./throttle.js";
import type { ArmResponse, HttpMethod, Route, RouteContext, Router } from "./router.js";

/** One request the emulator answered. */
export interface RequestLogEntry {
  /** HTTP method. */
  method: string;
  /** Normalised path, without query. */
  path: string;
  /** Query parameters (api-version included). */
  query: Record<string, string>;
  /** HTTP status answered. */
  status: number;
  /** Real epoch milliseconds at which the request arrived. */
  at: number;
}

const methods = new Set<HttpMethod>(["GET", "PUT", "PATCH", "POST", "DELETE", "HEAD"]);
const platformNamespaces = new Set(["microsoft.resources", "microsoft.authorization"]);

/** Collapses duplicate slashes (some clients send `//subscriptions/...`) and drops a trailing slash. */
export function normalisePath(pathname: string): string {
  const p = pathname.replace(/\/{2,}/g, "/");
  return p.length > 1 ? p.replace(/\/$/, "") : p;
}

function lastNamespace(path: string): string | undefined {
  const m = /.*\/providers\/([^/]+)/i.exec(path);
  return m?.[1];
}

function subscriptionOf(path: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(path)?.[1];
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
  }
}

/** The HTTPS front of the emulator: auth, faults, routing, ARM headers and the request log. */
export class ArmHttpServer {
  readonly requests: RequestLogEntry[] = [];
  private server: Server | undefined;
  private baseUrl = "";
  private readonly throttle: SubscriptionThrottle | undefined;

  constructor(
    private readonly state: EmulatorState,
    private readonly router: Router,
    private readonly faults: FaultTable,
    private readonly tls: { key: string; cert: string },
    private readonly token: string,
  ) {
    const limits = state.options.throttle;
    this.throttle = limits ? new SubscriptionThrottle(limits, state.clock) : undefined;
  }

  /** Starts listening on 127.0.0.1 and returns the base URL. */
  async listen(port: number): Promise<string> {
    const server = createServer({ key: this.tls.key, cert: this.tls.cert }, (req, res) => {
      void this.handle(req, res);
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
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
    // Prefix the base URL: `new URL("//subscriptions/...", base)` would read "subscriptions" as a host.
    const url = new URL(this.baseUrl + (req.url ?? "/"));
    const path = normalisePath(url.pathname);
    const query = url.searchParams;
    let response: ArmResponse;
    try {
      response = await this.answer(req, path, query);
    } catch (e) {
      response = errorResponse(e);
    }
    const correlationId = headerValue(req.headers["x-ms-correlation-request-id"]) ?? randomUUID();
    const headers: Record<string, string> = {
      "x-ms-request-id": randomUUID(),
      "x-ms-correlation-request-id": correlationId,
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
    this.requests.push({ method: req.method ?? "GET", path, query: Object.fromEntries(query), status, at });
    res.writeHead(status, headers);
    res.end(payload);
  }

  private async answer(req: IncomingMessage, path: string, query: URLSearchParams): Promise<ArmResponse> {
    const method = (req.method ?? "GET").toUpperCase() as HttpMethod;
    const body = await readBody(req);
    this.authenticate(req);
    const latencyMs = this.state.clock.toRealMs(this.state.options.durations.requestLatency);
    if (latencyMs > 0) await sleep(latencyMs);
    this.state.scheduler.settle();
    if (!methods.has(method)) throw new ArmError(405, "MethodNotAllowed", `The HTTP method '${method}' is not supported.`);
    const throttledSub = subscriptionOf(path);
    const rateHeaders = this.throttle && throttledSub ? this.throttle.take(throttledSub, method !== "GET" && method !== "HEAD") : {};

    const fault = this.faults.take(method, path);
    if (fault) {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) {
        const realMs = this.state.clock.toRealMs(fault.retryAfterSeconds);
        headers["Retry-After"] = String(Math.ceil(realMs / 1000));
        headers["x-ms-retry-after-ms"] = String(Math.round(realMs));
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
    const apiVersion = this.checkApiVersion(route, path, query);
    this.checkSubscriptionAndGroup(route, params, path);
    this.checkRegistration(route, method, path);
    const ctx: RouteContext = { method, path, params, query, apiVersion, body, headers: req.headers, baseUrl: this.baseUrl };
    const response = await route.handler(ctx);
    return { ...response, headers: { ...rateHeaders, ...response.headers } };
  }

  private authenticate(req: IncomingMessage): void {
    const auth = headerValue(req.headers.authorization);
    const challenge = {
      "WWW-Authenticate": `Bearer authorization_uri="https://login.microsoftonline.com/${this.state.tenantId}", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`,
    };
    if (!auth) {
      throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.", {}, challenge);
    }
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (!m || m[1] !== this.token) {
      throw new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.", {}, challenge);
    }
  }

  private checkApiVersion(route: Route, path: string, query: URLSearchParams): string {
    // ARM reads the parameter name case-insensitively (KubernetesConfiguration sends `api-Version`).
    let apiVersion: string | undefined;
    for (const [k, v] of query) if (k.toLowerCase() === "api-version") apiVersion = v;
    if (apiVersion === undefined || apiVersion === "") {
      throw new ArmError(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
    }
    if (!route.apiVersions.includes(apiVersion)) {
      const supported = route.apiVersions.join(", ");
      if (platformNamespaces.has(route.namespace.toLowerCase())) {
        throw new ArmError(400, "InvalidApiVersionParameter", `The api-version '${apiVersion}' is invalid. The supported versions are '${supported}'.`);
      }
      throw new ArmError(
        400,
        "NoRegisteredProviderFound",
        `No registered resource provider found for location 'global' and API version '${apiVersion}' for type '${path.split("/").slice(-2, -1)[0] ?? ""}'. The supported api-versions are '${supported}'.`,
      );
    }
    return apiVersion;
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
