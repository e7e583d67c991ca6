import * as crypto from "node:crypto";
import * as http from "node:http";
import * as https from "node:https";
// Types only: the cell runtime loads no code from other layers, and tsc checks the names agree.
import type { MONITOR_SECRET_ENV as MonitorSecretEnv, MONITOR_URL_ENV as MonitorUrlEnv } from "../monitor/expected";
import { CellEnv, cellTenants } from "./env";

const MONITOR_URL_ENV: typeof MonitorUrlEnv = "FLYCELL_MONITOR_URL";
const MONITOR_SECRET_ENV: typeof MonitorSecretEnv = "FLYCELL_MONITOR_SECRET";
/** The authorization scheme the monitor checks (lib/monitor/signature.ts). */
const SCHEME = "Flycell-HMAC";
const DEFAULT_INTERVAL_MS = 60_000;
/** A fleet deployed at once spreads its first beats over this much time. */
const FIRST_BEAT_SPREAD_MS = 5_000;
const SEND_TIMEOUT_MS = 10_000;
/** Fly's machine ids, as the monitor checks them. */
const MACHINE_ID = /^[0-9a-f]{14}$/;

/** What a cell tells the monitor on each beat. */
export interface HeartbeatBody {
  readonly cell: string;
  readonly tenants: readonly string[];
  /** `FLY_MACHINE_ID`: the monitor takes a cell's beats from its own machine only. */
  readonly machineId: string;
  readonly region?: string;
  readonly image?: string;
  readonly version?: string;
  readonly uptimeSeconds: number;
  readonly sentAt: string;
}

/** The part of `fetch` a beat needs: a fetch-compatible function works. */
export type HeartbeatSender = (
  url: string,
  init: { method: "POST"; headers: Record<string, string>; body: string },
) => Promise<{ status: number }>;

export interface HeartbeatOptions {
  /** The monitor's base URL. @default `FLYCELL_MONITOR_URL` */
  readonly url?: string;
  /**
   * The key beats are signed with: the fleet key in a shared app, in app-per-cell a key of the
   * cell's own that the fleet derives for it. @default `FLYCELL_MONITOR_SECRET`
   */
  readonly secret?: string;
  /** Where the cell's id, tenants and Fly's machine variables come from. @default process.env */
  readonly env?: CellEnv;
  /** The app's version, shown on the monitor's status page. @default none */
  readonly version?: string;
  /** @default 60000 (one beat a minute) */
  readonly intervalMs?: number;
  /** @default a random delay under 5 s, so a fleet started at once does not beat at once */
  readonly firstBeatDelayMs?: number;
  /** Posts a beat. @default Node's http/https request */
  readonly send?: HeartbeatSender;
  /** @default Date.now */
  readonly now?: () => number;
  /** Stops beating on SIGTERM and SIGINT, then lets the signal do what it would have done. @default true */
  readonly stopOnSignals?: boolean;
  /** @default console */
  readonly log?: { warn(message: string): void };
}

export interface Heartbeat {
  /** Stops beating; resolves once a beat in flight has settled. */
  stop(): Promise<void>;
}

/** `Flycell-HMAC <unix seconds>.<hex HMAC-SHA256(secret, "<unix seconds>.<body>")>`. */
export function heartbeatAuthorization(secret: string, body: string, unixSeconds: number): string {
  const mac = crypto.createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `${SCHEME} ${unixSeconds}.${mac}`;
}

const RETRYABLE = new Set(["ECONNRESET", "EPIPE"]);

/** Node's http(s) request as a sender; retries once when a kept-alive socket was closed under it. */
const requestSender: HeartbeatSender = (url, init) => {
  const attempt = (retry: boolean): Promise<{ status: number }> =>
    new Promise((resolve, reject) => {
      const request = (url.startsWith("https:") ? https : http).request(url, { method: init.method, headers: init.headers, timeout: SEND_TIMEOUT_MS }, (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
        res.on("error", reject);
      });
      request.on("timeout", () => request.destroy(new Error(`no answer in ${SEND_TIMEOUT_MS} ms`)));
      request.on("error", (err: NodeJS.ErrnoException) => {
        if (retry && request.reusedSocket && RETRYABLE.has(err.code ?? "")) resolve(attempt(false));
        else reject(err);
      });
      request.end(init.body);
    });
  return attempt(true);
};

const NO_OP: Heartbeat = { stop: async () => undefined };

/**
 * Posts a signed heartbeat to the fleet's monitor now and then (`POST <url>/heartbeat`), so the
 * monitor can tell a cell that is started but silent from one stopped because idle. Never throws
 * into the app: a failed beat is logged once per streak of failures, and a cell without a monitor
 * (no URL or secret) or outside a Fly machine (no `FLY_MACHINE_ID`) gets one warning and no
 * beats. The timer does not keep the process alive.
 */
export function startHeartbeat(options: HeartbeatOptions = {}): Heartbeat {
  const env = options.env ?? process.env;
  const log = options.log ?? console;
  const url = options.url ?? env[MONITOR_URL_ENV];
  const secret = options.secret ?? env[MONITOR_SECRET_ENV];
  if (!url || !secret) {
    log.warn(`flycell heartbeat: off: ${!url ? MONITOR_URL_ENV : MONITOR_SECRET_ENV} is not set`);
    return NO_OP;
  }
  let cell: string;
  let tenants: readonly string[];
  try {
    ({ cellId: cell, active: tenants } = cellTenants(env));
  } catch (err) {
    log.warn(`flycell heartbeat: off: ${(err as Error).message}`);
    return NO_OP;
  }
  const machineId = env.FLY_MACHINE_ID;
  if (machineId === undefined || !MACHINE_ID.test(machineId)) {
    // The monitor refuses a beat without the cell's machine id; Fly sets it on every machine.
    log.warn(`flycell heartbeat: off: FLY_MACHINE_ID is ${machineId === undefined ? "not set" : `${JSON.stringify(machineId)}, not a machine id (14 lowercase hex characters)`}`);
    return NO_OP;
  }
  const endpoint = `${url.replace(/\/+$/, "")}/heartbeat`;
  const send = options.send ?? requestSender;
  const now = options.now ?? Date.now;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  let failing = false;
  let stopped = false;
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const beatOnce = async (): Promise<void> => {
    const body: HeartbeatBody = {
      cell,
      tenants,
      machineId,
      region: env.FLY_REGION,
      image: env.FLY_IMAGE_REF,
      version: options.version,
      uptimeSeconds: Math.round(process.uptime()),
      sentAt: new Date(now()).toISOString(),
    };
    const text = JSON.stringify(body);
    const authorization = heartbeatAuthorization(secret, text, Math.floor(now() / 1000));
    try {
      const { status } = await send(endpoint, { method: "POST", headers: { "content-type": "application/json", authorization }, body: text });
      if (status < 200 || status >= 300) throw new Error(`the monitor answered ${status}`);
      failing = false;
    } catch (err) {
      // One line per streak: a monitor that is down for an hour should not fill the app's log.
      if (!failing) log.warn(`flycell heartbeat: a beat to ${new URL(endpoint).host} failed (${(err as Error).message}); retrying quietly`);
      failing = true;
    }
  };

  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      if (stopped) return;
      // A beat still in flight is not doubled; the next one comes on schedule.
      if (!inFlight) inFlight = beatOnce().finally(() => (inFlight = undefined));
      schedule(intervalMs);
    }, delayMs);
    timer.unref();
  };
  schedule(options.firstBeatDelayMs ?? Math.random() * FIRST_BEAT_SPREAD_MS);

  const signals: NodeJS.Signals[] = options.stopOnSignals === false ? [] : ["SIGTERM", "SIGINT"];
  const halt = () => {
    stopped = true;
    clearTimeout(timer);
    for (const signal of signals) process.removeListener(signal, onSignal);
  };
  function onSignal(signal: NodeJS.Signals) {
    halt();
    // Listening changed what the signal does; when nobody else listens, do what it would have done.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  }
  for (const signal of signals) process.on(signal, onSignal);

  return {
    stop: async () => {
      halt();
      await inFlight;
    },
  };
}
