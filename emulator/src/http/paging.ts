import type { RouteContext } from "./router.js";
import { badRequest } from "./armError.js";

/**
 * One page of a list, ARM style: `{ value, nextLink }`, where nextLink is an absolute URL that
 * already carries the api-version and a `$skipToken`. The last page has no nextLink.
 */
export function pageOf(ctx: RouteContext, items: unknown[], pageSize: number): { value: unknown[]; nextLink?: string } {
  const token = ctx.query.get("$skipToken") ?? ctx.query.get("$skiptoken");
  const start = token === null ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0) throw badRequest(`The skip token '${token}' is not valid.`, "InvalidSkipToken");
  const value = items.slice(start, start + pageSize);
  if (start + pageSize >= items.length) return { value };
  const next = new URLSearchParams(ctx.query);
  next.set("api-version", ctx.apiVersion);
  next.delete("$skiptoken");
  next.set("$skipToken", String(start + pageSize));
  return { value, nextLink: `${ctx.baseUrl}${ctx.path}?${next.toString()}` };
}
