import { cellAppNameFor, FleetSettings, FlycellValidationError, machineNameFor, planFleet, Problem, volumeNameFor } from "../../lib";
import { makeTenants, seededRandom, shuffled } from "../helpers";

const FLEET: FleetSettings = { appName: "acme-fleet", image: "registry.fly.io/acme:1" };

function fleetProblems(settings: Partial<FleetSettings>): readonly Problem[] {
  try {
    planFleet({ ...{ ...FLEET, ...settings } as FleetSettings, tenants: [{ id: "acme", region: "ams" }] });
  } catch (err) {
    if (err instanceof FlycellValidationError) return err.problems;
    throw err;
  }
  throw new Error("expected a FlycellValidationError");
}

describe("planFleet defaults and overrides", () => {
  it("fills in every documented default", () => {
    const { settings, cells } = planFleet({ ...FLEET, tenants: [{ id: "acme", region: "ams" }] });
    expect(settings).toEqual({
      appName: "acme-fleet",
      org: undefined,
      image: "registry.fly.io/acme:1",
      waves: {},
      topology: "shared-app",
      addresses: ["shared_v4", "public_v6"],
      isolatedNetworks: false,
      guest: { cpuKind: "shared", cpus: 1, memoryMb: 256 },
      volumeSizeGb: 1,
      autoBackupEnabled: true,
      snapshotRetentionDays: 5,
      secrets: {},
      sharedCells: {},
      autostop: "stop",
      autostart: true,
      internalPort: 8080,
      healthPath: "/up",
      dataPath: "/data",
      env: {},
      metadata: {},
    });
    expect(cells[0]).toEqual({
      tenantId: "acme",
      status: "active",
      replacesVolume: false,
      appName: "acme-fleet",
      cellName: "acme-fleet-acme",
      ownApp: undefined,
      region: "ams",
      machineName: "acme",
      volumeName: "data_acme",
      volumes: { generation: 0, kept: [], released: [] },
      image: "registry.fly.io/acme:1",
      guest: { cpuKind: "shared", cpus: 1, memoryMb: 256 },
      volumeSizeGb: 1,
      autoBackupEnabled: true,
      snapshotRetentionDays: 5,
      secrets: {},
      autostop: "stop",
      autostart: true,
      internalPort: 8080,
      healthPath: "/up",
      dataPath: "/data",
      hostnames: [],
      env: { FLYCELL_DATA_DIR: "/data", FLYCELL_TENANT_ID: "acme" },
      metadata: { flycell_cell: "acme-fleet-acme", flycell_tenant: "acme" },
    });
  });

  it("applies a tenant's overrides over the fleet's settings, field by field", () => {
    const [cell] = planFleet({ ...FLEET,
        guest: { cpuKind: "shared", cpus: 2, memoryMb: 1024 },
        volumeSizeGb: 3,
        snapshotRetentionDays: 14,
        dataPath: "/var/lib/app",
        env: { LOG_LEVEL: "info", REGION_HINT: "eu" },
        metadata: { team: "core", tier: "standard" }, tenants: [
        {
          id: "acme",
          region: "ams",
          guest: { cpus: 1 },
          volumeSizeGb: 40,
          snapshotRetentionDays: 30,
          image: "registry.fly.io/acme:2",
          env: { LOG_LEVEL: "debug" },
          metadata: { tier: "gold" },
        },
      ] }).cells;
    expect(cell).toMatchObject({
      guest: { cpuKind: "shared", cpus: 1, memoryMb: 1024 },
      volumeSizeGb: 40,
      snapshotRetentionDays: 30,
      image: "registry.fly.io/acme:2",
      env: { FLYCELL_DATA_DIR: "/var/lib/app", FLYCELL_TENANT_ID: "acme", LOG_LEVEL: "debug", REGION_HINT: "eu" },
      metadata: { flycell_cell: "acme-fleet-acme", flycell_tenant: "acme", team: "core", tier: "gold" },
    });
  });

  it("sorts env and metadata keys so the JSON does not depend on how they were written", () => {
    const [cell] = planFleet({ ...FLEET, env: { ZED: "1", ALPHA: "2" }, tenants: [
      { id: "acme", region: "ams", env: { MID: "3" }, metadata: { z: "1", a: "2" } },
    ] }).cells;
    expect(Object.keys(cell.env)).toEqual(["ALPHA", "FLYCELL_DATA_DIR", "FLYCELL_TENANT_ID", "MID", "ZED"]);
    expect(Object.keys(cell.metadata)).toEqual(["a", "flycell_cell", "flycell_tenant", "z"]);
  });

  it("lowercases, dedupes and sorts hostnames", () => {
    const [cell] = planFleet({ ...FLEET, tenants: [{ id: "acme", region: "ams", hostnames: ["Www.Acme.com", "acme.com"] }] }).cells;
    expect(cell.hostnames).toEqual(["acme.com", "www.acme.com"]);
  });
});

describe("planFleet determinism", () => {
  const tenants = makeTenants(50);
  const reference = planFleet({ ...FLEET, tenants: tenants });

  it("sorts cells by tenant id", () => {
    const ids = reference.cells.map((c) => c.tenantId);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toHaveLength(50);
  });

  it.each([11, 22, 33, 44, 55])("gives the same plan for any order of the list (seed %i)", (seed) => {
    expect(planFleet({ ...FLEET, tenants: shuffled(tenants, seededRandom(seed)) })).toEqual(reference);
  });
});

describe("names", () => {
  it("derives resource names from the tenant id only", () => {
    expect(volumeNameFor("acme-eu-west")).toBe("data_acme_eu_west");
    expect(machineNameFor("acme-eu-west")).toBe("acme-eu-west");
    expect(cellAppNameFor("fleet", "acme-eu-west")).toBe("fleet-acme-eu-west");
  });

  it("keeps volume names within Fly's rules for the longest allowed id", () => {
    const [cell] = planFleet({ ...FLEET, tenants: [{ id: `a-${"b".repeat(23)}`, region: "ams" }] }).cells;
    expect(cell.volumeName).toMatch(/^[A-Za-z0-9_]{1,30}$/);
  });
});

describe("app-per-cell topology", () => {
  it("gives each cell its own app named <appName>-<id>, with the fleet's org and addresses", () => {
    const [cell] = planFleet({ ...FLEET, org: "acme-inc", topology: "app-per-cell", addresses: ["public_v6"], tenants: [
      { id: "acme", region: "ams" },
    ] }).cells;
    expect(cell.appName).toBe("acme-fleet-acme");
    expect(cell.ownApp).toEqual({ org: "acme-inc", addresses: ["public_v6"], network: undefined });
  });

  it("names a private network per cell only when isolatedNetworks is on", () => {
    const [cell] = planFleet({ ...FLEET, topology: "app-per-cell", isolatedNetworks: true, tenants: [{ id: "acme", region: "ams" }] }).cells;
    expect(cell.ownApp?.network).toBe("acme-fleet-acme");
  });
});

describe("fleet settings validation", () => {
  it.each([
    ["appName", { appName: "Acme_Fleet" }, "is not a valid Fly app name"],
    ["appName", { appName: "a".repeat(64) }, "is 64 characters; Fly allows 63"],
    ["org", { org: "My Org" }, "is not an organization slug"],
    ["image", { image: "" }, "must be an image reference without spaces"],
    ["topology", { topology: "mesh" }, 'must be "shared-app" or "app-per-cell", got "mesh"'],
    ["isolatedNetworks", { isolatedNetworks: true }, 'needs topology "app-per-cell"'],
    ["addresses[0]", { addresses: ["v4"] }, 'must be "shared_v4" or "public_v4" or "public_v6" or "private_v6", got "v4"'],
    ["addresses", { addresses: ["shared_v4", "shared_v4"] }, "lists a type twice"],
    ["guest", { guest: { cpuKind: "performance", cpus: 1, memoryMb: 256 } }, "need memoryMb between 2048 and 8192"],
    ["guest.memoryMb", { autostop: "suspend", guest: { cpus: 2, memoryMb: 4096 } }, 'too much for autostop "suspend"'],
    ["volumeSizeGb", { volumeSizeGb: 600 }, "must be a whole number from 1 to 500, got 600"],
    ["snapshotRetentionDays", { snapshotRetentionDays: 90 }, "must be a whole number from 1 to 60, got 90"],
    ["internalPort", { internalPort: 70000 }, "must be a whole number from 1 to 65535, got 70000"],
    ["autostop", { autostop: "sleep" }, 'must be "off" or "stop" or "suspend", got "sleep"'],
    ["healthPath", { healthPath: "up" }, 'must be an absolute path such as "/up"'],
    ["dataPath", { dataPath: "/" }, 'must be an absolute directory other than "/"'],
    ["env.FLY_APP_NAME", { env: { FLY_APP_NAME: "x" } }, 'names starting with "FLY_" (in any case) are reserved'],
    ["metadata.flycell_cell", { metadata: { flycell_cell: "x" } }, 'names starting with "flycell_" (in any case) are reserved'],
  ])("refuses a bad %s", (field, settings, message) => {
    const problems = fleetProblems(settings as Partial<FleetSettings>);
    expect(problems).toContainEqual({ subject: "fleet", field, message: expect.stringContaining(message) });
  });
});
