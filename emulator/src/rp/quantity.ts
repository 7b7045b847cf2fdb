/**
 * Kubernetes resource quantities ("500m", "1", "4400Mi", "1.5Gi", "2e3"), as the API server
 * parses them: a decimal number with an optional binary (Ki..Ei), decimal (k, M..E) or milli (m)
 * suffix. Values must be positive for CPU and memory settings.
 */
const quantityPattern = /^(?<num>\d+(?:\.\d+)?|\.\d+)(?:(?<exp>[eE][+-]?\d+)|(?<suffix>Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E))?$/;

const multipliers: Record<string, number> = {
  "": 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Whether `value` is a well-formed, non-negative Kubernetes quantity. */
export function isKubernetesQuantity(value: string): boolean {
  return quantityPattern.test(value);
}

/**
 * The numeric value of a quantity in base units (cores for CPU, bytes for memory), or
 * `undefined` when it is not a quantity. "500m" -> 0.5, "1Gi" -> 1073741824.
 */
export function parseQuantity(value: string): number | undefined {
  const m = quantityPattern.exec(value);
  if (!m?.groups) return undefined;
  const num = Number(m.groups["num"]);
  const exp = m.groups["exp"];
  if (exp !== undefined) return num * 10 ** Number(exp.slice(1));
  return num * (multipliers[m.groups["suffix"] ?? ""] ?? 1);
}

/** Formats bytes as a Mi quantity, rounded up ("4400Mi"). */
export function formatMebibytes(bytes: number): string {
  return `${Math.ceil(bytes / 2 ** 20)}Mi`;
}

/** Formats cores as a milli-CPU quantity, rounded up ("1500m"). */
export function formatMilliCores(cores: number): string {
  return `${Math.ceil(cores * 1000)}m`;
}
