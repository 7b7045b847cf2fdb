/** Runs the command line: parses, runs the command, returns the exit code. */
import { CommanderError } from "commander";
import { exitCodes, exitCodeFor } from "./exitCodes.js";
import { jsonDocument } from "./output.js";
import { buildProgram } from "./program.js";
import type { RunState } from "./options.js";

/**
 * Runs `aks-backup` with `args` (without the node and script paths) and returns its exit code.
 * The first Ctrl-C aborts the running operation's waits; a second one exits at once.
 */
export async function runCli(args: readonly string[]): Promise<number> {
  const state: RunState = { exitCode: exitCodes.ok, abortController: new AbortController() };
  const onSigint = (): void => {
    if (state.abortController.signal.aborted) process.exit(exitCodes.interrupted);
    process.stderr.write("\nStopping: waits end now; operations already sent go on in Azure (run the command again to converge). Ctrl-C again to quit at once.\n");
    state.abortController.abort();
  };
  process.on("SIGINT", onSigint);
  const program = buildProgram(state);
  try {
    await program.parseAsync([...args], { from: "user" });
    return state.exitCode;
  } catch (error) {
    // Commander printed its message (usage errors) or the help; nothing was sent.
    const code = exitCodeFor(error);
    if (args.includes("--json") && error instanceof CommanderError && code !== exitCodes.ok) {
      const command = program.commands.find((c) => args.includes(c.name()))?.name() ?? "aks-backup";
      process.stdout.write(jsonDocument(command, code, { error }));
    }
    return code;
  } finally {
    process.off("SIGINT", onSigint);
  }
}
