import * as fs from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { fly, ShardedFleet, TenantLedger, TenantSpec } from "../../lib";
import { BASE_PROPS, fleetStack, parseSynth, SynthJson } from "../helpers";

/** Every volume's address in a synthesized stack, by volume name. */
function volumeAddresses(json: SynthJson): Record<string, string> {
  return Object.fromEntries(Object.entries(json.resource?.fly_volume ?? {}).map(([id, body]) => [String(body.name), `fly_volume.${id}`]));
}
const released = (json: SynthJson) => json.output?.released_volume_addresses?.value;

const ledger = (tenants: TenantLedger["tenants"], cells?: TenantLedger["cells"]): TenantLedger => ({ version: 1, tenants, ...(cells ? { cells } : {}) });
const entry = (region: string, status: "active" | "decommissioned" | "released" = "active", cell?: string) => ({
  region,
  volumeSizeGb: 1,
  status,
  ...(cell ? { cell } : {}),
});

describe("released_volume_addresses: where each released volume lives", () => {
  it("gives a released tenant's volume the address its cell's volume had, and leaves no construct behind", () => {
    const tenants: TenantSpec[] = [{ id: "acme", region: "ams" }, { id: "globex", region: "ord" }];
    const deployed = volumeAddresses(parseSynth(Testing.synth(fleetStack({ tenants }).stack)));
    const { stack, fleet } = fleetStack({
      tenants: [tenants[0], { ...tenants[1], status: "released" }],
      ledger: ledger({ acme: entry("ams"), globex: entry("ord", "decommissioned") }),
    });
    const json = parseSynth(Testing.synth(stack));
    expect(json.output?.released_volumes?.value).toEqual(["data_globex"]);
    expect(released(json)).toEqual({ data_globex: deployed.data_globex });
    expect(deployed.data_globex).toMatch(/^fly_volume\.fleet_cell-globex_volume_[0-9A-F]{8}$/);
    expect(fleet.node.tryFindChild("cell-globex")).toBeUndefined();
  });

  it("gives a start-empty region move the cell's own volume address, and a shared cell's release its cell's", () => {
    const moved = fleetStack({
      tenants: [{ id: "acme", region: "fra", move: { from: "ams", data: "start-empty" } }],
      ledger: ledger({ acme: entry("ams") }),
    });
    const movedJson = parseSynth(Testing.synth(moved.stack));
    expect(released(movedJson)).toEqual({ data_acme: volumeAddresses(movedJson).data_acme });

    const cells = { "ams-1": { region: "ams", capacity: 4 } } as const;
    const before = fleetStack({ tenants: [{ id: "a0", region: "ams", cell: "ams-1" }, { id: "d2", region: "ams" }], sharedCells: cells });
    const deployed = volumeAddresses(parseSynth(Testing.synth(before.stack)));
    // d2 leaves its dedicated cell for ams-1; ams-1 is released once its only tenant is.
    const after = fleetStack({
      tenants: [
        { id: "a0", region: "ams", cell: "ams-1", status: "released" },
        { id: "d2", region: "ams", cell: "ams-2", move: { fromCell: "dedicated", data: "start-empty" } },
      ],
      sharedCells: { "ams-1": { ...cells["ams-1"], status: "released" }, "ams-2": { region: "ams", capacity: 4 } },
      ledger: ledger({ a0: entry("ams", "released", "ams-1"), d2: entry("ams") }, { "ams-1": { region: "ams", volumeSizeGb: 1, status: "active" } }),
    });
    expect(released(parseSynth(Testing.synth(after.stack)))).toEqual({ data_ams_1: deployed.data_ams_1, data_d2: deployed.data_d2 });
  });

  it("gives a sharded fleet's released volume its address in the shard's stack", () => {
    const synth = (tenants: TenantSpec[], deployed?: TenantLedger) => {
      const app = Testing.app();
      new ShardedFleet(app, "fleet", {
        ...BASE_PROPS,
        tenants,
        sharding: { by: "region" },
        ledger: deployed,
        configureStack: (stack: TerraformStack) => new fly.provider.FlyProvider(stack, "fly", { orgSlug: "test-org" }),
      });
      app.synth();
      return parseSynth(fs.readFileSync(path.join(app.outdir, "stacks", "fleet-region-fra", "cdk.tf.json"), "utf8"));
    };
    const before = volumeAddresses(synth([{ id: "acme", region: "ams" }, { id: "oldco", region: "fra" }, { id: "newco", region: "fra" }]));
    const after = synth(
      [{ id: "acme", region: "ams" }, { id: "oldco", region: "fra", status: "released" }, { id: "newco", region: "fra" }],
      ledger({ acme: entry("ams"), oldco: entry("fra", "decommissioned"), newco: entry("fra") }),
    );
    expect(before.data_oldco).toMatch(/^fly_volume\.cell-oldco_volume_[0-9A-F]{8}$/);
    expect(released(after)).toEqual({ data_oldco: before.data_oldco });
  });
});
