import { ApiBudget } from "../../lib/monitor/api-budget";
import type { ExpectedCells } from "../../lib/monitor/expected";
import { FleetWatch } from "../../lib/monitor/fleet-watch";
import { IssueBook } from "../../lib/monitor/issues";
import { FlyMachine, FlyVolumeSnapshot, MachinesApi } from "../../lib/fly-api/machines-api";
import { machineId } from "./helpers";

const IMAGE = "registry.fly.io/acme:1";
const START = Date.parse("2026-11-26T00:00:00Z");

/** A Machines API in this process where every machine is started and every volume fresh; it counts calls by kind. */
class HealthyApi extends MachinesApi {
  readonly calls = { list: 0, machine: 0, snapshots: 0, volume: 0, restart: 0 };
  readonly listed = new Set<string>();
  readonly snapshotted = new Set<string>();

  constructor(
    private readonly expected: ExpectedCells,
    private readonly now: () => number,
  ) {
    super({ token: "unused" });
  }

  private machinesOf(app: string): FlyMachine[] {
    return Object.values(this.expected.cells)
      .filter((cell) => cell.app === app)
      .map((cell) => ({ id: cell.machine, state: "started", image_ref: { registry: "registry.fly.io", repository: "acme", tag: "1" } }));
  }

  override async listMachines(app: string): Promise<FlyMachine[]> {
    this.calls.list++;
    this.listed.add(app);
    return this.machinesOf(app);
  }

  override async getMachine(app: string, machine: string): Promise<FlyMachine | undefined> {
    this.calls.machine++;
    return this.machinesOf(app).find((m) => m.id === machine);
  }

  override async listSnapshots(_app: string, volume: string): Promise<FlyVolumeSnapshot[]> {
    this.calls.snapshots++;
    this.snapshotted.add(volume);
    return [{ id: `snap-${volume}`, created_at: new Date(this.now() - 3_600_000).toISOString(), status: "created" }];
  }

  override async restartMachine(): Promise<void> {
    this.calls.restart++;
  }
}

interface FleetShape {
  readonly cells: number;
  readonly appPerCell: boolean;
  readonly volumes: boolean;
}

function expectedCells({ cells, appPerCell, volumes }: FleetShape): ExpectedCells {
  const all: Record<string, ExpectedCells["cells"][string]> = {};
  for (let i = 0; i < cells; i++) {
    const machine = machineId(0x10000 + i);
    all[`tenant-${i}`] = { app: appPerCell ? `acme-tenant-${i}` : "acme-fleet", machine, region: "ams", image: IMAGE, tenants: [`tenant-${i}`], ...(volumes ? { volume: `vol_${machine}` } : {}) };
  }
  return { version: 1, cells: all };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * Runs a monitor's watch over a healthy fleet (every cell beats once a minute) for `minutes`
 * on a clock moved by hand one second at a time, and returns the API it called.
 */
async function watchHealthyFleet(shape: FleetShape, minutes: number, sweepCallsPerMinute = 12): Promise<{ api: HealthyApi; issues: number }> {
  let now = START;
  const clock = () => now;
  const expected = expectedCells(shape);
  const api = new HealthyApi(expected, clock);
  const budget = new ApiBudget(30, clock);
  let issues = 0;
  const watch = new FleetWatch({
    expected,
    api,
    budget,
    issues: new IssueBook(() => issues++, clock),
    windowMs: 180_000,
    sweepCallsPerMinute,
    snapshotMaxAgeMs: 30 * 3_600_000,
    restartFailed: false,
    heartbeats: true,
    now: clock,
    log: { info: () => undefined, warn: () => undefined },
  });
  const ids = Object.keys(expected.cells);
  for (let second = 0; second < minutes * 60; second++) {
    // Beats spread over the minute, as cells started at different times send them.
    for (let i = second % 60; i < ids.length; i += 60) watch.beat(ids[i], { image: IMAGE });
    watch.tick();
    await settle();
    now += 1000;
  }
  budget.close();
  await watch.stop();
  return { api, issues };
}

const total = (api: HealthyApi) => Object.values(api.calls).reduce((a, b) => a + b, 0);

describe("the monitor's sweep: one fixed pace whatever the fleet size", () => {
  it("makes the same number of calls a minute for 10, 100 and 1,000 healthy cells, one app each", async () => {
    const counts: number[] = [];
    for (const cells of [10, 100, 1000]) {
      const { api, issues } = await watchHealthyFleet({ cells, appPerCell: true, volumes: true }, 10);
      expect(issues).toBe(0);
      // Healthy cells are never read one by one: every call is the sweep's.
      expect(api.calls.machine).toBe(0);
      counts.push(total(api));
    }
    // 12 a minute for 10 minutes, at every size.
    expect(counts).toEqual([120, 120, 120]);
  }, 60_000);

  it("keeps to a pace set lower, and to the budget when the pace is set above it", async () => {
    expect(total((await watchHealthyFleet({ cells: 50, appPerCell: true, volumes: true }, 10, 6)).api)).toBe(60);
    // The budget (30 a minute) caps a pace of 60.
    expect(total((await watchHealthyFleet({ cells: 50, appPerCell: true, volumes: true }, 10, 60)).api)).toBe(300);
  }, 30_000);

  it("alternates machine lists and snapshot reads, and goes round the whole fleet", async () => {
    const { api } = await watchHealthyFleet({ cells: 30, appPerCell: true, volumes: true }, 10);
    // 120 calls: 60 lists and 60 snapshot reads, so 30 apps and 30 volumes are each read twice.
    expect(api.calls).toMatchObject({ list: 60, snapshots: 60, machine: 0 });
    expect(api.listed.size).toBe(30);
    expect(api.snapshotted.size).toBe(30);
  }, 30_000);

  it("lists a fleet in one app every other call, and only lists when no volume is backed up", async () => {
    const shared = (await watchHealthyFleet({ cells: 200, appPerCell: false, volumes: true }, 5)).api;
    expect(shared.calls).toMatchObject({ list: 30, snapshots: 30 });
    const noVolumes = (await watchHealthyFleet({ cells: 200, appPerCell: false, volumes: false }, 5)).api;
    expect(noVolumes.calls).toMatchObject({ list: 60, snapshots: 0 });
  }, 30_000);
});
