import { ArmError } from "./armError.js";

/** Collapses duplicate slashes (some clients send `//subscriptions/...`) and drops a trailing slash. */
export function normalisePath(pathname: string): string {
  const p = pathname.replace(/\/{2,}/g, "/");
  return p.length > 1 ? p.replace(/\/$/, "") : p;
}

/** A request target split into its normalised path and its query. */
export interface RequestTarget {
  path: string;
  query: URLSearchParams;
}

const absoluteForm = /^[a-z][a-z0-9+.-]*:\/\//i;

function invalidTarget(): ArmError {
  // Guess: ARM's front door answers a target it cannot route with 400; the specs give no code.
  return new ArmError(400, "InvalidRequestUri", "The request URI is not valid. It must be an absolute path (origin-form) or an absolute URL.");
}

/**
 * Reads an HTTP request target: origin-form (`/subscriptions/...?...`) and absolute-form
 * (`https://host/subscriptions/...`, which HTTP/1.1 servers must accept) give a path and query;
 * anything else (`*` of `OPTIONS *`, authority-form, garbage) is a 400 ARM error.
 * `base` is the server's own origin, used to resolve origin-form targets.
 */
export function parseRequestTarget(raw: string | undefined, base: string): RequestTarget {
  if (raw === undefined || raw === "") throw invalidTarget();
  let url: URL;
  try {
    if (raw.startsWith("/")) {
      // Prefix the base URL: `new URL("//subscriptions/...", base)` would read "subscriptions" as a host.
      url = new URL(base + raw);
    } else if (absoluteForm.test(raw)) {
      url = new URL(raw);
      if (url.protocol !== "https:" && url.protocol !== "http:") throw invalidTarget();
    } else {
      throw invalidTarget();
    }
  } catch (e) {
    if (e instanceof ArmError) throw e;
    throw invalidTarget();
  }
  return { path: normalisePath(url.pathname), query: url.searchParams };
}
