import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { RECOVERED_TFVARS_FILE } from "../../lib/plan/naming";
import { ACME_MACHINE, ACME_VOLUME, APP, BETA_VOLUME, EmulatedFleet, NEWER_SNAPSHOT, OLDER_SNAPSHOT, TOKEN } from "../recovery/emulated-fleet";
import { recoveryEntry, stackDir } from "../recovery/stack-dir";
import { ROOT } from "./run-cli";

const MAIN = path.join(ROOT, "lib", "cli", "main.ts");
// Each run is a process compiling the CLI: seconds on a busy machine.
jest.setTimeout(60_000);

/** `flycell <args>` as a process that does not block this one (the emulated API answers from here). */
function flycell(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), MAIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json"), ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += String(d)));
    child.stderr.on("data", (d: Buffer) => (stderr += String(d)));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A stack's `terraform output -json`: tenant acme in its own cell, p1 in shared cell ams-1 (beta's volume). */
function outputsFile(): string {
  const dir = fs.mkdtempSync(path.join(ROOT, ".tmp", "jest", "cli-volumes-"));
  const cell = (volume: string, extra: object = {}) => ({ status: "active", region: "ams", machine_id: ACME_MACHINE, volume_id: volume, volume_size_gb: 1, app: APP, image: "registry.fly.io/acme:1", ...extra });
  const outputs = {
    cells: { value: { acme: cell(ACME_VOLUME), p1: cell(BETA_VOLUME, { cell: "ams-1" }) } },
    released_volumes: { value: [] },
    shared_cells: { value: { "ams-1": { volume_id: BETA_VOLUME, volume_size_gb: 1, region: "ams", tenants: {} } } },
  };
  const file = path.join(dir, "fleet.outputs.json");
  fs.writeFileSync(file, JSON.stringify(outputs));
  return file;
}

describe("flycell volumes and flycell recover, on the emulated Machines API", () => {
  let fleet: EmulatedFleet;
  let outputs: string;
  beforeAll(async () => {
    fleet = await EmulatedFleet.start({});
    outputs = outputsFile();
  });
  afterAll(() => fleet.close());
  const env = () => ({ FLY_API_TOKEN: TOKEN, FLY_API_BASE_URL: fleet.server.url });

  it("lists a tenant's snapshots, newest first, as a table", async () => {
    const r = await flycell(["volumes", "snapshots", "acme", "--outputs", outputs], env());
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe(`tenant "acme": volume data_acme (${ACME_VOLUME}) in app ${APP}: 2 snapshot(s), kept 5 days`);
    expect(lines[1]).toMatch(/^ID\s+TAKEN\s+AGE\s+SIZE\s+STATUS$/);
    expect(lines[2]).toMatch(new RegExp(`^${NEWER_SNAPSHOT}\\s+\\S+Z\\s+2h 0m\\s+1 KB\\s+created$`));
    expect(lines[3]).toMatch(new RegExp(`^${OLDER_SNAPSHOT}\\s+\\S+Z\\s+1d 6h\\s+1 KB\\s+created$`));
  });

  it("lists a shared cell's snapshots as JSON, by the cell's id", async () => {
    const r = await flycell(["volumes", "snapshots", "ams-1", "--outputs", outputs, "--json"], env());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      tenant: "ams-1",
      app: APP,
      volume: { id: BETA_VOLUME, name: "data_beta", snapshot_retention: 5 },
      snapshots: [{ id: expect.stringMatching(/^vs_/), created_at: expect.any(String), age_seconds: expect.any(Number), size: 1024, status: "created" }],
    });
  });

  it("takes a snapshot now and prints it", async () => {
    const r = await flycell(["volumes", "snapshot", "acme", "--outputs", outputs], env());
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const id = /snapshot (vs_\w+) of volume data_acme/.exec(r.stdout)?.[1];
    expect(r.stdout).toContain(`restore: { snapshot: "${id}" }`);
    expect(fleet.server.calls.filter((c) => c.method === "POST" && c.path === `/v1/apps/${APP}/volumes/${ACME_VOLUME}/snapshots`).map((c) => c.status)).toEqual([200]);
  });

  it("exits 2 for a tenant no output names, and without a token", async () => {
    const unknown = await flycell(["volumes", "snapshots", "nosuch", "--outputs", outputs], env());
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, `flycell volumes: no tenant or shared cell "nosuch" in the outputs of ${outputs}`]);
    const tokenless = await flycell(["volumes", "snapshot", "acme", "--outputs", outputs], { FLY_API_TOKEN: "" });
    expect([tokenless.code, tokenless.stderr.trim()]).toEqual([2, "flycell volumes snapshot: FLY_API_TOKEN is not set"]);
  });

  it("flycell recover makes the volume, then finds it; a refusal exits 1 naming the field", async () => {
    const dir = stackDir([recoveryEntry()]);
    const made = await flycell(["recover", dir], env());
    expect([made.code, made.stderr]).toEqual([0, ""]);
    expect(made.stdout).toMatch(/^acme: volume g1_acme \(vol_\w+\) restored from vs_\w+ .*; old volume data_acme .* kept$/m);
    expect(made.stdout).toContain(`fleet: wrote ${path.join(dir, RECOVERED_TFVARS_FILE)}`);
    const again = await flycell(["recover", dir], env());
    expect(again.stdout).toMatch(/^acme: volume g1_acme \(vol_\w+\) found from an earlier run$/m);

    const refused = await flycell(["recover", stackDir([recoveryEntry({ owner: "beta", variable: "flycell_volume_beta_g1", volume: { name: "g1_beta" }, source: { from_volume_name: "data_beta", snapshot: "vs_gone" } })])], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/tenant "beta", field "restore\.snapshot" \("vs_gone"\): is no snapshot of volume data_beta .*; nothing was changed/);
    expect(refused.stderr).not.toContain(TOKEN);
  });
});
