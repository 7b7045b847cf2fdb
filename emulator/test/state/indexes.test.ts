import { describe, expect, it } from "vitest";
import { Scheduler, SimClock } from "../../src/clock.js";
import { RequestLog } from "../../src/http/requestLog.js";
import { Directory } from "../../src/state/directory.js";
import { ResourceTable } from "../../src/state/table.js";
import { startArmEmulator } from "../../src/index.js";

interface Item {
  id: string;
  owner: string;
}

describe("ResourceTable indexes", () => {
  it("finds children of any ancestor path, case-insensitively, in insertion order", () => {
    const t = new ResourceTable<Item>();
    for (const id of ["/s/1/rg/A/p/x", "/s/1/rg/a/p/y", "/s/1/rg/b/p/z", "/s/2/rg/a/p/x", "/s/1/rg/ab/p/w"]) t.set({ id, owner: "" });
    expect(t.under("/S/1/RG/a").map((i) => i.id)).toEqual(["/s/1/rg/A/p/x", "/s/1/rg/a/p/y"]);
    expect(t.under("/s/1/").map((i) => i.id)).toEqual(["/s/1/rg/A/p/x", "/s/1/rg/a/p/y", "/s/1/rg/b/p/z", "/s/1/rg/ab/p/w"]);
    expect(t.under("/s/1/rg/a/p/x")).toEqual([]);
    expect(t.under("/")).toHaveLength(5);
    t.delete("/s/1/rg/a/p/x");
    t.set({ id: "/s/1/rg/a/p/x", owner: "" });
    expect(t.under("/s/1/rg/a").map((i) => i.id)).toEqual(["/s/1/rg/a/p/y", "/s/1/rg/a/p/x"]);
  });

  it("keeps secondary indexes right through replace and delete", () => {
    const t = new ResourceTable<Item, "owner">({ owner: (i) => i.owner.toLowerCase() });
    t.set({ id: "/a/1", owner: "P" });
    t.set({ id: "/a/2", owner: "p" });
    t.set({ id: "/a/3", owner: "q" });
    expect(t.lookup("owner", "p").map((i) => i.id)).toEqual(["/a/1", "/a/2"]);
    t.set({ id: "/A/1", owner: "q" });
    expect(t.lookup("owner", "p").map((i) => i.id)).toEqual(["/a/2"]);
    expect(t.lookup("owner", "q").map((i) => i.id)).toEqual(["/a/3", "/A/1"]);
    expect(t.inInsertionOrder(t.lookup("owner", "q")).map((i) => i.id)).toEqual(["/A/1", "/a/3"]);
    t.delete("/a/3");
    expect(t.lookup("owner", "q").map((i) => i.id)).toEqual(["/A/1"]);
    expect(t.lookup("owner", "none")).toEqual([]);
  });
});

describe("Directory", () => {
  it("answers the first principal of a kind and a resource's principals without a scan", () => {
    const d = new Directory("t", new SimClock(1000));
    const a = d.create("userAssigned", "/S/x/uami1");
    d.create("userAssigned", "/s/x/uami2");
    const caller = d.register("C0FFEE00-0000-0000-0000-000000000000", "caller", "/s/x");
    expect(d.firstOfKind("caller")).toBe(caller);
    expect(d.firstOfKind("vault")).toBeUndefined();
    expect(d.ownedBy("/s/X/UAMI1")).toEqual([a]);
  });
});

describe("Scheduler", () => {
  it("applies events in time order, and in scheduling order at equal times", () => {
    const clock = new SimClock(1000);
    const s = new Scheduler(clock);
    const ran: string[] = [];
    const base = clock.now();
    const order = [50, 10, 30, 10, 40, 20, 10, 60, 5, 30];
    order.forEach((sec, i) => s.at(base + sec * 1000, () => ran.push(`${sec}:${i}`)));
    s.at(base + 15_000, () => {
      ran.push("15");
      s.at(base + 16_000, () => ran.push("16 (scheduled while settling)"));
    });
    clock.advance(35);
    s.settle();
    expect(ran).toEqual(["5:8", "10:1", "10:3", "10:6", "15", "16 (scheduled while settling)", "20:5", "30:2", "30:9"]);
    expect(s.pending).toBe(3);
  });
});

describe("request log", () => {
  it("stays bounded, drops the oldest first and counts every request", () => {
    const log = new RequestLog(100);
    for (let i = 0; i < 1000; i++) log.push({ method: "GET", path: `/${i}`, query: {}, status: 200, at: i });
    expect(log.entries.length).toBeLessThanOrEqual(100);
    expect(log.entries.at(-1)!.path).toBe("/999");
    expect(Number(log.entries[0]!.path.slice(1))).toBe(1000 - log.entries.length);
    expect(log.total).toBe(1000);
    expect(() => new RequestLog(-1)).toThrow(RangeError);
  });

  it("is an emulator option", async () => {
    const emu = await startArmEmulator({ requestLogLimit: 0 });
    try {
      const { armRequest } = await import("../support/replay.js");
      await armRequest(emu, "GET", `/subscriptions/${emu.subscriptionId}/resourcegroups?api-version=2021-04-01`);
      expect([emu.requests.length, emu.requestCount]).toEqual([0, 1]);
    } finally {
      await emu.stop();
    }
    await expect(startArmEmulator({ requestLogLimit: 1.5 })).rejects.toThrow(RangeError);
  });
});
