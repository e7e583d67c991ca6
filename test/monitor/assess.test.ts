import { assessOnce, ExpectedCells } from "../../lib/monitor";
import { EmulatedMachinesApi, startEmulatedMachinesApi } from "./emulated-machines-api";
import { machineId } from "./helpers";

const IMAGE = "registry.fly.io/acme:1";

describe("assessOnce", () => {
  let api: EmulatedMachinesApi;
  let expected: ExpectedCells;

  beforeAll(async () => {
    api = await startEmulatedMachinesApi();
    const cells: Record<string, ExpectedCells["cells"][string]> = {};
    const add = (id: string, app: string, state: string | undefined, extra: { image?: string; volume?: number[] } = {}) => {
      const machine = machineId(Object.keys(cells).length + 1);
      if (state) api.account.machine(app, { id: machine, state, image: extra.image ?? IMAGE });
      const volume = extra.volume ? `vol_${machine}` : undefined;
      if (extra.volume) api.account.volume(app, { id: volume!, snapshotAgesHours: extra.volume });
      cells[id] = { app, machine, region: "ams", image: IMAGE, tenants: [id], ...(volume ? { volume } : {}) };
    };
    add("busy", "acme-fleet", "started", { volume: [3] });
    add("idle", "acme-fleet", "stopped", { volume: [20] });
    add("broken", "acme-fleet", "failed");
    add("drifted", "acme-fleet", "started", { image: "registry.fly.io/acme:2" });
    add("gone", "acme-fleet", undefined);
    add("neglected", "acme-other", "stopped", { volume: [50] });
    add("stuck", "acme-other", "replacing");
    api.account.setMachine(cells.stuck.machine, { updatedAt: Date.now() - 600_000 });
    expected = { version: 1, cells };
  });
  afterAll(() => api.close());

  it("reports every cell's state and issues from one call per app and per backed-up volume, and no silence", async () => {
    const report = await assessOnce(expected, { baseUrl: api.url, token: api.token }, { maxApiCallsPerMinute: 600 });
    expect(report.cells.map((c) => [c.cell, c.state, c.lastHeartbeat])).toEqual([
      ["broken", "failed", null],
      ["busy", "started", null],
      ["drifted", "started", null],
      ["gone", "missing", null],
      ["idle", "stopped", null],
      ["neglected", "stopped", null],
      ["stuck", "replacing", null],
    ]);
    expect(report.issues.map((i) => [i.cell, i.kind]).sort()).toEqual([
      ["broken", "failed"],
      ["drifted", "image"],
      ["gone", "missing"],
      ["neglected", "snapshot"],
      ["stuck", "state"],
    ]);
    expect(report.apiErrors).toEqual([]);
    expect(api.calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual(
      [
        "GET /v1/apps/acme-fleet/machines",
        "GET /v1/apps/acme-other/machines",
        `GET /v1/apps/acme-fleet/volumes/${expected.cells.busy.volume}/snapshots`,
        `GET /v1/apps/acme-fleet/volumes/${expected.cells.idle.volume}/snapshots`,
        `GET /v1/apps/acme-other/volumes/${expected.cells.neglected.volume}/snapshots`,
      ].sort(),
    );
  });

  it("rejects when the Machines API answers nothing, without showing the token", async () => {
    const attempt = assessOnce(expected, { baseUrl: api.url, token: "wrong-token-value" }, { maxApiCallsPerMinute: 600 });
    await expect(attempt).rejects.toThrow(/the Machines API answered no call: GET \/v1\/apps\/acme-fleet\/machines: 401/);
    await expect(attempt).rejects.not.toThrow(/wrong-token-value/);
  });
});
