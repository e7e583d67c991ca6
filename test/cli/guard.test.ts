import { fixture, flycell } from "./run-cli";

describe("flycell guard <plan.json>", () => {
  it("passes a whole plan that loses no volume, on stdout (exit 0)", () => {
    expect(flycell(["guard", fixture("plan-adds-tenant.json")])).toEqual({
      code: 0,
      stdout: "plan guard: 2 volume(s) in the plan, none destroyed or replaced without a release, no tenant moved without consent\n",
      stderr: "",
    });
    expect(flycell(["guard", fixture("plan-releases-tenant.json")]).code).toBe(0);
  });

  it("refuses a plan that destroys a volume no tenant released, naming tenant and volume (exit 1)", () => {
    const r = flycell(["guard", fixture("plan-drops-tenant.json")]);
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toMatch(/^plan guard: 1 change\(s\) would lose a tenant's data; refusing this plan:/);
    expect(r.stderr).toContain('tenant "acme-eu", field "status", volume "data_acme_eu"');
    expect(r.stderr).toContain('status "decommissioned"');
  });

  it("refuses an errored or incomplete plan (exit 1)", () => {
    const errored = flycell(["guard", fixture("plan-errored.json")]);
    expect([errored.code, errored.stdout]).toEqual([1, ""]);
    expect(errored.stderr).toMatch(/^plan guard: refusing this plan: Terraform failed while planning \(errored: true\)/);
    const deferred = flycell(["guard", fixture("plan-deferred.json")]);
    expect(deferred.code).toBe(1);
    expect(deferred.stderr).toMatch(/^plan guard: refusing this plan: the plan is incomplete \(complete: false\) \(1 deferred change\(s\)\)/);
  });

  it("calls a state, text or a missing file unusable (exit 2)", () => {
    const state = flycell(["guard", fixture("state.json")]);
    expect([state.code, state.stdout]).toEqual([2, ""]);
    expect(state.stderr).toMatch(/^plan guard: cannot check .*state\.json: not a Terraform plan: no planned_values/);
    const text = flycell(["guard", fixture("not-json.txt")]);
    expect([text.code, text.stderr]).toEqual([2, expect.stringMatching(/^plan guard: cannot read .*not-json\.txt: /)]);
    expect(flycell(["guard", fixture("missing.json")]).code).toBe(2);
    expect(flycell(["guard"])).toMatchObject({ code: 2, stderr: expect.stringContaining("missing required argument") });
  });
});
