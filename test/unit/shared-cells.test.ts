import { FleetInput, nextLedger, planFleet, TenantLedger, TenantSpec } from "../../lib";
import { shuffled, seededRandom, validationProblems } from "../helpers";

const FLEET = {
  appName: "cells",
  image: "registry.fly.io/cells:1",
  sharedCells: { "ams-1": { region: "ams", capacity: 3 }, "ord-1": { region: "ord", capacity: 2, volumeSizeGb: 10 } },
} as const;
const TENANTS: TenantSpec[] = [
  { id: "acme", region: "ams", cell: "ams-1" },
  { id: "bolt", region: "ams", cell: "ams-1", hostnames: ["app.bolt.io"] },
  { id: "crux", region: "ord", cell: "ord-1" },
  { id: "dyna", region: "fra" },
];
const fleet = (tenants: readonly TenantSpec[], extra: Partial<FleetInput> = {}): FleetInput => ({ ...FLEET, ...extra, tenants });
const problems = (input: FleetInput, ledger?: TenantLedger) =>
  validationProblems(() => planFleet(input, { ledger })).map((p) => `${p.subject} ${p.field}: ${p.message}`);
const deployed = (tenants: readonly TenantSpec[]) => nextLedger({ version: 1, tenants: {} }, tenants, planFleet(fleet(tenants)).settings);

describe("shared cells in the plan", () => {
  const plan = planFleet(fleet(TENANTS));
  const ams = plan.sharedCells.find((c) => c.tenantId === "ams-1");

  it("make one machine and one volume per shared cell, named after it", () => {
    expect(plan.sharedCells.map((c) => [c.tenantId, c.machineName, c.volumeName, c.region])).toEqual([
      ["ams-1", "ams-1", "data_ams_1", "ams"],
      ["ord-1", "ord-1", "data_ord_1", "ord"],
    ]);
    expect(plan.sharedCells.find((c) => c.tenantId === "ord-1")?.volumeSizeGb).toBe(10);
  });

  it("tell the machine which tenants it serves and which left, and serve their hostnames", () => {
    const withGone = planFleet(fleet([...TENANTS, { id: "gone", region: "ams", cell: "ams-1", status: "decommissioned" }]));
    const env = withGone.sharedCells[0].env;
    expect(env).toMatchObject({
      FLYCELL_CELL_ID: "ams-1",
      FLYCELL_TENANTS: "acme,bolt",
      FLYCELL_TENANTS_DECOMMISSIONED: "gone",
      FLYCELL_TENANTS_RELEASED: "",
      FLYCELL_DATA_DIR: "/data",
    });
    expect(env.FLYCELL_TENANT_ID).toBeUndefined();
    expect(ams?.hostnames).toEqual(["app.bolt.io"]);
    expect(ams?.members).toEqual({ active: ["acme", "bolt"], decommissioned: [], released: [] });
  });

  it("give a tenant's own spec its cell; a tenant without `cell` keeps a dedicated cell", () => {
    const byId = new Map(plan.cells.map((c) => [c.tenantId, c]));
    expect(byId.get("acme")).toMatchObject({ sharedCell: "ams-1", machineName: "ams-1", volumeName: "data_ams_1" });
    expect(byId.get("dyna")).toMatchObject({ machineName: "dyna", volumeName: "data_dyna" });
    expect(byId.get("dyna")?.sharedCell).toBeUndefined();
  });

  it("never move a tenant when other lines are added, removed or reordered", () => {
    const specOf = (tenants: readonly TenantSpec[]) => planFleet(fleet(tenants)).cells.find((c) => c.tenantId === "acme");
    const before = specOf(TENANTS);
    expect(specOf(shuffled(TENANTS, seededRandom(7)))).toEqual(before);
    expect(specOf(TENANTS.filter((t) => t.id !== "bolt"))).toMatchObject({ sharedCell: "ams-1", machineName: "ams-1" });
    expect(specOf([...TENANTS, { id: "echo", region: "ams", cell: "ams-1" }])).toEqual(before);
  });
});

describe("shared cell validation names the tenant and the cell", () => {
  it.each<[string, TenantSpec[], Partial<FleetInput>, string]>([
    ["an unknown cell", [{ id: "acme", region: "ams", cell: "ams-9" }], {}, 'tenant "acme" cell: "ams-9" is not a shared cell; the fleet\'s are ams-1, ord-1'],
    ["a region other than the cell's", [{ id: "acme", region: "fra", cell: "ams-1" }], {}, 'tenant "acme" region: is "fra", but shared cell "ams-1" is in "ams"'],
    ["a machine size on the line", [{ id: "acme", region: "ams", cell: "ams-1", guest: { cpus: 2, memoryMb: 512 } }], {}, 'tenant "acme" guest: is the shared cell\'s to set'],
    ["a volume size on the line", [{ id: "acme", region: "ams", cell: "ams-1", volumeSizeGb: 5 }], {}, 'tenant "acme" volumeSizeGb: is the shared cell\'s to set'],
    ["per-tenant secrets", [{ id: "acme", region: "ams", cell: "ams-1", secrets: { K: { version: "1" } } }], { topology: "app-per-cell" }, 'tenant "acme" secrets: per-tenant secrets would be visible to every tenant of shared cell "ams-1"'],
    ["two images on one machine", [{ id: "acme", region: "ams", cell: "ams-1", image: "x:2" }, { id: "bolt", region: "ams", cell: "ams-1" }], {}, 'tenant "acme" image: the tenants of shared cell "ams-1" run one machine, so they need one image'],
    ["a cell id that is a tenant id", [{ id: "ams-1", region: "ams" }], {}, 'fleet sharedCells.ams-1: "ams-1" is also a tenant id'],
  ])("refuses %s", (_name, tenants, extra, expected) => {
    expect(problems(fleet(tenants, extra))).toContainEqual(expect.stringContaining(expected));
  });

  it("refuses a full cell on the tenants that are new to it, whatever the order", () => {
    const ledger = deployed([TENANTS[2], { id: "eve", region: "ord", cell: "ord-1" }]);
    const over = [...TENANTS, { id: "eve", region: "ord", cell: "ord-1" }, { id: "fox", region: "ord", cell: "ord-1" }];
    for (const order of [over, [...over].reverse()]) {
      expect(problems(fleet(order), ledger)).toEqual(['tenant "fox" cell: shared cell "ord-1" is full: capacity 2, 3 tenants name it']);
    }
  });

  it("releases a cell only once its tenants are, and refuses a cell change without consent", () => {
    expect(problems(fleet(TENANTS, { sharedCells: { ...FLEET.sharedCells, "ams-1": { region: "ams", capacity: 3, status: "released" } } }))).toContainEqual(
      expect.stringContaining('fleet sharedCells.ams-1.status: cannot be released while tenants live in it: acme, bolt'),
    );
    const ledger = deployed(TENANTS);
    const moved = TENANTS.map((t) => (t.id === "dyna" ? { ...t, region: "ams", cell: "ams-1" } : t));
    expect(problems(fleet(moved), ledger)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^tenant "dyna" cell: cannot change from its dedicated cell to shared cell "ams-1"/)]),
    );
  });

  it("accepts a consented move into a shared cell, confirmed by the ledger", () => {
    const ledger = deployed(TENANTS);
    const moved = TENANTS.map((t) =>
      t.id === "dyna" ? { id: "dyna", region: "ams", cell: "ams-1", move: { from: "fra", fromCell: "dedicated", data: "start-empty" } } as TenantSpec : t,
    );
    expect(problems(fleet(moved), ledger)).toEqual([]);
    const stale = moved.map((t) => (t.id === "dyna" ? { ...t, move: { from: "fra", fromCell: "ord-1", data: "start-empty" } } as TenantSpec : t));
    expect(problems(fleet(stale), ledger)).toEqual(['tenant "dyna" move.fromCell: is "ord-1", but the ledger has the tenant in its dedicated cell']);
  });

  it("lists a tenant that moved out in its old cell's released tenants, so the app deletes the data left there", () => {
    const ledger = deployed(TENANTS);
    const moved = TENANTS.map((t) => (t.id === "acme" ? ({ id: "acme", region: "ams", move: { fromCell: "ams-1", data: "start-empty" } } as TenantSpec) : t));
    const plan = planFleet(fleet(moved), { ledger });
    expect(plan.sharedCells[0].env).toMatchObject({ FLYCELL_TENANTS: "bolt", FLYCELL_TENANTS_RELEASED: "acme" });
    // Its new dedicated volume is new: nothing of it may be destroyed.
    expect(plan.cells.find((c) => c.tenantId === "acme")?.replacesVolume).toBe(false);
  });
});
