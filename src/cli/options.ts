/** The flags every command takes, and the wrapper that runs a command's action. */
import { InvalidArgumentError, Option, type Command } from "commander";
import type { AksBackup } from "../facade/aksBackup.js";
import { connect, type ConnectionFlags } from "./connection.js";
import { exitCodeFor } from "./exitCodes.js";
import { errorText, jsonDocument, type CommandOutcome } from "./output.js";
import type { ProgressTarget } from "./progress.js";

/** Flags of every command. */
export interface CommonFlags extends ConnectionFlags {
  /** `--json`. */
  json?: boolean;
}

/** What a command's action gets. */
export interface CommandContext {
  /** Its flags, as commander parsed them. */
  flags: CommonFlags & Record<string, unknown>;
  /** Where progress goes. */
  progress: ProgressTarget;
  /** Aborted on Ctrl-C: waits stop (operations already sent go on in Azure). */
  abortSignal: AbortSignal;
  /** Width for tables. */
  columns: number;
  /** Builds the facade (see `connect`); `ids` give the subscription when no flag or variable does. */
  connect(ids: ReadonlyArray<string | undefined>): Promise<AksBackup>;
}

/** The outcome of the whole run (the exit code), set by the action. */
export interface RunState {
  exitCode: number;
  abortController: AbortController;
}

/** Parses a whole number >= 0 (a flag value). */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError("Not a whole number.");
  return n;
}

/** Adds `--subscription`, `--emulator`, `--poll-interval` and `--json`. */
export function addCommonFlags(command: Command): Command {
  return command
    .option("--subscription <id>", "default subscription (else AZURE_SUBSCRIPTION_ID, else the one in the ids given)")
    .option("--emulator <connection-file>", "use the ARM emulator of this connection file (npx aks-backup-emulator --connection-file ...) instead of Azure")
    .addOption(new Option("--poll-interval <ms>", "interval between polls of long waits when Azure gives no Retry-After (default 2000)").argParser(wholeNumber))
    .option("--json", "print one JSON document on stdout (progress goes to stderr)");
}

/**
 * Sets a command's action: runs `handler`, prints its outcome (the JSON document, or the report
 * for people) or its error, and records the exit code.
 */
export function setAction(command: Command, state: RunState, handler: (context: CommandContext) => Promise<CommandOutcome>): Command {
  return command.action(async (_local: unknown, self: Command) => {
    // The common flags may come before the command (`aks-backup --emulator emu.json discover`) or after it.
    const flags = self.optsWithGlobals<CommonFlags & Record<string, unknown>>();
    const json = flags.json === true;
    const stream = json ? process.stderr : process.stdout;
    const context: CommandContext = {
      flags,
      progress: { stream, interactive: !json && process.stdout.isTTY === true },
      abortSignal: state.abortController.signal,
      columns: process.stdout.isTTY ? process.stdout.columns : Number.POSITIVE_INFINITY,
      connect: (ids) => connect(flags, ids),
    };
    try {
      const outcome = await handler(context);
      state.exitCode = outcome.exitCode;
      if (json) process.stdout.write(jsonDocument(command.name(), outcome.exitCode, { result: outcome.result }));
      else if (outcome.human) process.stdout.write(`${outcome.human}\n`);
    } catch (error) {
      state.exitCode = exitCodeFor(error);
      if (json) process.stdout.write(jsonDocument(command.name(), state.exitCode, { error }));
      process.stderr.write(`${errorText(error)}\n`);
    }
  });
}
