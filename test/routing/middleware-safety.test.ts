import * as http from "http";
import { AddressInfo } from "net";
import { flyReplayMiddleware, FlyReplayOptions, parseReplayFields, REPLAY_STATE_TTL_SECONDS, replayState, RoutingTable } from "../../lib";
import { rawRequest } from "./raw-http";
import { appPerCell, entry, handTable, MACHINES, withEntry } from "./tables";

const SECRET = "s3cret-replay-token";
const T0 = 1_700_000_000;

async function startCell(options: FlyReplayOptions): Promise<{ port: number; server: http.Server }> {
  const middleware = flyReplayMiddleware(options);
  const server = http.createServer((req, res) => middleware(req, res, () => res.end(`served by ${options.tenantId}`)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

describe("flyReplayMiddleware replay authentication", () => {
  let clock = T0 * 1000;
  const now = () => clock;
  const cells: Record<string, number> = {};
  const servers: http.Server[] = [];
  /** Every reply the cells sent, as raw text. */
  const replies: string[] = [];

  async function send(cell: string, target: string, headers: string[] = []) {
    const reply = await rawRequest(cells[cell], target, ["Host: router.example.com", ...headers]);
    replies.push(JSON.stringify(reply));
    return reply;
  }
  const replayedTo = (cell: string, state: string | undefined, target = `/${cell}/x`) =>
    send(cell, target, [`fly-replay-src: instance=${MACHINES[cell]};region=ams;t=1700000000000${state === undefined ? "" : `;state=${state}`}`]);

  beforeAll(async () => {
    for (const id of ["acme", "globex"]) {
      const cell = await startCell({ table: handTable(), tenantId: id, replaySecret: SECRET, now });
      servers.push(cell.server);
      cells[id] = cell.port;
    }
    const perApp = await startCell({ table: appPerCell(handTable()), tenantId: "acme", replaySecret: SECRET, now });
    servers.push(perApp.server);
    cells.perApp = perApp.port;
  });
  beforeEach(() => {
    clock = T0 * 1000;
  });
  afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

  it("replays with a state bound to the target tenant and an expiry, not the secret", async () => {
    const reply = await send("acme", "/globex/x");
    const expiresAt = T0 + REPLAY_STATE_TTL_SECONDS;
    expect(reply.headers["fly-replay"]).toBe(`instance=${MACHINES.globex};state=${replayState(SECRET, "globex", expiresAt)}`);
    expect(reply.headers["fly-replay"]).toMatch(new RegExp(`;state=${expiresAt}\\.[A-Za-z0-9_-]{43}$`));
    const perApp = await send("perApp", "/globex/x");
    expect(perApp.headers["fly-replay"]).toBe(`app=cells;state=${replayState(SECRET, "globex", expiresAt)}`);
  });

  it("serves a replay whose fresh state the replaying cell made for it", async () => {
    const { state } = parseReplayFields((await send("acme", "/globex/x")).headers["fly-replay"]);
    clock += REPLAY_STATE_TTL_SECONDS * 1000;
    expect(await replayedTo("globex", state)).toMatchObject({ status: 200, body: "served by globex" });
  });

  it.each<[string, () => string | undefined]>([
    ["the old scheme's raw secret", () => SECRET],
    ["no state", () => undefined],
    ["a state with a changed mac", () => replayState(SECRET, "globex", T0 + 30).replace(/.$/, (c) => (c === "A" ? "B" : "A"))],
    ["a state with a changed expiry", () => replayState(SECRET, "globex", T0 + 30).replace(`${T0 + 30}.`, `${T0 + 3000}.`)],
    ["an expired state", () => replayState(SECRET, "globex", T0 - 1)],
    ["another tenant's state", () => replayState(SECRET, "acme", T0 + 30)],
    ["a state made with another secret", () => replayState("guess", "globex", T0 + 30)],
  ])("refuses a replay carrying %s with 403", async (_case, state) => {
    expect(await replayedTo("globex", state())).toMatchObject({ status: 403, body: "replay not authenticated\n" });
  });

  it("refuses a state that expired in transit", async () => {
    const { state } = parseReplayFields((await send("acme", "/globex/x")).headers["fly-replay"]);
    clock += (REPLAY_STATE_TTL_SECONDS + 1) * 1000;
    expect((await replayedTo("globex", state)).status).toBe(403);
  });

  it("refuses a valid replay for this cell that asks for another tenant, rather than bouncing it", async () => {
    const state = replayState(SECRET, "acme", T0 + 30);
    expect(await replayedTo("acme", state, "/globex/x")).toMatchObject({ status: 403, body: "this cell does not serve that tenant\n" });
  });

  it("never hands the secret to a client, in any header or body", async () => {
    for (const target of ["/globex/x", "/acme/x", "/hooli/x", "/up", "/acme/../globex", "/initech/x?s=1"]) {
      for (const cell of ["acme", "globex", "perApp"]) {
        await send(cell, target);
        await send(cell, target, ["fly-force-instance-id: 0a1b2c3d4e5f60"]);
        await send(cell, target, [`fly-replay-src: instance=x;state=${SECRET}`]);
      }
    }
    expect(replies.length).toBeGreaterThan(50);
    expect(replies.filter((r) => r.includes(SECRET))).toEqual([]);
  });
});

describe("flyReplayMiddleware checks", () => {
  let acme: number;
  let server: http.Server;
  beforeAll(async () => ({ port: acme, server } = await startCell({ table: handTable(), tenantId: "acme" })));
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("passes exactly the health path, with or without a query", async () => {
    expect(await rawRequest(acme, "/up?probe=1", ["Host: x.example.com"])).toMatchObject({ status: 200, body: "served by acme" });
    expect((await rawRequest(acme, "/up/x", ["Host: x.example.com"])).status).toBe(404);
    expect((await rawRequest(acme, "/upx", ["Host: x.example.com"])).status).toBe(404);
  });

  it("does not let a path climb out of the health path to another tenant with a forged instance id", async () => {
    const reply = await rawRequest(acme, "/up/../globex/x", ["Host: x.example.com", `fly-force-instance-id: ${MACHINES.acme}`]);
    expect(reply).toMatchObject({ status: 400, body: "ambiguous request path\n" });
  });

  it("refuses a path nginx would route to another tenant, instead of serving it as its own", async () => {
    expect((await rawRequest(acme, "/acme/../globex/x", ["Host: x.example.com"])).status).toBe(400);
    expect((await rawRequest(acme, "/acme/%2e%2E/globex/x", ["Host: x.example.com"])).status).toBe(400);
  });

  it.each<[string, RoutingTable, string]>([
    [
      "host patterns of different tenants that overlap",
      handTable({ acme: entry("acme", ["*.globex.com"]), globex: entry("globex", ["app.globex.com"]) }),
      'flyReplayMiddleware: tenant "acme" field hosts is "*.globex.com": overlaps tenant "globex"\'s "app.globex.com"',
    ],
    ["an unsafe host", withEntry("acme", { hosts: ["a.example.com 'acme';"] }), `tenant "acme" field hosts is "a.example.com 'acme';"`],
    ["a health path with a dot-segment", { ...handTable(), healthPath: "/up/.." }, 'healthPath is "/up/.."'],
  ])("refuses to start on a table with %s", (_case, table, message) => {
    expect(() => flyReplayMiddleware({ table, tenantId: "acme" })).toThrow(message);
  });
});
