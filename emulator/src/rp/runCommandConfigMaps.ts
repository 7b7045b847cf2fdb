import { shellWords, type CommandOutcome } from "./runCommandKubectl.js";

/**
 * `kubectl get configmap <name> -n <namespace> [-o name]` through AKS run command: what a
 * client asks before a restore that names a resource-modifier ConfigMap. Guess: the emulator
 * runs no real kubectl; it knows this one form (also `configmaps`, `cm`, `--namespace`), prints
 * `configmap/<name>` (or kubectl's NAME/DATA/AGE table) when the object exists in the cluster's
 * objects, and kubectl's NotFound error with exit code 1 when it does not.
 */

/** A ConfigMap as the command sees it. */
export interface ConfigMapView {
  namespace: string;
  name: string;
}

interface GetConfigMap {
  name: string;
  namespace: string;
  output: "name" | "table";
}

const configMapResources = new Set(["configmap", "configmaps", "cm"]);

/** The `kubectl get configmap` form the emulator knows, or undefined for anything else. */
export function parseGetConfigMap(command: string): GetConfigMap | undefined {
  const words = shellWords(command.trim());
  if (!words || words[0] !== "kubectl" || words[1] !== "get" || !configMapResources.has(words[2] ?? "")) return undefined;
  let name: string | undefined;
  let namespace = "default";
  let output: GetConfigMap["output"] = "table";
  for (let i = 3; i < words.length; i++) {
    const w = words[i]!;
    if (w === "-n" || w === "--namespace") namespace = words[++i] ?? "";
    else if (w.startsWith("--namespace=")) namespace = w.slice("--namespace=".length);
    else if (w === "-o" || w === "--output") output = words[++i] === "name" ? "name" : "table";
    else if (w === "-oname" || w === "-o=name" || w === "--output=name") output = "name";
    else if (w.startsWith("-") || name !== undefined) return undefined;
    else name = w;
  }
  return name === undefined || namespace === "" ? undefined : { name, namespace, output };
}

/** Runs a parsed `kubectl get configmap` against the cluster's ConfigMaps. */
export function runGetConfigMap(get: GetConfigMap, configMaps: readonly ConfigMapView[]): CommandOutcome {
  if (!configMaps.some((c) => c.namespace === get.namespace && c.name === get.name)) {
    return { exitCode: 1, logs: `Error from server (NotFound): configmaps "${get.name}" not found\n` };
  }
  if (get.output === "name") return { exitCode: 0, logs: `configmap/${get.name}\n` };
  // Guess: the emulator keeps no data or creation time of a ConfigMap.
  const width = Math.max(4, get.name.length) + 3;
  return { exitCode: 0, logs: `${"NAME".padEnd(width)}DATA   AGE\n${get.name.padEnd(width)}0      <unknown>\n` };
}
