import { heartbeatAuthorization } from "../../lib/cell";
import { BEAT_INTERVAL_MS, FAST, Fleet, IMAGE, SECRET, startFleet } from "./fleet-fixture";
import { request, sleep, waitFor } from "./helpers";

const WINDOW_MS = FAST.heartbeatWindowSeconds * 1000;
let fleet: Fleet | undefined;

afterEach(async () => {
  await fleet?.close();
  fleet = undefined;
});

const machineReads = (f: Fleet, cell: string) => f.api.count((c) => c.method === "GET" && c.path === `/v1/apps/${f.expected.cells[cell].app}/machines/${f.expected.cells[cell].machine}`);
const opened = (f: Fleet) => f.events().filter((e) => e.flycell.status === "open");

describe("monitor: silence", () => {
  it("raises 'silent' on the webhook within the window when a started cell goes quiet, and resolves it when it beats again", async () => {
    fleet = await startFleet({ acme: {}, globex: {} });
    const f = fleet;
    await sleep(1.5 * WINDOW_MS);
    expect(f.events()).toEqual([]);

    await f.stopBeating("acme");
    const quietAt = Date.now();
    await waitFor("the silent issue", () => opened(f).length > 0, 3 * WINDOW_MS);
    const raisedAfter = Date.now() - quietAt;
    // Not before the window has passed (less the beat interval the last beat may have been early by),
    // and soon after it: a tick, one machine read, one webhook post.
    expect(raisedAfter).toBeGreaterThanOrEqual(WINDOW_MS - BEAT_INTERVAL_MS);
    expect(raisedAfter).toBeLessThanOrEqual(2 * WINDOW_MS);
    const [event] = f.events();
    expect(event).toEqual({
      text: expect.stringContaining("cell acme: silent: machine"),
      flycell: { status: "open", cell: "acme", kind: "silent", message: expect.stringMatching(/is started but sent no heartbeat for \d+ s/), since: expect.any(String) },
    });
    expect((await f.status()).issues).toEqual([expect.objectContaining({ cell: "acme", kind: "silent" })]);

    f.startBeating("acme");
    await waitFor("the resolution", () => f.events().length === 2, 2000);
    expect(f.events()[1].flycell).toEqual({ ...event.flycell, status: "resolved" });
    expect(f.events()[1].text).toContain("cell acme: silent resolved");
    const status = await f.status();
    expect(status.issues).toEqual([]);
    expect(status.cells.map((c) => [c.cell, c.state])).toEqual([["acme", "started"], ["globex", "started"]]);
    // The beating cell was never looked up.
    expect(machineReads(f, "globex")).toBe(0);
  });

  it("raises nothing for a stopped or a suspended cell, and reads each once", async () => {
    fleet = await startFleet({ idle: { state: "stopped" }, asleep: { state: "suspended" }, busy: {} });
    const f = fleet;
    await sleep(3.5 * WINDOW_MS);
    expect(f.events()).toEqual([]);
    const status = await f.status();
    expect(status.issues).toEqual([]);
    expect(status.cells.map((c) => [c.cell, c.state, c.lastHeartbeat === null])).toEqual([
      ["asleep", "suspended", true],
      ["busy", "started", false],
      ["idle", "stopped", true],
    ]);
    // One look once silent past the window; after that an idle cell costs nothing until it beats again.
    expect(machineReads(f, "idle")).toBe(1);
    expect(machineReads(f, "asleep")).toBe(1);
    expect(machineReads(f, "busy")).toBe(0);
  });

  it("makes no machine reads at all for a healthy fleet, only the sweep's calls, at the sweep's pace", async () => {
    const specs = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`tenant-${i}`, { volume: { snapshotAgesHours: [3, 27] } }]));
    fleet = await startFleet(specs);
    await sleep(3 * WINDOW_MS);
    expect(fleet.events()).toEqual([]);
    const calls = fleet.api.calls.map((c) => c.path.replace(/\/[0-9a-f]{14}$|vol_[0-9a-f]{14}/, "<id>"));
    // 120 a minute allows 20 in the first 10 s: lists of the fleet's one app and snapshot reads, taking turns.
    expect(calls.filter((p) => p === "/v1/apps/acme-fleet/machines")).toHaveLength(10);
    expect(calls.filter((p) => p.endsWith("/snapshots"))).toHaveLength(10);
    expect(calls).toHaveLength(20);
  });
});

describe("monitor: what the Machines API shows", () => {
  it("raises one issue each for a failed machine, image drift, a stale snapshot, a missing machine, failing checks and a stuck state", async () => {
    fleet = await startFleet({
      broken: { state: "failed" },
      drifted: { runs: "registry.fly.io/acme:2" },
      neglected: { volume: { snapshotAgesHours: [40, 64] } },
      fresh: { volume: { snapshotAgesHours: [2, 26] } },
      "new-volume": { volume: { snapshotAgesHours: [], createdHoursAgo: 1 } },
      "no-backup": { volume: { snapshotAgesHours: [] }, autoBackupEnabled: false },
      gone: { exists: false, beats: false },
      sick: { checks: [{ name: "servicecheck-00-http-8080", status: "critical", output: "502", updated_at: new Date().toISOString() }] },
      stuck: { state: "replacing" },
    });
    const f = fleet;
    const expected = [
      ["broken", "failed"],
      ["drifted", "image"],
      ["gone", "missing"],
      ["neglected", "snapshot"],
      ["sick", "checks"],
      ["stuck", "state"],
    ];
    await waitFor("six issues", () => opened(f).length >= 6, 6 * WINDOW_MS);
    // Several more windows: every condition stays, nothing is raised twice.
    await sleep(3 * WINDOW_MS);
    const raised = opened(f).map((e) => [e.flycell.cell, e.flycell.kind]);
    expect(raised.sort()).toEqual(expected);
    expect(f.events().filter((e) => e.flycell.status === "resolved")).toEqual([]);
    const messages = Object.fromEntries(opened(f).map((e) => [e.flycell.cell, e.flycell.message]));
    expect(messages.drifted).toMatch(/registry\.fly\.io\/acme:2.*declared registry\.fly\.io\/acme:1/);
    expect(messages.neglected).toMatch(/newest snapshot is 40 h old \(allowed 30 h\)/);
    expect(messages.sick).toBe("checks not passing: servicecheck-00-http-8080 critical");
    expect(messages.stuck).toMatch(/has been replacing for \d+ s/);
    // A volume without backups is not asked about.
    const noBackup = f.expected.cells["no-backup"].volume!;
    expect(f.api.count((c) => c.path.includes(noBackup))).toBe(0);
    expect(f.log.lines.filter((l) => l.startsWith("warn: flycell: cell "))).toHaveLength(6);
  });

  it("resolves an API-judged issue when a later read finds it cleared", async () => {
    fleet = await startFleet({ broken: { state: "failed" } });
    const f = fleet;
    await waitFor("the failed issue", () => opened(f).length === 1, 4 * WINDOW_MS);
    f.api.account.setMachine(f.expected.cells.broken.machine, { state: "stopped" });
    await waitFor("the resolution", () => f.events().length === 2, 4 * WINDOW_MS);
    expect(f.events()[1].flycell).toMatchObject({ status: "resolved", cell: "broken", kind: "failed" });
  });

  it("with restartFailed asks Fly once per failure to restart a failed machine", async () => {
    fleet = await startFleet({ mendable: { state: "failed" }, hopeless: { state: "failed" } }, { restartFailed: true });
    const f = fleet;
    f.api.account.setMachine(f.expected.cells.hopeless.machine, { restartFails: true });
    const restarts = (cell: string) => f.api.count((c) => c.method === "POST" && c.path === `/v1/apps/acme-fleet/machines/${f.expected.cells[cell].machine}/restart`);
    await waitFor("two restarts", () => restarts("mendable") + restarts("hopeless") === 2, 4 * WINDOW_MS);
    // The restarted cell comes back and beats.
    f.startBeating("mendable");
    await sleep(4 * WINDOW_MS);
    expect(restarts("mendable")).toBe(1);
    expect(restarts("hopeless")).toBe(1);
    const status = await f.status();
    expect(status.issues.map((i) => [i.cell, i.kind])).toEqual([["hopeless", "failed"]]);
    expect(f.log.lines.filter((l) => l.includes("asked Fly to restart"))).toHaveLength(2);
  });
});

describe("monitor: heartbeats it refuses", () => {
  it("answers 401 to unauthenticated, badly signed, stale and replayed beats, 404 to an unknown cell, 409 to another machine, and never shows the secret", async () => {
    fleet = await startFleet({ acme: { beats: false, state: "stopped" } });
    const url = `${fleet.monitor.url}/heartbeat`;
    const body = JSON.stringify({ cell: "acme", tenants: ["acme"], machineId: fleet.expected.cells.acme.machine, image: IMAGE, uptimeSeconds: 1, sentAt: new Date().toISOString() });
    const otherMachine = body.replace(fleet.expected.cells.acme.machine, "0ddba11c0ffee0");
    const now = Math.floor(Date.now() / 1000);
    const post = (authorization: string | undefined, text = body) =>
      request(url, { method: "POST", headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) }, body: text });
    const answers = {
      none: await post(undefined),
      bearer: await post(`Bearer ${SECRET}`),
      otherKey: await post(heartbeatAuthorization("not-the-secret", body, now)),
      tampered: await post(heartbeatAuthorization(SECRET, body, now), body.replace("acme", "acmf")),
      stale: await post(heartbeatAuthorization(SECRET, body, now - 400)),
      future: await post(heartbeatAuthorization(SECRET, body, now + 400)),
      unknownCell: await post(heartbeatAuthorization(SECRET, body.replace('"acme"', '"nobody"'), now), body.replace('"acme"', '"nobody"')),
      otherMachine: await post(heartbeatAuthorization(SECRET, otherMachine, now), otherMachine),
      good: await post(heartbeatAuthorization(SECRET, body, now)),
      replay: await post(heartbeatAuthorization(SECRET, body, now)),
      // Another beat signed with the key, only stamped earlier: not a replay.
      older: await post(heartbeatAuthorization(SECRET, body, now - 5)),
      huge: await post(heartbeatAuthorization(SECRET, "x".repeat(20_000), now), "x".repeat(20_000)),
    };
    const statuses = Object.fromEntries(Object.entries(answers).map(([name, a]) => [name, a.status]));
    expect(statuses).toEqual({ none: 401, bearer: 401, otherKey: 401, tampered: 401, stale: 401, future: 401, unknownCell: 404, otherMachine: 409, good: 204, replay: 401, older: 204, huge: 413 });
    expect(JSON.parse(answers.stale.body)).toEqual({ error: "stale timestamp" });
    expect(JSON.parse(answers.future.body)).toEqual({ error: "timestamp more than 30 s ahead" });
    expect(JSON.parse(answers.replay.body)).toEqual({ error: "replayed" });
    expect(JSON.parse(answers.otherMachine.body)).toEqual({ error: "not the cell's machine" });
    const pages = [await request(`${fleet.monitor.url}/`), await request(`${fleet.monitor.url}/status.json`)];
    for (const answer of [...Object.values(answers), ...pages]) {
      expect(answer.body).not.toContain(SECRET);
      expect(JSON.stringify(answer.headers)).not.toContain(SECRET);
    }
    expect(fleet.log.lines.join("\n")).not.toContain(SECRET);
    // Only the good beat counted.
    expect((await fleet.status()).cells[0].lastHeartbeat).not.toBeNull();
  });

  it("keeps a cell's strings as text: escaped for Slack, and never a second log line", async () => {
    const hostile = "registry.fly.io/acme:2<!channel><https://evil.example|click>&";
    fleet = await startFleet({ acme: { runs: hostile }, globex: { beats: false, state: "stopped" } });
    const f = fleet;
    const imageIssue = () => opened(f).find((e) => e.flycell.cell === "acme" && e.flycell.kind === "image");
    await waitFor("the image issue", () => imageIssue() !== undefined, 3 * WINDOW_MS);
    expect(imageIssue()!.flycell.message).toContain(hostile);
    expect(imageIssue()!.text).not.toMatch(/[<>]/);
    expect(imageIssue()!.text).toContain("acme:2&lt;!channel&gt;&lt;https://evil.example|click&gt;&amp;");

    // A beat whose image holds a line break is taken, its image left out: no forged line, no issue.
    const forged = `${IMAGE}\nflycell: cell globex: image resolved`;
    const body = JSON.stringify({ cell: "globex", machineId: f.expected.cells.globex.machine, image: forged, sentAt: new Date().toISOString() });
    const authorization = heartbeatAuthorization(SECRET, body, Math.floor(Date.now() / 1000));
    expect((await request(`${f.monitor.url}/heartbeat`, { method: "POST", headers: { "content-type": "application/json", authorization }, body })).status).toBe(204);
    await sleep(3 * FAST.tickMs);
    expect(f.log.lines.filter((line) => /[\n\r]/.test(line))).toEqual([]);
    expect(opened(f).filter((e) => e.flycell.cell === "globex" && e.flycell.kind === "image")).toEqual([]);
  });

  it("serves /up, and 404 / 405 elsewhere", async () => {
    fleet = await startFleet({ acme: {} });
    expect((await request(`${fleet.monitor.url}/up`)).status).toBe(200);
    expect((await request(`${fleet.monitor.url}/heartbeat`)).status).toBe(405);
    expect((await request(`${fleet.monitor.url}/nope`)).status).toBe(404);
  });
});

describe("monitor: the Machines API budget", () => {
  it("stays within maxApiCallsPerMinute however many cells need reading (on a clock sixty times fast)", async () => {
    const start = Date.now();
    const clock = () => start + (Date.now() - start) * 60;
    // 200 silent, stopped cells, one app each, each with a volume: 600 calls' worth of reading.
    const specs = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`tenant-${i}`, { state: "stopped", app: `acme-${i}`, volume: { snapshotAgesHours: [5] } }]));
    fleet = await startFleet(specs, { now: clock, tickMs: 20, maxApiCallsPerMinute: 30, heartbeatWindowSeconds: 180, sweepCallsPerMinute: 12 });
    await sleep(5000); // five minutes on the fast clock
    const times = fleet.api.calls.map((c) => c.start).sort((a, b) => a - b);
    const mostIn = (spanMs: number) => Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + spanMs).length));
    // Times are taken on arrival at the server; a real millisecond of travel is 60 fast ones, hence the margins.
    expect(mostIn(57_000)).toBeLessThanOrEqual(30);
    expect(mostIn(8_000)).toBeLessThanOrEqual(5);
    expect(times.length).toBeLessThanOrEqual(5 * 30 + 5);
    // The budget, not idleness, is what held the calls back: most of it was used.
    expect(times.length).toBeGreaterThanOrEqual(75);
    expect(fleet.events()).toEqual([]);
  }, 15_000);
});
