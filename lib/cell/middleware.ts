import type { IncomingMessage, ServerResponse } from "http";
import type { RouteEntry, RoutingTable } from "../routing/table";

export interface FlyReplayOptions {
  /** The fleet's routing table, e.g. `terraform output -json routing_table` read at start-up. */
  readonly table: RoutingTable;
  /** The tenant this cell serves. @default process.env.FLYCELL_TENANT_ID (set by flycell on every cell) */
  readonly tenantId?: string;
  /**
   * A secret shared by the cells (e.g. a Fly secret). When set, replays carry it in the
   * fly-replay `state` field and a replayed request (`fly-replay-src`) without it is refused.
   * @default none: replays are not authenticated
   */
  readonly replaySecret?: string;
}

/** Express-style `next`; a plain `http` server passes its own handler. */
export type Next = (err?: unknown) => void;
export type FlyReplayMiddleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

const MACHINE_ID = /^[0-9a-f]{14}$/;

function fail(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "text/plain; charset=utf-8");
  res.end(`${message}\n`);
}

/** Parses `key=value;key=value` (fly-replay / fly-replay-src syntax). */
export function parseReplayFields(header: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return fields;
}

/** `*.globex.io` matches any name below globex.io, as nginx's `hostnames` maps do. */
function hostMatches(pattern: string, host: string): boolean {
  return pattern.startsWith("*.") ? host.endsWith(pattern.slice(1)) : pattern === host;
}

/** The tenant a request is for, by the table's modes: host first, then path. */
export function tenantForRequest(table: RoutingTable, host: string | undefined, pathname: string): string | undefined {
  const entries = Object.entries(table.tenants);
  const hostname = (host ?? "").toLowerCase().replace(/:\d+$/, "");
  if (table.modes.includes("host")) {
    const byHost = entries.find(([, e]) => e.hosts.some((pattern) => hostMatches(pattern, hostname)));
    if (byHost) return byHost[0];
  }
  const segment = pathname.split("/")[1] ?? "";
  if (table.modes.includes("path") && Object.prototype.hasOwnProperty.call(table.tenants, segment)) return segment;
  if (table.modes.includes("machine-path") && MACHINE_ID.test(segment)) {
    return entries.find(([, e]) => e.machine === segment)?.[0];
  }
  return undefined;
}

function replayHeader(table: RoutingTable, entry: RouteEntry, secret: string | undefined): string | undefined {
  const target = table.topology === "app-per-cell" ? `app=${entry.app}` : entry.machine ? `instance=${entry.machine}` : undefined;
  if (!target) return undefined;
  return secret ? `${target};state=${secret}` : target;
}

/**
 * Routes requests between cells with Fly's `fly-replay` header, like the blueprint's
 * middleware: this cell's own tenant passes through; another tenant's request is replayed to
 * that tenant's machine (or cell app); unknown tenants get 404; the health path passes
 * unscoped. A cell never serves another tenant: a request forced here with
 * `fly-force-instance-id` (which any client can send) for another tenant is refused with 403.
 */
export function flyReplayMiddleware(options: FlyReplayOptions): FlyReplayMiddleware {
  const { table, replaySecret } = options;
  const ownTenant = options.tenantId ?? process.env.FLYCELL_TENANT_ID;
  if (!ownTenant || !table.tenants[ownTenant]) {
    throw new Error(`flyReplayMiddleware: tenantId ${JSON.stringify(ownTenant)} is not in the routing table (set FLYCELL_TENANT_ID)`);
  }
  if (table.version !== 1) throw new Error(`flyReplayMiddleware: routing table version ${String(table.version)} is not supported`);

  return (req, res, next) => {
    const pathname = (req.url ?? "/").split("?")[0];
    if (pathname === table.healthPath || pathname.startsWith(`${table.healthPath}/`)) return next();

    const replaySource = req.headers["fly-replay-src"];
    if (replaySecret && typeof replaySource === "string" && parseReplayFields(replaySource).state !== replaySecret) {
      return fail(res, 403, "replay not authenticated");
    }
    const tenant = tenantForRequest(table, req.headers.host, pathname);
    if (tenant === undefined) return fail(res, 404, "unknown tenant");
    if (tenant === ownTenant) return next();

    // Another tenant's request: never serve it here.
    if (req.headers["fly-force-instance-id"] !== undefined || replaySource !== undefined) {
      return fail(res, 403, "this cell does not serve that tenant");
    }
    const header = replayHeader(table, table.tenants[tenant], replaySecret);
    if (!header) return fail(res, 404, "unknown tenant");
    res.statusCode = 409;
    res.setHeader("fly-replay", header);
    res.end();
  };
}
