import type { ExpectedCell, ExpectedCells } from "../monitor/expected";
import { FleetPlan } from "./plan";
import { unitsOf } from "./units";

/**
 * The monitor's expected cells: every cell with a machine (an active dedicated cell, or a
 * shared cell that is not released), with what it is declared to run. `idsOf` gives a cell's
 * machine and volume ids: Terraform references at synth time, literal ids in tests. A cell in an
 * app of its own signs heartbeats with its own key (the `Cell` construct sets it); one in the
 * shared app with the fleet's.
 */
export function expectedCellsOf(plan: FleetPlan, idsOf: (cellId: string) => { machine: string; volume: string }): ExpectedCells {
  const cells = new Map<string, ExpectedCell>();
  for (const unit of unitsOf(plan).filter((u) => u.status === "active")) {
    const { machine, volume } = idsOf(unit.tenantId);
    cells.set(unit.tenantId, {
      app: unit.appName,
      machine,
      region: unit.region,
      image: unit.image,
      tenants: unit.members ? unit.members.active : [unit.tenantId],
      volume,
      autoBackupEnabled: unit.autoBackupEnabled,
      heartbeatKey: unit.ownApp ? "cell" : "fleet",
    });
  }
  const sorted = [...cells].sort(([a], [b]) => (a < b ? -1 : 1));
  return { version: 1, cells: Object.assign(Object.create(null) as Record<string, ExpectedCell>, Object.fromEntries(sorted)) };
}
