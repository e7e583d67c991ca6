import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { buildRoutingTable, FlycellValidationError, planFleet, renderNginxConfig, TenantSpec } from "../../lib";
import { NGINX, nginxTest } from "../routing/harness";
import { App as FlyApp } from "../../lib/gen/providers/fly/app";
import { Machine } from "../../lib/gen/providers/fly/machine";
import { fleetStack, makeTenants, parseSynth, resourcesByName, synthFleet, SynthJson } from "../helpers";

const tenants: TenantSpec[] = [
  { id: "acme", region: "ams" },
  { id: "globex", region: "ord", hostnames: ["app.globex.com"] },
];
const routing = { baseDomain: "cells.example.com", router: { regions: ["ord", "ams"], countPerRegion: 2 } };

function ipTypes(json: SynthJson, prefix: string): string[] {
  return Object.entries(resourcesByName(json, "fly_ip"))
    .filter(([name]) => name.startsWith(prefix))
    .map(([, ip]) => String(ip.type))
    .sort();
}

describe("CellFleet with an nginx router", () => {
  const synthesized = synthFleet({ tenants, routing });
  const json = parseSynth(synthesized);

  it("runs the router in its own public app, in each region, never stopping", () => {
    expect(synthesized).toHaveResourceWithProperties(FlyApp, { name: "acme-fleet-router" });
    expect(ipTypes(json, "fleet_router_")).toEqual(["public_v6", "shared_v4"]);
    const routers = Object.keys(resourcesByName(json, "fly_machine")).filter((n) => n.startsWith("fleet_router_"));
    expect(routers.sort()).toEqual([
      "fleet_router_machine-ams-1",
      "fleet_router_machine-ams-2",
      "fleet_router_machine-ord-1",
      "fleet_router_machine-ord-2",
    ]);
    expect(synthesized).toHaveResourceWithProperties(Machine, {
      name: "router-ams-1",
      region: "ams",
      image: "nginx:1.27-alpine",
      service: [expect.objectContaining({ autostop: "off", internal_port: 8080 })],
    });
  });

  it("ships the rendered nginx config to the router machines, with the cells' machine ids", () => {
    const router = resourcesByName(json, "fly_machine")["fleet_router_machine-ams-1"];
    const [file] = router.file as { guest_path: string; raw_value: string }[];
    expect(file.guest_path).toBe("/etc/nginx/nginx.conf");
    expect(file.raw_value).toMatch(/^\$\{base64encode\(".*"\)\}$/s);
    expect(file.raw_value).toContain("${fly_machine.fleet_cell-globex_machine_");
    expect(file.raw_value).toContain("acme.cells.example.com");
  });

  it("is a Terraform expression that decodes to the nginx config, which nginx accepts", () => {
    const router = resourcesByName(json, "fly_machine")["fleet_router_machine-ams-1"];
    const [{ raw_value: rawValue }] = router.file as { raw_value: string }[];
    const fakeIds: Record<string, string> = { acme: "aaaaaaaaaaaaaa", globex: "bbbbbbbbbbbbbb" };
    // Replace the machine references with literal ids, then let Terraform itself evaluate it.
    const expression = rawValue
      .slice(2, -1)
      .replace(/\$\{fly_machine\.fleet_cell-(\w+)_machine_\w+\.id\}/g, (_m, tenant: string) => fakeIds[tenant]);
    const printed = execFileSync("terraform", ["console"], {
      input: `base64decode(${expression})\n`,
      cwd: fs.mkdtempSync(path.join(os.tmpdir(), "tf-console-")),
      env: { ...process.env, TF_CLI_CONFIG_FILE: path.join(__dirname, "../../scripts/terraform.rc") },
      encoding: "utf8",
    });
    const lines = printed.trimEnd().split("\n");
    expect([lines[0], lines[lines.length - 1]]).toEqual(["<<EOT", "EOT"]);
    const decoded = lines.slice(1, -1).join("\n");
    const plan = planFleet({ appName: "acme-fleet", image: "registry.fly.io/acme:1", addresses: ["private_v6"], tenants, routing });
    const expected = renderNginxConfig(buildRoutingTable(plan, (id) => fakeIds[id]), { listenPort: 8080 });
    expect(decoded).toBe(expected);
    if (NGINX) expect(() => nginxTest(fs.mkdtempSync(path.join(os.tmpdir(), "nginx-t-")), decoded)).not.toThrow();
  });

  it("keeps cells private (flycast only) and puts the certificates on the router", () => {
    expect(ipTypes(json, "fleet_ip-")).toEqual(["private_v6"]);
    const certs = Object.entries(resourcesByName(json, "fly_cert"));
    expect(certs.map(([name, cert]) => [name, cert.hostname])).toEqual([["fleet_router_cert-appglobexcom", "app.globex.com"]]);
  });

  it("adds a flycast address to explicitly chosen cell addresses", () => {
    const withPublic = parseSynth(synthFleet({ tenants, routing, addresses: ["shared_v4"] }));
    expect(ipTypes(withPublic, "fleet_ip-")).toEqual(["private_v6", "shared_v4"]);
  });

  it("updates the router in place when a tenant is added", () => {
    const before = resourcesByName(parseSynth(synthFleet({ tenants: makeTenants(20), routing })), "fly_machine");
    const after = resourcesByName(parseSynth(synthFleet({ tenants: [...makeTenants(20), { id: "zeta", region: "gru" }], routing })), "fly_machine");
    const routerNames = Object.keys(before).filter((n) => n.startsWith("fleet_router_"));
    for (const name of routerNames) {
      const { file: beforeFile, ...beforeRest } = before[name];
      const { file: afterFile, ...afterRest } = after[name];
      expect(afterRest).toEqual(beforeRest);
      expect(afterFile).not.toEqual(beforeFile);
    }
    expect(Object.keys(after).filter((n) => !(n in before))).toEqual(["fleet_cell-zeta_machine"]);
  });
});

describe("the router's rollout and health check", () => {
  const routers = (json: SynthJson) =>
    Object.fromEntries(Object.entries(resourcesByName(json, "fly_machine")).filter(([name]) => name.startsWith("fleet_router_")));
  /** `ams-1` for `fly_machine.fleet_router_machine-ams-1_<hash>` or `fleet_router_machine-ams-1`. */
  const short = (address: string) => /router_machine-([a-z]+-\d+)/.exec(address)?.[1] ?? address;
  /** Each router machine's `depends_on`, shortened. */
  const chain = (json: SynthJson) =>
    Object.fromEntries(Object.entries(routers(json)).map(([name, m]) => [short(name), ((m.depends_on ?? []) as string[]).map(short)]));

  it("runs two machines per region by default, so a region keeps one serving while the other restarts", () => {
    const { fleet } = fleetStack({ tenants, routing: { router: { regions: ["ord", "ams"] } } });
    expect(fleet.router?.machines.map((m) => m.nameInput)).toEqual(["router-ams-1", "router-ams-2", "router-ord-1", "router-ord-2"]);
  });

  it("chains every router machine to the one before it, across regions, sorted by region then number", () => {
    const json = parseSynth(synthFleet({ tenants, routing: { router: { regions: ["ord", "syd", "ams"], countPerRegion: 2 } } }));
    expect(chain(json)).toEqual({
      "ams-1": [],
      "ams-2": ["ams-1"],
      "ord-1": ["ams-2"],
      "ord-2": ["ord-1"],
      "syd-1": ["ord-2"],
      "syd-2": ["syd-1"],
    });
    // Terraform addresses, not construct paths: the chain is something Terraform can follow.
    const ord1 = routers(json)["fleet_router_machine-ord-1"];
    expect(ord1.depends_on).toEqual([expect.stringMatching(/^fly_machine\.fleet_router_machine-ams-2_[0-9A-F]{8}$/)]);
  });

  it("chains across regions with one machine per region too: one region restarts at a time", () => {
    const json = parseSynth(synthFleet({ tenants, routing: { router: { regions: ["ord", "ams"], countPerRegion: 1 } } }));
    expect(chain(json)).toEqual({ "ams-1": [], "ord-1": ["ams-1"] });
  });

  it("checks nginx's own health path, on the port nginx listens on, with a grace period the provider waits out", () => {
    const { stack, fleet } = fleetStack({ tenants, healthPath: "/healthz", routing });
    const json = parseSynth(Testing.synth(stack));
    expect(fleet.router?.config).toContain("    listen 8080;\n    location = /healthz {\n      return 200 'ok';");
    for (const [name, machine] of Object.entries(routers(json))) {
      const [service] = machine.service as Record<string, unknown>[];
      // The proxy routes only to router machines passing the service check.
      expect([name, service.internal_port, service.check]).toEqual([
        name,
        8080,
        [{ type: "http", path: "/healthz", method: "GET", interval: "10s", timeout: "2s" }],
      ]);
      // The machine check carries the grace period (the provider's service check has none).
      expect([name, machine.check]).toEqual([
        name,
        [{ name: "nginx", type: "http", port: 8080, path: "/healthz", method: "GET", grace_period: "5s", interval: "10s", timeout: "2s" }],
      ]);
    }
  });
});

describe("routing settings errors", () => {
  function problems(props: Parameters<typeof fleetStack>[0]): string[] {
    try {
      fleetStack(props);
    } catch (err) {
      if (err instanceof FlycellValidationError) return err.problems.map((p) => `${p.subject} ${p.field}: ${p.message}`);
      throw err;
    }
    throw new Error("expected a FlycellValidationError");
  }

  it("names every bad router, routing and tenant field at once", () => {
    expect(
      problems({
        tenants: [...tenants, { id: "hooli", region: "mars" }],
        routing: { modes: ["path", "dns" as "path"], router: { regions: ["mars"], countPerRegion: 0, maxBodySize: "lots" } },
      }),
    ).toEqual([
      'fleet routing.modes[1]: must be "path" or "host" or "machine-path", got "dns"',
      expect.stringMatching(/^fleet routing.router.regions\[0\]: "mars" is not a Fly region/),
      "fleet routing.router.countPerRegion: must be a whole number from 1 to 10, got 0",
      'fleet routing.router.maxBodySize: must be an nginx size such as "100m", got "lots"',
      expect.stringMatching(/^tenant "hooli" region: "mars" is not a Fly region/),
    ]);
  });

  it("refuses a router in front of isolated networks, and machine-path routing across cell apps", () => {
    expect(
      problems({
        tenants,
        topology: "app-per-cell",
        isolatedNetworks: true,
        routing: { modes: ["machine-path"], router: { regions: ["ams"] } },
      }),
    ).toEqual([
      'fleet routing.modes: "machine-path" needs topology "shared-app": cell apps are routed by app name',
      "fleet routing.router: a router cannot reach cells on isolated networks; turn isolatedNetworks off or drop the router",
    ]);
  });

  it("refuses a custom hostname that is another tenant's subdomain", () => {
    expect(
      problems({
        tenants: [...tenants, { id: "hooli", region: "sjc", hostnames: ["acme.cells.example.com"] }],
        routing: { baseDomain: "cells.example.com" },
      }),
    ).toEqual(['tenant "hooli" hostnames[0]: "acme.cells.example.com" is already served by tenant "acme"\'s subdomain']);
  });
});
