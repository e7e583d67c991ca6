import {
  cellTenants,
  CELL_ID_ENV,
  DATA_DIR_ENV,
  DECOMMISSIONED_TENANTS_ENV,
  RELEASED_TENANTS_ENV,
  TENANT_ID_ENV,
  tenantDataDir,
  TENANTS_ENV,
} from "../../lib/cell";

describe("the cell environment contract (flycell/cell)", () => {
  it("names the variables flycell sets", () => {
    expect([TENANT_ID_ENV, DATA_DIR_ENV, CELL_ID_ENV, TENANTS_ENV, DECOMMISSIONED_TENANTS_ENV, RELEASED_TENANTS_ENV]).toEqual([
      "FLYCELL_TENANT_ID",
      "FLYCELL_DATA_DIR",
      "FLYCELL_CELL_ID",
      "FLYCELL_TENANTS",
      "FLYCELL_TENANTS_DECOMMISSIONED",
      "FLYCELL_TENANTS_RELEASED",
    ]);
  });

  it("reads a dedicated cell as one active tenant, its cell named after it", () => {
    expect(cellTenants({ FLYCELL_TENANT_ID: "acme" })).toEqual({ cellId: "acme", shared: false, active: ["acme"], decommissioned: [], released: [] });
  });

  it("reads a shared cell's tenants by status", () => {
    const env = { FLYCELL_CELL_ID: "pool", FLYCELL_TENANTS: "acme,globex", FLYCELL_TENANTS_DECOMMISSIONED: "initech", FLYCELL_TENANTS_RELEASED: "hooli,umbrella" };
    expect(cellTenants(env)).toEqual({ cellId: "pool", shared: true, active: ["acme", "globex"], decommissioned: ["initech"], released: ["hooli", "umbrella"] });
  });

  it("reads empty and missing lists as no tenants: a shared cell whose tenants all left", () => {
    const env = { FLYCELL_CELL_ID: "pool", FLYCELL_TENANTS: "", FLYCELL_TENANTS_DECOMMISSIONED: "" };
    expect(cellTenants(env)).toEqual({ cellId: "pool", shared: true, active: [], decommissioned: [], released: [] });
  });

  it("prefers the shared cell's variables to FLYCELL_TENANT_ID", () => {
    expect(cellTenants({ FLYCELL_CELL_ID: "pool", FLYCELL_TENANTS: "acme", FLYCELL_TENANT_ID: "globex" }).active).toEqual(["acme"]);
  });

  it("reads process.env by default", () => {
    process.env.FLYCELL_TENANT_ID = "globex";
    try {
      expect(cellTenants().active).toEqual(["globex"]);
    } finally {
      delete process.env.FLYCELL_TENANT_ID;
    }
  });

  it.each<[string, Record<string, string>, string]>([
    ["neither variable", {}, "not a flycell cell: set FLYCELL_TENANT_ID (a dedicated cell) or FLYCELL_TENANTS (a shared one)"],
    ["a tenant id that is no slug", { FLYCELL_TENANT_ID: "../acme" }, 'FLYCELL_TENANT_ID is "../acme"'],
    ["a listed id that is no slug", { FLYCELL_CELL_ID: "pool", FLYCELL_TENANTS: "acme,../../etc" }, 'FLYCELL_TENANTS holds "../../etc"'],
    ["a shared cell without its id", { FLYCELL_TENANTS: "acme" }, "FLYCELL_CELL_ID is undefined"],
    [
      "a tenant both active and released",
      { FLYCELL_CELL_ID: "pool", FLYCELL_TENANTS: "acme", FLYCELL_TENANTS_RELEASED: "acme" },
      'tenant "acme" is in two of FLYCELL_TENANTS, FLYCELL_TENANTS_DECOMMISSIONED, FLYCELL_TENANTS_RELEASED',
    ],
  ])("refuses %s", (_case, env, message) => {
    expect(() => cellTenants(env)).toThrow(message);
  });
});

describe("tenantDataDir", () => {
  it("is <FLYCELL_DATA_DIR>/<tenant id>", () => {
    expect(tenantDataDir("acme", { FLYCELL_DATA_DIR: "/data" })).toBe("/data/acme");
    expect(tenantDataDir("acme-eu", { FLYCELL_DATA_DIR: "/data/" })).toBe("/data/acme-eu");
  });

  it.each(["..", "../etc", "acme/../globex", "acme/x", "/etc", "", "Acme", "acme.", "acme\0"])("refuses the tenant id %j: no path escapes", (id) => {
    expect(() => tenantDataDir(id, { FLYCELL_DATA_DIR: "/data" })).toThrow(`tenant id ${JSON.stringify(id)} is not a slug`);
  });

  it("refuses a missing or relative FLYCELL_DATA_DIR", () => {
    expect(() => tenantDataDir("acme", {})).toThrow("FLYCELL_DATA_DIR is undefined: must be an absolute path");
    expect(() => tenantDataDir("acme", { FLYCELL_DATA_DIR: "data" })).toThrow('FLYCELL_DATA_DIR is "data"');
  });
});
