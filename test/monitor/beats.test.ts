import * as crypto from "node:crypto";
import { heartbeatAuthorization, startHeartbeat } from "../../lib/cell";
import { expectedFromOutputs } from "../../lib/cli/status";
import type { ExpectedCell } from "../../lib/monitor";
import { cellHeartbeatKey, parseExpectedCells, RunningMonitor, startMonitor, StatusReport, WebhookPayload } from "../../lib/monitor";
import { REPLAY_MEMORY_PER_CELL, ReplayGuard } from "../../lib/monitor/signature";
import { startEmulatedMachinesApi } from "./emulated-machines-api";
import { machineId, recordingLog, request, startReceiver, waitFor } from "./helpers";

const SECRET = "beats-test-fleet-key-5c1d";
const IMAGE = "registry.fly.io/acme:1";
const START = Date.parse("2026-03-01T12:00:00Z");

/** A monitor on a clock the test moves by hand, over an emulated Machines API where every cell is started. */
interface Watch {
  readonly monitor: RunningMonitor;
  readonly cells: Record<string, ExpectedCell>;
  readonly log: ReturnType<typeof recordingLog>;
  /** Moves the clock on by `seconds`. */
  advance(seconds: number): void;
  /** The clock, in unix seconds. */
  nowSeconds(): number;
  /** Posts `fields` as a beat signed with `key`, stamped `at` (unix seconds; default now). */
  beat(fields: Record<string, unknown> | string, options?: { key?: string; at?: number }): Promise<{ status: number; error?: string }>;
  status(): Promise<StatusReport>;
  events(): WebhookPayload[];
  close(): Promise<void>;
}

let watch: Watch | undefined;
afterEach(async () => {
  await watch?.close();
  watch = undefined;
});

async function startWatch(specs: Record<string, { heartbeatKey?: "cell" | "fleet"; runs?: string }>): Promise<Watch> {
  let clock = START;
  const now = () => clock;
  const api = await startEmulatedMachinesApi({ now });
  const webhook = await startReceiver(200);
  const cells: Record<string, ExpectedCell> = Object.create(null) as Record<string, ExpectedCell>;
  Object.entries(specs).forEach(([id, spec], i) => {
    const app = spec.heartbeatKey === "cell" ? `acme-${id}` : "acme-fleet";
    const machine = machineId(0x5eed00 + i);
    api.account.machine(app, { id: machine, state: "started", image: spec.runs ?? IMAGE });
    cells[id] = { app, machine, region: "ams", image: IMAGE, tenants: [id], ...(spec.heartbeatKey ? { heartbeatKey: spec.heartbeatKey } : {}) };
  });
  const log = recordingLog();
  const monitor = await startMonitor({
    expected: { version: 1, cells },
    secret: SECRET,
    host: "127.0.0.1",
    port: 0,
    api: { baseUrl: api.url, token: api.token },
    webhookUrl: webhook.url,
    log,
    now,
    tickMs: 20,
    heartbeatWindowSeconds: 180,
    sweepCallsPerMinute: 1,
    maxApiCallsPerMinute: 600,
  });
  const nowSeconds = () => Math.floor(clock / 1000);
  return {
    monitor,
    cells,
    log,
    advance: (seconds) => (clock += seconds * 1000),
    nowSeconds,
    beat: async (fields, options = {}) => {
      const body = typeof fields === "string" ? fields : JSON.stringify(fields);
      const authorization = heartbeatAuthorization(options.key ?? SECRET, body, options.at ?? nowSeconds());
      const answer = await request(`${monitor.url}/heartbeat`, { method: "POST", headers: { "content-type": "application/json", authorization }, body });
      return answer.status === 204 ? { status: 204 } : { status: answer.status, error: (JSON.parse(answer.body) as { error: string }).error };
    },
    status: async () => JSON.parse((await request(`${monitor.url}/status.json`)).body) as StatusReport,
    events: () => webhook.received.map((r) => JSON.parse(r.body) as WebhookPayload),
    close: async () => {
      await monitor.stop();
      await Promise.all([api.close(), webhook.close()]);
    },
  };
}

/** Polls an async `check` until it holds; fails naming `what` after five seconds. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 5000; !(await check()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const cellStatus = async (w: Watch, cell: string) => (await w.status()).cells.find((c) => c.cell === cell)!;
const issuesOf = async (w: Watch, cell: string) => (await w.status()).issues.filter((i) => i.cell === cell).map((i) => i.kind);

describe("monitor: a beat vouches for its own cell's machine only", () => {
  it("refuses a signed beat that names no machine id, or not one in Fly's format, and leaves the silent issue open", async () => {
    watch = await startWatch({ acme: {}, globex: {} });
    const w = watch;
    w.advance(181);
    await waitFor("globex reported silent", () => w.events().some((e) => e.flycell.cell === "globex" && e.flycell.kind === "silent"));
    const { machine } = w.cells.globex;
    const refused = [
      await w.beat({ cell: "globex" }),
      await w.beat({ cell: "globex", machineId: null }),
      await w.beat({ cell: "globex", machineId: machine.toUpperCase() }),
      await w.beat({ cell: "globex", machineId: `${machine} ` }),
      await w.beat({ cell: "globex", machineId: 0x5eed01 }),
    ];
    expect(refused).toEqual(Array(refused.length).fill({ status: 400, error: "no machineId (14 lowercase hex characters)" }));
    expect(await issuesOf(w, "globex")).toEqual(["silent"]);
    expect((await cellStatus(w, "globex")).lastHeartbeat).toBeNull();
    // Its own machine's beat clears it.
    expect(await w.beat({ cell: "globex", machineId: machine })).toEqual({ status: 204 });
    expect(await issuesOf(w, "globex")).toEqual([]);
  });

  it("with a key of each cell's own (app-per-cell), refuses a beat signed with another cell's key or the fleet key", async () => {
    watch = await startWatch({ acme: { heartbeatKey: "cell" }, globex: { heartbeatKey: "cell" }, "ord-1": { heartbeatKey: "fleet" } });
    const w = watch;
    const globex = { cell: "globex", machineId: w.cells.globex.machine };
    const shared = { cell: "ord-1", machineId: w.cells["ord-1"].machine };
    const answers = {
      globexWithAcmeKey: await w.beat(globex, { key: cellHeartbeatKey(SECRET, "acme") }),
      globexWithFleetKey: await w.beat(globex, { key: SECRET }),
      globexWithOwnKey: await w.beat(globex, { key: cellHeartbeatKey(SECRET, "globex") }),
      sharedWithOwnKey: await w.beat(shared, { key: cellHeartbeatKey(SECRET, "ord-1") }),
      sharedWithFleetKey: await w.beat(shared, { key: SECRET }),
      goneCellWithItsKey: await w.beat({ cell: "bolt", machineId: machineId(7) }, { key: cellHeartbeatKey(SECRET, "bolt") }),
      goneCellWithAnyKey: await w.beat({ cell: "bolt", machineId: machineId(7) }, { key: "guess" }),
    };
    expect(answers).toEqual({
      globexWithAcmeKey: { status: 401, error: "bad signature" },
      globexWithFleetKey: { status: 401, error: "bad signature" },
      globexWithOwnKey: { status: 204 },
      sharedWithOwnKey: { status: 401, error: "bad signature" },
      sharedWithFleetKey: { status: 204 },
      goneCellWithItsKey: { status: 404, error: "unknown cell" },
      goneCellWithAnyKey: { status: 401, error: "bad signature" },
    });
    expect((await cellStatus(w, "acme")).lastHeartbeat).toBeNull();

    // The derivation is the documented one, and startHeartbeat given that key is heard.
    expect(cellHeartbeatKey(SECRET, "acme")).toBe(crypto.createHash("sha256").update(`flycell-heartbeat:acme:${SECRET}`).digest("hex"));
    const env = { FLYCELL_TENANT_ID: "acme", FLY_MACHINE_ID: w.cells.acme.machine, FLYCELL_MONITOR_URL: w.monitor.url, FLYCELL_MONITOR_SECRET: cellHeartbeatKey(SECRET, "acme") };
    const beat = startHeartbeat({ env, firstBeatDelayMs: 0, stopOnSignals: false, log: w.log, now: () => w.nowSeconds() * 1000 });
    try {
      await until("acme's beat is heard", async () => (await cellStatus(w, "acme")).lastHeartbeat !== null);
    } finally {
      await beat.stop();
    }
    // No key, the fleet's or a cell's, in what the monitor says.
    const said = [...w.log.lines, JSON.stringify(answers), JSON.stringify(await w.status()), (await request(`${w.monitor.url}/`)).body];
    const keys = [SECRET, ...["acme", "globex", "ord-1", "bolt"].map((id) => cellHeartbeatKey(SECRET, id))];
    expect(said.filter((text) => keys.some((key) => text.includes(key)))).toEqual([]);
  });
});

describe("monitor: timestamps and replays", () => {
  it("refuses a beat stamped more than 30 s ahead, so it cannot shut out the cell's real beats that follow", async () => {
    watch = await startWatch({ acme: {} });
    const w = watch;
    const t = w.nowSeconds();
    const beat = (n: number) => ({ cell: "acme", machineId: w.cells.acme.machine, uptimeSeconds: n });
    expect(await w.beat(beat(0), { at: t + 290 })).toEqual({ status: 401, error: "timestamp more than 30 s ahead" });
    expect(await w.beat(beat(0), { at: t + 31 })).toEqual({ status: 401, error: "timestamp more than 30 s ahead" });
    // Within the skew it is taken, and still does not shut out the beats stamped before it.
    expect(await w.beat(beat(1), { at: t + 25 })).toEqual({ status: 204 });
    expect(await w.beat(beat(2), { at: t })).toEqual({ status: 204 });
    w.advance(60);
    expect(await w.beat(beat(3))).toEqual({ status: 204 });
    w.advance(60);
    expect(await w.beat(beat(4))).toEqual({ status: 204 });
    expect(await issuesOf(w, "acme")).toEqual([]);
  });

  it("refuses the same beat twice while the window lasts, and as stale after it", async () => {
    watch = await startWatch({ acme: {}, globex: {} });
    const w = watch;
    const t = w.nowSeconds();
    const acme = { cell: "acme", machineId: w.cells.acme.machine, uptimeSeconds: 1 };
    const globex = { cell: "globex", machineId: w.cells.globex.machine, uptimeSeconds: 1 };
    expect(await w.beat(acme, { at: t })).toEqual({ status: 204 });
    expect(await w.beat(acme, { at: t })).toEqual({ status: 401, error: "replayed" });
    // Replays are judged per cell: another cell's beat of the same second is its own.
    expect(await w.beat(globex, { at: t })).toEqual({ status: 204 });
    // Another beat of the same second, or an earlier one, is no replay.
    expect(await w.beat({ ...acme, uptimeSeconds: 2 }, { at: t })).toEqual({ status: 204 });
    expect(await w.beat({ ...acme, uptimeSeconds: 3 }, { at: t - 100 })).toEqual({ status: 204 });
    w.advance(299);
    expect(await w.beat(acme, { at: t })).toEqual({ status: 401, error: "replayed" });
    w.advance(2);
    expect(await w.beat(acme, { at: t })).toEqual({ status: 401, error: "stale timestamp" });
  });

  it("remembers a bounded number of beats per cell, and never takes a forgotten one again", () => {
    const guard = new ReplayGuard();
    const t = START / 1000;
    const macs = Array.from({ length: 3 * REPLAY_MEMORY_PER_CELL }, (_, i) => crypto.createHash("sha256").update(String(i)).digest("hex"));
    // A flood of distinct beats, one a second.
    macs.forEach((mac, i) => expect(guard.accept("acme", t + i, mac, START + i * 1000)).toBe(true));
    const end = START + macs.length * 1000;
    expect(macs.filter((mac, i) => guard.accept("acme", t + i, mac, end))).toEqual([]);
    // Anything no newer than a forgotten beat is refused; a new beat after the remembered ones is not.
    expect(guard.accept("acme", t + macs.length - REPLAY_MEMORY_PER_CELL - 1, "f".repeat(64), end)).toBe(false);
    expect(guard.accept("acme", t + macs.length, "e".repeat(64), end)).toBe(true);
    expect(guard.accept("globex", t, macs[0], end)).toBe(true);
  });
});

describe("monitor: a beat's text", () => {
  // C0 and C1 controls, line and paragraph separators, zero-width and bidi controls, isolates, the BOM.
  const UNSAFE = [0x00, 0x0a, 0x1b, 0x7f, 0x85, 0x9b, 0x061c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff];

  it("drops an image or version holding a control, format or bidi character: no issue, no log line, no webhook, nothing on /status.json", async () => {
    watch = await startWatch({ acme: {} });
    const w = watch;
    const acme = { cell: "acme", machineId: w.cells.acme.machine };
    expect(await w.beat({ ...acme, version: "2.0.0" })).toEqual({ status: 204 });
    expect((await cellStatus(w, "acme")).version).toBe("2.0.0");
    for (const [i, code] of UNSAFE.entries()) {
      const char = String.fromCodePoint(code);
      expect([code, await w.beat({ ...acme, version: `2.0.${i}${char}`, uptimeSeconds: i })]).toEqual([code, { status: 204 }]);
      expect([code, (await cellStatus(w, "acme")).version]).toEqual([code, undefined]);
    }
    // An image that reads as the declared one right to left: taken as no image at all.
    const spoof = `registry.fly.io/evil:6\u202e1:emca/oi.ylf.yrtsiger`;
    expect(await w.beat({ ...acme, image: spoof, uptimeSeconds: 100 })).toEqual({ status: 204 });
    expect(await issuesOf(w, "acme")).toEqual([]);
    const shown = [...w.log.lines, ...w.events().map((e) => JSON.stringify(e)), JSON.stringify(await w.status()), (await request(`${w.monitor.url}/`)).body];
    expect(shown.filter((text) => UNSAFE.some((code) => code !== 0x0a && text.includes(String.fromCodePoint(code))))).toEqual([]);
  });

  it("writes out such characters in what the Machines API reports, wherever the issue is shown", async () => {
    watch = await startWatch({ acme: { runs: "registry.fly.io/acme:2\u202egnp.1" } });
    const w = watch;
    await waitFor("the image issue", () => w.events().some((e) => e.flycell.kind === "image"));
    const [event] = w.events();
    expect(event.flycell.message).toMatch(/^machine runs registry\.fly\.io\/acme:2\\u\{202e\}gnp\.1(@sha256:0+)?, declared registry\.fly\.io\/acme:1$/);
    expect(event.text).toContain("acme:2\\u{202e}gnp.1");
    const shown = [...w.log.lines, JSON.stringify(await w.status()), (await request(`${w.monitor.url}/`)).body, JSON.stringify(w.events())];
    expect(shown.filter((text) => text.includes("\u202e"))).toEqual([]);
    expect(w.log.lines.filter((l) => l.includes("acme:2\\u{202e}gnp.1"))).toHaveLength(1);
  });
});

describe("monitor: cell ids that are names of Object's own properties", () => {
  it("takes a fleet's cell called constructor, and refuses __proto__, toString and the like without matching Object.prototype", async () => {
    watch = await startWatch({ constructor: {}, acme: {} });
    const w = watch;
    const machine = w.cells.acme.machine;
    // Looked up by a string, as the monitor does: TypeScript types `.constructor` as Object's.
    const named = (id: string) => w.cells[id];
    expect(await w.beat({ cell: "constructor", machineId: named("constructor").machine })).toEqual({ status: 204 });
    expect((await cellStatus(w, "constructor")).lastHeartbeat).not.toBeNull();
    const answers = {
      proto: await w.beat({ cell: "__proto__", machineId: machine }),
      protoText: await w.beat(`{"cell":"__proto__","machineId":"${machine}"}`),
      toString: await w.beat({ cell: "toString", machineId: machine }),
      hasOwnProperty: await w.beat({ cell: "hasOwnProperty", machineId: machine }),
      valueof: await w.beat({ cell: "valueof", machineId: machine }),
      nested: await w.beat(`{"__proto__":{"cell":"acme"},"machineId":"${machine}"}`),
      array: await w.beat(`[{"cell":"acme","machineId":"${machine}"}]`),
    };
    expect(answers).toEqual({
      proto: { status: 400, error: "no cell" },
      protoText: { status: 400, error: "no cell" },
      toString: { status: 400, error: "no cell" },
      hasOwnProperty: { status: 400, error: "no cell" },
      valueof: { status: 404, error: "unknown cell" },
      nested: { status: 400, error: "no cell" },
      array: { status: 400, error: "not JSON" },
    });
    expect((await cellStatus(w, "acme")).lastHeartbeat).toBeNull();
    expect((await request(`${w.monitor.url}/up`)).status).toBe(200);
    expect((await request(`${w.monitor.url}/__proto__`)).status).toBe(404);
    expect((await request(`${w.monitor.url}/constructor`)).status).toBe(404);
  });

  it("reads an expected-cells document with such ids into a record without a prototype, and refuses ids that are no slugs", () => {
    const cell = { app: "acme-fleet", machine: machineId(1), region: "ams", image: IMAGE, tenants: ["constructor"] };
    const parsed = parseExpectedCells(JSON.stringify({ version: 1, cells: { constructor: cell } }), "cells.json");
    expect(Object.getPrototypeOf(parsed.cells)).toBeNull();
    expect(Object.keys(parsed.cells)).toEqual(["constructor"]);
    expect(() => parseExpectedCells(`{"version":1,"cells":{"__proto__":${JSON.stringify(cell)}}}`, "cells.json")).toThrow('cell "__proto__": a cell id is lowercase letters');
    expect(() => parseExpectedCells(JSON.stringify({ version: 1, cells: { toString: cell } }), "cells.json")).toThrow('cell "toString": a cell id');
    expect(() => parseExpectedCells(JSON.stringify({ version: 1, cells: { acme: { ...cell, heartbeatKey: "mine" } } }), "cells.json")).toThrow('cell acme: heartbeatKey "mine" is not "cell" or "fleet"');
  });

  it("flycell status builds the expected cells from outputs with tenants called constructor and toString", () => {
    const entry = (machine: number) => ({ status: "active", region: "ams", machine_id: machineId(machine), app: "acme-fleet", image: IMAGE });
    const stack = { name: "fleet", cells: { constructor: entry(1), valueof: { ...entry(2), cell: "tostring" }, hasownproperty: { ...entry(2), cell: "tostring" } }, releasedVolumes: [] };
    const expected = expectedFromOutputs([stack]);
    expect(Object.keys(expected.cells).sort()).toEqual(["constructor", "tostring"]);
    expect(Object.getPrototypeOf(expected.cells)).toBeNull();
    expect(new Map(Object.entries(expected.cells)).get("constructor")?.tenants).toEqual(["constructor"]);
    expect(expected.cells.tostring.tenants).toEqual(["hasownproperty", "valueof"]);
  });
});
