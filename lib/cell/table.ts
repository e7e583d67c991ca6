import type { RoutingMode, Topology } from "../tenants/schema";

/**
 * The routing table as a cell reads it: the document the fleet's `routing_table` output holds
 * (`terraform output -json routing_table`). Built by routing/table.ts from the plan.
 */

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
  /**
   * The cell serving the tenant (version 2): the tenant's own id for a dedicated cell, the
   * shared cell's id otherwise. Tenants of one shared cell share its app and machine.
   */
  readonly cell?: string;
}

/**
 * The tenant → cell → machine registry, a JSON document read by routers and middleware.
 * Version 2 adds each entry's `cell`; readers accept version 1 too.
 */
export interface RoutingTable {
  readonly version: 1 | 2;
  readonly topology: Topology;
  readonly healthPath: string;
  readonly modes: readonly RoutingMode[];
  /** Entries by tenant id, keys sorted. */
  readonly tenants: Readonly<Record<string, RouteEntry>>;
}
