import { Heartbeat, startHeartbeat } from "../../lib/cell";
import type { ExpectedCell, ExpectedCells } from "../../lib/monitor";
import { MonitorOptions, RunningMonitor, startMonitor, StatusReport, WebhookPayload } from "../../lib/monitor";
import type { CheckRecord } from "../../emulator/src/account";
import { EmulatedMachinesApi, startEmulatedMachinesApi } from "./emulated-machines-api";
import { machineId, recordingLog, request, startReceiver } from "./helpers";

export const SECRET = "monitor-test-secret-0f1e2d";
export const IMAGE = "registry.fly.io/acme:1";

/** One stand-in cell: its machine in the emulated account and whether it beats. */
export interface CellSpec {
  readonly state?: string;
  readonly region?: string;
  /** @default the fleet's one app */
  readonly app?: string;
  /** @default true for a started machine */
  readonly beats?: boolean;
  /** The image the machine runs (`image_ref`) and reports (`FLY_IMAGE_REF`). @default IMAGE */
  readonly runs?: string;
  readonly checks?: CheckRecord[];
  readonly volume?: { readonly snapshotAgesHours: number[]; readonly createdHoursAgo?: number };
  readonly autoBackupEnabled?: boolean;
  /** False: the expected machine is not in the API at all. */
  readonly exists?: boolean;
}

export interface Fleet {
  readonly api: EmulatedMachinesApi;
  readonly monitor: RunningMonitor;
  readonly expected: ExpectedCells;
  readonly log: ReturnType<typeof recordingLog>;
  /** Webhook payloads received so far. */
  events(): WebhookPayload[];
  startBeating(cell: string): void;
  stopBeating(cell: string): Promise<void>;
  status(): Promise<StatusReport>;
  close(): Promise<void>;
}

/** Fast defaults: a one-second window, a 50 ms tick, beats every 200 ms, a sweep of 120 calls a minute. */
export const FAST = { heartbeatWindowSeconds: 1, tickMs: 50, maxApiCallsPerMinute: 600, sweepCallsPerMinute: 120 } as const;
export const BEAT_INTERVAL_MS = 200;

/** An emulated Machines API over an account holding `cells`, a webhook receiver, a monitor, and real heartbeats from the beating cells. */
export async function startFleet(specs: Record<string, CellSpec>, options: Partial<MonitorOptions> = {}): Promise<Fleet> {
  const api = await startEmulatedMachinesApi({ now: options.now });
  const webhook = await startReceiver(200);
  const cells: Record<string, ExpectedCell> = {};
  // One write of the account for the whole fleet.
  api.account.batch((account) =>
    Object.entries(specs).forEach(([id, spec], i) => {
      const app = spec.app ?? "acme-fleet";
      const machine = machineId(0x3d8d9e00 + i);
      const volume = spec.volume ? `vol_${machine}` : undefined;
      if (spec.exists !== false) account.machine(app, { id: machine, state: spec.state ?? "started", region: spec.region, image: spec.runs ?? IMAGE, checks: spec.checks, mounts: volume ? [volume] : [] });
      if (spec.volume) account.volume(app, { id: volume!, region: spec.region, snapshotAgesHours: spec.volume.snapshotAgesHours, createdHoursAgo: spec.volume.createdHoursAgo, autoBackupEnabled: spec.autoBackupEnabled });
      cells[id] = { app, machine, region: spec.region ?? "ams", image: IMAGE, tenants: [id], ...(volume ? { volume } : {}), ...(spec.autoBackupEnabled === false ? { autoBackupEnabled: false } : {}) };
    }),
  );
  const expected: ExpectedCells = { version: 1, cells };
  const log = recordingLog();
  const monitor = await startMonitor({ expected, secret: SECRET, host: "127.0.0.1", port: 0, api: { baseUrl: api.url, token: api.token }, webhookUrl: webhook.url, log, ...FAST, ...options });
  const beats = new Map<string, Heartbeat>();
  const startBeating = (id: string) => {
    const spec = specs[id];
    const env = { FLYCELL_TENANT_ID: id, FLY_MACHINE_ID: cells[id].machine, FLY_REGION: cells[id].region, FLY_IMAGE_REF: spec.runs ?? IMAGE };
    beats.set(id, startHeartbeat({ url: monitor.url, secret: SECRET, env, intervalMs: BEAT_INTERVAL_MS, firstBeatDelayMs: 0, stopOnSignals: false, log, now: options.now }));
  };
  for (const [id, spec] of Object.entries(specs)) if (spec.beats ?? (spec.state ?? "started") === "started") startBeating(id);
  return {
    api,
    monitor,
    expected,
    log,
    events: () => webhook.received.map((r) => JSON.parse(r.body) as WebhookPayload),
    startBeating,
    stopBeating: async (id) => {
      await beats.get(id)?.stop();
      beats.delete(id);
    },
    status: async () => JSON.parse((await request(`${monitor.url}/status.json`)).body) as StatusReport,
    close: async () => {
      await Promise.all([...beats.values()].map((b) => b.stop()));
      await monitor.stop();
      await Promise.all([api.close(), webhook.close()]);
    },
  };
}
