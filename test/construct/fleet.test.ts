import { TerraformOutput, TerraformStack, Testing } from "cdktf";
import { App as FlyApp } from "../../lib/gen/providers/fly/app";
import { Cert } from "../../lib/gen/providers/fly/cert";
import { Ip } from "../../lib/gen/providers/fly/ip";
import { Machine } from "../../lib/gen/providers/fly/machine";
import { Volume } from "../../lib/gen/providers/fly/volume";
import { CellFleet, FlycellValidationError, TenantSpec } from "../../lib";
import { BASE_PROPS, fleetStack, parseSynth, resourcesByName, synthFleet } from "../helpers";

const tenants: TenantSpec[] = [
  { id: "acme", region: "ams" },
  { id: "globex", region: "ord", hostnames: ["App.Globex.com", "*.globex.io"], image: "registry.fly.io/acme:2-canary" },
  { id: "initech", region: "syd", guest: { cpuKind: "performance", cpus: 1, memoryMb: 2048 }, volumeSizeGb: 10 },
];

describe("CellFleet, shared-app topology (default)", () => {
  const synthesized = synthFleet({ tenants, org: "acme-inc", env: { LOG_LEVEL: "info" } });
  const json = parseSynth(synthesized);

  it("declares one app in the org with a free shared IPv4 and an IPv6 address", () => {
    expect(synthesized).toHaveResourceWithProperties(FlyApp, { name: "acme-fleet", org: "acme-inc" });
    expect(Object.keys(json.resource?.fly_app ?? {})).toHaveLength(1);
    const ips = Object.values(json.resource?.fly_ip ?? {}).map((ip) => ip.type);
    expect(ips.sort()).toEqual(["public_v6", "shared_v4"]);
  });

  it("gives each tenant a protected volume named after it, sized for its machine", () => {
    expect(synthesized).toHaveResourceWithProperties(Volume, {
      name: "data_initech",
      region: "syd",
      size_gb: 10,
      compute: { cpu_kind: "performance", cpus: 1, memory_mb: 2048 },
      readopt_on_host_migration: true,
      auto_backup_enabled: true,
      snapshot_retention: 5,
      lifecycle: { prevent_destroy: true, ignore_changes: ["compute"] },
    });
    expect(Object.keys(json.resource?.fly_volume ?? {})).toHaveLength(3);
  });

  it("gives each tenant a machine in its region that mounts its own volume", () => {
    const machines = resourcesByName(json, "fly_machine");
    const volumes = resourcesByName(json, "fly_volume");
    for (const tenant of tenants) {
      const machine = machines[`fleet_cell-${tenant.id}_machine`];
      const volumeId = Object.entries(json.resource?.fly_volume ?? {}).find(
        ([, v]) => v === volumes[`fleet_cell-${tenant.id}_volume`],
      )?.[0];
      expect(machine).toMatchObject({
        name: tenant.id,
        region: tenant.region,
        mount: [{ volume: `\${fly_volume.${volumeId}.id}`, path: "/data", name: `data_${tenant.id}` }],
      });
    }
  });

  it("configures env, metadata, guest and image with fleet defaults and tenant overrides", () => {
    const machines = resourcesByName(json, "fly_machine");
    expect(machines["fleet_cell-acme_machine"]).toMatchObject({
      image: "registry.fly.io/acme:1",
      env: { FLYCELL_TENANT_ID: "acme", FLYCELL_DATA_DIR: "/data", LOG_LEVEL: "info" },
      metadata: { flycell_tenant: "acme", flycell_cell: "acme-fleet-acme" },
      guest: { cpu_kind: "shared", cpus: 1, memory_mb: 256 },
    });
    expect(machines["fleet_cell-globex_machine"]).toMatchObject({ image: "registry.fly.io/acme:2-canary" });
  });

  it("serves HTTP on 80/443 through the proxy with autostop, autostart and a health check", () => {
    expect(synthesized).toHaveResourceWithProperties(Machine, {
      name: "acme",
      service: [
        expect.objectContaining({
          internal_port: 8080,
          autostop: "stop",
          autostart: true,
          port: [
            { port: 80, handlers: ["http"] },
            { port: 443, handlers: ["tls", "http"] },
          ],
          check: [expect.objectContaining({ type: "http", path: "/up" })],
        }),
      ],
    });
  });

  it("requests a certificate per custom hostname, lowercased, on the shared app", () => {
    const certs = Object.values(json.resource?.fly_cert ?? {});
    expect(certs.map((c) => c.hostname).sort()).toEqual(["*.globex.io", "app.globex.com"]);
    expect(certs.every((c) => String(c.app).startsWith("${fly_app.") && String(c.app).endsWith(".name}"))).toBe(true);
    expect(synthesized).toHaveResourceWithProperties(Cert, { hostname: "app.globex.com" });
  });

  it("outputs tenant → status, machine id, volume id and size, region and hostnames, under the documented names", () => {
    const outputs = Object.entries(json.output ?? {});
    // `terraform output -json cells` as the README says: no path, no hash in the name.
    expect(outputs.map(([id]) => id).sort()).toEqual(["cells", "released_volume_addresses", "released_volumes", "routing_table"]);
    const cells = outputs.find(([id]) => id === "cells")?.[1].value ?? {};
    expect(Object.keys(cells)).toEqual(["acme", "globex", "initech"]);
    expect(cells.globex).toEqual({
      status: "active",
      machine_id: expect.stringMatching(/^\$\{fly_machine\.fleet_cell-globex_machine_\w+\.id\}$/),
      volume_id: expect.stringMatching(/^\$\{fly_volume\.fleet_cell-globex_volume_\w+\.id\}$/),
      volume_size_gb: 1,
      region: "ord",
      app: "acme-fleet",
      image: "registry.fly.io/acme:2-canary",
      hostnames: ["*.globex.io", "app.globex.com"],
      // The enclosing stack: the ledger records it, and a deployed cell must stay in it.
      stack: "test",
    });
  });

  it("exposes typed references to each cell", () => {
    const { stack, fleet } = fleetStack({ tenants });
    const cell = fleet.cells.get("globex");
    expect(cell?.region).toBe("ord");
    expect(cell?.hostnames).toEqual(["*.globex.io", "app.globex.com"]);
    expect(cell?.app).toBe(fleet.app);
    // References resolve to the cell's own resources when another construct uses them.
    new TerraformOutput(stack, "probe", { value: { m: cell?.machineId, v: cell?.volumeId, p: cell?.privateIp } });
    const probe = Object.entries(parseSynth(Testing.synth(stack)).output ?? {}).find(([id]) => id.startsWith("probe"));
    expect(probe?.[1].value).toEqual({
      m: expect.stringMatching(/^\$\{fly_machine\.fleet_cell-globex_machine_\w+\.id\}$/),
      v: expect.stringMatching(/^\$\{fly_volume\.fleet_cell-globex_volume_\w+\.id\}$/),
      p: expect.stringMatching(/^\$\{fly_machine\.fleet_cell-globex_machine_\w+\.private_ip\}$/),
    });
    expect([...fleet.cells.keys()]).toEqual(["acme", "globex", "initech"]);
  });
});

describe("CellFleet, app-per-cell topology", () => {
  const synthesized = synthFleet({ tenants, topology: "app-per-cell", isolatedNetworks: true, addresses: ["private_v6", "shared_v4"] });
  const json = parseSynth(synthesized);

  it("gives each cell its own app, on its own network, and no shared app", () => {
    const apps = Object.values(json.resource?.fly_app ?? {});
    expect(apps.map((a) => a.name).sort()).toEqual(["acme-fleet-acme", "acme-fleet-globex", "acme-fleet-initech"]);
    expect(synthesized).toHaveResourceWithProperties(FlyApp, { name: "acme-fleet-acme", network: "acme-fleet-acme" });
  });

  it("allocates each cell app its own addresses, flycast on the cell's network", () => {
    const ips = resourcesByName(json, "fly_ip");
    expect(Object.keys(ips).sort()).toEqual(
      ["acme", "globex", "initech"].flatMap((t) => [`fleet_cell-${t}_ip-private_v6`, `fleet_cell-${t}_ip-shared_v4`]),
    );
    expect(synthesized).toHaveResourceWithProperties(Ip, { type: "private_v6", network: "acme-fleet-acme" });
    expect(ips["fleet_cell-acme_ip-shared_v4"].network).toBeUndefined();
  });

  it("puts each cell's volume, machine and certificates in the cell's app", () => {
    const resources = ["fly_volume", "fly_machine", "fly_cert"].flatMap((type) => Object.entries(resourcesByName(json, type)));
    expect(resources).toHaveLength(8);
    for (const [name, body] of resources) {
      const cell = name.split("_")[1]; // fleet_<cell>_<resource>
      expect(String(body.app)).toMatch(new RegExp(`^\\$\\{fly_app\\.fleet_${cell}_app_\\w+\\.name\\}$`));
    }
  });
});

describe("CellFleet input errors", () => {
  it("throws one error naming every tenant and field, before creating anything", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const bad = [
      { id: "acme", region: "xyz" },
      { id: "acme", regoin: "ams" },
    ] as unknown as TenantSpec[];
    let error: unknown;
    try {
      new CellFleet(stack, "fleet", { ...BASE_PROPS, appName: "Bad_Name", tenants: bad });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FlycellValidationError);
    const message = (error as Error).message;
    expect(message).toContain('fleet, field "appName"');
    expect(message).toContain('tenant "acme", field "region": "xyz" is not a Fly region');
    expect(message).toContain('tenant "acme", field "regoin": unknown field');
    expect(message).toContain('tenant "acme", field "id": duplicate id');
    expect(stack.node.tryFindChild("fleet")).toBeUndefined();
    expect(parseSynth(Testing.synth(stack)).resource).toBeUndefined();
  });
});
