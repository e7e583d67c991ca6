/**
 * `flycell deploy`'s preflight on the emulator, with a sharded fleet: every stack that already
 * has state is planned and guarded before any stack applies, so a tenant moved to a shard that
 * deploys earlier cannot get a second, empty volume there before its old shard is refused.
 */
import * as fs from "fs";
import * as path from "path";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { fly, ShardedFleet, TenantSpec } from "../../lib";
import { flycell } from "../cli/run-cli";
import { accountVolumes, describeWithTerraform, emulatorEnv } from "./terraform";

/** Outside the repository, as in deploy.test.ts: state spans processes, and other jest runs empty .tmp/. */
const BASE = path.join(path.parse(__dirname).root, "tmp", "flycell-e2e");
fs.mkdirSync(BASE, { recursive: true });
const WORK = fs.mkdtempSync(path.join(BASE, "preflight-"));
const LEDGER = path.join(WORK, "tenants.lock.json");

// Shard x deploys before shard y, so moving a from y to x plans its new cell first; d keeps shard y in the fleet.
const A: TenantSpec = { id: "a", region: "ams", shard: "y", hostnames: ["a.example.com"] };
const D: TenantSpec = { id: "d", region: "ams", shard: "y" };
const B: TenantSpec = { id: "b", region: "ord", shard: "x", hostnames: ["b.example.com"] };
const C: TenantSpec = { id: "c", region: "fra", shard: "z", hostnames: ["c.example.com"] };

/** No ledger at synth, so only the plan guard can stop a move between shards. */
function synth(tenants: readonly TenantSpec[]): void {
  fs.rmSync(path.join(WORK, "cdktf.out"), { recursive: true, force: true });
  const app = new App({ outdir: path.join(WORK, "cdktf.out") });
  new ShardedFleet(app, "fleet", {
    appName: "e2e-preflight",
    image: "registry.fly.io/e2e:1",
    tenants,
    sharding: { by: "field" },
    routing: { router: { regions: ["ams"] } },
    configureStack: (stack: TerraformStack) => {
      new LocalBackend(stack, { path: `../../../state/${stack.node.id}.tfstate` });
      new fly.provider.FlyProvider(stack, "fly", { orgSlug: "e2e-org" });
    },
  });
  app.synth();
}

describeWithTerraform("flycell deploy's preflight on a sharded fleet on the emulator", () => {
  let env: NodeJS.ProcessEnv;
  const calls = () => fs.readFileSync(path.join(WORK, "terraform.log"), "utf8").trim().split("\n");
  const deploy = (...args: string[]) => flycell(["deploy", "--ledger", LEDGER, "--terraform", path.join(WORK, "tf"), ...args], { cwd: WORK, env });
  /** Resource addresses in a stack's state file (a fresh synth leaves its directory uninitialized). */
  const stateOf = (stack: string) => {
    const state = JSON.parse(fs.readFileSync(path.join(WORK, "state", `${stack}.tfstate`), "utf8")) as { resources: { type: string; name: string }[] };
    return state.resources.map((r) => `${r.type}.${r.name}`).sort();
  };

  afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));
  beforeAll(() => {
    fs.mkdirSync(path.join(WORK, "state"));
    env = emulatorEnv(WORK);
    // A Terraform that logs the stack and arguments of every command it runs.
    fs.writeFileSync(path.join(WORK, "tf"), `#!/bin/sh\necho "$(basename "$PWD") $*" >> ${JSON.stringify(path.join(WORK, "terraform.log"))}\nexec terraform "$@"\n`, { mode: 0o755 });
    fs.writeFileSync(LEDGER, `${JSON.stringify({ version: 1, tenants: {} })}\n`);
  });

  test("a new fleet: nothing has state, so the preflight plans nothing and every stack applies in order", () => {
    synth([A, B, D]);
    const r = deploy();
    expect([r.code, r.stderr]).toEqual([0, expect.not.stringMatching(/refus|UNGUARDED|Error/)]);
    expect(r.stdout).toContain("fleet-shard-x: no state yet, planned in its turn");
    expect(calls().filter((line) => / apply /.test(line)).map((line) => line.split(" ")[0])).toEqual(["fleet-shared", "fleet-shard-x", "fleet-shard-y", "fleet-router"]);
    expect(accountVolumes(WORK)).toEqual(["data_a", "data_b", "data_d"]);
  });

  test("a new shard: the router's preflight plan waits for it, and the whole fleet still applies", () => {
    synth([A, B, C, D]);
    fs.writeFileSync(path.join(WORK, "terraform.log"), "");
    const r = deploy();
    expect([r.code, r.stderr]).toEqual([0, expect.not.stringMatching(/refus|UNGUARDED|Error/)]);
    expect(r.stdout).toContain("fleet-shard-x: passed the guard");
    expect(r.stdout).toContain("fleet-shard-z: no state yet, planned in its turn");
    expect(r.stdout).toContain("fleet-router: planned again after its upstream stacks apply");
    // Every stack with state was planned into preflight.out before the first apply.
    const log = calls();
    const firstApply = log.findIndex((line) => / apply /.test(line));
    expect(log.slice(0, firstApply).filter((line) => line.includes("-out=preflight.out")).map((line) => line.split(" ")[0])).toEqual([
      "fleet-shared",
      "fleet-shard-x",
      "fleet-shard-y",
      "fleet-router",
    ]);
    expect(accountVolumes(WORK)).toEqual(["data_a", "data_b", "data_c", "data_d"]);
    expect(stateOf("fleet-shard-z").some((address) => address.includes("cell-c"))).toBe(true);
  });

  test("a tenant moved to a shard that deploys earlier: refused before any apply, no second volume, its volume kept", () => {
    synth([{ ...A, shard: "x" }, B, C, D]);
    const before = stateOf("fleet-shard-x");
    fs.writeFileSync(path.join(WORK, "terraform.log"), "");
    const r = deploy();
    expect(r.code).toBe(1);
    // Shard x's plan creates a's new cell and passes; applied first, it would leave a with two volumes.
    expect(accountVolumes(WORK)).toEqual(["data_a", "data_b", "data_c", "data_d"]);
    expect(calls().some((line) => / apply /.test(line))).toBe(false);
    expect(stateOf("fleet-shard-x")).toEqual(before);
    expect(stateOf("fleet-shard-y").some((address) => address.includes("cell-a"))).toBe(true);
    expect(r.stderr).toContain("flycell deploy: stack fleet-shard-y refused, nothing applied there.");
    expect(r.stderr).toMatch(/tenant "a".*data_a.*destroyed/);
    expect(r.stderr).toContain("Refused in the preflight, before any apply: nothing applied to any stack.");
  });

  test("--plan-only refuses the move in the preflight too", () => {
    const r = deploy("--plan-only");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("## preflight");
    expect(r.stderr).toContain("flycell deploy: stack fleet-shard-y refused, nothing applied there.");
    expect(accountVolumes(WORK)).toEqual(["data_a", "data_b", "data_c", "data_d"]);
  });
});
