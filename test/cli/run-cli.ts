import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.join(__dirname, "..", "..");
const MAIN = path.join(ROOT, "lib", "cli", "main.ts");
const TS_NODE = require.resolve("ts-node/register/transpile-only");

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `flycell <args>` as a process, from the sources (as `npm run flycell --` does). ts-node
 * compiles them with the repository's tsconfig whatever the working directory.
 */
export function flycell(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, ["-r", TS_NODE, MAIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...(options.env ?? process.env), TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json") },
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Path of a fixture file. */
export const fixture = (name: string) => path.join(__dirname, "fixtures", name);

/** flycell's own package.json. */
export const flycellPackageJson = () =>
  JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string; scripts: Record<string, string> };
