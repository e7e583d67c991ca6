import * as fs from "fs";
import * as path from "path";
import { FleetInput } from "../tenants/schema";
import { CliFailure, EXIT_USAGE } from "./exit-codes";

/** Lets `require` load TypeScript: ts-node in transpile-only mode, from the project or beside flycell. */
function registerTypeScript(file: string): void {
  if (require.extensions[".ts"]) return; // already running under ts-node (or another loader)
  let tsNode: string;
  try {
    tsNode = require.resolve("ts-node", { paths: [process.cwd(), __dirname] });
  } catch {
    throw new CliFailure(EXIT_USAGE, `flycell: cannot load ${file}: ts-node is not installed here. Install it (npm install --save-dev ts-node), or pass a .js or .json fleet file`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for a .ts fleet
  (require(tsNode) as { register: (options: object) => void }).register({ transpileOnly: true });
}

/**
 * The fleet a module describes: the `fleet` export of a .ts or .js file, or the whole of a
 * .json file (as schema/fleet.schema.json describes it; a `$schema` key for editors is ignored).
 * Only the shape "is there a fleet" is checked here; `planFleet` judges the rest.
 */
export function loadFleet(file: string): FleetInput {
  const full = path.resolve(file);
  if (!fs.existsSync(full)) throw new CliFailure(EXIT_USAGE, `flycell: no fleet module at ${file} (pass one with --fleet)`);
  if (full.endsWith(".json")) {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(full, "utf8"));
    } catch (err) {
      throw new CliFailure(EXIT_USAGE, `flycell: cannot read ${file}: ${(err as Error).message}`);
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      throw new CliFailure(EXIT_USAGE, `flycell: ${file} is not a fleet: expected a JSON object with the fleet's settings and tenants`);
    }
    const { $schema: _schema, ...fleet } = json as Record<string, unknown>;
    return fleet as unknown as FleetInput;
  }
  if (/\.[cm]?tsx?$/.test(full)) registerTypeScript(file);
  let exported: { fleet?: unknown };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the user's module, by path
    exported = require(full) as { fleet?: unknown };
  } catch (err) {
    throw new CliFailure(EXIT_USAGE, `flycell: cannot load ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (exported.fleet === undefined) throw new CliFailure(EXIT_USAGE, `flycell: ${file} exports no \`fleet\` (export const fleet: FleetInput = { ... })`);
  return exported.fleet as FleetInput;
}
