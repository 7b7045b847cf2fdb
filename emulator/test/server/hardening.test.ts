import { describe, expect, it } from "vitest";
import { armRequest } from "../support/replay.js";
import { useEmulator } from "../support/emulator.js";
import { rawExchange } from "./rawTls.js";

const emu = useEmulator();
const sub = (): string => emu.current.subscriptionId;
const token = async (): Promise<string> => (await emu.current.credential.getToken("https://management.azure.com/.default"))!.token;
const host = (): string => new URL(emu.current.endpoint).host;

async function stillServing(): Promise<void> {
  const res = await armRequest(emu.current, "GET", `/subscriptions/${sub()}/resourcegroups?api-version=2021-04-01`);
  expect(res.status).toBe(200);
  expect(res.headers["connection"]).not.toBe("close");
}

describe("request targets the server does not route", () => {
  it("answers OPTIONS * with an ARM 400 and keeps serving", async () => {
    const res = await rawExchange(emu.current, `OPTIONS * HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${await token()}\r\n\r\n`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "InvalidRequestUri" } });
    await stillServing();
  });

  it("routes an absolute-form target by its path, and 404s an unknown one", async () => {
    const t = await token();
    const known = await rawExchange(emu.current, `GET https://management.azure.com/subscriptions/${sub()}/resourcegroups?api-version=2021-04-01 HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${t}\r\n\r\n`);
    expect(known.status).toBe(200);
    const unknown = await rawExchange(emu.current, `GET https://x/y HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${t}\r\n\r\n`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: "InvalidResourceType" } });
    const noToken = await rawExchange(emu.current, `GET https://x/y HTTP/1.1\r\nHost: ${host()}\r\n\r\n`);
    expect(noToken.status).toBe(401);
    await stillServing();
  });

  it("answers authority-form and non-HTTP schemes with an ARM 400", async () => {
    const t = await token();
    // Node's parser refuses authority-form outside CONNECT itself; the answer is still an ARM 400.
    for (const [target, code] of [["example.com:443", "BadRequest"], ["ftp://x/y", "InvalidRequestUri"], ["subscriptions", "BadRequest"]] as const) {
      const res = await rawExchange(emu.current, `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${t}\r\n\r\n`);
      expect([target, res.status, (res.body as { error?: { code?: string } }).error?.code]).toEqual([target, 400, code]);
    }
    await stillServing();
  });

  it("answers bad percent-encoding with an ARM 400", async () => {
    const res = await armRequest(emu.current, "GET", `/subscriptions/${sub()}/resourceGroups/%E0%A4%A/providers?api-version=2021-04-01`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "InvalidRequestUri" } });
  });

  it("answers headers over the limit with 431 and an ARM body, and a garbage request line with 400", async () => {
    const huge = await rawExchange(emu.current, `GET /subscriptions HTTP/1.1\r\nHost: ${host()}\r\nX-Big: ${"a".repeat(100_000)}\r\n\r\n`);
    expect(huge.status).toBe(431);
    expect(huge.body).toMatchObject({ error: { code: "RequestHeaderFieldsTooLarge" } });
    const garbage = await rawExchange(emu.current, "\u0001\u0002 nonsense\r\n\r\n");
    expect(garbage.status).toBe(400);
    expect(garbage.body).toMatchObject({ error: { code: "BadRequest" } });
    await stillServing();
  });

  it("survives a client that goes away in the middle of a body", async () => {
    const { hostname, port } = new URL(emu.current.endpoint);
    const { connect } = await import("node:tls");
    const t = await token();
    await new Promise<void>((resolve) => {
      const s = connect({ host: hostname, port: Number(port), ca: emu.current.ca, servername: "localhost" }, () => {
        s.write(`PUT /subscriptions/${sub()}/resourcegroups/rg-gone?api-version=2021-04-01 HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${t}\r\nContent-Length: 1000\r\n\r\n{"location":`);
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 50);
      });
      s.on("error", () => resolve());
    });
    await stillServing();
  });
});

describe("authentication comes before the body", () => {
  it("answers 401 (not 400) to malformed JSON without a token", async () => {
    const res = await armRequest(emu.current, "PUT", `/subscriptions/${sub()}/resourcegroups/rg1?api-version=2021-04-01`, { token: null, rawBody: "{not json" });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: "AuthenticationFailed" } });
  });

  it("answers 401 to a 300 MB body without a token before reading it, and closes the connection", async () => {
    const declared = 300 * 1024 * 1024;
    const res = await rawExchange(emu.current,
      `PUT /subscriptions/${sub()}/resourcegroups/rg1?api-version=2021-04-01 HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n`,
      Buffer.alloc(64 * 1024, 0x20));
    // The answer came while 64 KiB of the declared 300 MB had been sent: nothing waited for the body.
    expect(res.status).toBe(401);
    expect(res.headers["connection"]).toBe("close");
  });
});

describe("body limit", () => {
  it("answers 413 with an ARM error to a declared body over 4 MB, without reading it", async () => {
    const t = await token();
    const res = await rawExchange(emu.current,
      `PUT /subscriptions/${sub()}/resourcegroups/rg1?api-version=2021-04-01 HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${t}\r\nContent-Type: application/json\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n`,
      Buffer.alloc(1024, 0x20));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: "RequestEntityTooLarge" } });
    expect(res.headers["connection"]).toBe("close");
  });

  it("answers 413 to a chunked body once it passes 4 MB", async () => {
    const t = await token();
    const chunk = Buffer.alloc(512 * 1024, 0x20);
    const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
    const res = await rawExchange(emu.current,
      `PUT /subscriptions/${sub()}/resourcegroups/rg1?api-version=2021-04-01 HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${t}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
      function* () {
        for (let i = 0; i < 10; i++) yield framed;
      });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: "RequestEntityTooLarge" } });
  });

  it("accepts a body just under 4 MB", async () => {
    const res = await armRequest(emu.current, "PUT", `/subscriptions/${sub()}/resourcegroups/rg-big?api-version=2021-04-01`, {
      rawBody: JSON.stringify({ location: "westeurope" }) + " ".repeat(4 * 1024 * 1024 - 100),
    });
    expect(res.status).toBe(201);
  });
});

describe("tag limits", () => {
  const put = (tags: Record<string, string>): ReturnType<typeof armRequest> =>
    armRequest(emu.current, "PUT", `/subscriptions/${sub()}/resourcegroups/rg-tags?api-version=2021-04-01`, { body: { location: "westeurope", tags } });
  const many = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));

  it("accepts 50 tags, 512-character names and 256-character values", async () => {
    expect((await put(many(50))).status).toBeLessThan(300);
    expect((await put({ ["n".repeat(512)]: "v".repeat(256) })).status).toBeLessThan(300);
  });

  it("refuses 51 tags, a 513-character name, a 257-character value and a 10 MB-class value", async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [many(51), "InvalidTagCount"],
      [{ ["n".repeat(513)]: "v" }, "InvalidTagNameLength"],
      [{ k: "v".repeat(257) }, "InvalidTagValueLength"],
      [{ k: "v".repeat(3 * 1024 * 1024) }, "InvalidTagValueLength"],
      [{ "a/b": "v" }, "InvalidTagNameCharacters"],
    ];
    for (const [tags, code] of cases) {
      const res = await put(tags);
      expect([code, res.status, (res.body as { error?: { code?: string } }).error?.code]).toEqual([code, 400, code]);
    }
  });

  it("checks PATCH too", async () => {
    const rg = emu.current.addResourceGroup({ name: "rg-tags2", location: "westeurope" });
    const res = await armRequest(emu.current, "PATCH", `${rg}/providers/Microsoft.DataProtection/backupVaults/v1?api-version=2025-07-01`, { body: { tags: many(51) } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "InvalidTagCount" } });
  });
});

describe("anything else a client can send", () => {
  it("answers every odd target with an ARM-shaped body and keeps serving", async () => {
    const t = await token();
    const targets = [
      "/%", "/%%30", "/..%2f..%2fetc", `/subscriptions/${sub()}/resourcegroups?api-version=%ZZ`, "/?", "/#frag",
      `/subscriptions/${sub()}/resourceGroups/${"%C3%A9".repeat(50)}?api-version=2021-04-01`, "//", "/./../",
      `/subscriptions/${sub()}/providers/Microsoft.DataProtection/backupVaults?api-version=2025-07-01&api-version=x`,
      "/subscriptions/%00/resourcegroups?api-version=2021-04-01", `/${"a/".repeat(2000)}`,
    ];
    for (const target of targets) {
      const res = await rawExchange(emu.current, `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${t}\r\n\r\n`);
      const body = res.body as { error?: { code?: unknown; message?: unknown }; value?: unknown };
      const armShaped = res.status < 300 ? body !== undefined : typeof body.error?.code === "string" && typeof body.error.message === "string";
      expect([target, armShaped]).toEqual([target, true]);
    }
    await stillServing();
  });

  it("sends only header values HTTP allows, whatever the request carried", async () => {
    const res = await rawExchange(emu.current,
      `GET /subscriptions/${sub()}/resourcegroups?api-version=2021-04-01 HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${await token()}\r\nx-ms-correlation-request-id: caf\u00e9\t\u00ff\r\n\r\n`);
    expect(res.status).toBe(200);
    expect(res.headers["x-ms-correlation-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const { safeHeaderValue } = await import("../../src/http/responseHeaders.js");
    expect(safeHeaderValue("https://h/rg/caf\u00e9\u4e2d\r\nX: y")).toBe("https://h/rg/caf%C3%A9%E4%B8%AD%0D%0AX: y");
  });
});
