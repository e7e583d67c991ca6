import { CommanderError } from "commander";
import { CliFailure, EXIT_OK, EXIT_REFUSED, EXIT_USAGE } from "./exit-codes";
import { buildProgram } from "./program";

/**
 * The exit code for what a subcommand threw: a `CliFailure`'s message and an invalid fleet's
 * problems go to stderr once, without a stack trace; commander's usage errors are 2.
 */
function exitCodeOf(err: unknown): number {
  // --help and --version end with a CommanderError too, of exit code 0.
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  if (err instanceof CliFailure) {
    console.error(err.message);
    return err.exitCode;
  }
  // By name: the fleet module may load its own copy of flycell.
  if (err instanceof Error && err.name === "FlycellValidationError") {
    console.error(err.message);
    return EXIT_REFUSED;
  }
  throw err;
}

/** Runs `flycell <args>` whose subcommand finishes synchronously, and returns its exit code. */
export function runCli(args: readonly string[]): number {
  try {
    buildProgram().parse(args, { from: "user" });
    return EXIT_OK;
  } catch (err) {
    return exitCodeOf(err);
  }
}

/** Runs `flycell <args>`, waiting for subcommands that talk to the network (`status`, `monitor`). */
export async function runCliAsync(args: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(args, { from: "user" });
    return EXIT_OK;
  } catch (err) {
    return exitCodeOf(err);
  }
}
