import { describe, expect, it } from "vitest";
import { isKubernetesQuantity, parseQuantity } from "aks-backup";

describe("Kubernetes quantities", () => {
  it.each([
    ["4400Mi", 4400 * 2 ** 20],
    ["1Gi", 2 ** 30],
    ["500m", 0.5],
    ["1", 1],
    ["1.5", 1.5],
    ["2k", 2000],
    ["1e3", 1000],
  ])("parses %s", (q, value) => {
    expect(isKubernetesQuantity(q)).toBe(true);
    expect(parseQuantity(q)).toBeCloseTo(value);
  });

  it.each(["4400MB", "-1", "abc", "1.5.0", "", "Mi", "1 Gi", "1gi"])("refuses %j", (q) => {
    expect(isKubernetesQuantity(q)).toBe(false);
    expect(parseQuantity(q)).toBeUndefined();
  });
});
