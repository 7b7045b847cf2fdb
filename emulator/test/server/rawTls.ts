import { connect } from "node:tls";
import type { ArmEmulator } from "../../src/index.js";

/** What came back on a raw connection: the status line's code, headers, body, and whether it closed. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  text: string;
}

/**
 * Sends bytes as they are on a fresh TLS connection to the emulator and reads one HTTP answer
 * (until Content-Length bytes of body arrived, or the socket closed). `rest` is written after
 * the head, and write errors (the server closing early) are ignored.
 */
export function rawExchange(emu: ArmEmulator, head: string, rest?: Buffer | (() => Iterable<Buffer>)): Promise<RawAnswer> {
  const { hostname, port } = new URL(emu.endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port), ca: emu.ca, servername: "localhost" });
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (): void => {
      if (done) return;
      const text = buf.toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        if (socket.destroyed || socket.readableEnded) {
          done = true;
          reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
        }
        return;
      }
      const lines = text.slice(0, end).split("\r\n");
      const headers: Record<string, string> = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(":");
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      const length = Number(headers["content-length"] ?? "0");
      const bodyBytes = buf.subarray(Buffer.byteLength(text.slice(0, end + 4), "latin1"));
      if (bodyBytes.length < length && !(socket.destroyed || socket.readableEnded)) return;
      done = true;
      const bodyText = bodyBytes.subarray(0, length).toString("utf8");
      let body: unknown = bodyText;
      try {
        body = bodyText === "" ? undefined : JSON.parse(bodyText);
      } catch {
        // keep the text
      }
      socket.destroy();
      resolve({ status: Number(lines[0]!.split(" ")[1]), headers, body, text: bodyText });
    };
    socket.on("data", (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      finish();
    });
    socket.on("end", finish);
    socket.on("close", finish);
    socket.on("error", () => finish());
    socket.once("secureConnect", () => {
      socket.write(head);
      if (rest === undefined) return;
      if (Buffer.isBuffer(rest)) {
        socket.write(rest);
        return;
      }
      for (const chunk of rest()) {
        if (socket.destroyed || done) break;
        socket.write(chunk);
      }
    });
    setTimeout(() => {
      if (!done) {
        done = true;
        socket.destroy();
        reject(new Error("timed out waiting for an answer"));
      }
    }, 15_000).unref();
  });
}
