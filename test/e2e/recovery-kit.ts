/**
 * What a recovery drill needs, for the e2e drills (recovery-drill.test.ts) and the README's
 * `npm run drill:recovery`: a fleet in a temporary directory on the emulated provider, the
 * emulated Machines API serving the same account, the flycell CLI and the account's controls.
 */
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { CellFleet, readLedgerFile, TenantSpec } from "../../lib";
import { FlyProvider } from "../../lib/gen/providers/fly/provider";
import { CliResult, flycell, ROOT } from "../cli/run-cli";
import { emulatorEnv } from "./terraform";

export const TOKEN = "fo1_drill-token-never-printed";
const EMULATOR_DIST = path.join(ROOT, "emulator", "dist", "machines-api");

export interface Drill {
  readonly work: string;
  readonly stacks: string;
  readonly ledger: string;
  readonly account: string;
  env: NodeJS.ProcessEnv;
  server?: ChildProcess;
}

export function newDrill(name: string): Drill {
  // The OS temp dir: jest's global setup empties .tmp/e2e when another run starts.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `flycell-${name}-`));
  const ledger = path.join(work, "tenants.lock.json");
  fs.writeFileSync(ledger, `${JSON.stringify({ version: 1, tenants: {} })}\n`);
  return { work, stacks: path.join(work, "cdktf.out", "stacks"), ledger, account: path.join(work, "emulator", "data", "fly.json"), env: emulatorEnv(work, { FLY_API_TOKEN: TOKEN }) };
}

/** Starts the emulated Machines API on the drill's account; resolves once it prints its URL. */
export function startApi(drill: Drill): Promise<void> {
  const server = spawn(process.execPath, [path.join(EMULATOR_DIST, "main.js"), "--account", drill.account], { env: { ...process.env, FLY_API_TOKEN: TOKEN }, stdio: ["ignore", "pipe", "inherit"] });
  drill.server = server;
  return new Promise((resolve, reject) => {
    server.once("exit", (code) => reject(new Error(`the Machines API exited (${code})`)));
    server.stdout?.once("data", (chunk: Buffer) => {
      drill.env = { ...drill.env, FLY_API_BASE_URL: chunk.toString("utf8").trim() };
      resolve();
    });
  });
}

/** Synthesizes the fleet as `npm run synth` does, judged against the drill's ledger. */
export function synth(drill: Drill, tenants: readonly TenantSpec[]): void {
  fs.rmSync(path.join(drill.work, "cdktf.out", "manifest.json"), { force: true });
  const app = new App({ outdir: path.join(drill.work, "cdktf.out") });
  const stack = new TerraformStack(app, "fleet");
  new LocalBackend(stack, { path: "../../../terraform.fleet.tfstate" });
  new FlyProvider(stack, "fly", { orgSlug: "drill-org" });
  new CellFleet(stack, "fleet", { appName: "drill-fleet", image: "registry.fly.io/drill:1", tenants, ledger: readLedgerFile(drill.ledger) });
  app.synth();
}

/** `flycell deploy` of the drill's fleet, as the pipeline runs it. */
export function deploy(drill: Drill, terraform = "terraform", env: Readonly<Record<string, string>> = {}): CliResult {
  return flycell(["deploy", path.join(drill.stacks, "fleet"), "--ledger", drill.ledger, "--terraform", terraform], { cwd: drill.work, env: { ...drill.env, ...env } });
}

/** Any other `flycell` command, in the drill's directory, on its first stack. */
export function flycellIn(drill: Drill, ...args: string[]): CliResult {
  return flycell([...args, "--stack", path.join(drill.stacks, "fleet")], { cwd: drill.work, env: drill.env });
}

/** Stops the drill's Machines API and removes its directory. */
export function endDrill(drill: Drill): void {
  drill.server?.kill();
  fs.rmSync(drill.work, { recursive: true, force: true });
}

export function control(drill: Drill, ...args: string[]): string {
  return execFileSync(process.execPath, [path.join(EMULATOR_DIST, "control.js"), "--account", drill.account, ...args], { encoding: "utf8" }).trim();
}

export interface AccountVolume {
  readonly id: string;
  readonly name: string;
  readonly region: string;
}
export interface AccountMachine {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly volume: string;
}

export function account(drill: Drill): { volumes: Map<string, AccountVolume>; machines: Map<string, AccountMachine> } {
  const file = JSON.parse(fs.readFileSync(drill.account, "utf8")) as { resources: Record<string, Record<string, unknown>> };
  const volumes = new Map<string, AccountVolume>();
  const machines = new Map<string, AccountMachine>();
  for (const [key, r] of Object.entries(file.resources)) {
    if (key.startsWith("fly_volume/")) volumes.set(String(r.name), { id: String(r.id), name: String(r.name), region: String(r.region) });
    if (key.startsWith("fly_machine/")) {
      const mount = (r.mount as { volume: string }[] | undefined)?.[0];
      machines.set(String(r.name), { id: String(r.id), name: String(r.name), region: String(r.region), volume: mount?.volume ?? "" });
    }
  }
  return { volumes, machines };
}

export const contentOf = (drill: Drill, volume: string) => (JSON.parse(control(drill, "content", "read", volume)) as { content: string }).content;

