/**
 * A `flycell init` project deployed as its README says, on the emulated Fly provider: the
 * review steps (`npm run plan`, `npm run guard`) and then `npm run deploy`, which must never
 * apply a plan the guard refuses.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readLedgerFile } from "../../lib";
import { initVersions, scaffold } from "../../lib/cli/init";
import { e2eWorkDir, linkDependencies } from "./linked-project";
import { accountVolumes, describeWithTerraform, emulatorEnv } from "./terraform";

const WORK = e2eWorkDir("init-deploy-");
const PROJECT = path.join(WORK, "my-fleet");

describeWithTerraform("a flycell init project's npm run deploy on the emulator", () => {
  let env: NodeJS.ProcessEnv;
  const npmRun = (script: string) => {
    const r = spawnSync("npm", ["run", "--silent", script], { cwd: PROJECT, env, encoding: "utf8" });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  beforeAll(() => {
    scaffold(PROJECT, initVersions());
    linkDependencies(PROJECT);
    env = { ...emulatorEnv(WORK), NO_UPDATE_NOTIFIER: "1", npm_config_update_notifier: "false", TF_VAR_fly_org: "e2e-org" };
  });
  afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

  test("deploys the two example tenants and records them in the project's ledger", () => {
    const r = npmRun("deploy");
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(accountVolumes(WORK)).toEqual(["data_acme", "data_globex"]);
    expect(Object.keys(readLedgerFile(path.join(PROJECT, "stacks", "tenants.lock.json")).tenants).sort()).toEqual(["acme", "globex"]);
  });

  test("after npm run plan and a refusing npm run guard, npm run deploy refuses too and applies nothing", () => {
    // A ledger that lags what is deployed (a deploy job that never committed it) lets synthesis pass a removed line.
    fs.writeFileSync(path.join(PROJECT, "stacks", "tenants.lock.json"), `${JSON.stringify({ version: 1, tenants: {} })}\n`);
    const tenantsFile = path.join(PROJECT, "stacks", "tenants.ts");
    fs.writeFileSync(tenantsFile, fs.readFileSync(tenantsFile, "utf8").replace(/^ *\{ id: "globex".*\n/m, ""));

    expect(npmRun("plan").code).toBe(0);
    const guard = npmRun("guard");
    expect(guard.code).toBe(1);
    expect(guard.stderr).toContain("globex");

    const deploy = npmRun("deploy");
    expect(deploy.code).toBe(1);
    expect(deploy.stderr).toContain("flycell deploy: stack fleet refused, nothing applied there.");
    expect(deploy.stderr).toMatch(/tenant "globex".*data_globex/);
    expect(accountVolumes(WORK)).toEqual(["data_acme", "data_globex"]);
  });
});
