import { describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { SetupStepError } from "../../src/errors.js";
import { criticalPath, runStepGraph, type Step } from "../../src/facade/stepGraph.js";
import type { StepEvent } from "../../src/facade/progress.js";

function recorder(): { steps: (name: string, deps: string[], fail?: boolean) => Step; log: string[]; maxRunning: () => number } {
  const log: string[] = [];
  let running = 0;
  let max = 0;
  return {
    log,
    maxRunning: () => max,
    steps: (name, deps, fail = false) => ({
      name,
      dependsOn: deps,
      run: async (ctx) => {
        running += 1;
        max = Math.max(max, running);
        log.push(`start ${name}`);
        ctx.waiting(`${name} working`);
        await sleep(5);
        running -= 1;
        log.push(`end ${name}`);
        if (fail) throw new Error(`${name} broke`);
        return { action: "created", detail: `${name} made`, wrote: name !== "noop" };
      },
    }),
  };
}

describe("runStepGraph", () => {
  it("starts a step only after its dependencies end, and runs independent steps together", async () => {
    const r = recorder();
    const steps = [r.steps("a", []), r.steps("b", []), r.steps("c", ["a", "b"]), r.steps("noop", ["a"])];
    const events: StepEvent[] = [];
    const results = await runStepGraph(steps, { onProgress: (e) => events.push(e) });
    expect(results.map((x) => x.step).sort()).toEqual(["a", "b", "c", "noop"]);
    expect(r.log.indexOf("start c")).toBeGreaterThan(r.log.indexOf("end a"));
    expect(r.log.indexOf("start c")).toBeGreaterThan(r.log.indexOf("end b"));
    expect(r.maxRunning()).toBe(2);
    expect(events.filter((e) => e.step === "noop").map((e) => e.type)).toEqual(["started", "waiting", "skipped"]);
    expect(events.find((e) => e.step === "c" && e.type === "done")?.detail).toBe("c made");
  });

  it("honours a concurrency bound", async () => {
    const r = recorder();
    await runStepGraph([r.steps("a", []), r.steps("b", []), r.steps("c", [])], { concurrency: 1 });
    expect(r.maxRunning()).toBe(1);
  });

  it("stops starting steps after a failure and names the failed step and what completed", async () => {
    const r = recorder();
    const error = await runStepGraph([r.steps("a", []), r.steps("b", ["a"], true), r.steps("c", ["b"])]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SetupStepError);
    expect((error as SetupStepError).step).toBe("b");
    expect((error as SetupStepError).completed.map((c) => c.step)).toEqual(["a"]);
    expect((error as Error).message).toMatch(/'b' failed: b broke \(completed: a\)/);
    expect(r.log).not.toContain("start c");
  });

  it("refuses unknown dependencies and cycles", async () => {
    const r = recorder();
    await expect(runStepGraph([r.steps("a", ["x"])])).rejects.toThrow(/unknown step 'x'/);
    await expect(runStepGraph([r.steps("a", ["b"]), r.steps("b", ["a"])])).rejects.toThrow(/cycle/);
  });

  it("stops on abort with an AbortError", async () => {
    const r = recorder();
    const controller = new AbortController();
    controller.abort();
    const error = await runStepGraph([r.steps("a", [])], { abortSignal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
  });
});

describe("criticalPath", () => {
  it("is the longest chain of measured durations", () => {
    const steps = [{ name: "a", dependsOn: [] }, { name: "b", dependsOn: ["a"] }, { name: "c", dependsOn: [] }];
    const results = [
      { step: "a", action: "", detail: "", startedAtInMs: 0, durationInMs: 10, wrote: true, dependsOn: [] },
      { step: "b", action: "", detail: "", startedAtInMs: 10, durationInMs: 5, wrote: true, dependsOn: [] },
      { step: "c", action: "", detail: "", startedAtInMs: 0, durationInMs: 12, wrote: true, dependsOn: [] },
    ];
    expect(criticalPath(steps, results)).toEqual({ durationInMs: 15, steps: ["a", "b"] });
  });
});
