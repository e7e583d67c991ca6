import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { EmulatedMachinesApi, startEmulatedMachinesApi } from "../monitor/emulated-machines-api";
import { ROOT } from "./run-cli";

const MAIN = path.join(ROOT, "lib", "cli", "main.ts");
const IMAGE = "registry.fly.io/acme:1";
const [M1, M2] = ["0000000000000a", "0000000000000b"];

/** `flycell status` as a process that does not block this one (the emulated Machines API answers from here). */
function status(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), MAIN, "status", ...args], {
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

/** A stack's `terraform output -json`: a dedicated tenant and a shared cell of two. */
function outputsFile(): string {
  const dir = path.join(ROOT, ".tmp", "cli-status");
  fs.mkdirSync(dir, { recursive: true });
  const cell = (machine: string, volume: string, extra: object = {}) => ({ status: "active", region: "ams", machine_id: machine, volume_id: volume, app: "fleet", image: IMAGE, ...extra });
  const cells = { acme: cell(M1, "vol_a"), p1: cell(M2, "vol_p", { cell: "ams-1" }), p2: cell(M2, "vol_p", { cell: "ams-1" }) };
  const file = path.join(dir, "fleet.outputs.json");
  fs.writeFileSync(file, JSON.stringify({ cells: { value: cells }, released_volumes: { value: [] } }));
  return file;
}

describe("flycell status", () => {
  let api: EmulatedMachinesApi;
  let file: string;
  beforeAll(async () => {
    api = await startEmulatedMachinesApi();
    api.account
      .machine("fleet", { id: M1, image: IMAGE, mounts: ["vol_a"] })
      .machine("fleet", { id: M2, image: IMAGE, state: "stopped", mounts: ["vol_p"] })
      .volume("fleet", { id: "vol_a", snapshotAgesHours: [2] })
      .volume("fleet", { id: "vol_p", snapshotAgesHours: [3] });
    file = outputsFile();
  });
  afterAll(() => api.close());
  const env = () => ({ FLY_API_TOKEN: api.token, FLY_API_BASE_URL: api.url });

  it("reports every cell, a shared cell once with its tenants; an idle (stopped) cell is no issue", async () => {
    const r = await status(["--outputs", file], env());
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toMatch(/^acme\s+ams\s+started\s+acme\s+-$/m);
    expect(r.stdout).toMatch(/^ams-1\s+ams\s+stopped\s+p1,p2\s+-$/m);
  });

  it("exits 1 and names the issue when a machine failed", async () => {
    api.account.setMachine(M2, { state: "failed" });
    const r = await status(["--outputs", file, "--json"], env());
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { issues: { cell: string; kind: string }[] };
    expect(report.issues).toEqual([expect.objectContaining({ cell: "ams-1", kind: "failed" })]);
    api.account.setMachine(M2, { state: "stopped" });
  });

  it("exits 2 without an API token", async () => {
    const r = await status(["--outputs", file], { FLY_API_TOKEN: "" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("FLY_API_TOKEN is not set");
  });
});
