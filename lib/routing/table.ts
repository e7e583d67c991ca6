import type { RouteEntry, RoutingTable } from "../cell/table";
import type { FleetPlan } from "../plan/plan";
import type { RoutingMode, RoutingSettings } from "../tenants/schema";

export type { RouteEntry, RoutingMode, RoutingSettings, RoutingTable };

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
      cell: cell.sharedCell ?? cell.tenantId,
    };
  }
  return {
    version: 2,
    topology: plan.settings.topology,
    healthPath: plan.settings.healthPath,
    modes: [...(settings.modes ?? ["path", "host"])],
    tenants,
  };
}
