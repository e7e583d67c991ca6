import { TenantLedger, TenantSpec } from "../../lib";
import { parseSynth, resourcesByName, synthFleet } from "../helpers";

const sharedCells = { "ams-1": { region: "ams", capacity: 10 } };
const tenants: TenantSpec[] = [
  { id: "acme", region: "ams", cell: "ams-1" },
  { id: "bolt", region: "ams", cell: "ams-1", hostnames: ["app.bolt.io"] },
  { id: "dyna", region: "fra" },
];

describe("a fleet with a shared cell", () => {
  const json = parseSynth(synthFleet({ tenants, sharedCells }));
  const machines = resourcesByName(json, "fly_machine");

  it("builds one machine and one volume for the cell, and a dedicated cell for the rest", () => {
    expect(Object.keys(machines).sort()).toEqual(["fleet_cell-ams-1_machine", "fleet_cell-dyna_machine"]);
    expect(Object.keys(resourcesByName(json, "fly_volume")).sort()).toEqual(["fleet_cell-ams-1_volume", "fleet_cell-dyna_volume"]);
    expect(machines["fleet_cell-ams-1_machine"]).toMatchObject({ name: "ams-1", env: expect.objectContaining({ FLYCELL_TENANTS: "acme,bolt" }) });
    // The cell's volume is mounted under the data path; each tenant's data lives in <dataPath>/<tenant id>.
    expect(machines["fleet_cell-ams-1_machine"]).toMatchObject({ mount: [expect.objectContaining({ path: "/data" })] });
  });

  it("requests its tenants' certificates on the cell", () => {
    expect(Object.values(resourcesByName(json, "fly_cert")).map((c) => c.hostname)).toEqual(["app.bolt.io"]);
  });

  it("routes each of its tenants to the cell's machine (routing table version 2) and lists cells in the outputs", () => {
    const table = json.output?.routing_table.value as unknown as { version: number; tenants: Record<string, { machine: string; cell: string }> };
    expect(table.version).toBe(2);
    expect(table.tenants.acme.machine).toBe(table.tenants.bolt.machine);
    expect(table.tenants.acme.machine).toMatch(/fleet_cell-ams-1_machine/);
    expect([table.tenants.acme.cell, table.tenants.dyna.cell]).toEqual(["ams-1", "dyna"]);
    expect(json.output?.cells.value.acme).toMatchObject({ cell: "ams-1", region: "ams" });
    expect(json.output?.shared_cells.value["ams-1"]).toMatchObject({ region: "ams", tenants: { active: ["acme", "bolt"], decommissioned: [], released: [] } });
  });

  it("changes only the cell's machine when a tenant joins it", () => {
    const after = parseSynth(synthFleet({ tenants: [...tenants, { id: "cole", region: "ams", cell: "ams-1" }], sharedCells }));
    const changed = ["fly_machine", "fly_volume", "fly_cert"].flatMap((type) => {
      const [a, b] = [resourcesByName(json, type), resourcesByName(after, type)];
      return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((id) => JSON.stringify(a[id]) !== JSON.stringify(b[id]));
    });
    expect(changed).toEqual(["fleet_cell-ams-1_machine"]);
  });

  it("lets a tenant's old dedicated volume go when it moves into the cell with consent, and a released cell's volume", () => {
    const ledger: TenantLedger = {
      version: 1,
      tenants: { acme: { region: "ams", volumeSizeGb: 1, status: "released", cell: "ams-1" }, dyna: { region: "fra", volumeSizeGb: 1, status: "active" } },
      cells: { "ams-1": { region: "ams", volumeSizeGb: 1, status: "active" } },
    };
    const moved = parseSynth(
      synthFleet({
        tenants: [{ id: "acme", region: "ams", cell: "ams-1", status: "released" }, { id: "dyna", region: "ams", cell: "ord-2", move: { from: "fra", fromCell: "dedicated", data: "start-empty" } }],
        sharedCells: { "ams-1": { region: "ams", capacity: 10, status: "released" }, "ord-2": { region: "ams", capacity: 5 } },
        ledger,
      }),
    );
    expect(moved.output?.released_volumes.value).toEqual(["data_ams_1", "data_dyna"]);
    expect(Object.keys(resourcesByName(moved, "fly_volume"))).toEqual(["fleet_cell-ord-2_volume"]);
  });
});
