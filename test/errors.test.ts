import { AzureLogger, getLogLevel, setLogLevel } from "@azure/logger";
import { RestError } from "@azure/core-rest-pipeline";
import { afterEach, describe, expect, it } from "vitest";
import * as library from "aks-backup";
import {
  AggregateAksBackupError, AksBackupError, AzureRequestError, InputValidationError, PrerequisiteError, ResourceNotFoundError, errorNames,
} from "aks-backup";
import { throwIfAnyFailed } from "../src/errors.js";

const errorClasses = Object.entries(library).filter((e): e is [string, typeof AksBackupError] =>
  typeof e[1] === "function" && (e[1] === AksBackupError || e[1].prototype instanceof AksBackupError));

describe("errors", () => {
  const level = getLogLevel();
  const log = AzureLogger.log;
  afterEach(() => {
    setLogLevel(level);
    AzureLogger.log = log;
  });

  it("every exported error class has its name constant", () => {
    expect(errorClasses.length).toBeGreaterThanOrEqual(14);
    for (const [name] of errorClasses) expect(errorNames, name).toHaveProperty(name);
  });

  it("carries the remedy as a field, not only in the message", () => {
    expect(new InputValidationError("clusterId", "it is empty", "pass the cluster's id").remedy).toBe("pass the cluster's id");
    const e = new AzureRequestError("Reading cluster c1", new RestError("no", { code: "AuthorizationFailed", statusCode: 403 }), "ask an Owner");
    expect(e.remedy).toBe("ask an Owner");
    const missing = new ResourceNotFoundError("jobId", "there is no job j1", "pass a job of that vault");
    expect(missing).not.toBeInstanceOf(InputValidationError);
    expect([missing.name, missing.parameter, missing.remedy]).toEqual([errorNames.ResourceNotFoundError, "jobId", "pass a job of that vault"]);
  });

  it("aggregates several failures, and passes a single one through", async () => {
    const one = new PrerequisiteError("clusterId", "no identity", "enable one");
    const two = new InputValidationError("scope", "bad", "fix it");
    const outcomes = await Promise.allSettled([Promise.reject(one), Promise.resolve(1), Promise.reject(two)]);
    const err = (() => { try { throwIfAnyFailed("Granting 3 role assignments", outcomes); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(AggregateAksBackupError);
    expect((err as AggregateAksBackupError).errors).toEqual([one, two]);
    expect((err as AggregateAksBackupError).remedy).toBe("enable one fix it");
    expect((err as Error).message).toMatch(/2 failure\(s\):\n {2}1\. clusterId: no identity/);
    expect(() => throwIfAnyFailed("x", [outcomes[0], outcomes[1]])).toThrow(one);
    expect(throwIfAnyFailed("x", [outcomes[1]])).toEqual([1]);
  });

  it("logs each failure at warning through @azure/logger, and a 404 read only at verbose", () => {
    const lines: string[] = [];
    AzureLogger.log = (...args: unknown[]) => { lines.push(args.join(" ")); };
    setLogLevel("warning");
    new AzureRequestError("Reading vault v1", new RestError("gone", { code: "ResourceNotFound", statusCode: 404 }));
    expect(lines).toEqual([]);
    new AzureRequestError("Creating vault v1", new RestError("denied", { code: "AuthorizationFailed", statusCode: 403 }));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/aks-backup:warning AzureRequestError: Creating vault v1 failed \(AuthorizationFailed: denied\)/);
  });
});
