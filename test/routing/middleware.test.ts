import * as http from "http";
import { AddressInfo } from "net";
import { buildRoutingTable, flyReplayMiddleware, FlyReplayOptions, planFleet, replayState, RoutingMode, RoutingTable, Topology } from "../../lib";
import { request } from "./harness";

const MACHINES: Record<string, string> = { acme: "0a1b2c3d4e5f60", globex: "9f8e7d6c5b4a30" };
const SECRET = "s3cret-replay-token";

function table(topology: Topology = "shared-app", modes: RoutingMode[] = ["path", "host"]): RoutingTable {
  const plan = planFleet({
    appName: "cells",
    image: "img:1",
    topology,
    routing: { modes },
    tenants: [
      { id: "acme", region: "ams" },
      { id: "globex", region: "ord", hostnames: ["app.globex.com", "*.globex.io"] },
    ],
  });
  return buildRoutingTable(plan, (id) => MACHINES[id]);
}

/** A cell: a plain node http server whose app answers `served by <tenant>` behind the middleware. */
async function startCell(options: FlyReplayOptions): Promise<{ port: number; server: http.Server }> {
  const middleware = flyReplayMiddleware(options);
  const server = http.createServer((req, res) =>
    middleware(req, res, () => res.end(`served by ${options.tenantId ?? process.env.FLYCELL_TENANT_ID}`)),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

describe("flyReplayMiddleware over real HTTP", () => {
  const servers: http.Server[] = [];
  let acme: number;
  let acmeWithSecret: number;
  let perApp: number;
  let machinePath: number;

  beforeAll(async () => {
    const cells = await Promise.all([
      startCell({ table: table(), tenantId: "acme" }),
      startCell({ table: table(), tenantId: "acme", replaySecret: SECRET }),
      startCell({ table: table("app-per-cell"), tenantId: "acme" }),
      startCell({ table: table("shared-app", ["machine-path"]), tenantId: "acme" }),
    ]);
    servers.push(...cells.map((c) => c.server));
    [acme, acmeWithSecret, perApp, machinePath] = cells.map((c) => c.port);
  });

  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

  it("serves its own tenant's requests", async () => {
    expect(await request({ port: acme, path: "/acme/orders?x=1" })).toMatchObject({ status: 200, body: "served by acme" });
  });

  it("replays another tenant's request to that tenant's machine, by path and by host", async () => {
    const byPath = await request({ port: acme, path: "/globex/orders" });
    expect(byPath.status).toBe(409);
    expect(byPath.headers["fly-replay"]).toBe(`instance=${MACHINES.globex}`);
    const byHost = await request({ port: acme, path: "/", headers: { host: "eu.shop.globex.io:443" } });
    expect(byHost.headers["fly-replay"]).toBe(`instance=${MACHINES.globex}`);
    expect(byHost.body).toBe("");
  });

  it("replays to the cell's app in the app-per-cell topology", async () => {
    const reply = await request({ port: perApp, path: "/globex/orders" });
    expect(reply).toMatchObject({ status: 409, headers: expect.objectContaining({ "fly-replay": "app=cells-globex" }) });
  });

  it("routes the blueprint's /<machine id>/ paths", async () => {
    const reply = await request({ port: machinePath, path: `/${MACHINES.globex}/posts` });
    expect(reply.headers["fly-replay"]).toBe(`instance=${MACHINES.globex}`);
    expect((await request({ port: machinePath, path: `/${MACHINES.acme}/posts` })).body).toBe("served by acme");
    expect((await request({ port: machinePath, path: "/ffffffffffffff/posts" })).status).toBe(404);
  });

  it.each([
    ["an unknown path", "/hooli/x", undefined],
    ["an unknown host", "/", "nobody.example.com"],
    ["the bare domain of a wildcard", "/", "globex.io"],
  ])("answers 404 for %s", async (_case, path, host) => {
    const reply = await request({ port: acme, path, headers: host ? { host } : {} });
    expect(reply).toMatchObject({ status: 404, body: "unknown tenant\n" });
  });

  it("lets the health path through, outside every tenant", async () => {
    expect(await request({ port: acme, path: "/up" })).toMatchObject({ status: 200, body: "served by acme" });
  });

  it("refuses a forged fly-force-instance-id for another tenant instead of serving it", async () => {
    const reply = await request({ port: acme, path: "/globex/secrets", headers: { "fly-force-instance-id": MACHINES.acme } });
    expect(reply).toMatchObject({ status: 403, body: "this cell does not serve that tenant\n" });
  });

  // Changed: the state is now an HMAC for the target tenant (middleware-safety.test.ts), never the secret.
  it("puts an HMAC of the secret in the replay's state field and checks it on replayed requests", async () => {
    const replay = await request({ port: acmeWithSecret, path: "/globex/x" });
    expect(replay.headers["fly-replay"]).toMatch(new RegExp(`^instance=${MACHINES.globex};state=\\d+\\.[\\w-]{43}$`));
    expect(replay.headers["fly-replay"]).not.toContain(SECRET);
    const state = replayState(SECRET, "acme", Math.floor(Date.now() / 1000) + 30);
    const good = `instance=${MACHINES.acme};region=ord;t=1700000000;state=${state}`;
    expect((await request({ port: acmeWithSecret, path: "/acme/x", headers: { "fly-replay-src": good } })).status).toBe(200);
    const forged = `instance=${MACHINES.acme};state=${SECRET}`;
    expect(await request({ port: acmeWithSecret, path: "/acme/x", headers: { "fly-replay-src": forged } })).toMatchObject({
      status: 403,
      body: "replay not authenticated\n",
    });
  });

  it("refuses a replayed request that landed on the wrong cell rather than bouncing it again", async () => {
    const src = `instance=${MACHINES.globex};state=${replayState(SECRET, "acme", Math.floor(Date.now() / 1000) + 30)}`;
    expect((await request({ port: acmeWithSecret, path: "/globex/x", headers: { "fly-replay-src": src } })).status).toBe(403);
  });
});

describe("flyReplayMiddleware set-up", () => {
  it("takes its tenant from FLYCELL_TENANT_ID by default", () => {
    process.env.FLYCELL_TENANT_ID = "globex";
    try {
      expect(() => flyReplayMiddleware({ table: table() })).not.toThrow();
    } finally {
      delete process.env.FLYCELL_TENANT_ID;
    }
  });

  it("refuses to start for a tenant that is not in the table", () => {
    expect(() => flyReplayMiddleware({ table: table(), tenantId: "hooli" })).toThrow('tenantId "hooli" is not in the routing table');
    expect(() => flyReplayMiddleware({ table: table() })).toThrow("set FLYCELL_TENANT_ID");
  });
});
