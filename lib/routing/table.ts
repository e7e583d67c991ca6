import type { FleetPlan } from "../plan/plan";
import type { RoutingMode, RoutingSettings, Topology } from "../tenants/schema";

export type { RoutingMode, RoutingSettings };

/** One tenant's entry in the routing table. */
export interface RouteEntry {
  /** The Fly app serving the tenant: the fleet's app, or the cell's own. */
  readonly app: string;
  /** The cell's machine id (shared-app only; filled in by Terraform at apply time). */
  readonly machine?: string;
  readonly region: string;
  /** Lowercased hostnames routed to the tenant, sorted. */
  readonly hosts: readonly string[];
  /** Path prefix routed to the tenant, `/<tenant id>`. */
  readonly path: string;
}

/** The tenant → cell registry, version 1. A JSON document read by routers and middleware. */
export interface RoutingTable {
  readonly version: 1;
  readonly topology: Topology;
  readonly healthPath: string;
  readonly modes: readonly RoutingMode[];
  /** Entries by tenant id, keys sorted. */
  readonly tenants: Readonly<Record<string, RouteEntry>>;
}

/**
 * Builds the routing table of a planned fleet's active cells. `machineIdOf` gives a cell's
 * machine id: a Terraform reference at synth time, a literal id in tests. Pure and deterministic.
 */
export function buildRoutingTable(plan: FleetPlan, machineIdOf: (tenantId: string) => string): RoutingTable {
  const settings = plan.routing;
  const shared = plan.settings.topology === "shared-app";
  const tenants: Record<string, RouteEntry> = {};
  for (const cell of plan.cells.filter((c) => c.status === "active")) {
    const subdomain = settings.baseDomain ? [`${cell.tenantId}.${settings.baseDomain.toLowerCase()}`] : [];
    tenants[cell.tenantId] = {
      app: cell.appName,
      ...(shared ? { machine: machineIdOf(cell.tenantId) } : {}),
      region: cell.region,
      hosts: [...new Set([...cell.hostnames, ...subdomain])].sort(),
      path: `/${cell.tenantId}`,
    };
  }
  return {
    version: 1,
    topology: plan.settings.topology,
    healthPath: plan.settings.healthPath,
    modes: [...(settings.modes ?? ["path", "host"])],
    tenants,
  };
}
