import type { IncomingMessage, ServerResponse } from "http";
import type { RouteEntry, RoutingTable } from "./table";
import { cellTenants } from "./env";
import { readHostHeader } from "./host-header";
import { hostIndex, HostLookup } from "./hosts";
import { AMBIGUOUS_PATH, decodedPath } from "./paths";
import { REPLAY_STATE_TTL_SECONDS, replayState, replayStateValid } from "./replay-state";
import { CheckedTable, readCheckedTable } from "./table-check";

export interface FlyReplayOptions {
  /** The fleet's routing table, e.g. `terraform output -json routing_table` read at start-up. */
  readonly table: RoutingTable;
  /** The tenant this (dedicated) cell serves: the same as `tenantIds: [tenantId]`. @default see `tenantIds` */
  readonly tenantId?: string;
  /**
   * The tenants this cell serves: one for a dedicated cell, several for a shared cell, none for
   * a shared cell whose tenants have all left (it then serves only the health path).
   * @default `[tenantId]` when `tenantId` is given, else `cellTenants().active`: the tenants in
   * FLYCELL_TENANTS when it is set (comma-separated, maybe empty), else [FLYCELL_TENANT_ID]
   */
  readonly tenantIds?: readonly string[];
  /**
   * A secret shared by the cells (e.g. a Fly secret). When set, a replay's fly-replay `state`
   * is an HMAC of the target tenant and an expiry a few seconds ahead (`replayState`), never
   * the secret itself, and a replayed request (`fly-replay-src`) is refused with 403 unless its
   * state is valid, unexpired and for the tenant it asks for, one of this cell's.
   * @default none: replays are not authenticated
   */
  readonly replaySecret?: string;
  /** The clock for replay state expiry, in milliseconds since the epoch. @default Date.now */
  readonly now?: () => number;
}

/** Express-style `next`; a plain `http` server passes its own handler. */
export type Next = (err?: unknown) => void;
export type FlyReplayMiddleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

function fail(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader("content-type", "text/plain; charset=utf-8");
  res.end(`${message}\n`);
}

/** Parses `key=value;key=value` (fly-replay / fly-replay-src syntax) into a record without a prototype. */
export function parseReplayFields(header: string): Record<string, string> {
  // The keys are the client's: `toString` or `constructor` must not answer from a prototype.
  const fields = Object.create(null) as Record<string, string>;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return fields;
}

/** A checked table with its host index: what a router reads requests with. */
interface Router {
  readonly checked: CheckedTable;
  readonly tenantOfHost: HostLookup;
}

const routerOf = (checked: CheckedTable): Router => ({ checked, tenantOfHost: hostIndex(checked.table.tenants) });

function tenantOf({ checked, tenantOfHost }: Router, host: string | undefined, target: string): string | undefined {
  const hostname = host === undefined ? undefined : readHostHeader(host);
  if (checked.modes.has("host") && hostname !== undefined) {
    const byHost = tenantOfHost(hostname);
    if (byHost !== undefined) return byHost;
  }
  const segment = decodedPath(target).split("/")[1] ?? "";
  if (checked.modes.has("path") && checked.tenants.has(segment)) return segment;
  if (checked.modes.has("machine-path")) return checked.tenantOfMachine.get(segment);
  return undefined;
}

/**
 * The tenant a request is for, by the table's modes: host first, then path. `host` is the Host
 * header as sent, read as nginx reads `$host` (an invalid one matches no host); hosts match as
 * in nginx, an exact name before the longest wildcard. `target` is the request path as sent,
 * query allowed; its first segment is percent-decoded as nginx decodes `$uri`. The middleware
 * refuses invalid hosts and ambiguous paths with 400 before asking. Checks the table on every
 * call (throwing a `RoutingTableError`); the middleware checks it once.
 */
export function tenantForRequest(table: RoutingTable, host: string | undefined, target: string): string | undefined {
  return tenantOf(routerOf(readCheckedTable(table, "tenantForRequest")), host, target);
}

/**
 * Whether nginx would refuse the request's Host (400): more than one, none in HTTP/1.1, or one
 * it cannot read. Node has already dropped tabs and spaces around the value, which nginx
 * refuses (tabs) or drops (spaces); those inside it reach here.
 */
function badHost(req: IncomingMessage): boolean {
  const hosts = req.rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() === "host");
  if (hosts.length > 1) return true;
  const host = req.headers.host;
  return host === undefined ? req.httpVersion === "1.1" : readHostHeader(host) === undefined;
}

// Built only from checked values (app names, machine ids) and the state this cell computed.
function replayHeader(table: RoutingTable, entry: RouteEntry, state: string | undefined): string | undefined {
  const target = table.topology === "app-per-cell" ? `app=${entry.app}` : entry.machine ? `instance=${entry.machine}` : undefined;
  if (!target) return undefined;
  return state ? `${target};state=${state}` : target;
}

/** The tenants a middleware serves, by its options, else by the cell's environment. */
function ownTenantsOf(options: FlyReplayOptions, tenants: ReadonlyMap<string, RouteEntry>): ReadonlySet<string> {
  if (options.tenantIds !== undefined && options.tenantId !== undefined) {
    throw new Error("flyReplayMiddleware: give tenantId (a dedicated cell) or tenantIds (any cell), not both");
  }
  const own = new Set(options.tenantIds ?? (options.tenantId !== undefined ? [options.tenantId] : cellTenants().active));
  // Some may be missing (a tenant newer than the table); none present means the wrong table or cell.
  if (own.size > 0 && ![...own].some((id) => tenants.has(id))) {
    const named = own.size === 1 ? `tenantId ${JSON.stringify([...own][0])} is not` : `none of tenantIds ${JSON.stringify([...own])} is`;
    throw new Error(`flyReplayMiddleware: ${named} in the routing table`);
  }
  return own;
}

/**
 * Routes requests between cells with Fly's `fly-replay` header, like the blueprint's
 * middleware: the cell's own tenants (one, or a shared cell's several) pass through; another
 * tenant's request is replayed to that tenant's machine (or cell app), its shared cell's if it
 * has one; unknown tenants get 404; exactly the health path (query allowed) passes unscoped.
 * Requests are read as the nginx router reads them, and what the two could read differently is
 * refused with 400: an invalid Host, a target that is not a path, and the paths
 * `AMBIGUOUS_PATH` matches. A cell never serves a tenant not its own: a request forced here
 * with `fly-force-instance-id` (which any client can send) or replayed here for one is refused
 * with 403. Throws at once a `RoutingTableError` listing every problem of a table
 * `checkRoutingTable` refuses, e.g. one whose tenants' host patterns overlap, and an Error when
 * none of the cell's tenants is in the table. Routes with a copy: later changes to `table` do
 * not reach it.
 */
export function flyReplayMiddleware(options: FlyReplayOptions): FlyReplayMiddleware {
  const { replaySecret, now = Date.now } = options;
  const router = routerOf(readCheckedTable(options.table, "flyReplayMiddleware"));
  const { table, tenants } = router.checked;
  const own = ownTenantsOf(options, tenants);
  const nowSeconds = () => Math.floor(now() / 1000);

  return (req, res, next) => {
    const target = req.url ?? "/";
    if (badHost(req)) return fail(res, 400, "invalid host");
    if (!target.startsWith("/") || AMBIGUOUS_PATH.test(target)) return fail(res, 400, "ambiguous request path");
    // Exactly, as nginx's `location =`: a prefix would let `/up/../<tenant>/…` skip the checks.
    if (decodedPath(target) === table.healthPath) return next();

    // A direct, unreplayed request learns whether a tenant exists (a replay or 404). Deliberate:
    // tenant ids and hostnames are not secret, they are in DNS, certificates and URLs.
    const tenant = tenantOf(router, req.headers.host, target);
    if (tenant === undefined) return fail(res, 404, "unknown tenant");
    const replaySource = req.headers["fly-replay-src"];
    if (own.has(tenant)) {
      // Checked for the tenant asked for, so one tenant's state never admits another's request.
      const state = typeof replaySource === "string" ? parseReplayFields(replaySource).state : undefined;
      if (replaySecret && replaySource !== undefined && !replayStateValid(replaySecret, tenant, state, nowSeconds())) {
        return fail(res, 403, "replay not authenticated");
      }
      return next();
    }

    // Another tenant's request: never serve it here.
    if (req.headers["fly-force-instance-id"] !== undefined || replaySource !== undefined) {
      return fail(res, 403, "this cell does not serve that tenant");
    }
    const state = replaySecret ? replayState(replaySecret, tenant, nowSeconds() + REPLAY_STATE_TTL_SECONDS) : undefined;
    const entry = tenants.get(tenant);
    const header = entry && replayHeader(table, entry, state);
    if (!header) return fail(res, 404, "unknown tenant");
    res.statusCode = 409;
    res.setHeader("fly-replay", header);
    res.end();
  };
}
