import type { RoutingTable } from "./table";
import { hostOverlaps, isHostPattern } from "./hosts";

// What a routing table's values may be. The nginx renderer writes them into a config and the
// middleware matches requests with them, so both refuse anything else, whoever built the table.
// SLUG mirrors the tenant id and app name rule (lib/tenants/limits), which the cell may not load.
const SLUG = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
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
 * patterns of different tenants must not overlap (see `hostPatternsOverlap`).
 */
export function checkRoutingTable(table: RoutingTable, who: string): void {
  const refuse = (where: string, value: unknown, rule: string): never => {
    throw new Error(`${who}: ${where} is ${JSON.stringify(value)}: ${rule}`);
  };
  if (table.version !== 1) refuse("the routing table version", table.version, "only version 1 is supported");
  if (typeof table.healthPath !== "string" || !isSafeAbsolutePath(table.healthPath)) {
    refuse("healthPath", table.healthPath, "must be an absolute path of letters, digits and ._~- with no . or .. segment");
  }
  if (typeof table.tenants !== "object" || table.tenants === null) refuse("tenants", table.tenants, "must be an object of entries by tenant id");
  for (const [id, entry] of Object.entries(table.tenants)) {
    const field = (name: string) => `tenant ${JSON.stringify(id)} field ${name}`;
    if (!SLUG.test(id)) refuse(field("id"), id, "must be lowercase letters, digits and single hyphens, starting with a letter");
    if (typeof entry.app !== "string" || !SLUG.test(entry.app)) refuse(field("app"), entry.app, "must be a Fly app name");
    if (entry.machine !== undefined && !(MACHINE_ID.test(entry.machine) || CDKTF_TOKEN.test(entry.machine))) {
      refuse(field("machine"), entry.machine, "must be a Fly machine id (14 lowercase hex digits)");
    }
    if (!Array.isArray(entry.hosts)) refuse(field("hosts"), entry.hosts, "must be a list of hostnames");
    for (const host of entry.hosts) {
      if (typeof host !== "string" || !isHostPattern(host)) refuse(field("hosts"), host, "must be a lowercase hostname or *. wildcard");
    }
    if (entry.path !== `/${id}`) refuse(field("path"), entry.path, `must be "/${id}"`);
  }
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
