import { timingSafeEqual } from "crypto";
import * as http from "http";
import type { AddressInfo } from "net";
import { AccountAdapter } from "./account-adapter";
import { CONTROL_ROUTES } from "./controls";
import { ApiError, toApiError } from "./errors";
import { RateLimiter, RateLimits } from "./rate-limiter";
import { Answer, matchRoute, ROUTES } from "./routes";

export interface MachinesApiOptions {
  /** The emulated account: the `fly.json` Terraform's emulated provider applies to. */
  readonly accountFile: string;
  /** The bearer token callers must send. Never logged or answered. */
  readonly token: string;
  /** @default "127.0.0.1" */
  readonly host?: string;
  /** @default 0 (any free port) */
  readonly port?: number;
  /** The account's clock: timestamps, snapshot ages, rate limits and the recorded calls' times. @default Date.now */
  readonly now?: () => number;
  /** Fly's limits by default; `{ scale }` or other limits, or `false` for none. */
  readonly rateLimits?: RateLimits;
  /** Serve `/__emulator/…` controls. @default true */
  readonly controls?: boolean;
  /** One line per call (method, path, status), e.g. `console.error`; never headers or bodies. */
  readonly log?: (line: string) => void;
}

/** One call as the server saw it. */
export interface RecordedCall {
  readonly method: string;
  /** Without the query. */
  readonly path: string;
  readonly status: number;
  /** On the server's clock, when the request arrived and when it was answered. */
  readonly start: number;
  readonly end: number;
}

export interface RunningMachinesApi {
  /** `http://127.0.0.1:<port>`: what a client takes as FLY_API_BASE_URL. */
  readonly url: string;
  /** Every call so far, oldest first (the last 100,000). */
  readonly calls: RecordedCall[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const KEPT_CALLS = 100_000;

/** Fly's tokens: `Bearer <token>`, or a macaroon sent whole (`FlyV1 fm2_…`). Compared in constant time. */
function authorized(header: string | undefined, token: string): boolean {
  if (header === undefined) return false;
  const expected = Buffer.from(/^FlyV1 /.test(token) ? token : `Bearer ${token}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => (size > MAX_BODY_BYTES ? reject(new ApiError(413, `request body over ${MAX_BODY_BYTES} bytes`)) : resolve(Buffer.concat(chunks).toString("utf8"))));
    req.on("error", reject);
  });
}

function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, "the request body is not JSON");
  }
}

/**
 * An emulated Fly Machines API over an emulated account: the calls flycell makes (machines,
 * volumes, snapshots) with Fly's paths, fields, JSON errors and rate limits, reading and writing
 * the same account file Terraform's emulated provider applies to. Nothing reaches Fly.
 */
export async function startMachinesApi(options: MachinesApiOptions): Promise<RunningMachinesApi> {
  if (options.token === "") throw new Error("startMachinesApi: a token is required (any non-empty value)");
  const now = options.now ?? Date.now;
  const account = new AccountAdapter(options.accountFile, now);
  const limiter = options.rateLimits === false ? undefined : new RateLimiter(now, options.rateLimits);
  const controls = options.controls ?? true;
  const calls: RecordedCall[] = [];

  const answer = async (req: http.IncomingMessage, method: string, path: string): Promise<Answer & { retryAfter?: number }> => {
    if (!authorized(req.headers.authorization, options.token)) throw new ApiError(401, "Authenticate: token validation error");
    const body = parseBody(await readBody(req));
    if (controls && path.startsWith("/__emulator/")) {
      const control = matchRoute(CONTROL_ROUTES, method, path);
      if (control === "no_path") throw new ApiError(404, "no such control");
      if (control === "no_method") throw new ApiError(405, "method not allowed");
      return control.route.handle(control.params, body, account);
    }
    const match = matchRoute(ROUTES, method, path);
    if (match === "no_path") throw new ApiError(404, "not found");
    if (match === "no_method") throw new ApiError(405, "method not allowed");
    const { route, params } = match;
    const wait = limiter?.take(`${route.action} ${route.target(params)}`, route.kind) ?? 0;
    if (wait > 0) throw new ApiError(429, "rate limit exceeded", undefined, wait);
    return route.handle({ params, body, account });
  };

  const server = http.createServer((req, res) => {
    const start = now();
    const method = req.method ?? "";
    const path = (req.url ?? "").split("?")[0];
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = body === undefined ? "" : JSON.stringify(body);
      res.writeHead(status, { ...(text ? { "content-type": "application/json; charset=utf-8" } : {}), "content-length": String(Buffer.byteLength(text)), ...headers });
      res.end(text);
      calls.push({ method, path, status, start, end: now() });
      if (calls.length > KEPT_CALLS) calls.splice(0, calls.length - KEPT_CALLS);
      options.log?.(`${method} ${path} ${status}`);
    };
    answer(req, method, path).then(
      (a) => send(a.status, a.body),
      (err: unknown) => {
        const e = toApiError(err);
        if (e.status === 500) options.log?.(`flycell Machines API emulator: ${method} ${path}: ${err instanceof Error ? err.message : String(err)}`);
        send(e.status, e.body(), e.retryAfterSeconds ? { "retry-after": String(e.retryAfterSeconds) } : {});
      },
    );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    calls,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
