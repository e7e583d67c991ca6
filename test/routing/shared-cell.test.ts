import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { flyReplayMiddleware, FlyReplayOptions, parseReplayFields, renderNginxConfig, replayState, RouteEntry, RoutingTable } from "../../lib";
import { NGINX, nginxTest } from "./harness";
import { rawRequest } from "./raw-http";
import { MACHINES, POOL, sharedTable, TENANTS } from "./tables";

const SECRET = "s3cret-replay-token";
const T0 = 1_700_000_000;
const now = () => T0 * 1000;

/** The shared table in the app-per-cell topology: the cell's app for its tenants, no machine ids. */
function perAppTable(): RoutingTable {
  const table = sharedTable();
  const perApp = ([id, e]: [string, RouteEntry]): [string, RouteEntry] => [id, { ...e, app: `cells-${e.cell}`, machine: undefined }];
  return { ...table, topology: "app-per-cell", tenants: Object.fromEntries(Object.entries(table.tenants).map(perApp)) };
}

async function startCell(name: string, options: FlyReplayOptions): Promise<{ port: number; server: http.Server }> {
  const middleware = flyReplayMiddleware(options);
  const server = http.createServer((req, res) => middleware(req, res, () => res.end(`served by ${name}`)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

describe("flyReplayMiddleware in a shared cell (version 2 table)", () => {
  const ports: Record<string, number> = {};
  const servers: http.Server[] = [];
  const send = (cell: string, target: string, headers: string[] = []) => rawRequest(ports[cell], target, ["Host: router.example.com", ...headers]);
  const replayedTo = (cell: string, target: string, tenant: string) =>
    send(cell, target, [`fly-replay-src: instance=${POOL.machine};region=ams;t=1;state=${replayState(SECRET, tenant, T0 + 30)}`]);

  beforeAll(async () => {
    const cells: [string, FlyReplayOptions][] = [
      ["pool", { table: sharedTable(), tenantIds: POOL.tenants, replaySecret: SECRET, now }],
      ["initech", { table: sharedTable(), tenantId: "initech", replaySecret: SECRET, now }],
      ["perApp", { table: perAppTable(), tenantId: "initech" }],
    ];
    for (const [name, options] of cells) {
      const cell = await startCell(name, options);
      servers.push(cell.server);
      ports[name] = cell.port;
    }
  });
  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

  it("serves each of its own tenants, by path and by host", async () => {
    expect(await send("pool", "/acme/x")).toMatchObject({ status: 200, body: "served by pool" });
    expect(await send("pool", "/globex/x")).toMatchObject({ status: 200, body: "served by pool" });
    expect(await rawRequest(ports.pool, "/", ["Host: shop.globex.io"])).toMatchObject({ status: 200, body: "served by pool" });
  });

  it("replays a dedicated tenant's request to that tenant's machine", async () => {
    const reply = await send("pool", "/initech/x");
    expect(reply.status).toBe(409);
    expect(parseReplayFields(reply.headers["fly-replay"])).toMatchObject({ instance: MACHINES.initech });
  });

  it("has a dedicated cell replay either tenant of the shared cell to the shared cell's machine", async () => {
    for (const target of ["/acme/x", "/globex/x"]) {
      expect(parseReplayFields((await send("initech", target)).headers["fly-replay"])).toMatchObject({ instance: POOL.machine });
    }
  });

  it("replays to the shared cell's app in the app-per-cell topology", async () => {
    expect((await send("perApp", "/globex/x")).headers["fly-replay"]).toBe("app=cells-pool");
  });

  it("refuses a request forced here for a tenant not its own", async () => {
    const reply = await send("pool", "/initech/x", [`fly-force-instance-id: ${POOL.machine}`]);
    expect(reply).toMatchObject({ status: 403, body: "this cell does not serve that tenant\n" });
  });

  it("serves a replay whose state another cell made for one of its tenants", async () => {
    const { state } = parseReplayFields((await send("initech", "/globex/x")).headers["fly-replay"]);
    const src = `fly-replay-src: instance=${POOL.machine};region=ams;t=1;state=${state}`;
    expect(await send("pool", "/globex/x", [src])).toMatchObject({ status: 200, body: "served by pool" });
    expect(await replayedTo("pool", "/acme/x", "acme")).toMatchObject({ status: 200, body: "served by pool" });
  });

  it("refuses a state made for another of its tenants: a state admits requests for its tenant only", async () => {
    expect(await replayedTo("pool", "/globex/x", "acme")).toMatchObject({ status: 403, body: "replay not authenticated\n" });
  });

  it("refuses a replay here for a tenant not its own, even with a state for one of its own", async () => {
    expect(await replayedTo("pool", "/initech/x", "acme")).toMatchObject({ status: 403, body: "this cell does not serve that tenant\n" });
  });
});

describe("flyReplayMiddleware set-up for a shared cell", () => {
  /** What the middleware does with a GET: "next" when it passes it on, else the status it answers. */
  function answer(options: FlyReplayOptions, target: string): string {
    const middleware = flyReplayMiddleware(options);
    let result = "none";
    const req = { url: target, headers: { host: "router.example.com" }, rawHeaders: ["Host", "router.example.com"] } as unknown as http.IncomingMessage;
    const res = { setHeader: () => undefined, end: () => (result = String(res.statusCode)) } as unknown as http.ServerResponse;
    middleware(req, res, () => (result = "next"));
    return result;
  }

  function withEnv<T>(vars: Record<string, string>, run: () => T): T {
    Object.assign(process.env, vars);
    try {
      return run();
    } finally {
      for (const name of Object.keys(vars)) delete process.env[name];
    }
  }

  it("serves the tenants in FLYCELL_TENANTS by default", () => {
    withEnv({ FLYCELL_CELL_ID: "pool", FLYCELL_TENANTS: "acme,globex", FLYCELL_TENANTS_RELEASED: "hooli" }, () => {
      expect(["/acme/x", "/globex/x", "/initech/x"].map((t) => answer({ table: sharedTable() }, t))).toEqual(["next", "next", "409"]);
    });
  });

  it("takes an explicit tenantId or tenantIds over the environment", () => {
    withEnv({ FLYCELL_CELL_ID: "pool", FLYCELL_TENANTS: "acme,globex" }, () => {
      expect(answer({ table: sharedTable(), tenantId: "initech" }, "/acme/x")).toBe("409");
      expect(answer({ table: sharedTable(), tenantIds: ["initech"] }, "/initech/x")).toBe("next");
    });
  });

  it("starts with no tenants (FLYCELL_TENANTS empty): passes the health path, replays the rest", () => {
    withEnv({ FLYCELL_CELL_ID: "pool", FLYCELL_TENANTS: "", FLYCELL_TENANTS_RELEASED: "acme,globex" }, () => {
      expect(TENANTS.map((id) => answer({ table: sharedTable() }, `/${id}/x`))).toEqual(TENANTS.map(() => "409"));
      expect(answer({ table: sharedTable() }, "/up")).toBe("next");
    });
    expect(answer({ table: sharedTable(), tenantIds: [] }, "/acme/x")).toBe("409");
  });

  it("starts when some of its tenants are not yet in the table, and serves the others", () => {
    expect(answer({ table: sharedTable(), tenantIds: ["acme", "newco"] }, "/acme/x")).toBe("next");
  });

  it("refuses to start when none of its tenants is in the table", () => {
    expect(() => flyReplayMiddleware({ table: sharedTable(), tenantIds: ["hooli", "newco"] })).toThrow(
      'flyReplayMiddleware: none of tenantIds ["hooli","newco"] is in the routing table',
    );
  });

  it("refuses tenantId and tenantIds together", () => {
    expect(() => flyReplayMiddleware({ table: sharedTable(), tenantId: "acme", tenantIds: ["globex"] })).toThrow("not both");
  });
});

describe("renderNginxConfig for a version 2 table", () => {
  const config = renderNginxConfig(sharedTable());

  it("routes both tenants of the shared cell to its machine", () => {
    expect(config).toContain(`    tenant:acme '${POOL.machine}';`);
    expect(config).toContain(`    tenant:globex '${POOL.machine}';`);
    expect(config).toContain(`    tenant:initech '${MACHINES.initech}';`);
  });

  it("writes each map key once, though two tenants share a machine", () => {
    const blocks = config.split(/^ {2}map /m).slice(1);
    expect(blocks).toHaveLength(4);
    for (const block of blocks) {
      const keys = block.split("\n  }")[0].split("\n").slice(1).map((line) => line.trim().split(" ")[0]);
      expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
    }
  });

  (NGINX || process.env.CI ? it : it.skip)("passes nginx -t", () => {
    expect(() => nginxTest(fs.mkdtempSync(path.join(os.tmpdir(), "nginx-t-")), config)).not.toThrow();
  });
});
