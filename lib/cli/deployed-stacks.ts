import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { DeployedStack } from "../plan/ledger";
import { CELLS_OUTPUT, RELEASED_VOLUMES_OUTPUT, SHARED_CELLS_OUTPUT } from "../plan/naming";
import { quote } from "../plan/quote";
import { CliFailure, EXIT_USAGE } from "./exit-codes";

/** Where cdktf writes each stack's directory; `terraform output` runs in each. */
export const STACKS_DIR = path.join("cdktf.out", "stacks");

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** What is wrong with a `cells` output value, or undefined when every entry has a status and a region. */
function badCells(cells: unknown): string | undefined {
  if (!isObject(cells)) return `its ${CELLS_OUTPUT} output is not an object of tenants`;
  for (const [id, cell] of Object.entries(cells)) {
    const ok =
      isObject(cell) &&
      typeof cell.status === "string" &&
      typeof cell.region === "string" &&
      (cell.volume_size_gb === undefined || typeof cell.volume_size_gb === "number");
    if (!ok) return `its ${CELLS_OUTPUT} output has no status and region for tenant ${quote(id)}`;
    // Outputs older than the field have no stack; the ledger then records none.
    if (cell.stack !== undefined && typeof cell.stack !== "string") return `its ${CELLS_OUTPUT} output has a stack that is not a string for tenant ${quote(id)}`;
  }
  return undefined;
}

/**
 * What a stack's `terraform output -json` says is deployed, or undefined for a stack without a
 * `cells` output (a sharded fleet's shared or router stack, or a stack never applied).
 */
export function deployedStackOf(name: string, outputs: unknown): DeployedStack | undefined {
  const unusable = (why: string) =>
    new CliFailure(EXIT_USAGE, `flycell ledger: ${name} is not \`terraform output -json\` of a fleet stack: ${why}`);
  if (!isObject(outputs)) throw unusable("expected a JSON object of outputs");
  // Only flycell's own output names, as own keys: never one the object inherits.
  const output = (key: string) => (Object.hasOwn(outputs, key) ? outputs[key] : undefined);
  const value = (key: string) => {
    const found = output(key);
    return isObject(found) ? found.value : undefined;
  };
  if (output(CELLS_OUTPUT) === undefined) return undefined;
  const cells = value(CELLS_OUTPUT);
  const problem = badCells(cells);
  if (problem) throw unusable(`${problem} (outputs look like { "${CELLS_OUTPUT}": { "value": { ... } } })`);
  const released = value(RELEASED_VOLUMES_OUTPUT) ?? [];
  if (!Array.isArray(released) || released.some((v) => typeof v !== "string")) {
    throw unusable(`its ${RELEASED_VOLUMES_OUTPUT} output is not a list of volume names`);
  }
  const shared = value(SHARED_CELLS_OUTPUT);
  if (shared !== undefined && !isObject(shared)) throw unusable(`its ${SHARED_CELLS_OUTPUT} output is not an object of cells`);
  for (const [id, cell] of Object.entries(shared ?? {})) {
    if (!isObject(cell) || typeof cell.region !== "string" || typeof cell.volume_size_gb !== "number") {
      throw unusable(`its ${SHARED_CELLS_OUTPUT} output has no region and volume size for cell ${quote(id)}`);
    }
    if (cell.stack !== undefined && typeof cell.stack !== "string") {
      throw unusable(`its ${SHARED_CELLS_OUTPUT} output has a stack that is not a string for cell ${quote(id)}`);
    }
  }
  return {
    name,
    cells: cells as DeployedStack["cells"],
    releasedVolumes: released as string[],
    ...(shared === undefined ? {} : { sharedCells: shared as DeployedStack["sharedCells"] }),
  };
}

/** A file holding a stack's `terraform output -json`. */
export function readOutputsFile(file: string): DeployedStack | undefined {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new CliFailure(EXIT_USAGE, `flycell ledger: cannot read ${file}: ${(err as Error).message}`);
  }
  return deployedStackOf(file, json);
}

/** Runs `terraform output -json` in a stack's directory (the environment passes through: TF_CLI_CONFIG_FILE, credentials). */
export function readStackOutputs(dir: string): DeployedStack | undefined {
  if (!fs.existsSync(dir)) throw new CliFailure(EXIT_USAGE, `flycell ledger: no stack directory ${dir}`);
  let stdout: string;
  try {
    stdout = execFileSync("terraform", ["output", "-json", "-no-color"], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    const why = e.stderr?.trim() || e.message;
    throw new CliFailure(EXIT_USAGE, `flycell ledger: \`terraform output -json\` failed in ${dir} (run \`terraform init\` there?): ${why}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch (err) {
    throw new CliFailure(EXIT_USAGE, `flycell ledger: \`terraform output -json\` in ${dir} printed no JSON: ${(err as Error).message}`);
  }
  return deployedStackOf(path.basename(path.resolve(dir)), json);
}

/** Every stack cdktf synthesized, the default for `--stack`. */
export function synthesizedStackDirs(): string[] {
  const dirs = fs.existsSync(STACKS_DIR)
    ? fs.readdirSync(STACKS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(STACKS_DIR, e.name))
    : [];
  if (dirs.length === 0) {
    throw new CliFailure(EXIT_USAGE, `flycell ledger: no stacks under ${STACKS_DIR}: run the synth first, or pass --stack or --outputs`);
  }
  return dirs.sort();
}
