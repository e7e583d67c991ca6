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
