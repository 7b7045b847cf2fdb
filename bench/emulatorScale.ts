/**
 * @summary How the emulator's per-request cost grows with its state: the same requests against a
 * fleet of 100 and of 1000 clusters (each with its role assignments, backup extension, Trusted
 * Access binding and backup instance; one vault per 10 clusters). Every lookup is indexed, so a
 * request at 1000 clusters must cost at most 2x what it does at 100 (the floor of each row).
 */
import { Agent, request } from "node:https";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { startArmEmulator, type ArmEmulator } from "aks-backup-emulator";

/** One row: what was measured, its value, and the floor it must meet. */
export interface EmulatorScaleRow {
  /** What is measured. */
  measure: string;
  /** The same text, for the bench table (which reads `metric`). */
  metric: string;
  /** The measured value. */
  value: number;
  /** The floor: `value` must be `<=` `limit` (omitted: informational). */
  floor?: { op: "<="; limit: number };
  /** Unit of `value`. */
  unit?: string;
}

const readerGuid = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
const contributorGuid = "b24988ac-6180-42a3-ab89-1ce0b7ce7b2e";
const backupOperator = "Microsoft.DataProtection/backupVaults/backup-operator";

interface Fleet {
  emu: ArmEmulator;
  clusters: Array<{ id: string; vaultId: string; principalId: string }>;
}

/** Seeds `size` clusters with what a backed-up cluster has, straight into the emulator's state. */
async function seedFleet(size: number): Promise<Fleet> {
  const emu = await startArmEmulator({ registeredProviders: ["Microsoft.ContainerService", "Microsoft.Storage", "Microsoft.DataProtection", "Microsoft.KubernetesConfiguration"] });
  const state = emu.state;
  const sub = emu.subscriptionId;
  const clusters: Fleet["clusters"] = [];
  for (let i = 0; i < size; i++) {
    const group = Math.floor(i / 10);
    const rgName = `rg-fleet-${group}`;
    const vaultName = `vault-${group}`;
    const vaultId = `/subscriptions/${sub}/resourceGroups/${rgName}/providers/Microsoft.DataProtection/backupVaults/${vaultName}`;
    const clusterId = emu.addCluster({ resourceGroup: rgName, name: `aks-${i}`, location: "westeurope" });
    if (!state.backupVaults.has(vaultId)) {
      state.backupVaults.set({ id: vaultId, name: vaultName, subscriptionId: sub, resourceGroup: rgName, location: "westeurope",
        body: { id: vaultId, name: vaultName, type: "Microsoft.DataProtection/backupVaults", location: "westeurope", properties: { provisioningState: "Succeeded" } } });
    }
    const principalId = randomUUID();
    state.directory.register(principalId, "extension", clusterId);
    const extId = `${clusterId}/providers/Microsoft.KubernetesConfiguration/extensions/azure-aks-backup`;
    state.extensions.set({ id: extId, name: "azure-aks-backup", clusterId, protectedSettings: {},
      body: { id: extId, name: "azure-aks-backup", type: "Microsoft.KubernetesConfiguration/extensions", properties: { provisioningState: "Succeeded", aksAssignedIdentity: { principalId } }, systemData: {} } });
    const bindingId = `${clusterId}/trustedAccessRoleBindings/tarb-${group}`;
    state.trustedAccessBindings.set({ id: bindingId, name: `tarb-${group}`, clusterId, sourceResourceId: vaultId, roles: [backupOperator], provisioningState: "Succeeded", createdAt: 0 });
    for (const [scope, guid] of [[clusterId, readerGuid], [`/subscriptions/${sub}/resourceGroups/${rgName}`, contributorGuid]] as const) {
      const name = randomUUID();
      state.roleAssignments.set({ id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`, name, scope,
        roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${guid}`, principalId, principalType: "ServicePrincipal", createdAt: 0 });
    }
    const biName = `aks-${i}-bi`;
    const biId = `${vaultId}/backupInstances/${biName}`;
    state.backupInstances.set({ id: biId, name: biName, vaultId, datasourceId: clusterId,
      body: { id: biId, name: biName, type: "Microsoft.DataProtection/backupVaults/backupInstances", properties: { dataSourceInfo: { resourceID: clusterId }, currentProtectionState: "ProtectionConfigured" } } });
    for (let k = 0; k < 3; k++) state.scheduler.after(86_400 * (k + 1) + i, () => undefined);
    clusters.push({ id: clusterId, vaultId, principalId });
  }
  return { emu, clusters };
}

type Probe = (c: Fleet["clusters"][number], emu: ArmEmulator) => { method: string; path: string; body?: unknown };

const probes: Array<[string, Probe]> = [
  ["role assignments at a cluster, by principal", (c) => ({ method: "GET", path: `${c.id}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=${encodeURIComponent(`principalId eq '${c.principalId}'`)}` })],
  ["role assignments at a cluster, unfiltered", (c) => ({ method: "GET", path: `${c.id}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01` })],
  ["role assignment PUT (new)", (c, emu) => ({ method: "PUT", path: `${c.id}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}?api-version=2022-04-01`,
    body: { properties: { roleDefinitionId: `/subscriptions/${emu.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${readerGuid}`,
      principalId: emu.addServicePrincipal({ visibleNow: true }), principalType: "ServicePrincipal" } } })],
  ["extensions list of a cluster", (c) => ({ method: "GET", path: `${c.id}/providers/Microsoft.KubernetesConfiguration/extensions?api-version=2024-11-01` })],
  ["trusted access bindings list of a cluster", (c) => ({ method: "GET", path: `${c.id}/trustedAccessRoleBindings?api-version=2025-08-01` })],
  ["backup instances list of a vault", (c) => ({ method: "GET", path: `${c.vaultId}/backupInstances?api-version=2025-07-01` })],
  ["backup instances protecting a cluster", (c) => ({ method: "GET", path: `${c.id}/providers/Microsoft.DataProtection/backupInstances?api-version=2025-07-01` })],
  ["managed cluster GET", (c) => ({ method: "GET", path: `${c.id}?api-version=2025-08-01` })],
];

function send(emu: ArmEmulator, agent: Agent, token: string, method: string, path: string, body?: unknown): Promise<number> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const { hostname, port } = new URL(emu.endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, agent, ca: emu.ca,
      headers: { authorization: `Bearer ${token}`, ...(payload ? { "content-type": "application/json" } : {}) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** Median microseconds per request of each probe, over `samples` clusters picked evenly. */
async function measure(fleet: Fleet, samples: number): Promise<Map<string, number>> {
  const { emu, clusters } = fleet;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const token = (await emu.credential.getToken("https://management.azure.com/.default"))!.token;
  const out = new Map<string, number>();
  try {
    for (const [name, probe] of probes) {
      const times: number[] = [];
      for (let s = 0; s < samples + 10; s++) {
        const c = clusters[Math.floor((s * 7919) % clusters.length)]!;
        const { method, path, body } = probe(c, emu);
        const t0 = performance.now();
        const status = await send(emu, agent, token, method, path, body);
        const us = (performance.now() - t0) * 1000;
        if (status >= 300) throw new Error(`${name}: ${method} ${path} answered ${status}`);
        if (s >= 10) times.push(us); // the first ten warm up
      }
      times.sort((a, b) => a - b);
      out.set(name, times[Math.floor(times.length / 2)]!);
    }
  } finally {
    agent.destroy();
  }
  return out;
}

/**
 * Milliseconds the whole fleet takes: every probe once for every cluster, one request at a time
 * over one kept-alive connection (client round trips, so the emulator's handler time plus a
 * constant HTTP cost per request), and the number of requests sent.
 */
async function wholeFleet(fleet: Fleet): Promise<{ ms: number; requests: number }> {
  const { emu, clusters } = fleet;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const token = (await emu.credential.getToken("https://management.azure.com/.default"))!.token;
  let ms = 0;
  let requests = 0;
  try {
    for (const c of clusters) {
      for (const [name, probe] of probes) {
        const { method, path, body } = probe(c, emu);
        const t0 = performance.now();
        const status = await send(emu, agent, token, method, path, body);
        ms += performance.now() - t0;
        requests += 1;
        if (status >= 300) throw new Error(`${name}: ${method} ${path} answered ${status}`);
      }
    }
  } finally {
    agent.destroy();
  }
  return { ms, requests };
}

/** Fleet sizes of the whole-fleet table: BENCH_SCALE_FLEETS (comma-separated), default 100, 500, 1000. */
function fleetSizesFromEnv(): number[] {
  const sizes = (process.env["BENCH_SCALE_FLEETS"] ?? "100,500,1000").split(",").map(Number).filter((n) => Number.isInteger(n) && n > 0);
  return sizes.length > 0 ? sizes : [100, 500, 1000];
}

/**
 * The whole-fleet table: for each fleet size, the seconds every probe once per cluster takes
 * (informational), the µs per request, and the largest fleet's µs per request over the
 * smallest's (floor: <= 2, as indexed state must give; issue 11 measured 0.15 / 3.3 / 16.2 s
 * of handler time for 100 / 500 / 1000 clusters before the indexes, i.e. N²).
 */
export async function emulatorFleetRows(sizes: readonly number[] = fleetSizesFromEnv()): Promise<EmulatorScaleRow[]> {
  const rows: EmulatorScaleRow[] = [];
  const perRequest: number[] = [];
  const info = (measure: string, value: number, unit: string): EmulatorScaleRow => ({ measure, metric: measure, value, unit });
  // A small warm-up fleet first, so the first size measured does not pay for the JIT.
  const warm = await seedFleet(Math.min(20, ...sizes));
  try {
    await wholeFleet(warm);
  } finally {
    await warm.emu.stop();
  }
  for (const size of sizes) {
    const fleet = await seedFleet(size);
    try {
      const { ms, requests } = await wholeFleet(fleet);
      const us = (ms * 1000) / requests;
      perRequest.push(us);
      rows.push(info(`emulator: whole fleet, ${probes.length} requests per cluster, ${size} clusters`, Number((ms / 1000).toFixed(3)), "s"));
      rows.push(info(`emulator: whole fleet, ${size} clusters, per request (mean)`, Math.round(us), "µs"));
    } finally {
      await fleet.emu.stop();
    }
  }
  if (sizes.length > 1) {
    const m = `emulator: whole fleet per request, ${sizes[sizes.length - 1]!} / ${sizes[0]!} clusters`;
    rows.push({ measure: m, metric: m, value: perRequest[perRequest.length - 1]! / perRequest[0]!, floor: { op: "<=", limit: 2 } });
  }
  return rows;
}

/**
 * Runs the same requests against fleets of 100 and 1000 clusters and returns, per request
 * type, the median µs at each size (informational) and their ratio (floor: <= 2); then the
 * whole-fleet table ({@link emulatorFleetRows}) for `fleetSizes`.
 */
export async function emulatorScaleRows(samples = Number(process.env["BENCH_SCALE_SAMPLES"] ?? 200), fleetSizes: readonly number[] = fleetSizesFromEnv()): Promise<EmulatorScaleRow[]> {
  const results: Array<Map<string, number>> = [];
  for (const size of [100, 1000]) {
    const fleet = await seedFleet(size);
    try {
      // The first pass warms the JIT and TLS session for the smaller fleet, which runs first.
      if (results.length === 0) await measure(fleet, Math.min(samples, 50));
      results.push(await measure(fleet, samples));
    } finally {
      await fleet.emu.stop();
    }
  }
  const [small, large] = results as [Map<string, number>, Map<string, number>];
  const rows: EmulatorScaleRow[] = [];
  for (const [name] of probes) {
    const a = small.get(name)!;
    const b = large.get(name)!;
    const info = (measure: string, value: number, unit: string): EmulatorScaleRow => ({ measure, metric: measure, value, unit });
    rows.push(info(`emulator: ${name}, 100 clusters (median)`, Math.round(a), "µs"));
    rows.push(info(`emulator: ${name}, 1000 clusters (median)`, Math.round(b), "µs"));
    const m = `emulator: ${name}, 1000 / 100 clusters`;
    rows.push({ measure: m, metric: m, value: b / a, floor: { op: "<=", limit: 2 } });
  }
  rows.push(...await emulatorFleetRows(fleetSizes));
  return rows;
}
