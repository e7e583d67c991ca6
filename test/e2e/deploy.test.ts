/**
 * `flycell deploy` on the emulated Fly provider: each stack is planned, the guard judges that
 * saved plan, and only that plan is applied; a refused plan is not applied at all.
 */
import * as fs from "fs";
import * as path from "path";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { CellFleet, readLedgerFile, TenantSpec } from "../../lib";
import { FlyProvider } from "../../lib/gen/providers/fly/provider";
import { flycell } from "../cli/run-cli";
import { accountVolumes, describeWithTerraform, emulatorEnv } from "./terraform";

/**
 * Outside the repository, as the package tests' consumers are (not os.tmpdir(): the test setup
 * points it into .tmp/): this test's state spans several processes, and another jest run in the
 * same checkout empties .tmp/ when it starts.
 */
const BASE = path.join(path.parse(__dirname).root, "tmp", "flycell-e2e");
fs.mkdirSync(BASE, { recursive: true });
const WORK = fs.mkdtempSync(path.join(BASE, "deploy-"));
const STACKS = path.join(WORK, "cdktf.out", "stacks");
const LEDGER = path.join(WORK, "tenants.lock.json");
/** Stands in for a real token: it must reach Terraform and never show in what flycell prints. */
const TOKEN = "fo1_emulator-token-never-printed";

const ACME: TenantSpec = { id: "acme", region: "ams" };
const GLOBEX: TenantSpec = { id: "globex", region: "ord" };

/** Synthesizes the fleet into cdktf.out/stacks/fleet, as `npm run synth` does; no ledger, so only the guard can stop a dropped line. */
function synth(tenants: TenantSpec[]): void {
  fs.rmSync(path.join(WORK, "cdktf.out"), { recursive: true, force: true });
  const app = new App({ outdir: path.join(WORK, "cdktf.out") });
  const stack = new TerraformStack(app, "fleet");
  new LocalBackend(stack, { path: "../../../terraform.fleet.tfstate" });
  new FlyProvider(stack, "fly", { orgSlug: "e2e-org" });
  new CellFleet(stack, "fleet", { appName: "e2e-deploy", image: "registry.fly.io/e2e:1", tenants });
  app.synth();
}

describeWithTerraform("flycell deploy on the emulator", () => {
  let env: NodeJS.ProcessEnv;
  /** Every Terraform command `deploy` ran, through `--terraform <wrapper>`. */
  const calls = () => fs.readFileSync(path.join(WORK, "terraform.log"), "utf8").trim().split("\n");
  const deploy = (...args: string[]) => {
    const r = flycell(["deploy", path.join(STACKS, "fleet"), "--ledger", LEDGER, "--terraform", path.join(WORK, "tf"), ...args], { cwd: WORK, env });
    expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
    return r;
  };

  afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));
  beforeAll(() => {
    env = emulatorEnv(WORK, { FLY_API_TOKEN: TOKEN });
    // A Terraform that logs its arguments, and refuses to run without the token it was given.
    fs.writeFileSync(
      path.join(WORK, "tf"),
      `#!/bin/sh\necho "$*" >> ${JSON.stringify(path.join(WORK, "terraform.log"))}\n[ "$FLY_API_TOKEN" = ${JSON.stringify(TOKEN)} ] || exit 97\nexec terraform "$@"\n`,
      { mode: 0o755 },
    );
    fs.writeFileSync(LEDGER, `${JSON.stringify({ version: 1, tenants: {} })}\n`);
  });

  test("applies a new fleet with the plan it checked, then syncs the ledger", () => {
    synth([ACME, GLOBEX]);
    const r = deploy();
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toMatch(/plan guard: 2 volume\(s\) in the plan, none destroyed/);
    expect(r.stdout).toContain("| globex | 2 (machine, volume) |");
    expect(accountVolumes(WORK)).toEqual(["data_acme", "data_globex"]);
    // plan -out, show -json of that file, apply of that file: nothing re-planned in between.
    // Before them, the preflight read the stack's state (`show -json` without a plan file): none, so nothing to plan early.
    expect(calls().filter((line) => /^(plan|show|apply)/.test(line))[0]).toBe("show -json -no-color");
    const run = calls().filter((line) => /^(plan|show -json -no-color [a-z]|apply)/.test(line));
    expect(run.slice(0, 3)).toEqual(["plan -input=false -no-color -out=plan.out", "show -json -no-color plan.out", "apply -input=false -no-color plan.out"]);
    expect(Object.keys(readLedgerFile(LEDGER).tenants).sort()).toEqual(["acme", "globex"]);
  });

  test("refuses a plan that destroys a volume no tenant released: exit 1, the stack named, nothing applied", () => {
    // The ledger lags (a deploy job that never committed it): synthesis lets the dropped line through.
    fs.writeFileSync(LEDGER, `${JSON.stringify({ version: 1, tenants: {} })}\n`);
    synth([ACME]);
    fs.writeFileSync(path.join(WORK, "terraform.log"), "");
    const r = deploy();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("flycell deploy: stack fleet refused, nothing applied there.");
    expect(r.stderr).toMatch(/tenant "globex".*data_globex.*destroyed/);
    expect(calls().some((line) => line.startsWith("apply"))).toBe(false);
    // The stack has state, so its preflight plan refused it, before the ordered pass planned anything.
    expect(r.stderr).toContain("Refused in the preflight, before any apply: nothing applied to any stack.");
    expect(calls().filter((line) => /^plan /.test(line))).toEqual(["plan -input=false -no-color -out=preflight.out"]);
    expect(accountVolumes(WORK)).toEqual(["data_acme", "data_globex"]);
    // Nothing was applied, so the ledger is not touched either.
    expect(readLedgerFile(LEDGER).tenants).toEqual({});
  });

  test("--plan-only plans and guards without applying", () => {
    synth([ACME, GLOBEX, { id: "hooli", region: "sjc" }]);
    const r = deploy("--plan-only");
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toContain("| hooli | 2 (machine, volume) |");
    expect(accountVolumes(WORK)).toEqual(["data_acme", "data_globex"]);
    expect(JSON.parse(fs.readFileSync(path.join(STACKS, "fleet", "plan.json"), "utf8")).format_version).toMatch(/^1\./);
  });

  test("applies a clean change: the new tenant's cell only", () => {
    synth([ACME, GLOBEX, { id: "hooli", region: "sjc" }]);
    fs.writeFileSync(path.join(WORK, "terraform.log"), "");
    const r = deploy();
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toContain("fleet: passed the guard");
    // The preflight's plan is checked only; the ordered pass plans again and applies the plan it checked.
    expect(calls().filter((line) => /^(plan|show -json -no-color [a-z]|apply)/.test(line))).toEqual([
      "plan -input=false -no-color -out=preflight.out",
      "show -json -no-color preflight.out",
      "plan -input=false -no-color -out=plan.out",
      "show -json -no-color plan.out",
      "apply -input=false -no-color plan.out",
    ]);
    expect(r.stdout).toContain("| hooli | 2 (machine, volume) |");
    expect(accountVolumes(WORK)).toEqual(["data_acme", "data_globex", "data_hooli"]);
    expect(Object.keys(readLedgerFile(LEDGER).tenants).sort()).toEqual(["acme", "globex", "hooli"]);
  });

  test("--unguarded applies what the guard refuses, only when asked, and says so loudly", () => {
    fs.writeFileSync(LEDGER, `${JSON.stringify({ version: 1, tenants: {} })}\n`);
    synth([ACME, GLOBEX]);
    const r = deploy("--unguarded");
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^UNGUARDED \(--unguarded\)/);
    expect(r.stderr).toMatch(/UNGUARDED \(--unguarded\): preflight: deploying anyway what the guard refuses in stack fleet:\nplan guard: .*refusing/);
    expect(r.stderr).toMatch(/applying anyway what the guard refuses:\nplan guard: .*refusing this plan:\n.*tenant "hooli".*data_hooli/);
    expect(accountVolumes(WORK)).toEqual(["data_acme", "data_globex"]);
    expect(Object.keys(readLedgerFile(LEDGER).tenants).sort()).toEqual(["acme", "globex"]);
  });

  test("names a Terraform it cannot run, and a directory that is no stack (exit 2)", () => {
    const missing = flycell(["deploy", path.join(STACKS, "fleet"), "--ledger", LEDGER, "--terraform", path.join(WORK, "no-such-terraform")], { cwd: WORK, env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("flycell deploy: cannot run");
    const notStack = flycell(["deploy", WORK], { cwd: WORK, env });
    expect([notStack.code, notStack.stderr.trim()]).toEqual([2, `flycell deploy: ${WORK} is no synthesized stack (no cdk.tf.json)`]);
  });
});
