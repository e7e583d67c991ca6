import { TenantLedger, TenantSpec } from "../../lib";
import { parseSynth, resourcesByName, synthFleet, SynthJson } from "../helpers";

const base: TenantSpec[] = [
  { id: "acme", region: "ams" },
  { id: "globex", region: "ord", hostnames: ["app.globex.com"] },
];
const routing = { router: { regions: ["ams"] } };

/** What was deployed before each step: globex in ord, decommissioned once the test releases it. */
function ledger(globex: "active" | "decommissioned"): TenantLedger {
  return {
    version: 1,
    tenants: { acme: { region: "ams", volumeSizeGb: 1, status: "active" }, globex: { region: "ord", volumeSizeGb: 1, status: globex } },
  };
}

function withGlobex(status: TenantSpec["status"]): SynthJson {
  const deployed = ledger(status === "released" ? "decommissioned" : "active");
  return parseSynth(synthFleet({ tenants: [base[0], { ...base[1], status }], routing, ledger: deployed }));
}

function output(json: SynthJson, name: string): unknown {
  return Object.entries(json.output ?? {}).find(([id]) => id === name)?.[1].value;
}

describe("tenant lifecycle", () => {
  const active = withGlobex("active");
  const decommissioned = withGlobex("decommissioned");
  const released = withGlobex("released");

  it("decommissioning removes the machine and the certificate but leaves the volume untouched", () => {
    const volumeBefore = resourcesByName(active, "fly_volume")["fleet_cell-globex_volume"];
    expect(resourcesByName(decommissioned, "fly_volume")["fleet_cell-globex_volume"]).toEqual(volumeBefore);
    expect(volumeBefore.lifecycle).toMatchObject({ prevent_destroy: true });
    expect(resourcesByName(decommissioned, "fly_machine")["fleet_cell-globex_machine"]).toBeUndefined();
    expect(Object.values(resourcesByName(decommissioned, "fly_cert")).map((c) => c.hostname)).toEqual([]);
    expect(resourcesByName(decommissioned, "fly_machine")["fleet_cell-acme_machine"]).toEqual(
      resourcesByName(active, "fly_machine")["fleet_cell-acme_machine"],
    );
  });

  it("decommissioning removes the tenant's router entry and keeps it in the outputs as decommissioned", () => {
    expect(Object.keys((output(decommissioned, "routing_table") as { tenants: object }).tenants)).toEqual(["acme"]);
    const router = resourcesByName(decommissioned, "fly_machine")["fleet_router_machine-ams-1"];
    expect(JSON.stringify(router.file)).not.toContain("globex");
    expect((output(decommissioned, "cells") as Record<string, object>).globex).toEqual({
      status: "decommissioned",
      volume_id: expect.stringContaining("fleet_cell-globex_volume"),
      volume_size_gb: 1,
      region: "ord",
      app: "acme-fleet",
      image: "registry.fly.io/acme:1",
      hostnames: ["app.globex.com"],
      // The enclosing stack: the ledger records it, and a deployed cell must stay in it.
      stack: "test",
    });
    expect(output(decommissioned, "released_volumes")).toEqual([]);
  });

  it("a start-empty move lets the volume be replaced in the new region, and tells the plan guard", () => {
    const moved = parseSynth(
      synthFleet({
        tenants: [base[0], { ...base[1], region: "iad", move: { from: "ord", data: "start-empty" } }],
        routing,
        ledger: ledger("active"),
      }),
    );
    expect(resourcesByName(moved, "fly_volume")["fleet_cell-globex_volume"]).toMatchObject({
      region: "iad",
      lifecycle: expect.objectContaining({ prevent_destroy: false }),
    });
    expect(resourcesByName(moved, "fly_volume")["fleet_cell-acme_volume"]).toMatchObject({
      lifecycle: expect.objectContaining({ prevent_destroy: true }),
    });
    expect(output(moved, "released_volumes")).toEqual(["data_globex"]);
  });

  it("releasing removes the volume from the configuration and lists it for the plan guard", () => {
    expect(resourcesByName(released, "fly_volume")["fleet_cell-globex_volume"]).toBeUndefined();
    expect(output(released, "released_volumes")).toEqual(["data_globex"]);
    expect(Object.keys(output(released, "cells") as object)).toEqual(["acme"]);
  });
});
