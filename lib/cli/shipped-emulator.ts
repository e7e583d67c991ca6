/**
 * The Fly provider emulator flycell ships (emulator/dist, compiled by `npm run emulator:build` and
 * by the package build), loaded at run time: it is compiled apart from lib/, so the CLI names
 * only the parts it uses; test/cli/local.test.ts checks them against the sources.
 */
import * as fs from "fs";
import * as path from "path";
import { CliFailure, EXIT_USAGE } from "./exit-codes";

/** emulator/src/install.ts's `EmulatorInstall`. */
export interface EmulatorInstall {
  readonly cliConfig: string;
  readonly dataDir: string;
}

/** emulator/src/machines-api/server.ts's `RunningMachinesApi`, the part used here. */
export interface RunningMachinesApi {
  readonly url: string;
  close(): Promise<void>;
}

export interface ShippedEmulator {
  /** Installs the plugin as `ampbase-io/fly` in a filesystem mirror under `dir`. */
  installEmulator(dir: string): EmulatorInstall;
  /** Serves the account file as Fly's Machines API (for the recover step). */
  startMachinesApi(options: { readonly accountFile: string; readonly token: string }): Promise<RunningMachinesApi>;
}

/** Two levels up from both lib/cli/ (sources) and dist/cli/ (the package), as package.json is. */
export const EMULATOR_DIST = path.join(__dirname, "..", "..", "emulator", "dist");

export function loadShippedEmulator(dist = EMULATOR_DIST): ShippedEmulator {
  const install = path.join(dist, "install.js");
  const server = path.join(dist, "machines-api", "server.js");
  if (!fs.existsSync(install) || !fs.existsSync(server)) {
    throw new CliFailure(EXIT_USAGE, `flycell local: the emulator is not built (${dist} has no install.js): in a flycell clone, npm run emulator:build`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
  const { installEmulator } = require(install) as Pick<ShippedEmulator, "installEmulator">;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
  const { startMachinesApi } = require(server) as Pick<ShippedEmulator, "startMachinesApi">;
  return { installEmulator, startMachinesApi };
}
