import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { readFile, stat, writeFile } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { SourceControlConfigurationClient } from "@azure/arm-kubernetesconfiguration";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { afterAll, describe, expect, it } from "vitest";
import { loadWorldFile, parseWorld, SeedError, seedEmulator, type EmulatorConnection } from "../src/index.js";
import { parseServerArguments, usage, UsageError } from "../src/cli.js";
import { useEmulator } from "./support/emulator.js";

const packageRoot = fileURLToPath(new URL("../", import.meta.url));
const exampleWorld = fileURLToPath(new URL("../../examples/world.json", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "aks-backup-emulator-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const emu = useEmulator();

function tokenCredential(token: string): TokenCredential {
  return { getToken: (): Promise<AccessToken> => Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

async function problemsOf(f: () => unknown): Promise<readonly string[]> {
  try {
    await f();
  } catch (e) {
    if (e instanceof SeedError) return e.problems;
    throw e;
  }
  throw new Error("no SeedError");
}

/** Whether `dist/` is newer than every source file (as after `npm run build`, which `npm test` runs first). */
function buildIsCurrent(): boolean {
  const built = join(packageRoot, "dist/cli.js");
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  return readdirSync(join(packageRoot, "src"), { recursive: true, encoding: "utf8" })
    .every((f) => !f.endsWith(".ts") || statSync(join(packageRoot, "src", f)).mtimeMs <= builtAt);
}

/**
 * Runs the command as `npx aks-backup-emulator` does: the package's bin on the built `dist/`,
 * or, when the build is missing or older than the sources, `src/cli.ts` through tsx.
 */
const command = buildIsCurrent() ? ["bin/aks-backup-emulator.js"] : ["--import", "tsx", "src/cli.ts"];

const children = new Set<ReturnType<typeof spawn>>();
afterAll(() => { for (const child of children) child.kill("SIGKILL"); });

function runCommand(args: string[]) {
  const child = spawn(process.execPath, [...command, ...args], { cwd: packageRoot, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  const waiters: Array<() => void> = [];
  child.stdout.on("data", (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
    for (const w of waiters.splice(0)) w();
  });
  // "close": the process has exited and its output is read to the end.
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("close", (code, signal) => {
    children.delete(child);
    resolve({ code, signal });
  }));
  const output = { get stdout() { return stdout; }, get stderr() { return stderr; } };
  const waitForStderr = async (text: string): Promise<void> => {
    let ended = false;
    void exit.then(() => { ended = true; for (const w of waiters.splice(0)) w(); });
    while (!stderr.includes(text)) {
      if (ended) throw new Error(`the command exited before printing "${text}":\n${stderr}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { child, exit, output, waitForStderr };
}

describe("seed files", () => {
  it("the example world (20 clusters, a few broken on purpose) loads and seeds, with identities and extensions (real SDK)", async () => {
    const world = await loadWorldFile(exampleWorld);
    expect(world.clusters).toHaveLength(20);
    const e = emu.current;
    const seeded = await seedEmulator(e, world);
    expect(seeded.clusters).toHaveLength(20);
    expect(seeded.userAssignedIdentities).toEqual([expect.stringMatching(/\/userAssignedIdentities\/id-aks-neu-06$/)]);
    const client = new ContainerServiceClient(e.credential, e.subscriptionId, e.clientOptions);
    const names: string[] = [];
    for (const rg of ["rg-fleet-weu", "rg-fleet-neu", "rg-fleet-eus", "rg-fleet-jpe"]) {
      for await (const c of client.managedClusters.listByResourceGroup(rg)) names.push(c.name ?? "");
    }
    expect(names).toHaveLength(20);
    expect((await client.managedClusters.get("rg-fleet-weu", "aks-weu-noid")).identity?.type).toBe("None");
    const uami = await client.managedClusters.get("rg-fleet-neu", "aks-neu-06");
    expect(Object.keys(uami.identity?.userAssignedIdentities ?? {})).toEqual([seeded.userAssignedIdentities[0]]);
    const storage = e.state.storageAccounts.get(seeded.storageAccounts[3]!);
    expect(storage).toMatchObject({ name: "ststagingweu", allowCrossTenantReplication: true });
    expect(e.clusterObjects(seeded.clusters[0]!).map((o) => `${o.namespace ?? ""}/${o.kind}/${o.name}`)).toContain("shop/deployments/web");
    expect(seeded.extensions).toHaveLength(8);
    const extensions = new SourceControlConfigurationClient(e.credential, e.subscriptionId, e.clientOptions);
    const big = await extensions.extensions.get("rg-fleet-weu", "Microsoft.ContainerService", "managedClusters", "aks-weu-big", "azure-aks-backup");
    expect(big).toMatchObject({ provisioningState: "Succeeded", extensionType: "microsoft.dataprotection.kubernetes", aksAssignedIdentity: { principalId: expect.any(String) as string } });
    expect(big.configurationSettings).toMatchObject({ "configuration.backupStorageLocation.bucket": "aks-backups", "configuration.backupStorageLocation.config.storageAccount": "stfleetweu" });
    const tuned = await extensions.extensions.get("rg-fleet-weu", "Microsoft.ContainerService", "managedClusters", "aks-weu-04", "azure-aks-backup");
    expect(tuned.configurationSettings?.["resources.limits.memory"]).toBe("2048Mi");
    expect(tuned.configurationSettings?.["configuration.backupStorageLocation.config.useAAD"]).toBe("true");
    const sharedKey = await extensions.extensions.get("rg-fleet-weu", "Microsoft.ContainerService", "managedClusters", "aks-weu-05", "azure-aks-backup");
    expect(sharedKey.configurationSettings?.["configuration.backupStorageLocation.config.useAAD"]).toBe("false");
    const none = [];
    for await (const x of extensions.extensions.list("rg-fleet-weu", "Microsoft.ContainerService", "managedClusters", "aks-weu-06")) none.push(x);
    expect(none).toEqual([]);
  });

  it("refuses a bad world, naming every bad field by its path, before adding anything", async () => {
    const before = emu.current.state.clusters.size;
    const problems = await problemsOf(() => seedEmulator(emu.current, {
      clusters: [
        { resourceGroup: "rg-bad", name: "aks-ok", location: "westeruope", idnetity: "None" },
        { resourceGroup: "rg-bad", name: "-x", location: "westeurope", resourceCount: -1, disks: [{ sizeGB: 0 }], identity: "Assigned" },
      ],
      storageAccounts: [{ resourceGroup: "rg-bad", name: "Bad", location: "westeurope", publicNetworkAccess: "enabled", containers: "c" }],
      vaults: [],
    }));
    expect(problems).toEqual([
      expect.stringMatching(/^vaults: unknown field/),
      expect.stringMatching(/^storageAccounts\[0\]\.name: "Bad" is not valid: 3-24 lowercase letters and digits$/),
      expect.stringMatching(/^storageAccounts\[0\]\.containers: must be a list/),
      expect.stringMatching(/^storageAccounts\[0\]\.publicNetworkAccess: must be one of "Enabled", "Disabled", not "enabled"$/),
      expect.stringMatching(/^clusters\[0\]\.idnetity: unknown field \(expected one of: resourceGroup, name, location, /),
      "clusters[0].location: \"westeruope\" is not an Azure region (did you mean \"westeurope\"?)",
      expect.stringMatching(/^clusters\[1\]\.name: "-x" is not valid/),
      expect.stringMatching(/^clusters\[1\]\.identity: must be "SystemAssigned", "None" or/),
      "clusters[1].resourceCount: must be a whole number >= 0, not -1",
      "clusters[1].disks[0].sizeGB: must be from 1 to 65536 GiB, not 0",
    ]);
    expect(emu.current.state.clusters.size).toBe(before);
    expect(await problemsOf(() => parseWorld([]))).toEqual(["(the file): must be an object, not a list"]);
  });

  it("checks references across the world: duplicates, unknown identities, a resource group's region", async () => {
    expect(await problemsOf(() => parseWorld({
      resourceGroups: [{ name: "rg-x", location: "westeurope" }],
      userAssignedIdentities: [{ resourceGroup: "rg-x", name: "id-1", location: "westeurope" }],
      clusters: [
        { resourceGroup: "rg-x", name: "aks", location: "westeurope", identity: { userAssigned: ["rg-x/id-1", "rg-x/id-2"] }, backupExtension: { storageAccount: "rg-x/stnone", blobContainer: "aks" } },
        { resourceGroup: "RG-X", name: "AKS", location: "northeurope" },
      ],
    }))).toEqual([
      "clusters[1]: names the same resource as clusters[0]",
      "clusters[0].identity.userAssigned[1]: \"rg-x/id-2\" is not in userAssignedIdentities",
      "clusters[0].backupExtension.storageAccount: \"rg-x/stnone\" is not in storageAccounts",
      expect.stringMatching(/^clusters\[1\]\.location: "northeurope" differs from resourceGroups\[0\]'s "westeurope" in resource group "RG-X"/),
    ]);
  });

  it("names the entry the emulator refuses, and a seed file that is not JSON", async () => {
    const e = emu.current;
    e.addCluster({ resourceGroup: "rg-taken", name: "aks-taken", location: "westeurope" });
    expect(await problemsOf(() => seedEmulator(e, { clusters: [{ resourceGroup: "rg-taken", name: "aks-taken", location: "westeurope" }] })))
      .toEqual([expect.stringMatching(/^clusters\[0\]: Cluster '.*\/aks-taken' already exists\.$/)]);
    const file = join(dir, "broken.json");
    await writeFile(file, "{ clusters: [] }");
    await expect(loadWorldFile(file)).rejects.toThrow(/broken\.json is not a valid emulator world:\n {2}- \(the file\): not JSON/);
  });
});

describe("connection file", () => {
  it("writes endpoint, CA, token, subscription and tenant, owner-only; the token and CA reach the emulator", async () => {
    const e = emu.current;
    const file = join(dir, "connection.json");
    await writeFile(file, "old", { mode: 0o644 });
    await e.writeConnectionFile(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const connection = JSON.parse(await readFile(file, "utf8")) as EmulatorConnection;
    expect(connection).toEqual({ endpoint: e.endpoint, ca: e.ca, token: expect.any(String) as string, subscriptionId: e.subscriptionId, tenantId: e.tenantId });
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(`${connection.endpoint}/subscriptions/${connection.subscriptionId}/resourcegroups?api-version=2021-04-01`, {
        ca: connection.ca, headers: { authorization: `Bearer ${connection.token}` },
      }, (res) => { res.resume(); resolve(res.statusCode); }).on("error", reject).end();
    });
    expect(status).toBe(200);
  });
});

describe("command line", () => {
  it("parses the flags, and refuses what it cannot run", () => {
    expect(parseServerArguments(["--connection-file", "emu.json", "--profile", "realistic", "--time-scale", "2.5", "--port", "8443", "--seed", "w.json"]))
      .toEqual({ connectionFile: "emu.json", options: { profile: "realistic", timeScale: 2.5, port: 8443 }, seed: "w.json" });
    expect(parseServerArguments(["--connection-file", "emu.json"])).toEqual({ connectionFile: "emu.json", options: {} });
    const sub = "00000000-0000-0000-0000-000000000001";
    expect(parseServerArguments(["--connection-file", "emu.json", "--subscription-id", sub, "--tenant-id", sub]))
      .toEqual({ connectionFile: "emu.json", options: { subscriptionId: sub, tenantId: sub } });
    expect(parseServerArguments(["--help"])).toBe("help");
    for (const flag of ["--connection-file <path>", "--profile", "--time-scale <ms>", "--port <n>", "--seed <world.json>", "--subscription-id <guid>", "--tenant-id <guid>", "--version", "--help"]) {
      expect(usage).toContain(`  ${flag}`);
    }
    const refused = (argv: string[]): string => {
      try {
        parseServerArguments(argv);
      } catch (e) {
        if (e instanceof UsageError) return e.message;
      }
      return "accepted";
    };
    expect(refused([])).toBe("--connection-file <path> is required.");
    expect(refused(["--connection-file", "f", "--profile", "fast"])).toBe('--profile must be "instant" or "realistic", not "fast".');
    expect(refused(["--connection-file", "f", "--port", "70000"])).toBe('--port must be a whole number from 0 to 65535, not "70000".');
    expect(refused(["--connection-file", "f", "--time-scale", "0"])).toBe('--time-scale must be a number of milliseconds > 0, not "0".');
    expect(refused(["--connection-file", "f", "--sed", "w.json"])).toMatch(/Unknown option '--sed'/);
    expect(refused(["--connection-file", "f", "--subscription-id", "sub1"])).toBe('--subscription-id must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), not "sub1".');
    expect(refused(["--connection-file", "f", "extra"])).toMatch(/extra/);
  });
});

describe.concurrent("aks-backup-emulator as a server (child processes)", () => {
  it("serves a seeded world until SIGTERM, then stops cleanly (exit 0) and removes its connection file", async () => {
    const seed = join(dir, "world.json");
    const connectionFile = join(dir, "emu.json");
    await writeFile(seed, JSON.stringify({
      userAssignedIdentities: [{ resourceGroup: "rg-apps", name: "id-apps", location: "westeurope" }],
      storageAccounts: [{ resourceGroup: "rg-apps", name: "stapps", location: "westeurope" }],
      clusters: [
        { resourceGroup: "rg-apps", name: "aks-a", location: "westeurope", resourceCount: 900, backupExtension: { storageAccount: "rg-apps/stapps", blobContainer: "backups" } },
        { resourceGroup: "rg-apps", name: "aks-b", location: "westeurope", identity: { userAssigned: ["rg-apps/id-apps"] } },
      ],
    }));
    const subscriptionId = "00000000-0000-0000-0000-00000000000a";
    const server = runCommand(["--connection-file", connectionFile, "--seed", seed, "--profile", "realistic", "--time-scale", "5", "--subscription-id", subscriptionId]);
    await server.waitForStderr("Stop with Ctrl-C or SIGTERM.");
    const connection = JSON.parse(await readFile(connectionFile, "utf8")) as EmulatorConnection;
    expect(server.output.stderr).toContain(`listening on ${connection.endpoint}`);
    expect((await stat(connectionFile)).mode & 0o777).toBe(0o600);
    expect(connection.subscriptionId).toBe(subscriptionId);
    const client = new ContainerServiceClient(tokenCredential(connection.token), connection.subscriptionId, { endpoint: connection.endpoint, tlsOptions: { ca: connection.ca } });
    const clusters = [];
    for await (const c of client.managedClusters.listByResourceGroup("rg-apps")) clusters.push(c);
    expect(clusters.map((c) => c.name).sort()).toEqual(["aks-a", "aks-b"]);
    expect(Object.keys(clusters.find((c) => c.name === "aks-b")?.identity?.userAssignedIdentities ?? {})[0]).toMatch(/\/resourceGroups\/rg-apps\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/id-apps$/);
    // On the realistic profile too, a seeded extension is installed by the time the file is written.
    const extension = await new SourceControlConfigurationClient(tokenCredential(connection.token), connection.subscriptionId, { endpoint: connection.endpoint, tlsOptions: { ca: connection.ca } })
      .extensions.get("rg-apps", "Microsoft.ContainerService", "managedClusters", "aks-a", "azure-aks-backup");
    expect(extension.provisioningState).toBe("Succeeded");
    server.child.kill("SIGTERM");
    expect(await server.exit).toEqual({ code: 0, signal: null });
    expect(server.output.stderr).toContain("SIGTERM, stopping.");
    expect(existsSync(connectionFile)).toBe(false);
  });

  it("exits 2 on a bad seed file, naming the bad field, and writes no connection file", async () => {
    const seed = join(dir, "bad-world.json");
    const connectionFile = join(dir, "never.json");
    await writeFile(seed, JSON.stringify({ clusters: [{ resourceGroup: "rg", name: "aks", location: "West Erope" }] }));
    const run = runCommand(["--connection-file", connectionFile, "--seed", seed]);
    expect(await run.exit).toEqual({ code: 2, signal: null });
    expect(run.output.stderr).toContain(`${seed} is not a valid emulator world:\n  - clusters[0].location: "West Erope" is not an Azure region (did you mean "westeurope"?)`);
    expect(existsSync(connectionFile)).toBe(false);
  });

  it("exits 2 on bad arguments, pointing to --help", async () => {
    const run = runCommand(["--seed", "world.json"]);
    expect(await run.exit).toEqual({ code: 2, signal: null });
    expect(run.output.stderr).toBe('aks-backup-emulator: --connection-file <path> is required.\nRun "aks-backup-emulator --help" for the options.\n');
  });
});
