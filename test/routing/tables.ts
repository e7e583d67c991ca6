import { RouteEntry, RoutingTable } from "../../lib";

// Routing tables built by hand (they are plain JSON), so these tests hold whatever the planner does.

export const BASE_DOMAIN = "cells.example.com";

/** Custom host patterns by tenant; each tenant also gets `<id>.cells.example.com`. Four ids are nginx map parameters. */
export const CUSTOM_HOSTS: Record<string, readonly string[]> = {
  acme: [],
  default: [],
  globex: ["app.globex.com", "*.globex.io"],
  hostnames: [],
  include: [],
  initech: ["initech.com", "*.eu.initech.com", "shop.initech.com"],
  volatile: [],
};

export const TENANTS = Object.keys(CUSTOM_HOSTS);

/** A distinct 14-hex-digit machine id per tenant. */
export const MACHINES: Record<string, string> = Object.fromEntries(
  TENANTS.map((id, i) => [id, `${(i + 1).toString(16).repeat(2)}0a1b2c3d4e5f`.slice(0, 14)]),
);

export function entry(id: string, hosts: readonly string[] = [...CUSTOM_HOSTS[id], `${id}.${BASE_DOMAIN}`].sort()): RouteEntry {
  return { app: "cells", machine: MACHINES[id], region: "ams", hosts, path: `/${id}` };
}

export function handTable(tenants: Record<string, RouteEntry> = Object.fromEntries(TENANTS.map((id) => [id, entry(id)]))): RoutingTable {
  return { version: 1, topology: "shared-app", healthPath: "/up", modes: ["path", "host"], tenants };
}

/** The table with one tenant's entry changed. */
export function withEntry(id: string, change: Partial<Record<keyof RouteEntry, unknown>>): RoutingTable {
  const table = handTable();
  return { ...table, tenants: { ...table.tenants, [id]: { ...table.tenants[id], ...change } as RouteEntry } };
}

/** The shared cell of `sharedTable`: acme and globex on one machine. */
export const POOL = { id: "pool", machine: "aa0a1b2c3d4e5f", tenants: ["acme", "globex"] } as const;

/** A version 2 table: acme and globex in the shared cell `pool`, every other tenant in a dedicated cell. */
export function sharedTable(): RoutingTable {
  const cellEntry = (id: string): RouteEntry =>
    (POOL.tenants as readonly string[]).includes(id) ? { ...entry(id), cell: POOL.id, machine: POOL.machine } : { ...entry(id), cell: id };
  return { ...handTable(Object.fromEntries(TENANTS.map((id) => [id, cellEntry(id)]))), version: 2 };
}

/** The table in the app-per-cell topology, which routes by app name: no machine ids. */
export function appPerCell(table: RoutingTable): RoutingTable {
  const tenants = Object.fromEntries(Object.entries(table.tenants).map(([id, { machine: _machine, ...rest }]) => [id, rest]));
  return { ...table, topology: "app-per-cell", tenants };
}
