import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fixture, flycell } from "./run-cli";

/** The environment without GitHub Actions' output file: a run inside Actions must not write to it. */
function envWithout(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.GITHUB_OUTPUT;
  return env;
}

/** A project whose synthesized stacks hold these plans (`undefined`: the stack has no plan.json). */
function project(plans: Record<string, string | undefined>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-approval-"));
  for (const [name, plan] of Object.entries(plans)) {
    const stack = path.join(dir, "cdktf.out", "stacks", name);
    fs.mkdirSync(stack, { recursive: true });
    if (plan !== undefined) fs.copyFileSync(fixture(plan), path.join(stack, "plan.json"));
  }
  return dir;
}

describe("flycell approval", () => {
  it("says machine-changes=true for a plan that replaces or destroys a fly_machine, naming it", () => {
    for (const [plan, change] of [["plan-replaces-machine.json", "replaced"], ["plan-decommissions-tenant.json", "destroyed"]]) {
      const r = flycell(["approval", fixture(plan)], { env: envWithout() });
      expect([r.code, r.stdout]).toEqual([0, "machine-changes=true\n"]);
      expect(r.stderr).toBe(`flycell approval: "fixtures": "fly_machine.fleet_cell-acme_machine_AAAA1111" (tenant or cell "acme"): ${change}\n`);
    }
  });

  it("says machine-changes=false for an update in place or a plan that only creates", () => {
    const r = flycell(["approval", fixture("plan-updates-machine.json"), fixture("plan-adds-tenant.json")], { env: envWithout() });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, "machine-changes=false\n", ""]);
  });

  it("appends the line to $GITHUB_OUTPUT when it is set, and writes no file when it is not", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-approval-out-"));
    const output = path.join(dir, "github-output");
    expect(flycell(["approval", fixture("plan-replaces-machine.json")], { env: { ...envWithout(), GITHUB_OUTPUT: output } }).code).toBe(0);
    expect(flycell(["approval", fixture("plan-updates-machine.json")], { env: { ...envWithout(), GITHUB_OUTPUT: output } }).code).toBe(0);
    expect(fs.readFileSync(output, "utf8")).toBe("machine-changes=true\nmachine-changes=false\n");
    expect(flycell(["approval", fixture("plan-updates-machine.json")], { cwd: dir, env: envWithout() }).code).toBe(0);
    expect(fs.readdirSync(dir)).toEqual(["github-output"]);
  });

  it("by default judges every synthesized stack's plan.json; a stack without one needs an approval too", () => {
    const passing = project({ "fleet-shared": "plan-updates-machine.json", "fleet-shard-0": "plan-adds-tenant.json" });
    expect(flycell(["approval"], { cwd: passing, env: envWithout() })).toMatchObject({ code: 0, stdout: "machine-changes=false\n" });
    const unplanned = project({ "fleet-shared": "plan-updates-machine.json", "fleet-router": undefined });
    const r = flycell(["approval"], { cwd: unplanned, env: envWithout() });
    expect([r.code, r.stdout]).toEqual([0, "machine-changes=true\n"]);
    expect(r.stderr).toMatch(/^flycell approval: "fleet-router": no plan\.json, so what it would do to machines is unknown/);
  });

  it("refuses a partial plan (exit 1) and a file that is no plan (exit 2), printing no answer", () => {
    const errored = flycell(["approval", fixture("plan-errored.json")], { env: envWithout() });
    expect([errored.code, errored.stdout]).toEqual([1, ""]);
    const state = flycell(["approval", fixture("state.json")], { env: envWithout() });
    expect([state.code, state.stdout]).toEqual([2, ""]);
    const none = flycell(["approval"], { cwd: fs.mkdtempSync(path.join(os.tmpdir(), "flycell-approval-none-")), env: envWithout() });
    expect([none.code, none.stdout]).toEqual([2, ""]);
    expect(none.stderr).toMatch(/^flycell approval: no stacks under/);
  });
});
