import { FlycellValidationError, TenantLedger, TenantSpec } from "../../lib";
import { parseSynth, resourcesByName, synthFleet, SynthJson } from "../helpers";

const acmeDeployed: TenantLedger = {
  version: 1,
  tenants: {
    acme: { region: "ams", volumeSizeGb: 1, status: "active", stack: "test" },
    globex: { region: "ams", volumeSizeGb: 1, status: "active", stack: "test" },
  },
};
const globex: TenantSpec = { id: "globex", region: "ams" };

function synth(tenants: readonly TenantSpec[], ledger: TenantLedger = acmeDeployed): SynthJson {
  return parseSynth(synthFleet({ tenants, ledger }));
}

function problemsOf(tenants: readonly TenantSpec[], ledger?: TenantLedger): string[] {
  try {
    synthFleet({ tenants, ledger });
  } catch (err) {
    if (err instanceof FlycellValidationError) return err.problems.map((p) => `${p.subject} ${p.field}: ${p.message}`);
    throw err;
  }
  return [];
}

describe("a restore from a snapshot", () => {
  const json = synth([{ id: "acme", region: "ams", restore: { snapshot: "latest" } }, globex]);
  const volumes = resourcesByName(json, "fly_volume");
  const machines = resourcesByName(json, "fly_machine");

  test("adds generation 1's volume beside the kept one, adopted by import from the variable flycell recover fills", () => {
    expect(volumes["fleet_cell-acme_volume"]).toMatchObject({ name: "data_acme", lifecycle: { prevent_destroy: true } });
    expect(volumes["fleet_cell-acme_volume-g1"]).toMatchObject({ name: "g1_acme", region: "ams", lifecycle: { prevent_destroy: true } });
    const imports = json.import as { to: string; id: string }[];
    expect(imports).toHaveLength(1);
    expect(imports[0].to).toMatch(/^fly_volume\.fleet_cell-acme_volume-g1_[0-9A-F]{8}$/);
    expect(imports[0].id).toBe("acme-fleet/${var.flycell_volume_acme_g1.volume}");
    expect(json.variable).toHaveProperty("flycell_volume_acme_g1");
  });

  test("puts a new machine on it (Fly refuses a new mount on an existing machine) and leaves globex alone", () => {
    expect(Object.keys(machines).sort()).toEqual(["fleet_cell-acme_machine-g1", "fleet_cell-globex_machine"]);
    const mount = (machines["fleet_cell-acme_machine-g1"].mount as { volume: string; name: string }[])[0];
    expect(mount.name).toBe("g1_acme");
    expect(mount.volume).toMatch(/fly_volume\.fleet_cell-acme_volume-g1_[0-9A-F]{8}\.id/);
    expect(Object.keys(volumes).filter((v) => v.includes("globex"))).toEqual(["fleet_cell-globex_volume"]);
  });

  test("lists the volume to make in locals.flycell_recoveries, with the attributes the volume block declares", () => {
    const locals = json.locals as Record<string, unknown>;
    expect(locals.flycell_recoveries).toEqual([
      {
        owner: "acme",
        kind: "tenant",
        generation: 1,
        app: "acme-fleet",
        variable: "flycell_volume_acme_g1",
        volume: {
          name: "g1_acme",
          region: "ams",
          size_gb: 1,
          encrypted: true,
          require_unique_zone: true,
          auto_backup_enabled: true,
          snapshot_retention: 5,
          compute: { cpu_kind: "shared", cpus: 1, memory_mb: 256 },
        },
        source: { from_volume_name: "data_acme", snapshot: "latest" },
      },
    ]);
  });

  test("the cells output tells the summary and the ledger about the generations", () => {
    const cells = (json.output as Record<string, { value: Record<string, Record<string, unknown>> }>).cells.value;
    expect(cells.acme.volumes).toMatchObject({ generation: 1, kept: [{ generation: 0, region: "ams", volume_size_gb: 1 }], recovery: { generation: 1, kind: "snapshot" } });
    expect(cells.globex.volumes).toBeUndefined();
  });

  test("once the ledger has generation 1, the same line plans no import and no recovery", () => {
    const ledger: TenantLedger = {
      version: 1,
      tenants: { ...acmeDeployed.tenants, acme: { region: "ams", volumeSizeGb: 1, status: "active", stack: "test", generation: 1, volumes: [{ generation: 0, region: "ams", volumeSizeGb: 1, state: "kept" }] } },
    };
    const after = synth([{ id: "acme", region: "ams", restore: { snapshot: "latest" } }, globex], ledger);
    expect(after.import).toBeUndefined();
    expect(after.locals).toBeUndefined();
    expect(Object.keys(resourcesByName(after, "fly_volume")).sort()).toEqual(["fleet_cell-acme_volume", "fleet_cell-acme_volume-g1", "fleet_cell-globex_volume"]);
    expect(Object.keys(resourcesByName(after, "fly_machine")).sort()).toEqual(["fleet_cell-acme_machine-g1", "fleet_cell-globex_machine"]);
  });
});

describe("the release of a kept volume", () => {
  const ledger: TenantLedger = {
    version: 1,
    tenants: { ...acmeDeployed.tenants, acme: { region: "ams", volumeSizeGb: 1, status: "active", stack: "test", generation: 1, volumes: [{ generation: 0, region: "ams", volumeSizeGb: 1, state: "kept" }] } },
  };

  test("drops exactly that volume's block and names it, at its own address, in the guard's outputs", () => {
    const json = synth([{ id: "acme", region: "ams", releaseVolumes: [0] }, globex], ledger);
    expect(Object.keys(resourcesByName(json, "fly_volume")).sort()).toEqual(["fleet_cell-acme_volume-g1", "fleet_cell-globex_volume"]);
    const outputs = json.output as Record<string, { value: unknown }>;
    expect(outputs.released_volumes.value).toEqual(["data_acme"]);
    expect(outputs.released_volume_addresses.value).toEqual({ data_acme: expect.stringMatching(/^fly_volume\.fleet_cell-acme_volume_[0-9A-F]{8}$/) });
  });

  test("is refused for the volume the machine mounts, and for a generation the ledger does not have", () => {
    expect(problemsOf([{ id: "acme", region: "ams", releaseVolumes: [1, 3] }, globex], ledger)).toEqual([
      'tenant "acme" releaseVolumes[0]: is generation 1, the volume the machine mounts: only a kept older volume can be released',
      'tenant "acme" releaseVolumes[1]: the ledger has no volume generation 3 for it (kept: 0)',
    ]);
  });
});

describe("a move with data", () => {
  test("forks into the new region: new volume and machine there, the old volume kept in the old region", () => {
    const json = synth([{ id: "acme", region: "fra", move: { from: "ams", data: "fork" } }, globex]);
    const volumes = resourcesByName(json, "fly_volume");
    expect(volumes["fleet_cell-acme_volume"]).toMatchObject({ name: "data_acme", region: "ams", lifecycle: { prevent_destroy: true } });
    expect(volumes["fleet_cell-acme_volume-g1"]).toMatchObject({ name: "g1_acme", region: "fra" });
    expect(resourcesByName(json, "fly_machine")["fleet_cell-acme_machine-g1"]).toMatchObject({ region: "fra" });
    const [entry] = (json.locals as { flycell_recoveries: { source: unknown }[] }).flycell_recoveries;
    expect(entry.source).toEqual({ from_volume_name: "data_acme", fork: true, stop_machine_name: "acme" });
    expect((json.output as Record<string, { value: unknown }>).released_volumes.value).toEqual([]);
  });
});

describe("refusals name the tenant and the field", () => {
  test("a restore with no ledger, of a tenant never deployed, or skipping a generation", () => {
    expect(problemsOf([{ id: "acme", region: "ams", restore: { snapshot: "latest" } }])).toEqual([
      'tenant "acme" restore: nothing confirms which volume is deployed: a restore or a move with data needs the fleet\'s ledger (see README, "Recovering a tenant")',
    ]);
    expect(problemsOf([{ id: "hooli", region: "ams", restore: { snapshot: "latest" } }, { id: "acme", region: "ams" }, globex], acmeDeployed)).toEqual([
      'tenant "hooli" restore: the ledger has no deployed volume for it, so there is nothing to copy: drop "restore"',
    ]);
    expect(problemsOf([{ id: "acme", region: "ams", restore: { snapshot: "vs_abc", generation: 3 } }, globex], acmeDeployed)).toEqual([
      'tenant "acme" restore.generation: is 3, but the ledger has volume generation 0 current: the next restore or move with data is generation 1',
    ]);
  });

  test("a snapshot that is neither latest nor an id, and a restore of a tenant in a shared cell", () => {
    const bad = problemsOf([{ id: "acme", region: "ams", restore: { snapshot: "yesterday" } }, globex], acmeDeployed);
    expect(bad).toEqual([expect.stringContaining('tenant "acme" restore.snapshot: must be "latest" or a snapshot id')]);
    const shared = (() => {
      try {
        synthFleet({
          tenants: [{ id: "acme", region: "ams", cell: "ams-1", restore: { snapshot: "latest" } }],
          sharedCells: { "ams-1": { region: "ams", capacity: 10 } },
          ledger: { version: 1, tenants: { acme: { region: "ams", volumeSizeGb: 1, status: "active", cell: "ams-1" } }, cells: { "ams-1": { region: "ams", volumeSizeGb: 1, status: "active" } } },
        });
      } catch (err) {
        return (err as FlycellValidationError).problems.map((p) => `${p.subject} ${p.field}`);
      }
      return [];
    })();
    expect(shared).toEqual(['tenant "acme" restore']);
  });
});

describe("a shared cell's restore", () => {
  test("restores the cell's one volume, for every tenant in it, and keeps the old one", () => {
    const json = parseSynth(
      synthFleet({
        tenants: [
          { id: "acme", region: "ams", cell: "ams-1" },
          { id: "globex", region: "ams", cell: "ams-1" },
        ],
        sharedCells: { "ams-1": { region: "ams", capacity: 10, restore: { snapshot: "latest" } } },
        ledger: {
          version: 1,
          tenants: { acme: { region: "ams", volumeSizeGb: 1, status: "active", cell: "ams-1" }, globex: { region: "ams", volumeSizeGb: 1, status: "active", cell: "ams-1" } },
          cells: { "ams-1": { region: "ams", volumeSizeGb: 1, status: "active" } },
        },
      }),
    );
    const volumes = resourcesByName(json, "fly_volume");
    expect(Object.keys(volumes).sort()).toEqual(["fleet_cell-ams-1_volume", "fleet_cell-ams-1_volume-g1"]);
    expect(volumes["fleet_cell-ams-1_volume-g1"]).toMatchObject({ name: "g1_ams_1" });
    const [entry] = (json.locals as { flycell_recoveries: { owner: string; kind: string }[] }).flycell_recoveries;
    expect(entry).toMatchObject({ owner: "ams-1", kind: "cell", variable: "flycell_volume_ams-1_g1" });
    const shared = (json.output as Record<string, { value: Record<string, Record<string, unknown>> }>).shared_cells.value;
    expect(shared["ams-1"].volumes).toMatchObject({ generation: 1, kept: [{ generation: 0 }] });
  });
});

test("a done restore left on the line does not stop the tenant's decommissioning", () => {
  const ledger: TenantLedger = {
    version: 1,
    tenants: { ...acmeDeployed.tenants, acme: { region: "ams", volumeSizeGb: 1, status: "active", stack: "test", generation: 1, volumes: [{ generation: 0, region: "ams", volumeSizeGb: 1, state: "kept" }] } },
  };
  expect(problemsOf([{ id: "acme", region: "ams", status: "decommissioned", restore: { snapshot: "latest" } }, globex], ledger)).toEqual([]);
  expect(problemsOf([{ id: "acme", region: "ams", status: "decommissioned", restore: { snapshot: "latest", generation: 2 } }, globex], ledger)).toEqual([
    'tenant "acme" restore: needs an active tenant (this one is "decommissioned"): its new volume is made for a machine to mount',
  ]);
});
