/**
 * A plan Terraform could not finish, from the real CLI on the emulator: `terraform plan -out`
 * fails yet writes the plan file, and `terraform show -json` of it reads like a clean plan that
 * leaves out what failed. `npm run plan:guard` and `npm run plan:summary` must refuse it, not
 * report it green; and `terraform show -json` without the plan file (the state) is no plan at all.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { CellFleet, findVolumeViolations, summarizePlan, TenantSpec } from "../../lib";
import { changedResources, describeWithTerraform, PlanJson, Workspace, workspaceStack } from "./terraform";

const ROOT = path.join(__dirname, "..", "..");
const TENANTS: readonly TenantSpec[] = [
  { id: "acme", region: "ams", volumeSizeGb: 3 },
  { id: "globex", region: "ord" },
];

function fleet(tenants: readonly TenantSpec[]) {
  return (app: App) => {
    const stack = workspaceStack(app);
    // No ledger: it would refuse the shrink below at synth, before Terraform sees it.
    new CellFleet(stack, "fleet", { appName: "e2e-failed-plan", image: "registry.fly.io/e2e:1", tenants });
    return stack;
  };
}

/** Runs `scripts/<name>` as `npm run` does, on a file. */
function script(name: string, file: string) {
  return spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", `scripts/${name}`, file], {
    cwd: ROOT,
    encoding: "utf8",
  });
}

describeWithTerraform("a failed plan on the emulated Fly provider", () => {
  let ws: Workspace;
  let planFile: string;
  let plan: PlanJson;

  beforeAll(() => {
    ws = new Workspace(path.join(ROOT, ".tmp", "e2e", "failed-plan"));
    ws.configure(fleet(TENANTS));
    ws.init();
    ws.apply();

    // A tenant PR that adds a tenant and shrinks a volume, which the provider refuses at plan time.
    ws.configure(fleet([...TENANTS.map((t) => (t.id === "acme" ? { ...t, volumeSizeGb: 1 } : t)), { id: "newco", region: "fra" }]));
    const planned = ws.tryRun("plan", "-input=false", "-out=plan.bin");
    expect(planned.status).toBe(1);
    expect(planned.stderr).toMatch(/Cannot Shrink Volume/);
    const shown = ws.run("show", "-json", "plan.bin"); // the plan file is written all the same
    planFile = path.join(ws.dir, "plan.json");
    fs.writeFileSync(planFile, shown.stdout);
    plan = JSON.parse(shown.stdout) as PlanJson;
  });

  test("the saved plan is marked errored, and without that mark it would pass for a clean one", () => {
    expect(plan).toMatchObject({ errored: true, complete: false, applyable: false });
    // The volume that failed to plan is simply missing: the guard finds nothing, the summary only newco.
    expect(Object.keys(changedResources(plan)).some((a) => a.includes("cell-acme_volume"))).toBe(false);
    expect(findVolumeViolations(plan)).toEqual([]);
    expect([...summarizePlan(plan).keys()]).toEqual(["newco"]);
  });

  test("npm run plan:guard refuses it with exit code 1", () => {
    const guard = script("plan-guard.ts", planFile);
    expect([guard.status, guard.stdout]).toEqual([1, ""]);
    expect(guard.stderr).toMatch(/^plan guard: refusing this plan: Terraform failed while planning \(errored: true\)/);
  });

  test("npm run plan:summary refuses it with exit code 1 and prints no table", () => {
    const summary = script("plan-summary.ts", planFile);
    expect([summary.status, summary.stdout]).toEqual([1, ""]);
    expect(summary.stderr).toMatch(/^plan summary: refusing this plan: Terraform failed while planning \(errored: true\)/);
  });

  test("`terraform show -json` without the plan file prints the state, which both scripts call unusable (exit code 2)", () => {
    const stateFile = path.join(ws.dir, "state.json");
    fs.writeFileSync(stateFile, ws.run("show", "-json").stdout);
    for (const [name, prefix] of [
      ["plan-guard.ts", "plan guard: cannot check"],
      ["plan-summary.ts", "plan summary: cannot summarize"],
    ]) {
      const result = script(name, stateFile);
      expect([name, result.status, result.stdout]).toEqual([name, 2, ""]);
      expect(result.stderr).toContain(`${prefix} ${stateFile}: not a Terraform plan: no planned_values`);
    }
  });
});
