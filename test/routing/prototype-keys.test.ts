import { ChildProcess } from "child_process";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { checkRoutingTable, flyReplayMiddleware, FlyReplayOptions, hostIndex, parseReplayFields, renderNginxConfig, RouteEntry, RoutingTable, tenantForHost } from "../../lib";
import { freePort, NGINX, nginxTest, startEchoCell, startNginx } from "./harness";
import { rawRequest } from "./raw-http";
import { BASE_DOMAIN } from "./tables";

// Tenant ids, cell ids, hosts and path segments are looked up by the user's key: one spelled
// like an Object.prototype property must name that tenant or none, never a prototype's member.

const describeWithNginx = NGINX || process.env.CI ? describe : describe.skip;

const MACHINE = { constructor: "c0c0c0c0c0c0c0", acme: "a0a0a0a0a0a0a0", initech: "e0e0e0e0e0e0e0" } as const;
const PROBES = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];

function routeEntry(id: string, machine: string, cell?: string): RouteEntry {
  return { app: "cells", machine, region: "ams", hosts: [`${id}.${BASE_DOMAIN}`], path: `/${id}`, ...(cell ? { cell } : {}) };
}

/** Version 1: a tenant named `constructor` beside acme. */
const dedicated: RoutingTable = {
  version: 1,
  topology: "shared-app",
  healthPath: "/up",
  modes: ["path", "host"],
  tenants: { acme: routeEntry("acme", MACHINE.acme), constructor: routeEntry("constructor", MACHINE.constructor) },
};

/** Version 2: acme and globex in a shared cell named `constructor`, initech on its own. */
const sharedCell: RoutingTable = {
  version: 2,
  topology: "shared-app",
  healthPath: "/up",
  modes: ["path", "host"],
  tenants: {
    acme: routeEntry("acme", MACHINE.constructor, "constructor"),
    globex: routeEntry("globex", MACHINE.constructor, "constructor"),
    initech: routeEntry("initech", MACHINE.initech, "initech"),
  },
};

describe("ids spelled like prototype properties, outside any router", () => {
  it("refuses a tenant id toString, as any id that is no slug, naming it", () => {
    const table = { ...dedicated, tenants: { ...dedicated.tenants, toString: routeEntry("toString", "0b0b0b0b0b0b0b") } };
    expect(() => checkRoutingTable(table, "test")).toThrow('test: tenant "toString" field id is "toString": must be lowercase letters');
    expect(() => flyReplayMiddleware({ table, tenantId: "acme" })).toThrow('flyReplayMiddleware: tenant "toString" field id');
  });

  it("finds no tenant for a host spelled like a prototype property", () => {
    for (const host of PROBES) {
      expect(tenantForHost(dedicated.tenants, host)).toBeUndefined();
      expect(hostIndex({})(host)).toBeUndefined();
    }
    expect(tenantForHost(dedicated.tenants, `constructor.${BASE_DOMAIN}`)).toBe("constructor");
  });

  it("parses fly-replay fields into a record without a prototype", () => {
    expect(parseReplayFields("state=1").toString).toBeUndefined();
    expect(Object.keys(parseReplayFields("__proto__=x;constructor=y"))).toEqual(["__proto__", "constructor"]);
    expect(parseReplayFields("__proto__=x").__proto__).toBe("x");
  });

  it("refuses own tenantIds none of which is in the table, for an id spelled like a prototype property", () => {
    expect(() => flyReplayMiddleware({ table: sharedCell, tenantIds: ["constructor"] })).toThrow('flyReplayMiddleware: tenantId "constructor" is not in the routing table');
    expect(() => flyReplayMiddleware({ table: dedicated, tenantIds: ["constructor"] })).not.toThrow();
  });
});

interface Layout {
  readonly table: RoutingTable;
  /** Middleware cells by cell id: whom each serves. */
  readonly cells: Record<string, Omit<FlyReplayOptions, "table">>;
}

describeWithNginx.each<[string, Layout]>([
  ["a tenant named constructor", { table: dedicated, cells: { acme: { tenantId: "acme" }, constructor: { tenantId: "constructor" } } }],
  ["a shared cell named constructor", { table: sharedCell, cells: { constructor: { tenantIds: ["acme", "globex"] }, initech: { tenantId: "initech" } } }],
])("both routers with %s", (_name, { table, cells }) => {
  const tenants = new Map(Object.entries(table.tenants));
  const cellOf = (id: string) => tenants.get(id)?.cell ?? id;
  const cellOfMachine = new Map([...tenants].map(([id, e]) => [e.machine, cellOf(id)]));
  const servers: http.Server[] = [];
  const cellPorts = new Map<string, number>();
  let nginx: ChildProcess | undefined;
  let nginxPort: number;
  const secret = "s3cret";

  beforeAll(async () => {
    const upstreams = new Map<string, number>();
    for (const cell of new Set([...tenants.keys()].map(cellOf))) {
      const echo = await startEchoCell(cell);
      servers.push(echo.server);
      upstreams.set(cell, echo.port);
    }
    for (const [cell, options] of Object.entries(cells)) {
      const middleware = flyReplayMiddleware({ table, replaySecret: secret, ...options });
      const server = http.createServer((req, res) => middleware(req, res, () => res.end(`served by ${cell}`)));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      servers.push(server);
      cellPorts.set(cell, (server.address() as AddressInfo).port);
    }
    nginxPort = await freePort();
    const config = renderNginxConfig(table, { listenPort: nginxPort, resolver: null, upstreamOf: (id) => `127.0.0.1:${upstreams.get(cellOf(id))}` });
    nginx = await startNginx(fs.mkdtempSync(path.join(os.tmpdir(), "nginx-proto-")), config, nginxPort);
  }, 30_000);

  afterAll(async () => {
    nginx?.kill();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  /** nginx's reading: the cell it proxied to, or the status. */
  async function viaNginx(target: string, host: string): Promise<string> {
    const reply = await rawRequest(nginxPort, target, [`Host: ${host}`]);
    return reply.status === 200 ? (JSON.parse(reply.body) as { cell: string }).cell : String(reply.status);
  }

  /** Each middleware cell's reading: the cell it serves or replays to, or the status. */
  async function viaCells(target: string, host: string, extra: string[] = []): Promise<string[]> {
    const readings: string[] = [];
    for (const [cell, port] of cellPorts) {
      const reply = await rawRequest(port, target, [`Host: ${host}`, ...extra]);
      const replayed = cellOfMachine.get(/^instance=([0-9a-f]{14});state=/.exec(reply.headers["fly-replay"] ?? "")?.[1]);
      readings.push(reply.status === 200 ? cell : reply.status === 409 && replayed ? replayed : String(reply.status));
    }
    return readings;
  }

  it("routes each tenant by path and by host, to its cell", async () => {
    for (const id of tenants.keys()) {
      expect(await viaNginx(`/${id}/x`, "router.example.com")).toBe(cellOf(id));
      expect(await viaNginx("/x", `${id}.${BASE_DOMAIN}`)).toBe(cellOf(id));
      expect(await viaCells(`/${id}/x`, "router.example.com")).toEqual([cellOf(id), cellOf(id)]);
      expect(await viaCells("/x", `${id}.${BASE_DOMAIN}`)).toEqual([cellOf(id), cellOf(id)]);
    }
  });

  it.each(PROBES.filter((p) => !Object.hasOwn(table.tenants, p)))("answers 404 for %s as a path segment and as a host, as for any unknown tenant", async (probe) => {
    for (const [target, host] of [
      [`/${probe}/x`, "router.example.com"],
      ["/x", probe],
      ["/x", `${probe}.${BASE_DOMAIN}`],
    ]) {
      expect(await viaNginx(target, host)).toBe("404");
      expect(await viaCells(target, host)).toEqual(["404", "404"]);
    }
  });

  it("refuses a replay whose fly-replay-src names prototype properties instead of a state, without crashing", async () => {
    const own = [...cellPorts.keys()][0];
    const tenant = [...tenants.keys()].find((id) => cellOf(id) === own) as string;
    for (const src of ["constructor=x", "__proto__=x;toString=y", "state=__proto__"]) {
      const reply = await rawRequest(cellPorts.get(own) as number, `/${tenant}/x`, ["Host: router.example.com", `fly-replay-src: ${src}`]);
      expect(reply.status).toBe(403);
    }
    expect((await rawRequest(cellPorts.get(own) as number, `/${tenant}/x`, ["Host: router.example.com"])).status).toBe(200);
  });

  it("renders a config nginx -t accepts", () => {
    expect(() => nginxTest(fs.mkdtempSync(path.join(os.tmpdir(), "nginx-t-")), renderNginxConfig(table))).not.toThrow();
  });
});
