import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { findVolumeViolations, formatGuardReport, TerraformPlanJson } from "../../lib";

/** A plan in the shape of `terraform show -json`, reduced to what the guard reads. */
function plan(changes: { name: string; actions: string[]; replace?: string[][] }[], released: string[] = []): TerraformPlanJson {
  return {
    resource_changes: [
      { address: "fly_machine.fleet_cell-acme_machine_1", type: "fly_machine", change: { actions: ["delete"], before: { name: "acme" } } },
      ...changes.map((c) => ({
        address: `fly_volume.fleet_cell-${c.name}_volume_ABCD1234`,
        type: "fly_volume",
        change: { actions: c.actions, before: { name: `data_${c.name.replace(/-/g, "_")}` }, replace_paths: c.replace },
      })),
    ],
    planned_values: { outputs: { fleet_released_volumes_0A1B2C3D: { value: released } } },
  };
}

describe("the plan guard", () => {
  it("passes plans that create, update or keep volumes", () => {
    const ok = plan([
      { name: "acme", actions: ["no-op"] },
      { name: "globex", actions: ["update"] },
      { name: "hooli", actions: ["create"] },
    ]);
    expect(findVolumeViolations(ok)).toEqual([]);
    expect(formatGuardReport(ok, [])).toBe("plan guard: 3 volume(s) in the plan, none destroyed or replaced without a release");
  });

  it("blocks a volume destroyed because its tenant's line vanished, naming tenant, volume and reason", () => {
    const bad = plan([{ name: "acme-eu", actions: ["delete"] }]);
    expect(findVolumeViolations(bad)).toEqual([
      {
        tenant: "acme-eu",
        volume: "data_acme_eu",
        address: "fly_volume.fleet_cell-acme-eu_volume_ABCD1234",
        reason: "destroyed: its block is gone from the configuration (a tenant line removed?)",
      },
    ]);
  });

  it("blocks a replacement, with the attribute that forced it", () => {
    const [violation] = findVolumeViolations(plan([{ name: "acme", actions: ["delete", "create"], replace: [["region"]] }]));
    expect(violation.reason).toBe("replaced (region changed): a new, empty volume would take its place");
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
    expect(blocked.out).toContain('tenant "acme", volume data_acme');
    expect(blocked.out).toContain('status "decommissioned"');
    expect(run(plan([{ name: "acme", actions: ["create"] }])).code).toBe(0);
  }, 60_000);
});
