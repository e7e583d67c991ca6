/** `npm run deploy:local` / `diff:local`: cdktf itself, on the example fleet, against the emulator. */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { tenants } from "../../stacks/tenants";
import { changedResources, describeWithTerraform, PlanJson } from "./terraform";

const ROOT = path.join(__dirname, "..", "..");
const HOME = path.join(ROOT, ".tmp", "e2e", "local-cdktf");

function localCdktf(command: string) {
  return spawnSync(
    process.execPath,
    [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/local-cdktf.ts", command],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, FLYCELL_EMULATOR_HOME: HOME, CI: "1" } },
  );
}

describeWithTerraform("cdktf deploy and diff of the example fleet against the emulator", () => {
  beforeAll(() => fs.rmSync(HOME, { recursive: true, force: true }));

  test("deploy creates every cell in the emulated account and a following diff plans nothing", () => {
    const deploy = localCdktf("deploy");
    expect(deploy.status).toBe(0);
    expect(deploy.stdout).toContain("EMULATOR:");

    const state = JSON.parse(fs.readFileSync(path.join(HOME, "terraform.fleet.tfstate"), "utf8")) as {
      resources: { type: string }[];
    };
    const machines = state.resources.filter((r) => r.type === "fly_machine");
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
});
