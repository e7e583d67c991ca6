import type { RoutingTable } from "./table";
import { hostOverlaps, isHostPattern } from "./hosts";
import { isSlug } from "./slug";

// What a routing table's values may be. The nginx renderer writes them into a config and the
// middleware matches requests with them, so both refuse anything else, whoever built the table.
const MACHINE_ID = /^[0-9a-f]{14}$/;
// At synth time the Router construct renders Terraform references, which look like this.
const CDKTF_TOKEN = /^\$\{TfToken\[TOKEN\.\d+\]\}$/;
const SEGMENT = /^[A-Za-z0-9._~-]+$/;

/** Whether `path` is an absolute path of plain segments, none `.` or `..`. */
export function isSafeAbsolutePath(path: string): boolean {
  const segments = path.split("/");
  return segments[0] === "" && segments.slice(1).every((s) => SEGMENT.test(s) && s !== "." && s !== "..");
}

/**
 * Throws an Error naming the tenant, the field and the value for any value a router or cell
 * cannot use safely: tenant ids and app names are slugs; machine ids 14 lowercase hex digits
 * (or a cdktf token); hosts lowercase hostnames or `*.` wildcards; `path` is `/<tenant id>`;
 * the health path a plain absolute path. A hostname belongs to at most one tenant, so host
 * patterns of different tenants must not overlap (see `hostPatternsOverlap`). Version 2 names
 * every entry's `cell` (a slug; version 1 names none: each tenant is its own cell); tenants of
 * one cell share its app and machine, a machine serves one cell, and the `machine-path` mode,
 * which names a machine rather than a tenant, is refused for a cell of several tenants.
 */
export function checkRoutingTable(table: RoutingTable, who: string): void {
  const refuse = (where: string, value: unknown, rule: string): never => {
    throw new Error(`${who}: ${where} is ${JSON.stringify(value)}: ${rule}`);
  };
  if (table.version !== 1 && table.version !== 2) refuse("the routing table version", table.version, "only versions 1 and 2 are supported");
  if (typeof table.healthPath !== "string" || !isSafeAbsolutePath(table.healthPath)) {
    refuse("healthPath", table.healthPath, "must be an absolute path of letters, digits and ._~- with no . or .. segment");
  }
  if (typeof table.tenants !== "object" || table.tenants === null) refuse("tenants", table.tenants, "must be an object of entries by tenant id");
  for (const [id, entry] of Object.entries(table.tenants)) {
    const field = (name: string) => `tenant ${JSON.stringify(id)} field ${name}`;
    if (!isSlug(id)) refuse(field("id"), id, "must be lowercase letters, digits and single hyphens, starting with a letter");
    if (!isSlug(entry.app)) refuse(field("app"), entry.app, "must be a Fly app name");
    if (entry.machine !== undefined && !(MACHINE_ID.test(entry.machine) || CDKTF_TOKEN.test(entry.machine))) {
      refuse(field("machine"), entry.machine, "must be a Fly machine id (14 lowercase hex digits)");
    }
    if (!Array.isArray(entry.hosts)) refuse(field("hosts"), entry.hosts, "must be a list of hostnames");
    for (const host of entry.hosts) {
      if (typeof host !== "string" || !isHostPattern(host)) refuse(field("hosts"), host, "must be a lowercase hostname or *. wildcard");
    }
    if (entry.path !== `/${id}`) refuse(field("path"), entry.path, `must be "/${id}"`);
    if (table.version === 1 && entry.cell !== undefined) refuse(field("cell"), entry.cell, "only a version 2 table names cells");
    if (table.version === 2 && !isSlug(entry.cell)) refuse(field("cell"), entry.cell, "must be a cell id: lowercase letters, digits and single hyphens");
  }
  checkCells(table, refuse);
  const [overlap] = hostOverlaps(Object.fromEntries(Object.entries(table.tenants).map(([id, e]) => [id, e.hosts])));
  if (overlap) {
    const [a, b] = overlap.tenants;
    refuse(
      `tenant ${JSON.stringify(a)} field hosts`,
      overlap.hosts[0],
      `overlaps tenant ${JSON.stringify(b)}'s ${JSON.stringify(overlap.hosts[1])}: a hostname belongs to at most one tenant`,
    );
  }
}

type Refuse = (where: string, value: unknown, rule: string) => never;

/** What makes every tenant of a cell reach the same machine, whether replayed or proxied. */
function checkCells(table: RoutingTable, refuse: Refuse): void {
  const q = JSON.stringify;
  const cellOf = (id: string) => table.tenants[id].cell ?? id;
  const firstOf = new Map<string, string>(); // cell → its first tenant
  const ownerOf = new Map<string, string>(); // machine → the first tenant on it
  for (const [id, entry] of Object.entries(table.tenants)) {
    const cell = cellOf(id);
    const first = firstOf.get(cell);
    if (first === undefined) {
      firstOf.set(cell, id);
    } else {
      for (const name of ["app", "machine"] as const) {
        const theirs = table.tenants[first][name];
        if (entry[name] !== theirs) {
          refuse(`tenant ${q(id)} field ${name}`, entry[name], `differs from tenant ${q(first)}'s ${q(theirs)}: tenants of cell ${q(cell)} share its app and machine`);
        }
      }
      if (table.modes.includes("machine-path")) {
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
