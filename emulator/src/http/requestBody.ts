import type { IncomingMessage } from "node:http";
import { ArmError } from "./armError.js";

/** ARM's limit on a request body: 4 MB. */
export const maxRequestBodyBytes = 4 * 1024 * 1024;

/** The 413 for a body over the limit. Guess: the code and wording are not in the specs. */
export function requestTooLarge(limit: number): ArmError {
  return new ArmError(413, "RequestEntityTooLarge", `The request content is larger than the maximum of ${limit} bytes (4 MB) that Azure Resource Manager accepts.`);
}

/** A body that has been refused: the connection must close, as the rest of it is never read. */
export class UnreadBodyError extends ArmError {}

/**
 * Reads and parses a JSON body of at most `limit` bytes. A `Content-Length` over the limit is
 * refused before anything is read; a chunked body is refused as soon as it passes the limit
 * (the rest is never buffered). An empty body is `undefined`.
 */
export async function readJsonBody(req: IncomingMessage, limit = maxRequestBodyBytes): Promise<unknown> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > limit) throw asUnread(requestTooLarge(limit));
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    const chunk = c as Buffer;
    size += chunk.length;
    if (size > limit) throw asUnread(requestTooLarge(limit));
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.");
  }
}

function asUnread(e: ArmError): UnreadBodyError {
  return new UnreadBodyError(e.status, e.code, e.message, e.extra, e.headers);
}
