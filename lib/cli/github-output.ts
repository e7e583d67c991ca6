import * as fs from "fs";
import { quote } from "../plan/quote";
import { CliFailure, EXIT_USAGE } from "./exit-codes";

/**
 * The file a step's outputs go to: `--github-output <file>` when given, else `$GITHUB_OUTPUT`,
 * which GitHub Actions sets in every step; undefined outside Actions.
 */
export function githubOutputFile(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (option !== undefined) return option;
  const file = env.GITHUB_OUTPUT;
  return file === undefined || file === "" ? undefined : file;
}

/**
 * Appends one `name=value` line to GitHub Actions' `$GITHUB_OUTPUT` file, where a step's outputs
 * go. The value must be one line: a newline would start an output of its own.
 */
export function appendGithubOutput(file: string, line: string): void {
  if (line.includes("\n") || line.includes("\r")) throw new Error(`not one line: ${quote(line)}`);
  if (file === "") throw new CliFailure(EXIT_USAGE, "--github-output: no file given");
  try {
    fs.appendFileSync(file, `${line}\n`);
  } catch (err) {
    throw new CliFailure(EXIT_USAGE, `--github-output: cannot append to ${quote(file)}: ${(err as Error).message}`);
  }
}
