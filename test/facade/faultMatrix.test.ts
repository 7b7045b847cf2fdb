import { describe, expect, it } from "vitest";
import { AksBackup, AksBackupError, type EnableBackupRequest } from "aks-backup";
import type { ArmEmulator } from "aks-backup-emulator";
import { fastOptions, useEmulator } from "../support/emulator.js";
import { setupRequest } from "../support/setupRequest.js";

/**
 * The fault matrix of `enableBackup`: every write site and every poll site of a clean run (found
 * in `emu.requests`, not listed by hand) gets each fault once; the setup must converge, or fail
 * typed and converge on a rerun, and leave one of everything.
 *
 * Representative subset (the full product takes minutes): write sites get 429 (Retry-After 0,
 * 1 and 3600), 500, 503 and 409; poll sites (reads of what was written, and operation monitors) get
 * 429 (Retry-After 0), 503 and 404-after-write. Cases run eight clusters at a time.
 */
const emu = useEmulator({ registeredProviders: ["Microsoft.ContainerService", "Microsoft.Storage", "Microsoft.KubernetesConfiguration", "Microsoft.DataProtection"] });

function seed(e: ArmEmulator, name: string): EnableBackupRequest {
  return setupRequest(e, name);
}

interface Site { method: string; pattern: string; kind: "write" | "poll" }
interface Fault { status: number; code: string; retryAfterSeconds?: number; label: string }

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A request path as a pattern for another cluster: generated names (GUIDs, hex suffixes) match any name. */
function patternOf(path: string, name: string): string {
  const segments = path.split("/");
  return segments.map((seg, i) => {
    if (/^operation/i.test(segments[i - 1] ?? "")) return "[^/]+";
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(seg)) return "[^/]+";
    const hex = /-[0-9a-f]{8,}$/i.exec(seg);
    const stem = hex ? seg.slice(0, hex.index) : seg;
    return `${escape(stem).replaceAll(escape(name), "@@NAME@@")}${hex ? "-[0-9a-f]+" : ""}`;
  }).join("/");
}

function sitesOf(requests: readonly { method: string; path: string }[], name: string, subscriptionId: string): Site[] {
  const mine = requests.filter((r) => r.path.toLowerCase().includes(name));
  // A poll site: a read of something already written in this run, or an operation monitor.
  const written = new Set<string>();
  const sites = new Map<string, Site>();
  for (const r of mine) {
    const pattern = patternOf(r.path, name).replaceAll(escape(subscriptionId), "@@SUB@@");
    const kind = r.method !== "GET" ? "write" : written.has(pattern) || /operation/i.test(r.path) ? "poll" : undefined;
    if (r.method !== "GET") written.add(pattern);
    if (kind) sites.set(`${r.method} ${pattern}`, { method: r.method, pattern, kind });
  }
  return [...sites.values()];
}

const writeFaults: Fault[] = [
  { status: 429, code: "TooManyRequests", retryAfterSeconds: 0, label: "429 RA0" },
  { status: 429, code: "TooManyRequests", retryAfterSeconds: 1, label: "429 RA1" },
  // An hour's wait is past the throttle policy's cap (maxWaitInMs, 15 min): the run fails at once
  // with a ThrottledError; the rerun (after the wait, as its remedy says) converges.
  { status: 429, code: "SubscriptionRequestsThrottled", retryAfterSeconds: 3600, label: "429 RA3600" },
  { status: 500, code: "InternalServerError", label: "500" },
  { status: 503, code: "ServiceUnavailable", label: "503" },
  { status: 409, code: "Conflict", label: "409" },
];
const pollFaults: Fault[] = [
  { status: 429, code: "TooManyRequests", retryAfterSeconds: 0, label: "429 RA0" },
  { status: 503, code: "ServiceUnavailable", label: "503" },
  { status: 404, code: "ResourceNotFound", label: "404 after write" },
];

/** One of everything for a cluster, counted in the emulator. */
function counts(e: ArmEmulator, name: string, principals: Set<string>): Record<string, number> {
  const mine = (id: string): boolean => id.toLowerCase().includes(name);
  return {
    vaults: e.state.backupVaults.all().filter((v) => mine(v.id)).length,
    policies: e.state.backupPolicies.all().filter((p) => mine(p.id)).length,
    extensions: e.state.extensions.all().filter((x) => mine(x.id)).length,
    bindings: e.state.trustedAccessBindings.all().filter((b) => mine(b.clusterId)).length,
    instances: e.state.backupInstances.all().filter((b) => mine(JSON.stringify(b))).length,
    roleAssignments: e.state.roleAssignments.all().filter((r) => principals.has(r.principalId)).length,
  };
}

describe("enableBackup fault matrix", () => {
  it("converges at every write and poll site under 429/500/503/409/404 with no duplicates", { timeout: 120_000 }, async () => {
    const e = emu.current;
    const clean = seed(e, "fmclean");
    const from = e.requests.length;
    await new AksBackup(e.credential, e.subscriptionId, fastOptions(e)).enableBackup(clean);
    const sites = sitesOf(e.requests.slice(from), "fmclean", e.subscriptionId);
    expect(sites.filter((s) => s.kind === "write").length).toBeGreaterThanOrEqual(8);
    expect(sites.filter((s) => s.kind === "poll").length).toBeGreaterThanOrEqual(4);

    const cases = sites.flatMap((site) => (site.kind === "write" ? writeFaults : pollFaults).map((fault) => ({ site, fault })));
    const report: string[] = [];
    const reruns: string[] = [];
    let n = 0;
    const runCase = async ({ site, fault }: (typeof cases)[number]): Promise<void> => {
      // Decimal digits and a final z: no name is a substring of another (base 36 has "x": fm1x is in fm1xx).
      const name = `fm${n++}z`;
      const request = seed(e, name);
      const path = new RegExp(`^${site.pattern.replaceAll("@@NAME@@", name).replaceAll("@@SUB@@", e.subscriptionId)}$`, "i");
      e.injectFault({ method: site.method as "GET", path, status: fault.status, code: fault.code, times: 1, ...(fault.retryAfterSeconds !== undefined ? { retryAfterSeconds: fault.retryAfterSeconds } : {}) });
      const aks = new AksBackup(e.credential, e.subscriptionId, fastOptions(e));
      const caseFrom = e.requests.length;
      const t0 = Date.now();
      const label = `${fault.label} at ${site.method} ${site.pattern}`;
      try {
      let result = await aks.enableBackup(request).catch((x: unknown) => x);
      if (fault.retryAfterSeconds === 3600) {
        // The step's error (SetupStepError, naming the step) carries the ThrottledError as its cause.
        const chain: string[] = [];
        for (let x: unknown = result; x instanceof Error; x = x.cause) chain.push(x.name);
        if (!chain.includes("ThrottledError")) report.push(`${label}: expected a ThrottledError at once, got ${chain.join(" <- ") || "success"}`);
        else if (Date.now() - t0 > 15_000) report.push(`${label}: the ThrottledError took ${Date.now() - t0} ms`);
      }
      if (result instanceof Error) {
        if (!(result instanceof AksBackupError)) report.push(`${label}: untyped ${result.name}: ${result.message}`);
        reruns.push(`${label}: ${result.message.slice(0, 160)}`);
        // A 404 right after a write is eventual consistency: it is read again, never a failure.
        if (fault.status === 404) report.push(`${label}: failed on a 404 after write: ${result.message.slice(0, 200)}`);
        result = await aks.enableBackup(request).catch((x: unknown) => x);
        if (result instanceof Error) {
          report.push(`${label}: rerun failed: ${result.message}`);
          return;
        }
      }
      // The fault was really answered (the site pattern matched this cluster's request).
      if (!e.requests.slice(caseFrom).some((q) => q.method === site.method && path.test(q.path) && q.status === fault.status)) report.push(`${label}: fault never hit`);
      const r = result as Awaited<ReturnType<AksBackup["enableBackup"]>>;
      const c = counts(e, name, new Set(r.roleAssignments.map((a) => a.principalId)));
      const expected = { vaults: 1, policies: 1, extensions: 1, bindings: 1, instances: 1, roleAssignments: 6 };
      if (JSON.stringify(c) !== JSON.stringify(expected)) report.push(`${label}: ${JSON.stringify(c)}`);
      if (r.protectionState !== "ProtectionConfigured") report.push(`${label}: ${r.protectionState}`);
      } finally {
        if (Date.now() - t0 > 40_000) report.push(`${label}: took ${Date.now() - t0} ms`);
      }
    };
    const queue = [...cases];
    await Promise.all(Array.from({ length: 8 }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) await runCase(c);
    }));
    expect(report).toEqual([]);
    expect(cases.length).toBeGreaterThan(50);
  });

  it("never takes a failed provider read during preflight as registered", async () => {
    const e = emu.current;
    const request = seed(e, "fmprov");
    e.state.providers.set(e.subscriptionId, "Microsoft.DataProtection", "NotRegistered");
    e.injectFault({ method: "GET", path: /\/providers\/Microsoft\.DataProtection$/i, status: 404, code: "ResourceNotFound", times: 1 });
    const from = e.requests.length;
    const result = await new AksBackup(e.credential, e.subscriptionId, fastOptions(e)).enableBackup(request).catch((x: unknown) => x);
    expect(e.requests.slice(from).some((r) => r.status === 404 && /Microsoft\.DataProtection$/i.test(r.path))).toBe(true);
    if (result instanceof Error) {
      // Typed, before any write.
      expect(result).toBeInstanceOf(AksBackupError);
      expect(e.requests.slice(from).filter((r) => r.method !== "GET")).toEqual([]);
    } else {
      expect((result as Awaited<ReturnType<AksBackup["enableBackup"]>>).steps.find((s) => s.step === "providers")?.wrote).toBe(true);
      expect(e.requests.slice(from).some((r) => r.method === "POST" && /Microsoft\.DataProtection\/register$/i.test(r.path))).toBe(true);
    }
  });
});
