import { volumeNameFor } from "./naming";
import { CellSpec, FleetPlan } from "./plan";

/**
 * The machines and volumes a plan builds: every dedicated cell and every shared cell that is
 * not released. A tenant in a shared cell has no unit of its own.
 */
export function unitsOf(plan: FleetPlan): CellSpec[] {
  const dedicated = plan.cells.filter((cell) => cell.sharedCell === undefined && cell.status !== "released");
  return [...plan.sharedCells.filter((cell) => cell.status !== "released"), ...dedicated];
}

/**
 * The volumes a plan may destroy, for the plan guard (`released_volumes`): of released tenants
 * and shared cells, of a consented start-empty region move, and of a tenant leaving its
 * dedicated cell for a shared one.
 */
export function releasedVolumesOf(plan: FleetPlan): string[] {
  const dedicated = plan.cells.filter((cell) => cell.sharedCell === undefined && (cell.status === "released" || cell.replacesVolume));
  const leftDedicated = plan.cells.filter((cell) => cell.sharedCell !== undefined && cell.replacesVolume);
  return [
    ...dedicated.map((cell) => cell.volumeName),
    ...leftDedicated.map((cell) => volumeNameFor(cell.tenantId)),
    ...plan.sharedCells.filter((cell) => cell.status === "released").map((cell) => cell.volumeName),
  ].sort();
}
