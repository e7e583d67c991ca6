import type { RouteEntry, RoutingTable } from "./table";
import type { RoutingMode, Topology } from "../tenants/schema";
import { hostOverlaps, isHostPattern } from "./hosts";
import { isSlug } from "./slug";

// What a routing table may hold. The nginx renderer writes its values into a config and the
// middleware matches requests and writes headers with them, so both refuse anything else,
// whoever built the table. Hand-written here rather than with zod: the cell runtime loads no zod.
const MACHINE_ID = /^[0-9a-f]{14}$/;
// At synth time the Router construct renders Terraform references, which look like this.
const CDKTF_TOKEN = /^\$\{TfToken\[TOKEN\.\d+\]\}$/;
const SEGMENT = /^[A-Za-z0-9._~-]+$/;
const REGION = /^[a-z]{3}$/;
const TOPOLOGIES: readonly Topology[] = ["shared-app", "app-per-cell"];
const MODES: readonly RoutingMode[] = ["path", "host", "machine-path"];
const TABLE_FIELDS = new Set(["version", "topology", "healthPath", "modes", "tenants"]);
const ENTRY_FIELDS = new Set(["app", "machine", "region", "hosts", "path", "cell"]);
const BEFORE_APPLY =
  "an unresolved Terraform reference: this table was read before apply (from the synthesized config or the construct's routingTable); read it with `terraform output -json routing_table`";

/** Whether `path` is an absolute path of plain segments, none `.` or `..`. */
export function isSafeAbsolutePath(path: string): boolean {
  const segments = path.split("/");
  return segments[0] === "" && segments.slice(1).every((s) => SEGMENT.test(s) && s !== "." && s !== "..");
}

/** One thing wrong with a routing table: where (the tenant and field), the value, and the rule it breaks. */
export interface RoutingTableProblem {
  readonly where: string;
  readonly value: unknown;
  readonly rule: string;
}

/** A value for a message: JSON where it has one, never a throw (a BigInt, a cycle). */
function show(value: unknown): string {
  if (value === undefined || typeof value === "number" || typeof value === "bigint") return typeof value === "bigint" ? `${value}n` : String(value);
  if (typeof value === "function" || typeof value === "symbol") return `a ${typeof value}`;
  try {
    const text = JSON.stringify(value);
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
  } catch {
    return "an object that is not JSON";
  }
}

/** A routing table that cannot be used, with every problem found, one a line, each naming the tenant (or table) and field. */
export class RoutingTableError extends Error {
  constructor(
    who: string,
    readonly problems: readonly RoutingTableProblem[],
  ) {
    super(problems.map((p) => `${who}: ${p.where} is ${show(p.value)}: ${p.rule}`).join("\n"));
    this.name = "RoutingTableError";
  }
}

/**
 * A routing table that passed the check, copied and frozen, so later changes to the caller's
 * object reach no router. What requests look up by a user's key (tenant id, machine id) is in
 * Maps, never plain objects, whose prototype would answer for `constructor` or `__proto__`.
 */
export interface CheckedTable {
  /** The copy; its `tenants` has no prototype. */
  readonly table: RoutingTable;
  readonly tenants: ReadonlyMap<string, RouteEntry>;
  readonly modes: ReadonlySet<RoutingMode>;
  /** Machine id → its tenant, for the machine-path mode (whose cells hold one tenant each). */
  readonly tenantOfMachine: ReadonlyMap<string, string>;
}

export interface CheckOptions {
  /** Accept a cdktf token as a machine id: the Router construct renders its config at synth time. @default false */
  readonly cdktfTokens?: boolean;
}

type Fields = Readonly<Record<string, unknown>>;

/** A plain object (or one without a prototype): not null, an array, a Map or a class instance. */
function isFields(value: unknown): value is Fields {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An own property only: an inherited `constructor` or `toString` is no field of the table. */
const own = (fields: Fields, key: string): unknown => (Object.hasOwn(fields, key) ? fields[key] : undefined);

/**
 * Checks a routing table, wherever it came from (built by flycell, by hand, or read from a
 * file), and returns it checked (see `CheckedTable`). Throws a `RoutingTableError` listing every
 * problem: unknown fields; a version other than 1 or 2; a topology other than shared-app or
 * app-per-cell; a health path that is not a plain absolute path, or that starts with a tenant's
 * path or a machine id; modes not a non-empty list of path, host and machine-path (which needs
 * shared-app); an entry that is not an object. In an entry: tenant ids, app names and cells
 * are slugs; the machine 14 lowercase hex digits, given in shared-app and absent in app-per-cell
 * (a Terraform reference means the table was read before apply); the region three letters;
 * hosts lowercase hostnames or `*.` wildcards; the path `/<tenant id>`. Version 2 names every
 * entry's `cell`, version 1 none (each tenant is its own cell). Across entries: no two
 * tenants' host patterns overlap; tenants of one cell share its app and machine; a machine
 * serves one cell; the machine-path mode, which names a machine, has no cell of several tenants.
 */
export function readCheckedTable(value: unknown, who: string, options: CheckOptions = {}): CheckedTable {
  const problems: RoutingTableProblem[] = [];
  const refuse = (where: string, found: unknown, rule: string): void => void problems.push({ where, value: found, rule });
  if (!isFields(value)) {
    refuse("the routing table", value, "must be an object: the value of `terraform output -json routing_table`");
    throw new RoutingTableError(who, problems);
  }
  for (const key of Object.keys(value)) {
    if (!TABLE_FIELDS.has(key)) refuse(`the routing table field ${JSON.stringify(key)}`, value[key], `is not a routing table field (${[...TABLE_FIELDS].join(", ")})`);
  }
  const version = own(value, "version");
  if (version !== 1 && version !== 2) refuse("the routing table version", version, "only versions 1 and 2 are supported");
  const topology = own(value, "topology");
  const knownTopology = TOPOLOGIES.find((t) => t === topology);
  if (!knownTopology) refuse("topology", topology, `must be one of ${TOPOLOGIES.join(", ")}`);
  const healthPath = own(value, "healthPath");
  const healthOk = typeof healthPath === "string" && isSafeAbsolutePath(healthPath);
  if (!healthOk) refuse("healthPath", healthPath, "must be an absolute path of letters, digits and ._~- with no . or .. segment");
  const modes = checkModes(own(value, "modes"), knownTopology, refuse);

  const tenantsValue = own(value, "tenants");
  const entries = new Map<string, RouteEntry>();
  if (!isFields(tenantsValue)) {
    refuse("tenants", tenantsValue, "must be an object of entries by tenant id");
  } else {
    for (const id of Object.keys(tenantsValue).sort()) {
      const entry = checkEntry(id, tenantsValue[id], { version, topology: knownTopology, cdktfTokens: options.cdktfTokens === true }, refuse);
      if (entry) entries.set(id, entry);
    }
  }
  if (healthOk) {
    const first = healthPath.split("/")[1];
    const machines = new Set([...entries.values()].map((e) => e.machine));
    if (entries.has(first) || machines.has(first)) {
      const whose = entries.has(first) ? `tenant ${JSON.stringify(first)}'s path` : `machine id ${JSON.stringify(first)}, a machine-path prefix`;
      refuse("healthPath", healthPath, `starts with ${whose}: its requests would skip the tenant check`);
    }
  }
  checkCells(entries, modes, refuse);
  for (const overlap of hostOverlaps(Object.fromEntries([...entries].map(([id, e]) => [id, e.hosts])))) {
    const [a, b] = overlap.tenants;
    refuse(
      `tenant ${JSON.stringify(a)} field hosts`,
      overlap.hosts[0],
      `overlaps tenant ${JSON.stringify(b)}'s ${JSON.stringify(overlap.hosts[1])}: a hostname belongs to at most one tenant`,
    );
  }
  if (problems.length > 0) throw new RoutingTableError(who, problems);

  const tenants: Record<string, RouteEntry> = Object.create(null) as Record<string, RouteEntry>;
  for (const [id, entry] of entries) tenants[id] = entry;
  const table: RoutingTable = Object.freeze({
    version: version as 1 | 2,
    topology: knownTopology as Topology,
    healthPath: healthPath as string,
    modes: Object.freeze([...modes]),
    tenants: Object.freeze(tenants),
  });
  const tenantOfMachine = new Map([...entries].flatMap(([id, e]): [string, string][] => (e.machine ? [[e.machine, id]] : [])));
  return { table, tenants: entries, modes, tenantOfMachine };
}

function checkModes(modes: unknown, topology: Topology | undefined, refuse: Refuse): Set<RoutingMode> {
  const known = new Set<RoutingMode>();
  if (!Array.isArray(modes) || modes.length === 0) {
    refuse("modes", modes, `must be a non-empty list of ${MODES.join(", ")}`);
    return known;
  }
  for (const mode of modes as unknown[]) {
    const found = MODES.find((m) => m === mode);
    if (!found) refuse("modes", mode, `is not a routing mode (${MODES.join(", ")})`);
    else if (known.has(found)) refuse("modes", mode, "is listed twice");
    else known.add(found);
  }
  if (known.has("machine-path") && topology === "app-per-cell") {
    refuse("modes", "machine-path", 'needs topology "shared-app": cell apps are routed by app name');
  }
  return known;
}

type Refuse = (where: string, value: unknown, rule: string) => void;

interface EntryContext {
  readonly version: unknown;
  readonly topology: Topology | undefined;
  readonly cdktfTokens: boolean;
}

/** One entry, copied with only its known fields; undefined when it has a problem (so cross-entry checks skip it). */
function checkEntry(id: string, value: unknown, context: EntryContext, refuse: Refuse): RouteEntry | undefined {
  let problems = 0;
  const counted: Refuse = (where, found, rule) => {
    problems++;
    refuse(where, found, rule);
  };
  const field = (name: string) => `tenant ${JSON.stringify(id)} field ${name}`;
  if (!isSlug(id)) counted(field("id"), id, "must be lowercase letters, digits and single hyphens, starting with a letter");
  if (!isFields(value)) {
    counted(`tenant ${JSON.stringify(id)}`, value, "must be an object: the tenant's entry");
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!ENTRY_FIELDS.has(key)) counted(field(JSON.stringify(key)), value[key], `is not a routing table entry field (${[...ENTRY_FIELDS].join(", ")})`);
  }
  const [app, machine, region, hosts, path, cell] = ["app", "machine", "region", "hosts", "path", "cell"].map((name) => own(value, name));
  if (!isSlug(app)) counted(field("app"), app, "must be a Fly app name");
  checkMachine(machine, context, (found, rule) => counted(field("machine"), found, rule));
  if (typeof region !== "string" || !REGION.test(region)) counted(field("region"), region, "must be a Fly region code");
  if (!Array.isArray(hosts)) counted(field("hosts"), hosts, "must be a list of hostnames");
  else {
    for (const host of hosts as unknown[]) {
      if (typeof host !== "string" || !isHostPattern(host)) counted(field("hosts"), host, "must be a lowercase hostname or *. wildcard");
    }
  }
  if (path !== `/${id}`) counted(field("path"), path, `must be "/${id}"`);
  if (context.version === 1 && cell !== undefined) counted(field("cell"), cell, "only a version 2 table names cells");
  if (context.version === 2 && !isSlug(cell)) counted(field("cell"), cell, "must be a cell id: lowercase letters, digits and single hyphens");
  if (problems > 0) return undefined;
  return Object.freeze({
    app: app as string,
    ...(machine !== undefined ? { machine: machine as string } : {}),
    region: region as string,
    hosts: Object.freeze([...(hosts as string[])]),
    path: path as string,
    ...(cell !== undefined ? { cell: cell as string } : {}),
  });
}

function checkMachine(machine: unknown, context: EntryContext, refuse: (found: unknown, rule: string) => void): void {
  if (machine === undefined) {
    if (context.topology === "shared-app") refuse(machine, "must be the cell's machine id: the shared-app topology routes by machine");
    return;
  }
  if (context.topology === "app-per-cell") {
    refuse(machine, "must be absent: the app-per-cell topology routes by app name");
    return;
  }
  if (typeof machine === "string" && MACHINE_ID.test(machine)) return;
  if (typeof machine === "string" && CDKTF_TOKEN.test(machine) && context.cdktfTokens) return;
  const reference = typeof machine === "string" && (machine.includes("${") || machine.includes("TfToken["));
  refuse(machine, reference ? BEFORE_APPLY : "must be a Fly machine id (14 lowercase hex digits)");
}

/** What makes every tenant of a cell reach the same machine, whether replayed or proxied. */
function checkCells(entries: ReadonlyMap<string, RouteEntry>, modes: ReadonlySet<RoutingMode>, refuse: Refuse): void {
  const q = JSON.stringify;
  const cellOf = (id: string) => entries.get(id)?.cell ?? id;
  const firstOf = new Map<string, string>(); // cell → its first tenant
  const ownerOf = new Map<string, string>(); // machine → the first tenant on it
  for (const [id, entry] of entries) {
    const cell = cellOf(id);
    const first = firstOf.get(cell);
    if (first === undefined) {
      firstOf.set(cell, id);
    } else {
      for (const name of ["app", "machine"] as const) {
        const theirs = entries.get(first)?.[name];
        if (entry[name] !== theirs) {
          refuse(`tenant ${q(id)} field ${name}`, entry[name], `differs from tenant ${q(first)}'s ${show(theirs)}: tenants of cell ${q(cell)} share its app and machine`);
        }
      }
      if (modes.has("machine-path")) {
        refuse(`tenant ${q(id)} field cell`, cell, `is also tenant ${q(first)}'s: the machine-path mode names a machine, not a tenant, so no cell may hold two tenants`);
      }
    }
    if (entry.machine === undefined) continue;
    const owner = ownerOf.get(entry.machine) ?? id;
    ownerOf.set(entry.machine, owner);
    if (cellOf(owner) !== cell) {
      refuse(`tenant ${q(id)} field machine`, entry.machine, `is also tenant ${q(owner)}'s, in cell ${q(cellOf(owner))}: a machine serves one cell`);
    }
  }
}

/** Throws a `RoutingTableError` naming every problem of a table no router or cell can use safely (see `readCheckedTable`). */
export function checkRoutingTable(table: unknown, who: string, options: CheckOptions = {}): asserts table is RoutingTable {
  readCheckedTable(table, who, options);
}

/**
 * Reads a routing table: the JSON text (or the parsed value) of `terraform output -json
 * routing_table`. Returns a checked, frozen copy whose `tenants` has no prototype; throws a
 * `RoutingTableError` listing every problem, e.g. machine ids still Terraform references
 * because the table was taken from a synthesized config instead of `terraform output`.
 */
export function readRoutingTable(json: unknown): RoutingTable {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json) as unknown;
    } catch (err) {
      throw new RoutingTableError("readRoutingTable", [{ where: "the routing table", value: json.slice(0, 40), rule: `is not JSON (${(err as Error).message})` }]);
    }
  }
  return readCheckedTable(value, "readRoutingTable").table;
}
