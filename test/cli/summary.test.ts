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
