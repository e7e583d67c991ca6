import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { deployOrder, stackDirsUnder } from "../../lib/cli/deploy";
import { initFiles } from "../../lib/cli/init-files";
import { fixture, flycell, flycellPackageJson } from "./run-cli";

/** A cdktf.out/ with these stacks' directories and, when given, a manifest naming them and their dependencies. */
function cdktfOut(stacks: Record<string, string[]>, manifest = true, extra: string[] = []): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "deploy-")), "cdktf.out");
  for (const name of [...Object.keys(stacks), ...extra]) fs.mkdirSync(path.join(out, "stacks", name), { recursive: true });
  if (manifest) {
    const entries = Object.entries(stacks).map(([name, dependencies]) => [name, { name, dependencies, workingDirectory: `stacks/${name}` }]);
    fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: Object.fromEntries(entries) }));
  }
  return path.join(out, "stacks");
}

const names = (dirs: string[]) => dirs.map((dir) => path.basename(dir));

describe("flycell deploy: which stacks, in which order", () => {
  it("deploys every stack after those it depends on, as cdktf's manifest says", () => {
    const root = cdktfOut({ "fleet-router": ["fleet-shard-1", "fleet-shard-0"], "fleet-shard-1": ["fleet-shared"], "fleet-shard-0": ["fleet-shared"], "fleet-shared": [] });
    expect(names(deployOrder(stackDirsUnder(root)))).toEqual(["fleet-shared", "fleet-shard-0", "fleet-shard-1", "fleet-router"]);
    // A dependency that is not being deployed does not hold a stack back.
    expect(names(deployOrder([path.join(root, "fleet-router"), path.join(root, "fleet-shard-1")]))).toEqual(["fleet-shard-1", "fleet-router"]);
  });

  it("without a manifest: the shared stack first, then the shards by name, the router, the monitor last", () => {
    const root = cdktfOut({ "fleet-monitor": [], "fleet-router": [], "fleet-shard-1": [], "fleet-shard-0": [], "fleet-shared": [] }, false);
    expect(names(deployOrder(stackDirsUnder(root)))).toEqual(["fleet-shared", "fleet-shard-0", "fleet-shard-1", "fleet-router", "fleet-monitor"]);
  });

  it("leaves out a stack an earlier synth left behind, which the last synth's manifest does not name", () => {
    const root = cdktfOut({ fleet: [] }, true, ["fleet-shared"]);
    expect(names(stackDirsUnder(root))).toEqual(["fleet"]);
  });

  it("refuses to start without stacks, or with a directory that is no stack (exit 2)", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-empty-"));
    expect(flycell(["deploy"], { cwd: empty })).toMatchObject({ code: 2, stderr: expect.stringContaining("flycell deploy: no stacks under cdktf.out/stacks") });
    expect(flycell(["deploy", empty], { cwd: empty })).toMatchObject({ code: 2, stderr: expect.stringContaining("is no synthesized stack") });
  });
});

describe("flycell deploy: before anything runs", () => {
  it("refuses a ledger it could not sync after the applies, before running Terraform at all (exit 2)", () => {
    const root = cdktfOut({ fleet: [] });
    fs.writeFileSync(path.join(root, "fleet", "cdk.tf.json"), "{}");
    const log = path.join(root, "terraform.log");
    const terraform = path.join(root, "tf");
    fs.writeFileSync(terraform, `#!/bin/sh\necho "$*" >> ${JSON.stringify(log)}\n`, { mode: 0o755 });
    const r = flycell(["deploy", path.join(root, "fleet"), "--ledger", path.join(root, "missing.lock.json"), "--terraform", terraform]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing.lock.json");
    expect(fs.existsSync(log)).toBe(false);
  });
});

/** A plan as `terraform show -json` prints it, reduced to what the guard reads: `destroyed` names volumes it destroys. */
const planJson = (destroyed: string[] = [], errored = false) =>
  JSON.stringify({
    format_version: "1.2",
    errored,
    complete: !errored,
    planned_values: { outputs: { released_volumes: { value: [] } } },
    resource_changes: destroyed.map((t) => ({ address: `fly_volume.cell-${t}_volume_1`, type: "fly_volume", change: { actions: ["delete"], before: { name: `data_${t}` } } })),
  });
const HAS_STATE = JSON.stringify({ format_version: "1.0", values: { root_module: { resources: [{ address: "fly_volume.cell-a_volume_1" }] } } });
const NO_STATE = JSON.stringify({ format_version: "1.0" });

/**
 * A fleet whose Terraform is a script: each stack's state (`show -json`), its preflight plan
 * (`preflight.fixture.json`, else its plan) and its plan in the ordered pass (`plan.fixture.json`).
 */
function fakeFleet(stacks: Record<string, { state: string; plan: string; preflight?: string }>) {
  const root = cdktfOut(Object.fromEntries(Object.keys(stacks).map((name) => [name, []])));
  for (const [name, stack] of Object.entries(stacks)) {
    const dir = path.join(root, name);
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), "{}");
    fs.writeFileSync(path.join(dir, "state.fixture.json"), stack.state);
    fs.writeFileSync(path.join(dir, "plan.fixture.json"), stack.plan);
    if (stack.preflight !== undefined) fs.writeFileSync(path.join(dir, "preflight.fixture.json"), stack.preflight);
  }
  const log = path.join(root, "terraform.log");
  const terraform = path.join(root, "tf");
  fs.writeFileSync(
    terraform,
    [
      "#!/bin/sh",
      `echo "$(basename "$PWD") $*" >> ${JSON.stringify(log)}`,
      'case "$1" in',
      '  plan) touch "${4#-out=}" ;;',
      '  show) if [ $# -eq 3 ]; then cat state.fixture.json; elif [ "$4" = preflight.out ] && [ -f preflight.fixture.json ]; then cat preflight.fixture.json; else cat plan.fixture.json; fi ;;',
      `  output) echo '{"cells":{"sensitive":false,"type":"dynamic","value":{}}}' ;;`,
      "esac",
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  const ledger = path.join(root, "tenants.lock.json");
  fs.writeFileSync(ledger, `${JSON.stringify({ version: 1, tenants: {} })}\n`);
  // Terraform never ran: no log.
  const calls = () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : []);
  const deploy = (...args: string[]) => flycell(["deploy", ...Object.keys(stacks).map((name) => path.join(root, name)), "--ledger", ledger, "--terraform", terraform, ...args]);
  return { calls, deploy };
}

const applies = (calls: string[]) => calls.filter((line) => / apply /.test(line)).map((line) => line.split(" ")[0]);

describe("flycell deploy: the preflight, before any apply", () => {
  it("refuses the whole deploy when a stack that deploys late would lose a volume: nothing applied anywhere (exit 1)", () => {
    const fleet = fakeFleet({
      "fleet-shard-x": { state: HAS_STATE, plan: planJson() },
      "fleet-shard-y": { state: HAS_STATE, plan: planJson(["a"]) },
    });
    const r = fleet.deploy();
    expect(r.code).toBe(1);
    expect(applies(fleet.calls())).toEqual([]);
    expect(r.stderr).toContain("flycell deploy: stack fleet-shard-y refused, nothing applied there.");
    expect(r.stderr).toMatch(/tenant "a".*data_a.*destroyed/);
    expect(r.stderr).toContain("Refused in the preflight, before any apply: nothing applied to any stack.");
    // The ordered pass never started: no stack was planned into plan.out.
    expect(fleet.calls().filter((line) => line.includes("-out=plan.out"))).toEqual([]);
  });

  it("--plan-only refuses it in the preflight too", () => {
    const fleet = fakeFleet({
      "fleet-shard-x": { state: HAS_STATE, plan: planJson() },
      "fleet-shard-y": { state: HAS_STATE, plan: planJson(["a"]) },
    });
    const r = fleet.deploy("--plan-only");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("fleet-shard-x: passed the guard");
    expect(r.stderr).toContain("flycell deploy: stack fleet-shard-y refused, nothing applied there.");
  });

  it("skips stacks without state, and plans again in its turn a stack whose preflight plan Terraform could not complete", () => {
    const fleet = fakeFleet({
      "fleet-shard-new": { state: NO_STATE, plan: planJson() },
      "fleet-router": { state: HAS_STATE, plan: planJson(), preflight: planJson([], true) },
    });
    const r = fleet.deploy();
    expect([r.code, r.stderr]).toEqual([0, expect.not.stringContaining("refus")]);
    expect(r.stdout).toContain("fleet-shard-new: no state yet, planned in its turn");
    expect(r.stdout).toContain("fleet-router: planned again after its upstream stacks apply");
    expect(fleet.calls().filter((line) => line.includes("-out=preflight.out")).map((line) => line.split(" ")[0])).toEqual(["fleet-router"]);
    expect(applies(fleet.calls())).toEqual(["fleet-shard-new", "fleet-router"]);
    // What is applied is the plan the ordered pass guarded, not the preflight's.
    expect(fleet.calls().filter((line) => line.startsWith("fleet-router apply"))).toEqual(["fleet-router apply -input=false -no-color plan.out"]);
  });

  it("a deferred plan still refused in its turn stops there, after the stacks before it applied", () => {
    const fleet = fakeFleet({
      "fleet-shard-x": { state: HAS_STATE, plan: planJson() },
      "fleet-shard-y": { state: HAS_STATE, plan: planJson(["a"]), preflight: planJson([], true) },
    });
    const r = fleet.deploy();
    expect(r.code).toBe(1);
    expect(applies(fleet.calls())).toEqual(["fleet-shard-x"]);
    expect(r.stderr).toContain("flycell deploy: stack fleet-shard-y refused, nothing applied there.");
    expect(r.stderr).toContain("Applied before it: fleet-shard-x.");
  });

  it("--unguarded warns about a preflight refusal and deploys anyway", () => {
    const fleet = fakeFleet({
      "fleet-shard-x": { state: HAS_STATE, plan: planJson() },
      "fleet-shard-y": { state: HAS_STATE, plan: planJson(["a"]) },
    });
    const r = fleet.deploy("--unguarded");
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/UNGUARDED \(--unguarded\): preflight: deploying anyway what the guard refuses in stack fleet-shard-y:\n.*\n.*tenant "a".*data_a/);
    expect(applies(fleet.calls())).toEqual(["fleet-shard-x", "fleet-shard-y"]);
  });

  it("refuses before any apply when a stack's state cannot be read (exit 2)", () => {
    const fleet = fakeFleet({
      "fleet-shard-x": { state: HAS_STATE, plan: planJson() },
      "fleet-shard-y": { state: "not json", plan: planJson() },
    });
    const r = fleet.deploy();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("flycell deploy: stack fleet-shard-y: the preflight failed, nothing applied to any stack.");
    expect(applies(fleet.calls())).toEqual([]);
  });
});

const fixturePlan = (name: string) => fs.readFileSync(fixture(name), "utf8");

describe("flycell deploy --machine-replacement refuse: the deploy without an approval", () => {
  it("refuses in the preflight a plan that replaces a machine: nothing applied anywhere (exit 1)", () => {
    const fleet = fakeFleet({
      "fleet-shard-x": { state: HAS_STATE, plan: planJson() },
      "fleet-shard-y": { state: HAS_STATE, plan: fixturePlan("plan-replaces-machine.json") },
    });
    const r = fleet.deploy("--machine-replacement", "refuse");
    expect(r.code).toBe(1);
    expect(applies(fleet.calls())).toEqual([]);
    expect(r.stderr).toContain("flycell deploy: stack fleet-shard-y refused, nothing applied there.");
    expect(r.stderr).toContain('"fly_machine.fleet_cell-acme_machine_AAAA1111" (tenant or cell "acme"): replaced');
    expect(r.stderr).toContain("--machine-replacement allow");
  });

  it("refuses it in the ordered pass too, before its apply, when only the plan made then destroys a machine", () => {
    const fleet = fakeFleet({
      "fleet-shard-x": { state: HAS_STATE, plan: planJson() },
      // The preflight could not plan it; in its turn it turns out to take a tenant's machine away.
      "fleet-shard-y": { state: HAS_STATE, plan: fixturePlan("plan-decommissions-tenant.json"), preflight: planJson([], true) },
    });
    const r = fleet.deploy("--machine-replacement", "refuse");
    expect(r.code).toBe(1);
    expect(applies(fleet.calls())).toEqual(["fleet-shard-x"]);
    expect(r.stderr).toContain("flycell deploy: stack fleet-shard-y refused, nothing applied there.");
    expect(r.stderr).toContain('"fly_machine.fleet_cell-acme_machine_AAAA1111" (tenant or cell "acme"): destroyed');
  });

  it("--unguarded does not let it through: that flag is about volumes", () => {
    const fleet = fakeFleet({ "fleet-shard-y": { state: HAS_STATE, plan: fixturePlan("plan-replaces-machine.json") } });
    expect(fleet.deploy("--machine-replacement", "refuse", "--unguarded").code).toBe(1);
    expect(applies(fleet.calls())).toEqual([]);
  });

  it("applies an update in place, and with allow (the default, the approved deploy) a replacement", () => {
    const updating = fakeFleet({ "fleet-shard-y": { state: HAS_STATE, plan: fixturePlan("plan-updates-machine.json") } });
    expect(updating.deploy("--machine-replacement", "refuse")).toMatchObject({ code: 0 });
    expect(applies(updating.calls())).toEqual(["fleet-shard-y"]);
    for (const args of [["--machine-replacement", "allow"], []]) {
      const replacing = fakeFleet({ "fleet-shard-y": { state: HAS_STATE, plan: fixturePlan("plan-replaces-machine.json") } });
      expect(replacing.deploy(...args)).toMatchObject({ code: 0 });
      expect(applies(replacing.calls())).toEqual(["fleet-shard-y"]);
    }
  });

  it("refuses an unknown mode before running Terraform (exit 2)", () => {
    const fleet = fakeFleet({ "fleet-shard-y": { state: HAS_STATE, plan: planJson() } });
    const r = fleet.deploy("--machine-replacement", "sometimes");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/argument 'sometimes' is invalid. Allowed choices are allow, refuse/);
    expect(fleet.calls()).toEqual([]);
  });
});

describe("every deploy flycell ships goes through flycell deploy", () => {
  it("this repository's npm run deploy synthesizes, then runs flycell deploy (guarded)", () => {
    const { scripts } = flycellPackageJson();
    expect(scripts.deploy).toBe("npm run synth && ts-node --transpile-only lib/cli/main.ts deploy");
    expect(Object.values(scripts).filter((script) => /cdktf deploy|terraform .*apply|--unguarded/.test(script))).toEqual([]);
  });

  it("a `flycell init` project's npm run deploy synthesizes, then runs flycell deploy (guarded)", () => {
    const pkg = JSON.parse(initFiles({ name: "x", versions: { flycell: "0.0.0", cdktf: "0.21.0", constructs: "10.4.2" } })["package.json"]) as { scripts: Record<string, string> };
    expect(pkg.scripts.deploy).toBe("npm run synth && flycell deploy");
    expect(Object.values(pkg.scripts).filter((script) => /cdktf deploy| apply|--unguarded/.test(script))).toEqual([]);
  });
});
