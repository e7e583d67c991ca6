import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { monitorOptionsFromEnv, runMonitorFromEnv } from "../../lib/monitor";
import { startEmulatedMachinesApi } from "./emulated-machines-api";
import { request } from "./helpers";

const CELLS = { version: 1, cells: { acme: { app: "acme-fleet", machine: "3d8d9e4b2c7a18", region: "ams", image: "registry.fly.io/acme:1", tenants: ["acme"] } } };

function cellsFile(doc: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "monitor-main-"));
  const file = path.join(dir, "cells.json");
  fs.writeFileSync(file, typeof doc === "string" ? doc : JSON.stringify(doc));
  return file;
}

describe("runMonitorFromEnv", () => {
  it("runs the monitor from the environment the Monitor construct sets", async () => {
    const api = await startEmulatedMachinesApi();
    api.account.machine("acme-fleet", { id: CELLS.cells.acme.machine, state: "stopped" });
    const info = jest.spyOn(console, "info").mockImplementation(() => undefined);
    const warn = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    const signals = process.listenerCount("SIGTERM");
    const monitor = await runMonitorFromEnv({
      FLYCELL_MONITOR_CELLS_FILE: cellsFile(CELLS),
      FLYCELL_MONITOR_SECRET: "k",
      FLY_API_TOKEN: api.token,
      FLY_API_BASE_URL: api.url,
      PORT: "0",
      FLYCELL_MONITOR_RESTART_FAILED: "1",
    });
    try {
      expect(monitor.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect(process.listenerCount("SIGTERM")).toBe(signals + 1);
      expect((await request(`${monitor.url}/up`)).body).toBe("ok\n");
      const status = JSON.parse((await request(`${monitor.url}/status.json`)).body);
      expect(status.cells.map((c: { cell: string }) => c.cell)).toEqual(["acme"]);
      expect(info.mock.calls.map(([line]) => line)).toEqual([`flycell monitor: watching 1 cells in 1 apps; listening on ${monitor.url}`]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      await monitor.stop();
      await api.close();
      info.mockRestore();
      warn.mockRestore();
    }
    expect(process.listenerCount("SIGTERM")).toBe(signals);
  });

  it("reads every setting, with the documented defaults", () => {
    const file = cellsFile(CELLS);
    const base = { FLYCELL_MONITOR_CELLS_FILE: file, FLYCELL_MONITOR_SECRET: "k", FLY_API_TOKEN: "t" };
    expect(monitorOptionsFromEnv(base)).toMatchObject({ api: { baseUrl: undefined, token: "t" }, restartFailed: false, port: undefined, webhookUrl: undefined, heartbeatWindowSeconds: undefined });
    const all = monitorOptionsFromEnv({
      ...base,
      PORT: "9000",
      FLYCELL_MONITOR_WEBHOOK: "https://hooks.example.com/x",
      FLYCELL_MONITOR_HEARTBEAT_WINDOW_SECONDS: "120",
      FLYCELL_MONITOR_SWEEP_CALLS_PER_MINUTE: "6",
      FLYCELL_MONITOR_MAX_API_CALLS_PER_MINUTE: "12",
      FLYCELL_MONITOR_SNAPSHOT_MAX_AGE_HOURS: "48",
      FLYCELL_MONITOR_RESTART_FAILED: "1",
    });
    expect(all).toMatchObject({ port: 9000, webhookUrl: "https://hooks.example.com/x", heartbeatWindowSeconds: 120, sweepCallsPerMinute: 6, maxApiCallsPerMinute: 12, snapshotMaxAgeHours: 48, restartFailed: true });
  });

  it("refuses a missing secret or token, a bad number, and a cells file it cannot use", () => {
    const file = cellsFile(CELLS);
    expect(() => monitorOptionsFromEnv({ FLYCELL_MONITOR_CELLS_FILE: file, FLY_API_TOKEN: "t" })).toThrow(/FLYCELL_MONITOR_SECRET is not set/);
    expect(() => monitorOptionsFromEnv({ FLYCELL_MONITOR_CELLS_FILE: file, FLYCELL_MONITOR_SECRET: "k" })).toThrow(/FLY_API_TOKEN is not set/);
    const env = { FLYCELL_MONITOR_SECRET: "k", FLY_API_TOKEN: "t" };
    expect(() => monitorOptionsFromEnv({ ...env, FLYCELL_MONITOR_CELLS_FILE: file, PORT: "http" })).toThrow(/PORT is "http": a port number/);
    expect(() => monitorOptionsFromEnv({ ...env, FLYCELL_MONITOR_CELLS_FILE: file, FLYCELL_MONITOR_HEARTBEAT_WINDOW_SECONDS: "-1" })).toThrow(/WINDOW_SECONDS is "-1": a positive number/);
    expect(() => monitorOptionsFromEnv({ ...env, FLYCELL_MONITOR_CELLS_FILE: file, FLYCELL_MONITOR_RESTART_FAILED: "yes" })).toThrow(/RESTART_FAILED is "yes": 1 or 0/);
    expect(() => monitorOptionsFromEnv({ ...env, FLYCELL_MONITOR_CELLS_FILE: cellsFile("{") })).toThrow(/not JSON/);
    expect(() => monitorOptionsFromEnv({ ...env, FLYCELL_MONITOR_CELLS_FILE: cellsFile({ version: 2, cells: {} }) })).toThrow(/reads version 1/);
    const unresolved = { version: 1, cells: { acme: { ...CELLS.cells.acme, machine: "${fly_machine.x.id}", tenants: "acme" } } };
    expect(() => monitorOptionsFromEnv({ ...env, FLYCELL_MONITOR_CELLS_FILE: cellsFile(unresolved) })).toThrow(/machine "\$\{fly_machine.x.id\}" is not a machine id[\s\S]*tenants is not a list/);
  });
});
