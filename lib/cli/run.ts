import { CommanderError } from "commander";
import { CliFailure, EXIT_OK, EXIT_REFUSED, EXIT_USAGE } from "./exit-codes";
import { buildProgram } from "./program";

/**
 * Runs `flycell <args>` and returns its exit code: a `CliFailure`'s message and an invalid
 * fleet's problems go to stderr once, without a stack trace; commander's usage errors are 2.
 */
export function runCli(args: readonly string[]): number {
  try {
    buildProgram().parse(args, { from: "user" });
    return EXIT_OK;
  } catch (err) {
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
}
