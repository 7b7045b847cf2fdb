import type { IncomingHttpHeaders } from "node:http";
import { ArmError } from "./armError.js";

/** HTTP methods the emulator routes. */
export type HttpMethod = "GET" | "PUT" | "PATCH" | "POST" | "DELETE" | "HEAD";

/** What a handler receives for one request. */
export interface RouteContext {
  readonly method: HttpMethod;
  /** The normalised path (no duplicate slashes, no trailing slash). */
  readonly path: string;
  /** Template parameters, percent-decoded. A `{*name}` parameter holds a path starting with "/". */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly apiVersion: string;
  readonly body: unknown;
  readonly headers: IncomingHttpHeaders;
  /** `https://127.0.0.1:<port>`, for absolute URLs in headers and nextLinks. */
  readonly baseUrl: string;
}

/** What a handler answers. A `body` of `undefined` sends no body. */
export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A route: a path template, the api-versions its service accepts, and a handler. */
export interface Route {
  method: HttpMethod;
  /**
   * Path template: literal segments (matched case-insensitively, as ARM does), `{name}` for one
   * segment and `{*name}` for one or more segments (a scope).
   */
  template: string;
  apiVersions: readonly string[];
  /** The resource provider namespace that serves it; writes need it registered. */
  namespace: string;
  /** Whether the request changes state. Default: every method but GET and HEAD. */
  write?: boolean;
  /** Skip the "resource group exists" check (for the resource group routes themselves). */
  allowMissingResourceGroup?: boolean;
  handler: (ctx: RouteContext) => ArmResponse | Promise<ArmResponse>;
}

type Segment = { kind: "literal"; value: string } | { kind: "param"; name: string } | { kind: "rest"; name: string };

interface CompiledRoute {
  route: Route;
  segments: Segment[];
}

/** Result of matching a path. */
export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "methodNotAllowed"; allowed: HttpMethod[] }
  | { kind: "notFound" };

function compile(template: string): Segment[] {
  return template
    .split("/")
    .filter((s) => s.length > 0)
    .map((s): Segment => {
      if (s.startsWith("{*") && s.endsWith("}")) return { kind: "rest", name: s.slice(2, -1) };
      if (s.startsWith("{") && s.endsWith("}")) return { kind: "param", name: s.slice(1, -1) };
      return { kind: "literal", value: s.toLowerCase() };
    });
}

function matchSegments(
  segments: Segment[],
  parts: string[],
  si: number,
  pi: number,
  params: Record<string, string>,
): boolean {
  if (si === segments.length) return pi === parts.length;
  const seg = segments[si]!;
  if (seg.kind === "rest") {
    // Greedy scope: try the longest capture first so that nested scopes resolve to the
    // outermost match of the remaining literal suffix.
    for (let end = parts.length; end > pi; end--) {
      if (matchSegments(segments, parts, si + 1, end, params)) {
        params[seg.name] = "/" + parts.slice(pi, end).join("/");
        return true;
      }
    }
    return false;
  }
  const part = parts[pi];
  if (part === undefined) return false;
  if (seg.kind === "literal") {
    return part.toLowerCase() === seg.value && matchSegments(segments, parts, si + 1, pi + 1, params);
  }
  if (!matchSegments(segments, parts, si + 1, pi + 1, params)) return false;
  params[seg.name] = part;
  return true;
}

/** Splits a path into percent-decoded segments. */
export function pathSegments(path: string): string[] {
  return path
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw new ArmError(400, "InvalidRequestUri", `The request path segment '${s}' is not valid percent-encoding.`);
      }
    });
}

/** A table of routes, matched in registration order (register specific routes first). */
export class Router {
  private readonly routes: CompiledRoute[] = [];

  /** Adds routes. */
  add(...routes: Route[]): void {
    for (const route of routes) this.routes.push({ route, segments: compile(route.template) });
  }

  /** Finds the route for a method and path. */
  match(method: HttpMethod, path: string): RouteMatch {
    const parts = pathSegments(path);
    const allowed: HttpMethod[] = [];
    for (const { route, segments } of this.routes) {
      const params: Record<string, string> = {};
      if (!matchSegments(segments, parts, 0, 0, params)) continue;
      if (route.method === method || (method === "HEAD" && route.method === "GET")) {
        return { kind: "found", route, params };
      }
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: "methodNotAllowed", allowed } : { kind: "notFound" };
  }
}
