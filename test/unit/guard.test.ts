import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findVolumeViolations, formatGuardReport, planProblem, TerraformPlanJson } from "../../lib";

const volumeAddress = (tenant: string) => `fly_volume.fleet_cell-${tenant}_volume_ABCD1234`;

/** A plan in the shape of `terraform show -json`, reduced to what the guard reads; `released` as flycell's outputs say. */
function plan(changes: { name: string; actions: string[]; replace?: string[][] }[], released: string[] = []): TerraformPlanJson {
  return {
    format_version: "1.2",
    errored: false,
    complete: true,
    resource_changes: [
      { address: "fly_machine.fleet_cell-acme_machine_1", type: "fly_machine", change: { actions: ["delete"], before: { name: "acme" } } },
      ...changes.map((c) => ({
        address: volumeAddress(c.name),
        type: "fly_volume",
        change: { actions: c.actions, before: { name: `data_${c.name.replace(/-/g, "_")}` }, replace_paths: c.replace },
      })),
    ],
    planned_values: {
      outputs: {
        released_volumes: { value: released },
        released_volume_addresses: { value: Object.fromEntries(released.map((v) => [v, volumeAddress(v.slice(5).replace(/_/g, "-"))])) },
      },
    },
  };
}

/**
 * What `terraform show -json` prints for a plan that failed (Terraform 1.11, a volume shrink the
 * provider refused): the failed volume is missing from resource_changes, the rest looks clean.
 */
const ERRORED_PLAN = {
  format_version: "1.2",
  terraform_version: "1.11.4",
  planned_values: { outputs: { fleet_released_volumes_D68080B9: { value: [] } }, root_module: {} },
  resource_changes: [
    { address: "fly_volume.fleet_cell-newco_volume_8A273002", type: "fly_volume", change: { actions: ["create"], before: null } },
    { address: "fly_volume.fleet_cell-globex_volume_72751284", type: "fly_volume", change: { actions: ["no-op"], before: { name: "data_globex" } } },
  ],
  applyable: false,
  complete: false,
  errored: true,
};

/** Runs a script as `npm run` does (ts-node, transpile only) on a file; exit code and output. */
function runScript(script: string, file: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", script, file], {
    cwd: path.join(__dirname, "..", ".."),
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("planProblem: whether a plan JSON can be reviewed at all", () => {
  it("passes a whole plan, and a plan from before Terraform wrote errored and complete", () => {
    expect(planProblem(plan([{ name: "acme", actions: ["create"] }]))).toBeUndefined();
    expect(planProblem({ format_version: "1.2", planned_values: { root_module: {} }, applyable: false, complete: true, errored: false })).toBeUndefined();
    expect(planProblem({ format_version: "1.1", planned_values: {}, resource_changes: [] })).toBeUndefined();
  });

  it("refuses a plan Terraform failed to finish (errored), whose changes are partial", () => {
    expect(findVolumeViolations(ERRORED_PLAN)).toEqual([]); // the false green this guards against
    expect(planProblem(ERRORED_PLAN)).toEqual({
      kind: "refused",
      message: expect.stringMatching(/^Terraform failed while planning \(errored: true\): this plan is partial/),
    });
  });

  it("refuses an incomplete plan (complete: false: changes deferred), counting the deferred changes", () => {
    const deferred = { ...plan([]), complete: false, deferred_changes: [{ reason: "provider_config_unknown" }] };
    expect(planProblem(deferred)).toEqual({
      kind: "refused",
      message: expect.stringMatching(/^the plan is incomplete \(complete: false\) \(1 deferred change\(s\)\): Terraform deferred changes/),
    });
  });

  it("calls input that is not a plan JSON unusable, saying what it got", () => {
    const unusable = (json: unknown) => {
      const problem = planProblem(json);
      expect(problem?.kind).toBe("unusable");
      return problem?.message;
    };
    expect(unusable(null)).toBe("not a Terraform plan: got null, expected the output of `terraform show -json <planfile>`");
    expect(unusable([])).toMatch(/^not a Terraform plan: got an array,/);
    expect(unusable("plan")).toMatch(/^not a Terraform plan: got a string,/);
    expect(unusable({ resource_changes: [] })).toMatch(/^not a Terraform plan: no format_version,/);
    expect(unusable({ format_version: "2.0", planned_values: {} })).toBe("plan JSON format_version 2.0 is not one this tool reads (1.x)");
    // `terraform show -json` without a plan file prints the state, which has no planned_values.
    expect(unusable({ format_version: "1.0", terraform_version: "1.11.4", values: {} })).toMatch(/no planned_values\. Is it `terraform show -json` of the state\?/);
    expect(unusable({ format_version: "1.2", planned_values: {}, resource_changes: {} })).toBe(
      "not a Terraform plan: its resource_changes is an object, not a list",
    );
    expect(unusable({ format_version: "1.2", planned_values: {}, resource_changes: [{ address: "x" }] })).toBe(
      "not a Terraform plan: its resource_changes[0] has no address, type and change.actions",
    );
  });

  it("checks the shape before the flags: an errored document that is no plan is unusable", () => {
    expect(planProblem({ errored: true })?.kind).toBe("unusable");
  });
});

describe("the plan guard", () => {
  it("passes plans that create, update or keep volumes", () => {
    const ok = plan([
      { name: "acme", actions: ["no-op"] },
      { name: "globex", actions: ["update"] },
      { name: "hooli", actions: ["create"] },
    ]);
    expect(findVolumeViolations(ok)).toEqual([]);
    expect(formatGuardReport(ok, [])).toBe(
      "plan guard: 3 volume(s) in the plan, none destroyed or replaced without a release, no tenant moved without consent",
    );
  });

  it("blocks a volume destroyed because its tenant's line vanished, naming tenant, volume and reason", () => {
    const bad = plan([{ name: "acme-eu", actions: ["delete"] }]);
    expect(findVolumeViolations(bad)).toEqual([
      {
        tenant: "acme-eu",
        field: "status",
        volume: "data_acme_eu",
        address: "fly_volume.fleet_cell-acme-eu_volume_ABCD1234",
        reason: "destroyed: not released: its block is gone from the configuration (a tenant line removed?)",
      },
    ]);
  });

  it("blocks a replacement, with the attribute that forced it", () => {
    const [violation] = findVolumeViolations(plan([{ name: "acme", actions: ["delete", "create"], replace: [["region"]] }]));
    expect(violation).toMatchObject({ tenant: "acme", field: "region" });
    expect(violation.reason).toMatch(/^replaced \(region changed\): a new, empty volume would take its place; not released/);
  });

  it("lets released volumes go", () => {
    expect(findVolumeViolations(plan([{ name: "oldco", actions: ["delete"] }], ["data_oldco"]))).toEqual([]);
  });

  it("runs as `npm run plan:guard -- plan.json`, failing with the report", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "guard-"));
    const run = (p: TerraformPlanJson) => {
      const file = path.join(dir, "plan.json");
      fs.writeFileSync(file, JSON.stringify(p));
      try {
        return { code: 0, out: execFileSync("npx", ["ts-node", "--transpile-only", "scripts/plan-guard.ts", file], { encoding: "utf8", stdio: "pipe" }) };
      } catch (err) {
        const e = err as { status: number; stderr: string };
        return { code: e.status, out: e.stderr };
      }
    };
    const blocked = run(plan([{ name: "acme", actions: ["delete"] }]));
    expect(blocked.code).toBe(1);
    expect(blocked.out).toContain('tenant "acme", field "status", volume "data_acme"');
    expect(blocked.out).toContain('status "decommissioned"');
    expect(run(plan([{ name: "acme", actions: ["create"] }])).code).toBe(0);
  }, 60_000);

  it("exits 1 on an errored plan and 2 on input that is no plan, saying why on stderr", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "guard-"));
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const errored = runScript("scripts/plan-guard.ts", write("errored.json", JSON.stringify(ERRORED_PLAN)));
    expect([errored.code, errored.stdout]).toEqual([1, ""]);
    expect(errored.stderr).toMatch(/^plan guard: refusing this plan: Terraform failed while planning \(errored: true\)/);

    const state = runScript("scripts/plan-guard.ts", write("state.json", JSON.stringify({ format_version: "1.0", values: {} })));
    expect([state.code, state.stdout]).toEqual([2, ""]);
    expect(state.stderr).toMatch(/^plan guard: cannot check .*state\.json: not a Terraform plan: no planned_values/);

    const garbage = runScript("scripts/plan-guard.ts", write("garbage.json", "Error: Failed to read the given file"));
    expect([garbage.code, garbage.stderr]).toEqual([2, expect.stringMatching(/^plan guard: cannot read .*garbage\.json: /)]);
    expect(runScript("scripts/plan-guard.ts", path.join(dir, "missing.json")).code).toBe(2);
  }, 60_000);
});

describe("the guard and shared cells", () => {
  it("names a shared cell's volume as the cell's, not as a tenant's", () => {
    const plan: TerraformPlanJson = {
      format_version: "1.2",
      resource_changes: [
        { address: "fly_volume.fleet_cell-ams-1_volume_ABCDEF12", type: "fly_volume", change: { actions: ["delete"], before: { name: "data_ams_1" } } },
      ],
      planned_values: { outputs: {} },
      output_changes: { shared_cells: { actions: ["update"], before: { "ams-1": { region: "ams" } }, after: {} } },
    };
    const violations = findVolumeViolations(plan);
    expect(violations).toEqual([expect.objectContaining({ tenant: "ams-1", sharedCell: true })]);
    expect(formatGuardReport(plan, violations)).toContain('  - shared cell "ams-1", field "status", volume "data_ams_1"');
  });
});

describe("the guard trusts only what flycell wrote", () => {
  const dropsGlobex = (outputs: Record<string, { value: unknown }>): TerraformPlanJson => ({
    format_version: "1.2",
    resource_changes: [{ address: volumeAddress("globex"), type: "fly_volume", change: { actions: ["delete"], before: { name: "data_globex" } } }],
    planned_values: { outputs },
  });

  it("reads released volumes from flycell's output names only, not from any output whose name contains them", () => {
    const forged = dropsGlobex({ unreleased_volumes: { value: ["data_acme", "data_globex"] }, fleet_released_volumes_0A1B2C3D: { value: ["data_globex"] } });
    expect(findVolumeViolations(forged)).toEqual([expect.objectContaining({ tenant: "globex", field: "status", volume: "data_globex" })]);
  });

  it("lets a released name go only at the address flycell gives that tenant's volume", () => {
    const elsewhere = dropsGlobex({
      released_volumes: { value: ["data_globex"] },
      released_volume_addresses: { value: { data_globex: "fly_volume.fleet_cell-globex_volume_FFFF0000" } },
    });
    expect(findVolumeViolations(elsewhere)).toEqual([
      expect.objectContaining({
        tenant: "globex",
        field: "status",
        reason: expect.stringContaining('flycell released "data_globex" at "fly_volume.fleet_cell-globex_volume_FFFF0000" only'),
      }),
    ]);
    const there = dropsGlobex({ released_volumes: { value: ["data_globex"] }, released_volume_addresses: { value: { data_globex: volumeAddress("globex") } } });
    expect(findVolumeViolations(there)).toEqual([]);
  });

  it("refuses a release it cannot match to an address (no released_volume_addresses), saying so", () => {
    const [violation] = findVolumeViolations(dropsGlobex({ released_volumes: { value: ["data_globex"] } }));
    expect(violation.reason).toContain("no released_volume_addresses output");
  });

  it("takes keys such as constructor and __proto__ as plain keys", () => {
    const outputs = JSON.parse(
      '{"released_volumes":{"value":["data_globex"]},"released_volume_addresses":{"value":{"__proto__":{"data_globex":"x"},"constructor":"y"}}}',
    ) as Record<string, { value: unknown }>;
    expect(findVolumeViolations(dropsGlobex(outputs))).toEqual([expect.objectContaining({ tenant: "globex" })]);
    const inherited = dropsGlobex({ released_volumes: { value: ["toString", "constructor"] }, released_volume_addresses: { value: {} } });
    expect(findVolumeViolations(inherited)).toHaveLength(1);
  });

  it("quotes what it prints from the plan, so a name cannot forge lines or colours", () => {
    const evil: TerraformPlanJson = {
      format_version: "1.2",
      resource_changes: [
        { address: 'fly_volume.x\n  - all clear\u001b[32m', type: "fly_volume", change: { actions: ["delete"], before: { name: "data_a\u009b31m\u2028b" } } },
      ],
      planned_values: { outputs: {} },
    };
    const report = formatGuardReport(evil, findVolumeViolations(evil));
    expect(report.split("\n")).toHaveLength(3);
    for (const raw of ["\u001b", "\u009b", "\u2028"]) expect(report).not.toContain(raw);
    expect(report).toContain('("fly_volume.x\\n  - all clear\\u001b[32m")');
    expect(report).toContain('volume "data_a\\u009b31m\\u2028b"');
  });
});

describe("the guard and moves between cells and regions (the cells output before and after)", () => {
  const cell = (region: string, extra: Record<string, unknown> = {}) => ({ status: "active", region, volume_size_gb: 1, hostnames: [], ...extra });
  const moves = (before: Record<string, unknown>, after: Record<string, unknown>): TerraformPlanJson => ({
    format_version: "1.2",
    resource_changes: [],
    planned_values: { outputs: {} },
    output_changes: { cells: { actions: ["update"], before, after } },
  });

  it("refuses a shared-cell tenant moved to another cell without consent, naming the tenant, the field and the old volume", () => {
    const plan = moves({ a1: cell("ams", { cell: "ams-1" }) }, { a1: cell("ams", { cell: "ams-2" }) });
    const violations = findVolumeViolations(plan);
    expect(violations).toEqual([
      expect.objectContaining({ tenant: "a1", field: "cell", volume: "data_ams_1", address: "output.cells", reason: expect.stringContaining('shared cell "ams-1" to shared cell "ams-2"') }),
    ]);
    expect(formatGuardReport(plan, violations)).toContain('  - tenant "a1", field "cell", volume "data_ams_1" ("output.cells"): changes from shared cell "ams-1"');
    expect(violations[0].reason).toContain('move: { fromCell: "ams-1", data: "start-empty" }');
  });

  it("refuses moves into and out of a dedicated cell, and region changes, without consent", () => {
    expect(findVolumeViolations(moves({ d2: cell("ams") }, { d2: cell("ams", { cell: "ams-1" }) }))).toEqual([
      expect.objectContaining({ tenant: "d2", field: "cell", volume: "data_d2" }),
    ]);
    expect(findVolumeViolations(moves({ a0: cell("ams", { cell: "ams-1" }) }, { a0: cell("ams") }))).toEqual([
      expect.objectContaining({ tenant: "a0", field: "cell", volume: "data_ams_1" }),
    ]);
    expect(findVolumeViolations(moves({ acme: cell("ams") }, { acme: cell("fra") }))).toEqual([
      expect.objectContaining({ tenant: "acme", field: "region", reason: expect.stringContaining('changes from "ams" to "fra" without consent') }),
    ]);
  });

  it("passes a move whose after value records consent from the cell or region the state has", () => {
    expect(findVolumeViolations(moves({ a1: cell("ams", { cell: "ams-1" }) }, { a1: cell("ams", { cell: "ams-2", move: { from_cell: "ams-1" } }) }))).toEqual([]);
    expect(findVolumeViolations(moves({ d2: cell("ams") }, { d2: cell("ams", { cell: "ams-1", move: { from_cell: "dedicated" } }) }))).toEqual([]);
    expect(findVolumeViolations(moves({ acme: cell("ams") }, { acme: cell("fra", { move: { from_region: "ams" } }) }))).toEqual([]);
    // Consent from another cell than the one deployed consents to nothing.
    expect(findVolumeViolations(moves({ a1: cell("ams", { cell: "ams-1" }) }, { a1: cell("ams", { cell: "ams-2", move: { from_cell: "ams-3" } }) }))).toHaveLength(1);
  });

  it("leaves tenants added, removed or unchanged to the other rules, and reads ids such as constructor as plain keys", () => {
    expect(findVolumeViolations(moves({ a: cell("ams") }, { a: cell("ams"), b: cell("fra") }))).toEqual([]);
    expect(findVolumeViolations(moves({ a: cell("ams") }, {}))).toEqual([]);
    const before = JSON.parse('{"constructor":{"status":"active","region":"ams","cell":"ams-1"},"__proto__":{"status":"active","region":"ams"}}') as Record<string, unknown>;
    const after = JSON.parse('{"constructor":{"status":"active","region":"ams","cell":"ams-2"},"__proto__":{"status":"active","region":"fra"}}') as Record<string, unknown>;
    expect(findVolumeViolations(moves(before, after))).toEqual([
      expect.objectContaining({ tenant: "constructor", field: "cell" }),
      expect.objectContaining({ tenant: "__proto__", field: "region" }),
    ]);
    expect(findVolumeViolations(moves({ toString: cell("ams") }, {}))).toEqual([]);
  });
});

describe("planProblem and replace_paths", () => {
  it("calls a plan whose replace_paths is not a list of paths unusable, with a message and no TypeError", () => {
    const bad = (replace: unknown) => ({
      format_version: "1.2",
      planned_values: {},
      resource_changes: [{ address: "fly_volume.v", type: "fly_volume", change: { actions: ["delete", "create"], before: { name: "data_a" }, replace_paths: replace } }],
    });
    expect(planProblem(bad("region"))).toEqual({
      kind: "unusable",
      message: 'not a Terraform plan: its resource_changes[0] ("fly_volume.v") has a change.replace_paths that is a string, not a list of attribute paths',
    });
    expect(planProblem(bad(["region"]))?.kind).toBe("unusable");
    expect(planProblem(bad([["region"]]))).toBeUndefined();
    expect(() => findVolumeViolations(bad({ length: 1 }) as TerraformPlanJson)).not.toThrow();
  });
});
