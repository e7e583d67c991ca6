import { MONITOR_SECRET_ENV } from "./expected";
import { readExpectedCells } from "./expected-file";
import { MonitorOptions, RunningMonitor, startMonitor } from "./monitor";

/** Where the `Monitor` construct puts the expected cells. */
export const DEFAULT_CELLS_FILE = "/etc/flycell/cells.json";

type Env = Readonly<Record<string, string | undefined>>;

function positiveNumber(env: Env, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!(value > 0)) throw new Error(`flycell monitor: ${name} is ${JSON.stringify(text)}: a positive number`);
  return value;
}

/** 0 to 65535; 0 picks a free port. */
function portNumber(env: Env, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`flycell monitor: ${name} is ${JSON.stringify(text)}: a port number`);
  return value;
}

function required(env: Env, name: string, why: string): string {
  const value = env[name];
  if (!value) throw new Error(`flycell monitor: ${name} is not set: ${why}`);
  return value;
}

/**
 * The monitor's options from its environment: the cells file (`FLYCELL_MONITOR_CELLS_FILE`),
 * `FLYCELL_MONITOR_SECRET`, `FLY_API_TOKEN`, `FLY_API_BASE_URL`, `FLYCELL_MONITOR_WEBHOOK`,
 * `FLYCELL_MONITOR_RESTART_FAILED=1`, `PORT`, and the `FLYCELL_MONITOR_…` numbers the construct sets.
 */
export function monitorOptionsFromEnv(env: Env): MonitorOptions {
  const restart = env.FLYCELL_MONITOR_RESTART_FAILED ?? "0";
  if (!["0", "1", ""].includes(restart)) throw new Error(`flycell monitor: FLYCELL_MONITOR_RESTART_FAILED is ${JSON.stringify(restart)}: 1 or 0`);
  return {
    expected: readExpectedCells(env.FLYCELL_MONITOR_CELLS_FILE || DEFAULT_CELLS_FILE),
    secret: required(env, MONITOR_SECRET_ENV, "the cells sign their heartbeats with it"),
    api: { baseUrl: env.FLY_API_BASE_URL || undefined, token: required(env, "FLY_API_TOKEN", "the monitor reads the Machines API with it") },
    port: portNumber(env, "PORT"),
    webhookUrl: env.FLYCELL_MONITOR_WEBHOOK || undefined,
    restartFailed: restart === "1",
    heartbeatWindowSeconds: positiveNumber(env, "FLYCELL_MONITOR_HEARTBEAT_WINDOW_SECONDS"),
    sweepCallsPerMinute: positiveNumber(env, "FLYCELL_MONITOR_SWEEP_CALLS_PER_MINUTE"),
    maxApiCallsPerMinute: positiveNumber(env, "FLYCELL_MONITOR_MAX_API_CALLS_PER_MINUTE"),
    snapshotMaxAgeHours: positiveNumber(env, "FLYCELL_MONITOR_SNAPSHOT_MAX_AGE_HOURS"),
  };
}

/**
 * Runs the monitor as the Docker image and `flycell monitor` do: options from `env`, stopped
 * cleanly on SIGTERM or SIGINT (Fly stops machines with one of them).
 */
export async function runMonitorFromEnv(env: Env = process.env): Promise<RunningMonitor> {
  const monitor = await startMonitor(monitorOptionsFromEnv(env));
  const onSignal = () => void stop();
  const stop = async () => {
    process.off("SIGTERM", onSignal).off("SIGINT", onSignal);
    await monitor.stop();
  };
  process.once("SIGTERM", onSignal).once("SIGINT", onSignal);
  return { url: monitor.url, stop };
}

// `node dist/monitor/main.js`: the Docker image's command.
if (require.main === module) {
  runMonitorFromEnv(process.env).catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
}
