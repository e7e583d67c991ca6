import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { ApiBudget } from "./api-budget";
import { ExpectedCells, isCellId, MONITOR_DEFAULTS } from "./expected";
import { FleetWatch, MonitorLog } from "./fleet-watch";
import { IssueBook, IssueEvent } from "./issues";
import { MachinesApi, MachinesApiConfig } from "../fly-api/machines-api";
import { cellHeartbeatKey, macMatches, readSignature, ReplayGuard } from "./signature";
import { renderStatusPage } from "./status-page";
import { hasUnsafeText } from "./text";
import { issueLine, WebhookSender } from "./webhook";

export interface MonitorOptions {
  /** The cells to watch (the `Monitor` construct's cells file). */
  readonly expected: ExpectedCells;
  /**
   * The fleet's heartbeat key (`FLYCELL_MONITOR_SECRET`): cells in the shared app sign with it,
   * a cell with `heartbeatKey: "cell"` with the key derived from it for that cell.
   */
  readonly secret: string;
  /** @default 8080 (0 picks a free port) */
  readonly port?: number;
  /** @default "::" (every address: Fly's private network is IPv6) */
  readonly host?: string;
  /** The Machines API: `{ baseUrl, token }`. */
  readonly api: MachinesApiConfig;
  /** Silence longer than this makes a cell a suspect: three missed beats. @default 180 */
  readonly heartbeatWindowSeconds?: number;
  /**
   * The sweep's fixed pace: calls a minute spent reading every app's machines and every backed-up
   * volume's snapshots, round and round, whatever the fleet size. Within `maxApiCallsPerMinute`. @default 12
   */
  readonly sweepCallsPerMinute?: number;
  /** The Machines API calls allowed, whatever the fleet size. @default 30 */
  readonly maxApiCallsPerMinute?: number;
  /** A volume's newest snapshot may be this old: daily snapshots plus slack. @default 30 */
  readonly snapshotMaxAgeHours?: number;
  /** Where issue events are posted as JSON (Slack-compatible). @default none */
  readonly webhookUrl?: string;
  /** Asks Fly to restart a failed machine, once per failure. @default false */
  readonly restartFailed?: boolean;
  /** How often silent cells are looked for. @default 5000 */
  readonly tickMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default console */
  readonly log?: MonitorLog;
}

export interface RunningMonitor {
  /** Where the monitor listens, e.g. "http://127.0.0.1:8080". */
  readonly url: string;
  stop(): Promise<void>;
}

/** A beat is a few hundred bytes; anything much larger is not one. */
const MAX_BEAT_BYTES = 16 * 1024;
const REJECTION_LOG_INTERVAL_MS = 60_000;

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

function answer(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(body);
}

const answerJson = (res: http.ServerResponse, status: number, value: unknown) => answer(res, status, "application/json", JSON.stringify(value));

/** The request body, or undefined when it is over `limit` bytes (then 413 has been sent). */
async function readBody(req: http.IncomingMessage, res: http.ServerResponse, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      // Answer, then hang up rather than read the rest.
      res.setHeader("connection", "close");
      res.once("finish", () => req.destroy());
      answerJson(res, 413, { error: "too large" });
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Control, format and bidi characters would let a beat forge or disguise log lines: such a value is dropped. */
const optionalText = (value: unknown, max: number) => (typeof value === "string" && value.length <= max && !hasUnsafeText(value) ? value : undefined);

/** Fly's machine ids: 14 lowercase hex characters. */
const MACHINE_ID = /^[0-9a-f]{14}$/;

/**
 * Starts the fleet's monitor: takes signed heartbeats (`POST /heartbeat`), reads the Machines API
 * for cells silent past the window and in a sweep at a fixed pace, raises and resolves issues (log and
 * webhook), and serves `/` (an HTML status page), `/status.json` and `/up`. It never contacts a
 * cell, so it wakes none.
 */
export async function startMonitor(options: MonitorOptions): Promise<RunningMonitor> {
  if (!options.secret) throw new Error("startMonitor: secret is empty: cells sign heartbeats with it");
  const now = options.now ?? Date.now;
  const log = options.log ?? console;
  const webhook = options.webhookUrl ? new WebhookSender(options.webhookUrl, log) : undefined;
  const announce = (event: IssueEvent) => {
    if (event.status === "open") log.warn(issueLine(event));
    else log.info(issueLine(event));
    webhook?.send(event);
  };
  const budget = new ApiBudget(options.maxApiCallsPerMinute ?? MONITOR_DEFAULTS.maxApiCallsPerMinute, now);
  const watch = new FleetWatch({
    expected: options.expected,
    api: new MachinesApi(options.api),
    budget,
    issues: new IssueBook(announce, now),
    windowMs: (options.heartbeatWindowSeconds ?? MONITOR_DEFAULTS.heartbeatWindowSeconds) * 1000,
    sweepCallsPerMinute: options.sweepCallsPerMinute ?? MONITOR_DEFAULTS.sweepCallsPerMinute,
    snapshotMaxAgeMs: (options.snapshotMaxAgeHours ?? MONITOR_DEFAULTS.snapshotMaxAgeHours) * 3_600_000,
    restartFailed: options.restartFailed ?? false,
    heartbeats: true,
    now,
    log,
  });
  const replays = new ReplayGuard();
  const rejected = new Map<string, number>();
  let rejectionsLoggedAt = -Infinity;

  const refuse = (res: http.ServerResponse, status: number, reason: string) => {
    // A wrong key on every cell would be thousands of lines a minute: one line a minute, with counts.
    rejected.set(reason, (rejected.get(reason) ?? 0) + 1);
    if (now() - rejectionsLoggedAt >= REJECTION_LOG_INTERVAL_MS) {
      log.warn(`flycell monitor: heartbeats refused since the last report: ${[...rejected].map(([r, n]) => `${n} ${r}`).join(", ")}`);
      rejected.clear();
      rejectionsLoggedAt = now();
    }
    answerJson(res, status, { error: reason });
  };

  // Each cell's key, by cell id: derived once, so a beat costs one HMAC.
  const cells = new Map(Object.entries(options.expected.cells));
  const keys = new Map([...cells].map(([id, cell]) => [id, cell.heartbeatKey === "cell" ? cellHeartbeatKey(options.secret, id) : options.secret]));

  const takeHeartbeat: Handler = async (req, res) => {
    const body = await readBody(req, res, MAX_BEAT_BYTES);
    if (!body) return;
    const signed = readSignature(req.headers.authorization, now());
    if (!signed.ok) return refuse(res, 401, signed.reason);
    // The cell names the key to check, so the body is read before the MAC is.
    let beat: unknown;
    try {
      beat = JSON.parse(body.toString("utf8"));
    } catch {
      return refuse(res, 400, "not JSON");
    }
    if (typeof beat !== "object" || beat === null || Array.isArray(beat)) return refuse(res, 400, "not JSON");
    const fields = beat as Record<string, unknown>;
    const cellId = Object.hasOwn(fields, "cell") ? fields.cell : undefined;
    if (!isCellId(cellId)) return refuse(res, 400, "no cell");
    const key = keys.get(cellId);
    if (key === undefined) {
      // Signed with either kind of key, the beat is one of ours from a cell the fleet no longer has.
      const ours = macMatches(signed, body, options.secret) || macMatches(signed, body, cellHeartbeatKey(options.secret, cellId));
      return ours ? refuse(res, 404, "unknown cell") : refuse(res, 401, "bad signature");
    }
    if (!macMatches(signed, body, key)) return refuse(res, 401, "bad signature");
    // Only the cell's own machine vouches for it: not a hand-made clone, not a replaced one, not a beat that names none.
    const machineId = Object.hasOwn(fields, "machineId") ? fields.machineId : undefined;
    if (typeof machineId !== "string" || !MACHINE_ID.test(machineId)) return refuse(res, 400, "no machineId (14 lowercase hex characters)");
    if (machineId !== cells.get(cellId)!.machine) return refuse(res, 409, "not the cell's machine");
    if (!replays.accept(cellId, signed.timestamp, signed.mac, now())) return refuse(res, 401, "replayed");
    const image = Object.hasOwn(fields, "image") ? fields.image : undefined;
    const version = Object.hasOwn(fields, "version") ? fields.version : undefined;
    watch.beat(cellId, { image: optionalText(image, 512), version: optionalText(version, 100) });
    res.writeHead(204).end();
  };

  const statusPage: Handler = (_req, res) => answer(res, 200, "text/html; charset=utf-8", renderStatusPage(watch.report()));
  const routes = new Map<string, ReadonlyMap<string, Handler>>([
    ["/heartbeat", new Map([["POST", takeHeartbeat]])],
    ["/up", new Map([["GET", (_req, res) => answer(res, 200, "text/plain", "ok\n")]])],
    ["/status.json", new Map([["GET", (_req, res) => answerJson(res, 200, watch.report())]])],
    ["/", new Map([["GET", statusPage]])],
    ["/status", new Map([["GET", statusPage]])],
  ]);

  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const route = routes.get(path);
    if (!route) return answerJson(res, 404, { error: "not found" });
    const handler = route.get(req.method === "HEAD" ? "GET" : (req.method ?? ""));
    if (!handler) {
      res.setHeader("allow", [...route.keys()].join(", "));
      return answerJson(res, 405, { error: "method not allowed" });
    }
    Promise.resolve(handler(req, res)).catch((err: Error) => {
      log.warn(`flycell monitor: ${req.method} ${path}: ${err.message}`);
      if (!res.headersSent) answerJson(res, 500, { error: "internal error" });
      else res.destroy();
    });
  });
  const host = options.host ?? "::";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host === "::" ? "[::1]" : host === "0.0.0.0" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;

  const ticker = setInterval(() => watch.tick(), options.tickMs ?? 5000);
  ticker.unref();
  watch.tick();
  const apps = new Set([...cells.values()].map((c) => c.app)).size;
  log.info(`flycell monitor: watching ${cells.size} cells in ${apps} apps; listening on ${url}`);

  return {
    url,
    stop: async () => {
      clearInterval(ticker);
      budget.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await watch.stop();
      // Issue events still queued get a few seconds, not forever.
      if (webhook) await Promise.race([webhook.flush(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    },
  };
}
