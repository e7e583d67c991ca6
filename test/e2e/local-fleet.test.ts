/** `npm run deploy:local` / `plan:local`: the example fleet on the emulator, plan guard and summary included. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readLedgerFile, shardOf } from "../../lib";
import { SHARDING } from "../../stacks/sharded";
import { tenants } from "../../stacks/tenants";
import { describeWithTerraform } from "./terraform";

const ROOT = path.join(__dirname, "..", "..");
const HOME = path.join(ROOT, ".tmp", "e2e", "local-fleet");
const SHARDED_HOME = path.join(ROOT, ".tmp", "e2e", "local-fleet-sharded");

function localFleet(command: string, args: string[] = [], home = HOME) {
  return spawnSync(
    process.execPath,
    [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/local-fleet.ts", command, ...args],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, FLYCELL_EMULATOR_HOME: home } },
  );
}

/** Exit 0, or the failure with what it printed on stderr. */
function expectSuccess(run: { status: number | null; stderr: string }): void {
  expect({ status: run.status, stderr: run.status === 0 ? "" : run.stderr }).toEqual({ status: 0, stderr: "" });
}

/** The resource types in a state file, one entry per resource. */
function stateTypes(file: string): string[] {
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { resources: { type: string }[] }).resources.map((r) => r.type);
}

describeWithTerraform("the example fleet deployed on the emulator, guarded and summarized", () => {
  const repoLedger = fs.readFileSync(path.join(ROOT, "stacks", "tenants.lock.json"), "utf8");
  beforeAll(() => fs.rmSync(HOME, { recursive: true, force: true }));

  test("deploy guards and summarizes the plan, creates every cell, and records them in the emulator's ledger", () => {
    const deploy = localFleet("deploy");
    expectSuccess(deploy);
    expect(deploy.stdout).toContain("EMULATOR:");
    expect(deploy.stdout).toMatch(/plan guard: \d+ volume\(s\) in the plan, none destroyed/);
    for (const t of tenants) expect(deploy.stdout).toContain(`| ${t.id} |`);

    const machines = stateTypes(path.join(HOME, "terraform.fleet.tfstate")).filter((type) => type === "fly_machine");
    expect(machines).toHaveLength(tenants.length);
    expect(Object.keys(readLedgerFile(path.join(HOME, "tenants.lock.json")).tenants).sort()).toEqual(tenants.map((t) => t.id).sort());
    // The repository's ledger records real deploys only.
    expect(fs.readFileSync(path.join(ROOT, "stacks", "tenants.lock.json"), "utf8")).toBe(repoLedger);
  });

  test("plan:local writes plan.json where the README says, planned against the deployed state: nothing to do", () => {
    const plan = localFleet("plan");
    expect(plan.status).toBe(0);
    expect(plan.stdout).toContain("No changes.");
    const planJson = JSON.parse(fs.readFileSync(path.join(HOME, "cdktf.out", "stacks", "fleet", "plan.json"), "utf8"));
    expect(planJson.format_version).toMatch(/^1\./);
    const guard = spawnSync(
      process.execPath,
      [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/plan-guard.ts", path.join(HOME, "cdktf.out", "stacks", "fleet", "plan.json")],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(guard.status).toBe(0);
  });

  test("deploy --sharded applies the shared stack, then every shard, each in its own state, and records them all", () => {
    fs.rmSync(SHARDED_HOME, { recursive: true, force: true });
    const deploy = localFleet("deploy", ["--sharded"], SHARDED_HOME);
    expectSuccess(deploy);

    const shardStacks = [...new Set(tenants.map((t) => `fleet-${shardOf(t, SHARDING)}`))].sort();
    const states = fs.readdirSync(SHARDED_HOME).filter((f) => f.endsWith(".tfstate")).sort();
    expect(states).toEqual(["fleet-shared", ...shardStacks].map((id) => `terraform.${id}.tfstate`).sort());
    expect(stateTypes(path.join(SHARDED_HOME, "terraform.fleet-shared.tfstate"))).toContain("fly_app");
    const machines = states.flatMap((f) => stateTypes(path.join(SHARDED_HOME, f))).filter((type) => type === "fly_machine");
    expect(machines).toHaveLength(tenants.length);
    const ledger = readLedgerFile(path.join(SHARDED_HOME, "tenants.lock.json"));
    expect(Object.keys(ledger.tenants).sort()).toEqual(tenants.map((t) => t.id).sort());

    const plan = localFleet("plan", ["--sharded"], SHARDED_HOME);
    expect(plan.status).toBe(0);
    expect(plan.stdout.match(/No changes\./g)).toHaveLength(shardStacks.length + 1);
  });
});
