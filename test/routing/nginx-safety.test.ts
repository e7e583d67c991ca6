import { ChildProcess } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { renderNginxConfig, RouteEntry, RoutingTable, RoutingTableError } from "../../lib";
import { freePort, NGINX, nginxTest, request, startEchoCell, startNginx } from "./harness";
import { BASE_DOMAIN, entry, handTable, MACHINES, withEntry } from "./tables";

const describeWithNginx = NGINX || process.env.CI ? describe : describe.skip;
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

const INJECTED_HOST = "a.example.com 'acme'; } server { listen 9999; location / { return 200 'pwned'; } } map $host $x { x";

describe("renderNginxConfig refuses a table it cannot render safely", () => {
  it.each<[string, RoutingTable, RegExp]>([
    ["a host carrying config", withEntry("acme", { hosts: [INJECTED_HOST] }), /tenant "acme" field hosts is "a\.example\.com 'acme'; } server/],
    ["an upper-case host", withEntry("acme", { hosts: ["App.example.com"] }), /tenant "acme" field hosts is "App\.example\.com"/],
    ["a host with a trailing dot", withEntry("acme", { hosts: ["app.example.com."] }), /field hosts is "app\.example\.com\."/],
    ["a wildcard in the middle", withEntry("acme", { hosts: ["a.*.example.com"] }), /field hosts is "a\.\*\.example\.com"/],
    ["a tenant id that is no slug", { ...handTable(), tenants: { "acme;": entry("acme") } }, /tenant "acme;" field id is "acme;"/],
    ["an app name carrying config", withEntry("acme", { app: "cells; include /etc/passwd" }), /tenant "acme" field app is "cells; include/],
    ["a machine id carrying config", withEntry("acme", { machine: "0a1b2c3d4e5f60'; x" }), /tenant "acme" field machine is "0a1b2c3d4e5f60'; x"/],
    ["a machine id of the wrong length", withEntry("acme", { machine: "0a1b2c" }), /field machine is "0a1b2c"/],
    ["a Terraform reference that is not a cdktf token", withEntry("acme", { machine: "${fly_machine.x.id}" }), /field machine/],
    ["a path other than /<tenant id>", withEntry("acme", { path: "/globex" }), /tenant "acme" field path is "\/globex": must be "\/acme"/],
    ["a health path with a dot-segment", { ...handTable(), healthPath: "/up/.." }, /healthPath is "\/up\/\.\."/],
    ["a health path carrying config", { ...handTable(), healthPath: "/up { return 200; } location /x" }, /healthPath is/],
  ])("%s", (_case, table, message) => {
    expect(() => renderNginxConfig(table)).toThrow(message);
  });

  it.each<[string, object, RegExp]>([
    ["listenPort", { listenPort: 80.5 }, /listenPort is 80\.5/],
    ["maxBodySize", { maxBodySize: "1m; include /etc/passwd" }, /maxBodySize is "1m; include/],
    ["resolver", { resolver: "1.1.1.1; include /etc/passwd" }, /resolver is "1\.1\.1\.1; include/],
    ["an upstream", { upstreamOf: () => "x; include /etc/passwd" }, /tenant "acme" upstream is "x; include/],
  ])("refuses an unsafe option: %s", (_case, options, message) => {
    expect(() => renderNginxConfig(handTable(), options)).toThrow(message);
  });

  it("accepts the cdktf tokens the Router construct passes as machine ids at synth time", () => {
    expect(renderNginxConfig(withEntry("acme", { machine: "${TfToken[TOKEN.123]}" }))).toContain("acme '${TfToken[TOKEN.123]}';");
    expect(() => renderNginxConfig(withEntry("acme", { machine: "${TfToken[TOKEN.123]}x" }))).toThrow(/field machine/);
  });

  it("refuses host patterns of different tenants that overlap, naming both", () => {
    const table = handTable({ acme: entry("acme", ["*.globex.com"]), globex: entry("globex", ["app.globex.com"]) });
    expect(() => renderNginxConfig(table)).toThrow(
      'renderNginxConfig: tenant "acme" field hosts is "*.globex.com": overlaps tenant "globex"\'s "app.globex.com": a hostname belongs to at most one tenant',
    );
    const own = handTable({ globex: entry("globex", ["*.globex.com", "app.globex.com"]) });
    expect(() => renderNginxConfig(own)).not.toThrow();
  });

  it("never writes a tenant id as a bare map key, where it could spell a map parameter", () => {
    const config = renderNginxConfig(handTable());
    expect(config).toContain("  map 'tenant:$flycell_tenant' $flycell_upstream {");
    for (const id of ["default", "hostnames", "include", "volatile"]) {
      expect(config).toContain(`    tenant:${id} '${MACHINES[id]}';`);
      expect(config).not.toMatch(new RegExp(`^ *${id} '[^']`, "m"));
    }
  });

  it("holds no backslash, double quote or template marker, so it can travel in a Terraform string", () => {
    const config = renderNginxConfig(handTable());
    expect(config).not.toMatch(/[\\"]|%\{|\$\{/);
  });
});

// Strings that would end a token, a directive or a block, read a variable, or escape from a
// Terraform string, if written into the config as they are.
const HOSTILE = [
  "x; include /etc/passwd",
  "x' ; return 200 'pwned",
  "x}\n  server { listen 9999; }",
  "$host",
  "${x}",
  "%{x}",
  "a\\b",
  'a"b',
  "a\nb",
  "a\rb",
  "a b",
  "a#b",
  "~.*",
  "caf\u00e9",
];

/** Each field of a hand-built table a hostile string can land in. */
const PLACES: [string, (value: string) => unknown][] = [
  ["tenant id", (v) => ({ ...handTable(), tenants: { ...handTable().tenants, [v]: { ...entry("acme"), path: `/${v}` } } })],
  ["host", (v) => withEntry("acme", { hosts: [v] })],
  ["host in a domain", (v) => withEntry("acme", { hosts: [`${v}.example.com`] })],
  ["path", (v) => withEntry("acme", { path: `/acme${v}` })],
  ["app", (v) => withEntry("acme", { app: v })],
  ["machine", (v) => withEntry("acme", { machine: `0a1b2c3d4e5f6${v}` })],
  ["region", (v) => withEntry("acme", { region: v })],
  ["cell", (v) => ({ ...handTable(), version: 2, tenants: Object.fromEntries(Object.entries(handTable().tenants).map(([id, e]) => [id, { ...e, cell: id === "acme" ? v : id }])) })],
  ["health path", (v) => ({ ...handTable(), healthPath: `/up${v}` })],
];

/** The config without its map entries and health path: what no table value may change. */
const skeleton = (config: string) =>
  config
    .split("\n")
    .filter((line) => !/^ {4}('[^' ]*'|[^' ]+) '[^' ]*';$/.test(line))
    .map((line) => line.replace(/^( {4}location = )\S+( \{)$/, "$1<health>$2"));

describeWithNginx("hostile strings in a hand-built table never reach nginx as config", () => {
  const baseline = skeleton(renderNginxConfig(handTable()));

  it.each(PLACES)("as a %s: refused with a RoutingTableError naming the field", (_place, tableWith) => {
    for (const value of HOSTILE) {
      let error: unknown;
      try {
        renderNginxConfig(tableWith(value) as RoutingTable);
      } catch (err) {
        error = err;
      }
      expect([value, error instanceof RoutingTableError && /^renderNginxConfig: (tenant|healthPath)/.test(error.message)]).toEqual([value, true]);
    }
  });

  it.each<[string, RoutingTable]>([
    ["tenants named like map parameters and prototype properties", handTable({ ...handTable().tenants, constructor: { ...entry("acme"), machine: "cc0a1b2c3d4e5f", path: "/constructor", hosts: ["constructor.example.com"] } as RouteEntry })],
    ["hosts spelled like map parameters", withEntry("acme", { hosts: ["include.example.com", "*.default.example.com", "hostnames.io", "volatile.acme.io"] })],
    ["a health path of every allowed character", { ...handTable(), healthPath: "/~up/-_.x/A9" }],
  ])("%s: the config passes nginx -t, with only its map entries and health path changed", (_case, table) => {
    const config = renderNginxConfig(table);
    expect(() => nginxTest(tmp("nginx-t-"), config)).not.toThrow();
    expect(skeleton(config)).toEqual(baseline);
  });
});

describeWithNginx("the rendered config in a real nginx, for tenants named like map parameters", () => {
  let nginx: ChildProcess | undefined;
  let port: number;
  const cells: http.Server[] = [];

  beforeAll(async () => {
    const ports: Record<string, number> = {};
    for (const id of Object.keys(handTable().tenants)) {
      const cell = await startEchoCell(id);
      cells.push(cell.server);
      ports[id] = cell.port;
    }
    port = await freePort();
    const config = renderNginxConfig(handTable(), { listenPort: port, resolver: null, upstreamOf: (id) => `127.0.0.1:${ports[id]}` });
    nginx = await startNginx(tmp("nginx-params-"), config, port);
  }, 30_000);

  afterAll(async () => {
    nginx?.kill();
    await Promise.all(cells.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it("passes nginx -t with Fly's defaults", () => {
    expect(() => nginxTest(tmp("nginx-t-"), renderNginxConfig(handTable()))).not.toThrow();
  });

  it.each(["include", "default", "hostnames", "volatile"])("routes tenant %s by path and by host, with its machine id", async (id) => {
    const byPath = await request({ port, path: `/${id}/x`, headers: { host: "router.example.com" } });
    expect(JSON.parse(byPath.body)).toMatchObject({ cell: id, forced: MACHINES[id] });
    const byHost = await request({ port, path: "/x", headers: { host: `${id}.${BASE_DOMAIN}` } });
    expect(JSON.parse(byHost.body)).toMatchObject({ cell: id, forced: MACHINES[id] });
  });

  it("still routes the other tenants", async () => {
    const reply = await request({ port, path: "/", headers: { host: "app.globex.com" } });
    expect(JSON.parse(reply.body)).toMatchObject({ cell: "globex", forced: MACHINES.globex });
  });
});
