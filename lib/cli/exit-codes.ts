/** The flycell command's exit codes, the same for every subcommand. */
export const EXIT_OK = 0;
/** A refusal: the guard refused the plan, the fleet is invalid, the ledger is out of date. */
export const EXIT_REFUSED = 1;
/** A usage error or unusable input: a missing file, not JSON, not the document expected. */
export const EXIT_USAGE = 2;

/** The table printed at the end of `flycell --help`. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  ok
  1  refused: the guard refused the plan, the fleet is invalid, the ledger is out of date
  2  usage error or unusable input: a file missing, not JSON, or not the document expected`;

/**
 * Ends a subcommand with a refusal or a usage error; the message goes to stderr as is.
 * Subcommands throw it; `runCli` turns it into the exit code.
 */
export class CliFailure extends Error {
  constructor(
    public readonly exitCode: typeof EXIT_REFUSED | typeof EXIT_USAGE,
    message: string,
  ) {
    super(message);
    this.name = "CliFailure";
  }
}

/** A subcommand's "Exit codes:" help section: what each code it can end with means there. */
export function exitCodesHelp(meanings: Partial<Record<0 | 1 | 2, string>>): string {
  return ["", "Exit codes:", ...Object.entries(meanings).map(([code, meaning]) => `  ${code}  ${meaning}`)].join("\n");
}
