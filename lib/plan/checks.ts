import { MONITOR_DEFAULTS } from "../monitor/expected";
import { ProblemList } from "../tenants/errors";
import { APP_NAME_MAX, VOLUME_NAME_MAX, guestProblem, suspendProblem } from "../tenants/limits";
import { GuestSpec, RoutingSettings, ShardStrategy, TenantSpec } from "../tenants/schema";
import { tenantSubject } from "../tenants/validate";
import { monitorAppNameFor, VOLUME_NAME_PREFIX } from "./naming";
import { DEFAULT_GUEST, ResolvedFleetSettings } from "./settings";

/**
 * The checks a schema cannot say, on input whose shape is already judged: Fly's machine
 * sizes, names that must fit together, and rules across tenants. Each adds to `problems`.
 */

/** Tenant ids that always clash with fleet names: the router app and the `www` subdomain. */
const ALWAYS_RESERVED_IDS = ["router", "monitor", "www"];
export const ROUTER_APP_SUFFIX = "-router";

function checkGuest(guest: Required<GuestSpec>, autostop: string, field: string, report: (field: string, message: string) => void) {
  const size = guestProblem(guest.cpuKind, guest.cpus, guest.memoryMb);
  if (size) report(field, size);
  const suspend = suspendProblem(autostop, guest.memoryMb);
  if (suspend) report(`${field}.memoryMb`, suspend);
}

/** Rules between fleet settings, routing and sharding. */
export function checkFleet(settings: ResolvedFleetSettings, routing: RoutingSettings | undefined, problems: ProblemList): void {
  const report = (field: string, message: string) => problems.add("fleet", field, message);
  checkGuest(settings.guest, settings.autostop, "guest", report);
  if (settings.isolatedNetworks && settings.topology !== "app-per-cell") {
    report("isolatedNetworks", 'needs topology "app-per-cell": one shared app has one network');
  }
  if (routing?.modes?.includes("machine-path") && settings.topology !== "shared-app") {
    report("routing.modes", '"machine-path" needs topology "shared-app": cell apps are routed by app name');
  }
  if (routing?.modes?.includes("machine-path") && Object.keys(settings.sharedCells).length > 0) {
    report("routing.modes", '"machine-path" cannot name a tenant of a shared cell: its machine serves several');
  }
  if (APP_NAME_MAX - settings.appName.length - 1 < 1) {
    report("appName", `is ${settings.appName.length} characters: no room is left for "-<tenant id>" within Fly's ${APP_NAME_MAX}`);
  }
  if (settings.monitor) {
    checkGuest({ ...DEFAULT_GUEST, ...settings.monitor.guest }, "off", "monitor.guest", report);
    const monitorApp = monitorAppNameFor(settings.appName);
    if (monitorApp.length > APP_NAME_MAX) {
      report("appName", `the monitor's app "${monitorApp}" would be ${monitorApp.length} characters; Fly allows ${APP_NAME_MAX}`);
    }
    const sweep = settings.monitor.sweepCallsPerMinute ?? MONITOR_DEFAULTS.sweepCallsPerMinute;
    const budget = settings.monitor.maxApiCallsPerMinute ?? MONITOR_DEFAULTS.maxApiCallsPerMinute;
    if (sweep > budget) {
      report("monitor.sweepCallsPerMinute", `is ${sweep}: at most maxApiCallsPerMinute (${budget}), the budget the sweep's calls come out of`);
    }
  }
  const router = routing?.router;
  if (router) {
    // The router always runs on shared CPUs and never suspends: its own guest is judged alone.
    checkGuest({ ...DEFAULT_GUEST, ...router.guest }, "off", "routing.router.guest", report);
    const routerApp = settings.appName + ROUTER_APP_SUFFIX;
    if (routerApp.length > APP_NAME_MAX) {
      report("appName", `the router's app "${routerApp}" would be ${routerApp.length} characters; Fly allows ${APP_NAME_MAX}`);
    }
    if (settings.isolatedNetworks) {
      report("routing.router", "a router cannot reach cells on isolated networks; turn isolatedNetworks off or drop the router");
    }
  }
}

/** The longest id whose derived names (volume `data_<id>`, app `<appName>-<id>`) fit Fly's limits. */
function maxIdLength(settings: ResolvedFleetSettings): number {
  return Math.min(VOLUME_NAME_MAX - VOLUME_NAME_PREFIX.length, APP_NAME_MAX - settings.appName.length - 1);
}

/**
 * The rules of an id that owns a cell, a tenant's or a shared cell's: both name a volume
 * `data_<id>`, a machine `<id>` and (app-per-cell) an app `<appName>-<id>`, so both must fit
 * Fly's name limits and stay clear of the fleet's own routes and apps (`<appName>-router`,
 * `<appName>-monitor`). Made once per fleet; the check returns the messages, for the caller to
 * name the field.
 */
export function cellOwnerIdRules(settings: ResolvedFleetSettings): (id: string) => string[] {
  const maxId = maxIdLength(settings);
  const healthSegment = settings.healthPath.split("/")[1] ?? "";
  const reserved = [...new Set([healthSegment, ...ALWAYS_RESERVED_IDS])];
  return (id) => {
    const found: string[] = [];
    if (maxId >= 1 && id.length > maxId) found.push(`is ${id.length} characters; at most ${maxId} fit Fly's app and volume name limits`);
    if (reserved.includes(id)) found.push(`"${id}" is reserved by the fleet (its routes or names): ${reserved.join(", ")}`);
    return found;
  };
}

/** Rules of each tenant line against the fleet. */
function checkLine(line: TenantSpec, settings: ResolvedFleetSettings, idRules: (id: string) => string[], report: (field: string, message: string) => void): void {
  for (const problem of idRules(line.id)) report("id", problem);
  // A tenant's guest is checked merged with the fleet's: `{ cpus: 2 }` with the default 256 MB is too little.
  if (line.guest) checkGuest({ ...settings.guest, ...line.guest }, settings.autostop, "guest", report);
  if (line.wave !== undefined && settings.waves[line.wave] === undefined) {
    const known = Object.keys(settings.waves);
    report("wave", `"${line.wave}" is not a wave; ${known.length > 0 ? `the fleet's waves are ${known.join(", ")}` : "the fleet declares no waves"}`);
  }
  if (line.secrets !== undefined && settings.topology !== "app-per-cell") {
    report("secrets", 'per-tenant secrets need topology "app-per-cell": in a shared app every machine sees every secret');
  }
  if (line.move && line.move.from === line.region) {
    report("move.from", `is the tenant's region "${line.region}"; remove "move" once the move is deployed`);
  }
}

interface HostClaim {
  readonly host: string;
  readonly shown: string;
  readonly field: string;
}

/** Every host pattern a tenant answers to: its hostnames and its `<id>.<baseDomain>`. */
function hostsOf(line: TenantSpec, baseDomain: string | undefined): HostClaim[] {
  const own = (line.hostnames ?? []).map((host, i) => ({ host: host.toLowerCase(), shown: host, field: `hostnames[${i}]` }));
  if (!baseDomain) return own;
  const subdomain = `${line.id}.${baseDomain.toLowerCase()}`;
  return [...own, { host: subdomain, shown: subdomain, field: "id" }];
}

/** The domains strictly above a pattern's name: `*.a.b.com` and `a.b.com` → `b.com`, `com`. */
function parentsOf(pattern: string): string[] {
  const parents: string[] = [];
  let rest = pattern.startsWith("*.") ? pattern.slice(2) : pattern;
  for (let dot = rest.indexOf("."); dot >= 0; dot = rest.indexOf(".")) {
    rest = rest.slice(dot + 1);
    parents.push(rest);
  }
  return parents;
}

interface Claimed {
  readonly order: number;
  readonly host: string;
  readonly owner: string;
  readonly subject: string;
  readonly field: string;
}

/** The earliest claim under a key, and the earliest of another owner: all a lookup by owner needs. */
interface FirstTwo {
  readonly first: Claimed;
  other?: Claimed;
}

/**
 * Host patterns claimed so far, indexed so that finding the first claim a new pattern clashes
 * with takes time in its depth, not in the fleet's size: by exact name, wildcards by the domain
 * they cover, and every pattern under each domain above it.
 */
class HostIndex {
  private readonly exact = new Map<string, Claimed>();
  private readonly wildcards = new Map<string, FirstTwo>();
  private readonly below = new Map<string, FirstTwo>();
  private count = 0;

  /** The earliest claim `host` clashes with: the same pattern (any owner) or an overlapping one of another owner. */
  public clash(host: string, owner: string): Claimed | undefined {
    let first = this.exact.get(host);
    // A claimed wildcard above `host` (`*.x.com` over `a.x.com` or `*.a.x.com`), and `host` a wildcard over claimed names below it.
    const entries = parentsOf(host).map((parent) => this.wildcards.get(parent));
    if (host.startsWith("*.")) entries.push(this.below.get(host.slice(2)));
    for (const entry of entries) {
      const other = entry && (entry.first.owner !== owner ? entry.first : entry.other);
      if (other && (!first || other.order < first.order)) first = other;
    }
    return first;
  }

  public claim(host: string, owner: string, subject: string, field: string): void {
    const claimed = { order: this.count++, host, owner, subject, field };
    this.exact.set(host, claimed);
    const note = (map: Map<string, FirstTwo>, key: string) => {
      const entry = map.get(key);
      if (!entry) map.set(key, { first: claimed });
      else if (!entry.other && entry.first.owner !== owner) entry.other = claimed;
    };
    if (host.startsWith("*.")) note(this.wildcards, host.slice(2));
    for (const parent of parentsOf(host)) note(this.below, parent);
  }
}

/** Names that are the fleet's, not a tenant's: Fly's private networks and the base domain itself. */
function fleetHostProblem(host: string, baseDomain: string | undefined): string | undefined {
  if (baseDomain !== undefined && host === baseDomain.toLowerCase()) {
    return `is routing.baseDomain ${JSON.stringify(baseDomain)}: a request for the base domain itself would reach this tenant on every path`;
  }
  return undefined;
}

/**
 * Rules of each line, then rules across lines: unique ids (among every line with a usable id,
 * well-formed or not), and hostnames that belong to one tenant only.
 */
export function checkTenants(
  all: readonly unknown[] | unknown,
  lines: readonly { line: TenantSpec; index: number }[],
  settings: ResolvedFleetSettings | undefined,
  routing: RoutingSettings | undefined,
  sharding: ShardStrategy | undefined,
  problems: ProblemList,
): void {
  const firstIndex = new Map<string, number>();
  (Array.isArray(all) ? all : []).forEach((raw: unknown, index) => {
    const subject = tenantSubject(raw, index);
    if (!subject.startsWith("tenant \"")) return;
    const id = (raw as TenantSpec).id;
    const first = firstIndex.get(id);
    if (first === undefined) firstIndex.set(id, index);
    else problems.add(subject, "id", `duplicate id; also used by tenant #${first + 1}`);
  });

  const claimed = new HostIndex();
  const idRules = settings && cellOwnerIdRules(settings);
  for (const { line, index } of lines) {
    const subject = tenantSubject(line, index);
    const report = (field: string, message: string) => problems.add(subject, field, message);
    if (settings && idRules) checkLine(line, settings, idRules, report);
    if (sharding?.by === "field" && line.shard === undefined) report("shard", 'is required: the fleet is sharded by: "field"');
    if (firstIndex.get(line.id) !== index) continue;
    // A request must have one owner, or the two routers could disagree (see README, Security).
    for (const { host, shown, field } of hostsOf(line, routing?.baseDomain)) {
      const own = fleetHostProblem(host, routing?.baseDomain);
      if (own) {
        report(field, `${JSON.stringify(shown)} ${own}`);
        continue;
      }
      const clash = claimed.clash(host, line.id);
      const whose = clash?.field === "id" ? `${clash.subject}'s subdomain` : clash?.subject;
      if (!clash) claimed.claim(host, line.id, subject, field);
      else if (clash.host === host) report(field, `"${shown}" is already served by ${whose}`);
      else report(field, `"${shown}" overlaps "${clash.host}" of ${whose}: a hostname may match one tenant only`);
    }
  }
}
