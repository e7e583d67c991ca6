/**
 * The real Terraform CLI, offline, on a generated fleet with a router: what each kind of tenant
 * PR plans, counted from `terraform show -json` of the saved plan.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { CellFleet, EMPTY_LEDGER, findVolumeViolations, nextLedger, planFleet, summarizePlan, TenantSpec } from "../../lib";
import { makeTenants, seededRandom, shuffled, validationProblems } from "../helpers";
import { changedOutputs, changedResources, countChanges, describeWithTerraform, Workspace, workspaceStack } from "./terraform";

const ROOT = path.join(__dirname, "..", "..");
const FLEET = { appName: "e2e-fleet", image: "registry.fly.io/e2e:1" } as const;
const TENANTS: readonly TenantSpec[] = makeTenants(8);

/** The fleet of `tenants`, judged against a ledger of what `deployed` (by default the original list) had. */
function fleet(tenants: readonly TenantSpec[], withLedger = false, deployed: readonly TenantSpec[] = TENANTS) {
  return (app: App) => {
    const stack = workspaceStack(app);
    const ledger = withLedger ? nextLedger(EMPTY_LEDGER, deployed, planFleet({ ...FLEET, tenants: deployed }).settings) : undefined;
    new CellFleet(stack, "fleet", { ...FLEET, tenants, ledger, routing: { router: { regions: ["ams"] } } });
    return stack;
  };
}

const withTenant = (id: string, change: Partial<TenantSpec>) => TENANTS.map((t) => (t.id === id ? { ...t, ...change } : t));

/** What a plan does, per owner, as `{ owner: { kind: [resources] } }` without the empty kinds. */
function byOwner(plan: Parameters<typeof summarizePlan>[0]): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const [owner, row] of summarizePlan(plan)) {
    out[owner] = Object.fromEntries(Object.entries(row).filter(([, names]) => names.length > 0).map(([k, v]) => [k, v.sort()]));
  }
  return out;
}

describeWithTerraform("a generated fleet on the emulated Fly provider", () => {
  let ws: Workspace;

  beforeAll(() => {
    ws = new Workspace(path.join(ROOT, ".tmp", "e2e", "generated"));
    ws.configure(fleet(TENANTS));
    ws.init();
  });

  test("validate passes and the first apply creates every synthesized resource", () => {
    ws.run("validate");
    const synthesized = JSON.parse(fs.readFileSync(path.join(ws.dir, "cdk.tf.json"), "utf8")) as {
      resource: Record<string, Record<string, unknown>>;
    };
    const total = Object.values(synthesized.resource).reduce((n, byId) => n + Object.keys(byId).length, 0);
    expect(total).toBeGreaterThan(2 * TENANTS.length);

    expect(countChanges(ws.plan())).toEqual({ create: total, update: 0, replace: 0, delete: 0 });
    ws.run("apply", "-input=false", "plan.bin");
    expect(ws.stateAddresses()).toHaveLength(total);
  });

  test("a second plan is empty", () => {
    const plan = ws.plan();
    expect(changedResources(plan)).toEqual({});
    expect(changedOutputs(plan)).toEqual([]);
  });

  test("adding one tenant creates only its cell; the router is updated in place; nothing is destroyed", () => {
    ws.configure(fleet([...TENANTS, { id: "newco", region: "fra", hostnames: ["newco.example.com"] }]));
    const plan = ws.plan();
    expect(byOwner(plan)).toEqual({
      newco: { create: ["machine", "volume"] },
      "(router)": { create: ["cert"], update: ["machine", "machine"] },
    });
    expect(countChanges(plan)).toMatchObject({ replace: 0, delete: 0 });
  });

  test("reordering the tenant list plans no change", () => {
    ws.configure(fleet(shuffled(TENANTS, seededRandom(7))));
    const plan = ws.plan();
    expect(changedResources(plan)).toEqual({});
    expect(changedOutputs(plan)).toEqual([]);
  });

  test("changing one tenant's image updates that tenant's machine only", () => {
    ws.configure(fleet(withTenant("t2", { image: "registry.fly.io/e2e:2" })));
    expect(byOwner(ws.plan())).toEqual({ t2: { update: ["machine"] } });
  });

  test("growing a volume updates it in place; shrinking is refused by the ledger and by the provider's plan", () => {
    ws.configure(fleet(withTenant("t0", { volumeSizeGb: 9 })));
    expect(byOwner(ws.plan())).toEqual({ t0: { update: ["volume"] } });

    const shrunk = withTenant("t0", { volumeSizeGb: 1 });
    expect(() => ws.configure(fleet(shrunk, true))).toThrow(/tenant "t0".*volumeSizeGb/s);
    ws.configure(fleet(shrunk)); // without the ledger, the provider still refuses
    const result = ws.tryRun("plan", "-input=false");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Cannot Shrink Volume/);
  });

  test("a careless region change never replaces the volume: the ledger refuses it, and so does prevent_destroy", () => {
    const moved = withTenant("t5", { region: "syd" });
    expect(() => ws.configure(fleet(moved, true))).toThrow(/tenant "t5".*region/s);
    ws.configure(fleet(moved));
    const result = ws.tryRun("plan", "-input=false");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/Instance cannot be destroyed[\s\S]*fleet_cell-t5_volume/);
  });

  test("removing a tenant's line is refused by the ledger; without it, the plan guard stops the destroy", () => {
    const without = TENANTS.filter((t) => t.id !== "t1");
    const ledger = nextLedger(EMPTY_LEDGER, TENANTS, planFleet({ ...FLEET, tenants: TENANTS }).settings);
    expect(validationProblems(() => planFleet({ ...FLEET, tenants: without }, { ledger }))).toEqual([
      expect.objectContaining({ subject: 'tenant "t1"' }),
    ]);

    // A configuration that lost the line (say, synthesized without the ledger) against the older state:
    // the resources leave the configuration together with their prevent_destroy, so only the guard stands.
    ws.configure(fleet(without));
    const plan = ws.plan();
    expect(byOwner(plan).t1).toEqual({ destroy: ["machine", "volume"] });
    expect(findVolumeViolations(plan).map((v) => v.address)).toEqual([
      expect.stringMatching(/^fly_volume\.fleet_cell-t1_volume_/),
    ]);
    const guard = spawnSync(
      process.execPath,
      [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/plan-guard.ts", path.join(ws.dir, "plan.json")],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(guard.status).toBe(1);
    expect(guard.stderr).toMatch(/t1/);
  });

  test("decommissioning keeps the volume; releasing lets the guard pass its destroy", () => {
    ws.configure(fleet(withTenant("t3", { status: "decommissioned" })));
    // The router stops serving the tenant's hostname too.
    expect(byOwner(ws.plan())).toEqual({ t3: { destroy: ["machine"] }, "(router)": { destroy: ["cert"], update: ["machine", "machine"] } });
    ws.run("apply", "-input=false", "plan.bin");

    ws.configure(fleet(withTenant("t3", { status: "released" }), true, withTenant("t3", { status: "decommissioned" })));
    const plan = ws.plan();
    expect(byOwner(plan)).toEqual({ t3: { destroy: ["volume"] } });
    expect(findVolumeViolations(plan)).toEqual([]);
    ws.run("apply", "-input=false", "plan.bin");
  });

  test("applied updates converge: after applying an image change and a volume growth the next plan is empty", () => {
    const changed = TENANTS.map((t) =>
      t.id === "t3" ? { ...t, status: "released" as const } : t.id === "t0" ? { ...t, volumeSizeGb: 9, image: "registry.fly.io/e2e:3" } : t,
    );
    ws.configure(fleet(changed, true, withTenant("t3", { status: "decommissioned" })));
    expect(byOwner(ws.plan())).toEqual({ t0: { update: ["machine", "volume"] } });
    ws.run("apply", "-input=false", "plan.bin");
    const plan = ws.plan();
    expect(changedResources(plan)).toEqual({});
    expect(changedOutputs(plan)).toEqual([]);
  });
});
