import { FleetInput, FlycellValidationError, planFleet, PlanOptions, Problem } from "../../lib";

const FLEET = { appName: "acme-fleet", image: "registry.fly.io/acme:1" } as const;
const cell = (region = "ams") => ({ region, capacity: 5 });

/** The problems of an input planFleet must refuse (fails the test when it plans it or throws anything else). */
function problemsOf(input: Record<string, unknown>, options: PlanOptions = {}): readonly Problem[] {
  try {
    planFleet({ ...FLEET, ...input } as unknown as FleetInput, options);
  } catch (err) {
    if (err instanceof FlycellValidationError) return err.problems;
    throw err;
  }
  throw new Error("accepted");
}

describe("a shared cell's id obeys every rule a tenant id obeys", () => {
  it.each([
    ["router", {}],
    ["monitor", {}],
    ["www", {}],
    ["up", {}],
    ["router", { topology: "app-per-cell" }],
    ["monitor", { topology: "app-per-cell" }],
  ])("refuses a shared cell named %s (%j), like a tenant of that name", (id, settings) => {
    const problems = problemsOf({ ...settings, sharedCells: { [id]: cell() }, tenants: [{ id: "acme", region: "ams", cell: id }] });
    expect(problems).toContainEqual({
      subject: "fleet",
      field: `sharedCells.${id}`,
      message: expect.stringContaining(`"${id}" is reserved by the fleet (its routes or names)`) as string,
    });
    const asTenant = problemsOf({ ...settings, tenants: [{ id, region: "ams" }] });
    expect(asTenant).toContainEqual(expect.objectContaining({ subject: `tenant "${id}"`, field: "id" }));
  });

  it("refuses a cell id whose volume name would pass Fly's 30 characters (data_ + 26)", () => {
    const id = "c".repeat(26);
    expect(problemsOf({ sharedCells: { [id]: cell() }, tenants: [] })).toEqual([
      { subject: "fleet", field: `sharedCells.${id}`, message: "is 26 characters; at most 25 fit Fly's app and volume name limits" },
    ]);
    expect(() => planFleet({ ...FLEET, sharedCells: { ["c".repeat(25)]: cell() }, tenants: [] })).not.toThrow();
  });

  it("refuses a cell id whose app-per-cell app would pass Fly's 63 characters", () => {
    const appName = "a".repeat(50); // 63 - 50 - 1 = 12 characters left for the id
    const problems = problemsOf({ appName, topology: "app-per-cell", sharedCells: { ["b".repeat(13)]: cell() }, tenants: [] });
    expect(problems).toEqual([expect.objectContaining({ field: `sharedCells.${"b".repeat(13)}`, message: expect.stringContaining("at most 12 fit") as string })]);
  });

  it("keeps a released cell's id taken: it cannot be declared active again", () => {
    const ledger = { version: 1, tenants: {}, cells: { old: { region: "ams", volumeSizeGb: 1, status: "released" } } } as const;
    expect(problemsOf({ sharedCells: { old: cell() }, tenants: [] }, { ledger })).toEqual([
      expect.objectContaining({ subject: "fleet", field: "sharedCells.old.status", message: expect.stringContaining("was released") as string }),
    ]);
    // Declared released, or no longer declared: both fine.
    expect(() => planFleet({ ...FLEET, sharedCells: { old: { ...cell(), status: "released" } }, tenants: [] }, { ledger })).not.toThrow();
    expect(() => planFleet({ ...FLEET, tenants: [] }, { ledger })).not.toThrow();
  });

  it.each(["released", "active"] as const)("refuses a tenant taking the id of a %s cell in the ledger", (status) => {
    const ledger = { version: 1, tenants: {}, cells: { old: { region: "ams", volumeSizeGb: 1, status } } } as const;
    const problems = problemsOf({ sharedCells: status === "active" ? { other: cell() } : {}, tenants: [{ id: "old", region: "ams" }] }, { ledger });
    expect(problems).toContainEqual({
      subject: 'tenant "old"',
      field: "id",
      message: `is the id of shared cell "old" in the ledger (${status}); a cell's id stays taken, as both would name the volume data_old`,
    });
  });

  it("refuses a tenant and a shared cell of one id, which would share volume data_<id> and app <app>-<id>", () => {
    const problems = problemsOf({ sharedCells: { acme: cell() }, tenants: [{ id: "acme", region: "ams" }] });
    expect(problems).toContainEqual(expect.objectContaining({ subject: "fleet", field: "sharedCells.acme", message: expect.stringContaining("also a tenant id") as string }));
  });
});

describe("hostnames that are the fleet's, not a tenant's", () => {
  it("refuses a tenant hostname equal to routing.baseDomain, which would capture the bare domain on every path", () => {
    const problems = problemsOf({ routing: { baseDomain: "Cells.io" }, tenants: [{ id: "acme", region: "ams", hostnames: ["x.acme.com", "cells.io"] }] });
    expect(problems).toEqual([
      {
        subject: 'tenant "acme"',
        field: "hostnames[1]",
        message: '"cells.io" is routing.baseDomain "Cells.io": a request for the base domain itself would reach this tenant on every path',
      },
    ]);
  });

  it.each([
    "acme-fleet.flycast",
    "acme-fleet-monitor.flycast",
    "acme-fleet-router.flycast",
    "acme-fleet-acme.flycast",
    "acme-fleet.internal",
    "1234abcd.vm.acme-fleet.internal",
    "*.acme-fleet.flycast",
    "ACME-FLEET.FLYCAST",
    "acme-fleet-router.fly.dev",
  ])("refuses %s as a tenant hostname", (hostname) => {
    const problems = problemsOf({ tenants: [{ id: "acme", region: "ams", hostnames: ["ok.acme.com", hostname] }] });
    expect(problems).toEqual([expect.objectContaining({ subject: 'tenant "acme"', field: "hostnames[1]", message: expect.stringContaining(JSON.stringify(hostname)) as string })]);
    expect(problems[0].message).toMatch(/private network|fly\.dev name/);
  });

  it("refuses a private Fly name as the base domain", () => {
    expect(problemsOf({ routing: { baseDomain: "cells.internal" }, tenants: [] })).toEqual([
      expect.objectContaining({ subject: "fleet", field: "routing.baseDomain" }),
    ]);
  });

  it("still accepts names that only look alike", () => {
    const hostnames = ["flycast.acme.com", "internal.acme.com", "acme.flycast.io"];
    expect(planFleet({ ...FLEET, tenants: [{ id: "acme", region: "ams", hostnames }] }).cells[0].hostnames).toEqual([...hostnames].sort());
  });
});

describe("host overlaps, found through an index", () => {
  // The messages of the pairwise scan, kept: the earliest claim a pattern clashes with is named.
  it.each([
    [["a.x.com"], ["a.x.com"], "hostnames[0]", '"a.x.com" is already served by tenant "t0"'],
    [["*.x.com"], ["a.x.com"], "hostnames[0]", '"a.x.com" overlaps "*.x.com" of tenant "t0": a hostname may match one tenant only'],
    [["a.b.x.com"], ["*.x.com"], "hostnames[0]", '"*.x.com" overlaps "a.b.x.com" of tenant "t0": a hostname may match one tenant only'],
    [["*.x.com"], ["*.a.x.com"], "hostnames[0]", '"*.a.x.com" overlaps "*.x.com" of tenant "t0": a hostname may match one tenant only'],
    [["*.x.com"], ["*.x.com"], "hostnames[0]", '"*.x.com" is already served by tenant "t0"'],
  ])("%j then %j", (first, second, field, message) => {
    const problems = problemsOf({ tenants: [{ id: "t0", region: "ams", hostnames: first }, { id: "t1", region: "ams", hostnames: second }] });
    expect(problems).toEqual([{ subject: 'tenant "t1"', field, message }]);
  });

  it("names the earliest claim when a pattern clashes with several", () => {
    const problems = problemsOf({
      tenants: [
        { id: "t0", region: "ams", hostnames: ["a.b.x.com"] },
        { id: "t1", region: "ams", hostnames: ["*.b.x.com"] },
        { id: "t2", region: "ams", hostnames: ["*.x.com"] },
      ],
    });
    expect(problems.map((p) => `${p.subject} ${p.message}`)).toEqual([
      'tenant "t1" "*.b.x.com" overlaps "a.b.x.com" of tenant "t0": a hostname may match one tenant only',
      'tenant "t2" "*.x.com" overlaps "a.b.x.com" of tenant "t0": a hostname may match one tenant only',
    ]);
  });

  it("lets one tenant hold a wildcard and names under it, and names a tenant's subdomain as such", () => {
    expect(() => planFleet({ ...FLEET, tenants: [{ id: "t0", region: "ams", hostnames: ["*.x.com", "a.x.com"] }] })).not.toThrow();
    const problems = problemsOf({ routing: { baseDomain: "cells.io" }, tenants: [{ id: "t0", region: "ams" }, { id: "t1", region: "ams", hostnames: ["t0.cells.io"] }] });
    expect(problems).toEqual([{ subject: 'tenant "t1"', field: "hostnames[0]", message: '"t0.cells.io" is already served by tenant "t0"\'s subdomain' }]);
  });
});
