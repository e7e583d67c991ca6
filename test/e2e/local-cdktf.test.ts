/** `npm run deploy:local` / `diff:local`: cdktf itself, on the example fleet, against the emulator. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { shardOf } from "../../lib";
import { SHARDING } from "../../stacks/sharded";
import { tenants } from "../../stacks/tenants";
import { changedResources, describeWithTerraform, PlanJson } from "./terraform";

const ROOT = path.join(__dirname, "..", "..");
const HOME = path.join(ROOT, ".tmp", "e2e", "local-cdktf");
const SHARDED_HOME = path.join(ROOT, ".tmp", "e2e", "local-cdktf-sharded");

function localCdktf(command: string, args: string[] = [], home = HOME) {
  return spawnSync(
    process.execPath,
    [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/local-cdktf.ts", command, ...args],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, FLYCELL_EMULATOR_HOME: home, CI: "1" } },
  );
}

/** The resource types in a state file, one entry per resource. */
function stateTypes(file: string): string[] {
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { resources: { type: string }[] }).resources.map((r) => r.type);
}

describeWithTerraform("cdktf deploy and diff of the example fleet against the emulator", () => {
  beforeAll(() => fs.rmSync(HOME, { recursive: true, force: true }));

  test("deploy creates every cell in the emulated account and a following diff plans nothing", () => {
    const deploy = localCdktf("deploy");
    expect(deploy.status).toBe(0);
    expect(deploy.stdout).toContain("EMULATOR:");

    const machines = stateTypes(path.join(HOME, "terraform.fleet.tfstate")).filter((type) => type === "fly_machine");
    expect(machines).toHaveLength(tenants.length);
    const account = JSON.parse(fs.readFileSync(path.join(HOME, "data", "fly.json"), "utf8")) as { resources: object };
    expect(Object.keys(account.resources).filter((k) => k.startsWith("fly_machine/"))).toHaveLength(tenants.length);

    expect(localCdktf("diff").status).toBe(0);
    const stackDir = path.join(HOME, "cdktf.out", "stacks", "fleet");
    const show = spawnSync("terraform", ["show", "-json", "plan"], {
      cwd: stackDir,
      encoding: "utf8",
      env: { ...process.env, TF_CLI_CONFIG_FILE: path.join(HOME, "terraform.rc") },
    });
    expect(show.status).toBe(0);
    expect(changedResources(JSON.parse(show.stdout) as PlanJson)).toEqual({});
  });

  test("deploy --sharded runs cdktf deploy '*': the shared stack, then every shard, each in its own state", () => {
    fs.rmSync(SHARDED_HOME, { recursive: true, force: true });
    const deploy = localCdktf("deploy", ["--sharded"], SHARDED_HOME);
    expect(deploy.status).toBe(0);

    const shardStacks = [...new Set(tenants.map((t) => `fleet-${shardOf(t, SHARDING)}`))].sort();
    expect(shardStacks.length).toBeGreaterThan(1);
    const states = fs.readdirSync(SHARDED_HOME).filter((f) => f.endsWith(".tfstate")).sort();
    expect(states).toEqual(["fleet-shared", ...shardStacks].map((id) => `terraform.${id}.tfstate`).sort());
    expect(stateTypes(path.join(SHARDED_HOME, "terraform.fleet-shared.tfstate"))).toContain("fly_app");
    const machines = states.flatMap((f) => stateTypes(path.join(SHARDED_HOME, f))).filter((type) => type === "fly_machine");
    expect(machines).toHaveLength(tenants.length);

    const diff = localCdktf("diff", ["--sharded", shardStacks[0]], SHARDED_HOME);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toMatch(/No changes/);
  });
});
