import type { Socket } from "node:net";
import type { ArmErrorDetail } from "./armError.js";

/**
 * Makes a header value safe to send: characters HTTP does not allow in a field value (controls,
 * and anything past Latin-1 that a decoded resource name can bring into a `Location`) are
 * percent-encoded as UTF-8, so `writeHead` never throws.
 */
export function safeHeaderValue(value: string): string {
  return /[^\t\x20-\x7e]/.test(value) ? value.replace(/[^\t\x20-\x7e]/gu, (c) => encodeURIComponent(c)) : value;
}

/** Every header value made safe with {@link safeHeaderValue}. */
export function safeHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = safeHeaderValue(String(v));
  return out;
}

const reasons: Record<number, string> = { 400: "Bad Request", 408: "Request Timeout", 413: "Payload Too Large", 431: "Request Header Fields Too Large" };

/**
 * Answers a request Node's HTTP parser refused (malformed request line, headers too large,
 * timeout) with an ARM error body and closes the connection; a socket that can no longer be
 * written is just destroyed.
 */
export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  socket.on("error", () => undefined);
  if (!socket.writable || err.code === "ECONNRESET" || err.code === "EPIPE") {
    socket.destroy();
    return;
  }
  const [status, detail]: [number, ArmErrorDetail] =
    err.code === "HPE_HEADER_OVERFLOW"
      ? [431, { code: "RequestHeaderFieldsTooLarge", message: "The request headers are larger than the server accepts." }]
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, { code: "RequestTimeout", message: "The request was not received in time." }]
        : [400, { code: "BadRequest", message: "The request could not be parsed as HTTP." }];
  const body = JSON.stringify({ error: detail });
  socket.end(
    `HTTP/1.1 ${status} ${reasons[status] ?? "Error"}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
