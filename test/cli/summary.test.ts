import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fixture, flycell, flycellPackageJson } from "./run-cli";

describe("flycell summary <plan.json>", () => {
  it("prints the per-tenant Markdown table of a whole plan (exit 0)", () => {
    const r = flycell(["summary", fixture("plan-drops-tenant.json")]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout.split("\n")).toEqual([
      "| tenant | create | update | replace | destroy |",
      "|---|---|---|---|---|",
      "| acme-eu |  |  |  | 1 (volume) |",
      "| hooli | 1 (machine) |  |  |  |",
      "",
      "Plan: 1 to create, 0 to update, 0 to replace, 1 to destroy.",
      "",
    ]);
  });

  it("prints a hostile plan's addresses as text: no extra cell, row, HTML, code or hidden character", () => {
    const address = (type: string, owner: string, resource: string) => ({ address: `${type}.fleet_cell-${owner}_${resource}_ABCD1234`, type, change: { actions: ["create"] } });
    const plan = {
      format_version: "1.2",
      planned_values: {},
      resource_changes: [
        address("fly_machine", "x|y", "machine"),
        address("fly_machine", "<img src=x onerror=alert(1)>", "machine"),
        address("fly_volume", "nl\n|fake|row|", "`volume`"),
        address("fly_cert", "rtl\u202Etxt", "cert"),
      ],
    };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hostile-")), "plan.json");
    fs.writeFileSync(file, JSON.stringify(plan));
    const r = flycell(["summary", file]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout.split("\n")).toEqual([
      "| tenant | create | update | replace | destroy |",
      "|---|---|---|---|---|",
      "| &lt;img src=x onerror=alert(1)&gt; | 1 (machine) |  |  |  |",
      "| nlU+000A\\|fake\\|row\\| | 1 (\\`volume\\`) |  |  |  |",
      "| rtlU+202Etxt | 1 (cert) |  |  |  |",
      "| x\\|y | 1 (machine) |  |  |  |",
      "",
      "Plan: 4 to create, 0 to update, 0 to replace, 0 to destroy.",
      "",
    ]);
  });

  it("refuses an errored plan and prints no table (exit 1)", () => {
    const r = flycell(["summary", fixture("plan-errored.json")]);
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toMatch(/^plan summary: refusing this plan: Terraform failed while planning \(errored: true\)/);
  });

  it("calls input that is no plan unusable (exit 2)", () => {
    const state = flycell(["summary", fixture("state.json")]);
    expect([state.code, state.stdout]).toEqual([2, ""]);
    expect(state.stderr).toMatch(/^plan summary: cannot summarize .*state\.json: not a Terraform plan: /);
    expect(flycell(["summary", fixture("not-json.txt")])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^plan summary: cannot read /) });
  });

  it("is what `npm run plan:summary -- plan.json` runs", () => {
    const { scripts } = flycellPackageJson();
    expect(scripts["plan:summary"]).toMatch(/lib\/cli\/main\.ts summary$/);
    expect(scripts["plan:guard"]).toMatch(/lib\/cli\/main\.ts guard$/);
  });
});

/** A project whose synthesized stacks hold these plans (fixture names), with cdktf's manifest. */
function stacksWithPlans(plans: Record<string, string>): { dir: string; files: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-summaries-"));
  const unchanged = path.join(dir, "unchanged.json");
  // Only a no-op: what a stack that this pull request does not touch plans.
  fs.writeFileSync(unchanged, JSON.stringify({ format_version: "1.2", planned_values: {}, resource_changes: [{ address: "fly_app.fleet_app_1", type: "fly_app", change: { actions: ["no-op"] } }] }));
  const entries = Object.keys(plans).map((name) => [name, { name, dependencies: [], workingDirectory: `stacks/${name}` }]);
  fs.mkdirSync(path.join(dir, "cdktf.out", "stacks"), { recursive: true });
  fs.writeFileSync(path.join(dir, "cdktf.out", "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: Object.fromEntries(entries) }));
  const files = Object.entries(plans).map(([name, plan]) => {
    const file = path.join(dir, "cdktf.out", "stacks", name, "plan.json");
    fs.mkdirSync(path.dirname(file));
    fs.copyFileSync(plan === "unchanged" ? unchanged : fixture(plan), file);
    return path.relative(dir, file);
  });
  return { dir, files };
}

describe("flycell summary <plan.json...>: the pull request's one comment", () => {
  it("prints a section per stack with changes, in deploy order, then one line naming the stacks without", () => {
    // Given in neither deploy order nor name order, as a shell glob or a caller might.
    const { dir, files } = stacksWithPlans({
      "fleet-router": "unchanged",
      "fleet-shard-1": "plan-updates-machine.json",
      "fleet-monitor": "unchanged",
      "fleet-shard-0": "plan-adds-tenant.json",
      "fleet-shared": "unchanged",
    });
    const r = flycell(["summary", ...files], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout.split("\n")).toEqual([
      "### fleet-shard-0",
      "",
      "| tenant | create | update | replace | destroy |",
      "|---|---|---|---|---|",
      // A pull request that adds a tenant line: exactly that tenant's resources, in its shard's section.
      "| hooli | 2 (machine, volume) |  |  |  |",
      "",
      "Plan: 2 to create, 0 to update, 0 to replace, 0 to destroy.",
      "",
      "### fleet-shard-1",
      "",
      "| tenant | create | update | replace | destroy |",
      "|---|---|---|---|---|",
      "| acme |  | 1 (machine) |  |  |",
      "",
      "Plan: 0 to create, 1 to update, 0 to replace, 0 to destroy.",
      "",
      "No changes in fleet-shared, fleet-router, fleet-monitor.",
      "",
    ]);
  });

  it("says only which stacks are unchanged when none changes", () => {
    const { dir, files } = stacksWithPlans({ "fleet-shared": "unchanged", fleet: "unchanged" });
    expect(flycell(["summary", ...files], { cwd: dir })).toMatchObject({ code: 0, stdout: "No changes in fleet-shared, fleet.\n" });
  });

  it("prints nothing when one of the plans is partial (exit 1): no comment that hides a stack", () => {
    const { dir, files } = stacksWithPlans({ "fleet-shard-0": "plan-adds-tenant.json", "fleet-shard-1": "plan-errored.json" });
    const r = flycell(["summary", ...files], { cwd: dir });
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toMatch(/^plan summary: refusing this plan: Terraform failed while planning/);
  });

  it("is what ci:summary runs over every stack's plan.json", () => {
    expect(flycellPackageJson().scripts["ci:summary"]).toBe("ts-node --transpile-only lib/cli/main.ts summary cdktf.out/stacks/*/plan.json > flycell-summary.md");
  });
});
