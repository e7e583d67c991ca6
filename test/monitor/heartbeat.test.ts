import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as path from "node:path";
import { HeartbeatSender, startHeartbeat } from "../../lib/cell";
import { recordingLog, sleep, startReceiver, waitFor } from "./helpers";

const SECRET = "s3cret-heartbeat-key";
const SHARED_CELL_ENV = {
  FLYCELL_CELL_ID: "shared-ams-1",
  FLYCELL_TENANTS: "acme,globex",
  FLY_MACHINE_ID: "3d8d9e4b2c7a18",
  FLY_REGION: "ams",
  FLY_IMAGE_REF: "registry.fly.io/acme:1",
};

describe("startHeartbeat", () => {
  it("posts a signed beat with the cell's id, tenants and Fly's machine variables soon after start", async () => {
    const monitor = await startReceiver(204);
    const beat = startHeartbeat({ url: `${monitor.url}/`, secret: SECRET, env: SHARED_CELL_ENV, version: "2.3.0", firstBeatDelayMs: 0, stopOnSignals: false });
    try {
      await waitFor("the first beat", () => monitor.received.length >= 1, 2000);
      const [request] = monitor.received;
      expect(request.method).toBe("POST");
      expect(request.path).toBe("/heartbeat");
      expect(request.headers["content-type"]).toBe("application/json");
      const body = JSON.parse(request.body);
      expect(body).toEqual({
        cell: "shared-ams-1",
        tenants: ["acme", "globex"],
        machineId: "3d8d9e4b2c7a18",
        region: "ams",
        image: "registry.fly.io/acme:1",
        version: "2.3.0",
        uptimeSeconds: expect.any(Number),
        sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      // The signature, checked with nothing but the documented recipe.
      const match = /^Flycell-HMAC (\d+)\.([0-9a-f]{64})$/.exec(String(request.headers.authorization));
      expect(match).not.toBeNull();
      expect(Math.abs(Number(match![1]) - Date.now() / 1000)).toBeLessThan(5);
      expect(match![2]).toBe(crypto.createHmac("sha256", SECRET).update(`${match![1]}.${request.body}`).digest("hex"));
    } finally {
      await beat.stop();
      await monitor.close();
    }
  });

  it("names a dedicated cell by its tenant and takes URL and secret from the environment", async () => {
    const monitor = await startReceiver(204);
    const env = { FLYCELL_TENANT_ID: "acme", FLY_MACHINE_ID: "3d8d9e4b2c7a19", FLYCELL_MONITOR_URL: monitor.url, FLYCELL_MONITOR_SECRET: SECRET };
    const beat = startHeartbeat({ env, firstBeatDelayMs: 0, stopOnSignals: false });
    try {
      await waitFor("the first beat", () => monitor.received.length >= 1, 2000);
      expect(JSON.parse(monitor.received[0].body)).toMatchObject({ cell: "acme", tenants: ["acme"], machineId: "3d8d9e4b2c7a19" });
    } finally {
      await beat.stop();
      await monitor.close();
    }
  });

  it("beats on the interval and not after stop()", async () => {
    const monitor = await startReceiver(204);
    const beat = startHeartbeat({ url: monitor.url, secret: SECRET, env: SHARED_CELL_ENV, intervalMs: 40, firstBeatDelayMs: 0, stopOnSignals: false });
    await waitFor("three beats", () => monitor.received.length >= 3, 2000);
    await beat.stop();
    const count = monitor.received.length;
    await sleep(150);
    expect(monitor.received.length).toBe(count);
    await monitor.close();
  });

  it("without a monitor URL or secret does nothing but warn once", async () => {
    for (const env of [{ ...SHARED_CELL_ENV, FLYCELL_MONITOR_SECRET: SECRET }, { ...SHARED_CELL_ENV, FLYCELL_MONITOR_URL: "http://127.0.0.1:9" }]) {
      const log = recordingLog();
      const sent: string[] = [];
      const send: HeartbeatSender = async (url) => (sent.push(url), { status: 204 });
      const beat = startHeartbeat({ env, send, log, intervalMs: 10, firstBeatDelayMs: 0 });
      await sleep(60);
      await beat.stop();
      expect(sent).toEqual([]);
      expect(log.lines).toHaveLength(1);
      expect(log.lines[0]).toMatch(/heartbeat: off: FLYCELL_MONITOR_(URL|SECRET) is not set/);
    }
  });

  it("without a machine id (FLY_MACHINE_ID) sends nothing the monitor would refuse, and says why once", async () => {
    for (const [env, why] of [
      [{ ...SHARED_CELL_ENV, FLY_MACHINE_ID: undefined }, "FLY_MACHINE_ID is not set"],
      [{ ...SHARED_CELL_ENV, FLY_MACHINE_ID: "3D8D9E4B2C7A18" }, 'FLY_MACHINE_ID is "3D8D9E4B2C7A18", not a machine id (14 lowercase hex characters)'],
    ] as const) {
      const log = recordingLog();
      const sent: string[] = [];
      const send: HeartbeatSender = async (_url, init) => (sent.push(init.body), { status: 204 });
      const beat = startHeartbeat({ url: "http://monitor.invalid", secret: SECRET, env, send, log, intervalMs: 10, firstBeatDelayMs: 0, stopOnSignals: false });
      await sleep(60);
      await beat.stop();
      expect(sent).toEqual([]);
      expect(log.lines).toEqual([`warn: flycell heartbeat: off: ${why}`]);
    }
  });

  it("warns once per streak of failures and never throws into the app", async () => {
    const monitor = await startReceiver(500);
    const log = recordingLog();
    const beat = startHeartbeat({ url: monitor.url, secret: SECRET, env: SHARED_CELL_ENV, log, intervalMs: 20, firstBeatDelayMs: 0, stopOnSignals: false });
    await waitFor("failed beats", () => monitor.received.length >= 4, 2000);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(/a beat to 127\.0\.0\.1:\d+ failed \(the monitor answered 500\)/);
    monitor.status = 204;
    const seen = monitor.received.length;
    await waitFor("beats accepted again", () => monitor.received.length >= seen + 3, 2000);
    expect(log.lines).toHaveLength(1);
    // A monitor that is gone altogether: a second streak, a second line.
    await monitor.close();
    await waitFor("a warning about the closed monitor", () => log.lines.length === 2, 2000);
    await sleep(100);
    await beat.stop();
    expect(log.lines).toHaveLength(2);
    expect(log.lines.join("\n")).not.toContain(SECRET);
  });

  it("does not start a beat while one is still in flight", async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const send: HeartbeatSender = () => {
      calls++;
      return new Promise((resolve) => (release = () => resolve({ status: 204 })));
    };
    const beat = startHeartbeat({ url: "http://monitor.invalid", secret: SECRET, env: SHARED_CELL_ENV, send, intervalMs: 10, firstBeatDelayMs: 0, stopOnSignals: false });
    await sleep(80);
    expect(calls).toBe(1);
    release();
    await waitFor("the next beat", () => calls === 2, 1000);
    release();
    await beat.stop();
  });

  it("stops on SIGTERM and leaves the signal to the app's own handler", async () => {
    const before = process.listenerCount("SIGTERM");
    const beforeInt = process.listenerCount("SIGINT");
    let sent = 0;
    const appHandler = () => undefined;
    process.on("SIGTERM", appHandler);
    try {
      const beat = startHeartbeat({ url: "http://monitor.invalid", secret: SECRET, env: SHARED_CELL_ENV, send: async () => (sent++, { status: 204 }), intervalMs: 10, firstBeatDelayMs: 0 });
      expect(process.listenerCount("SIGTERM")).toBe(before + 2);
      await waitFor("a beat", () => sent > 0, 1000);
      process.emit("SIGTERM", "SIGTERM");
      const count = sent;
      await sleep(60);
      expect(sent).toBe(count);
      expect(process.listenerCount("SIGTERM")).toBe(before + 1);
      expect(process.listenerCount("SIGINT")).toBe(beforeInt);
      await beat.stop();
    } finally {
      process.off("SIGTERM", appHandler);
    }
  });

  it("lets SIGTERM end a process that has no handler of its own", () => {
    const script = `
      const { startHeartbeat } = require(${JSON.stringify(path.join(__dirname, "..", "..", "lib", "cell", "heartbeat.ts"))});
      startHeartbeat({ url: "http://monitor.invalid", secret: "k", env: { FLYCELL_TENANT_ID: "acme", FLY_MACHINE_ID: "3d8d9e4b2c7a18" }, send: async () => ({ status: 204 }) });
      setInterval(() => undefined, 1000);
      setTimeout(() => process.kill(process.pid, "SIGTERM"), 100);
      setTimeout(() => { console.log("still running"); process.exit(3); }, 5000);
    `;
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { encoding: "utf8", timeout: 30_000 });
    expect(run.stdout).not.toContain("still running");
    expect(run.signal).toBe("SIGTERM");
  }, 35_000);
});
