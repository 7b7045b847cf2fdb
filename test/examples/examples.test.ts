import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const examples = readdirSync(new URL("../../examples/", import.meta.url)).filter((f) => f.endsWith(".ts") && f !== "demo.ts");

describe("examples run against the emulator", () => {
  it("has the scenarios the README lists", () => {
    expect(examples).toEqual(expect.arrayContaining(["enableBackup.ts", "planOnly.ts", "fleet.ts", "stopResumeDelete.ts", "tuneMemoryAfterOom.ts", "jobsWithWarnings.ts"]));
  });

  it.each(examples)("%s exits 0", async (file) => {
    const env = { ...process.env, EMULATOR_PROFILE: "instant", AZURE_SUBSCRIPTION_ID: "" };
    const { stdout } = await run(process.execPath, ["--import", "tsx", `examples/${file}`], { env, timeout: 60_000 });
    expect(stdout.trim().length).toBeGreaterThan(0);
    expect(stdout).not.toMatch(/FAILED|PROBLEM/);
  }, 90_000);
});
