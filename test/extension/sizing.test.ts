import { describe, expect, it } from "vitest";
import { defaultExtensionResources, estimateExtensionMemoryBytes, recommendExtensionResources } from "../../src/extension/sizing.js";
import { InputValidationError, parseQuantity } from "aks-backup";

describe("extension sizing", () => {
  it("keeps the chart defaults for small clusters", () => {
    expect(recommendExtensionResources(200)).toEqual({ limits: { cpu: "1000m", memory: "1280Mi" }, requests: { cpu: "500m", memory: "640Mi" } });
    expect(defaultExtensionResources.limits.memory).toBe("1280Mi");
  });

  it.each([1000, 1500, 3500, 12000])("gives %i objects a memory limit above the estimate, requests within limits", (count) => {
    const r = recommendExtensionResources(count);
    const limit = parseQuantity(r.limits!.memory!)!;
    expect(limit).toBeGreaterThanOrEqual(estimateExtensionMemoryBytes(count) * 1.25);
    expect(parseQuantity(r.requests!.memory!)!).toBeLessThanOrEqual(limit);
    expect(parseQuantity(r.requests!.cpu!)!).toBeLessThanOrEqual(parseQuantity(r.limits!.cpu!)!);
  });

  it("grows the limit with the cluster and rejects nonsense", () => {
    expect(parseQuantity(recommendExtensionResources(3500).limits!.memory!)!).toBeGreaterThan(parseQuantity(recommendExtensionResources(1500).limits!.memory!)!);
    expect(recommendExtensionResources(12000).limits!.cpu).toBe("3000m");
    expect(() => recommendExtensionResources(-1)).toThrow(InputValidationError);
  });
});
