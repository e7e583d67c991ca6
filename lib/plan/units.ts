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
 * and shared cells, of a consented start-empty region move, of a tenant leaving its dedicated
 * cell for a shared one, and kept older volumes a line releases.
 */
export function releasedVolumesOf(plan: FleetPlan): string[] {
  const dedicated = plan.cells.filter((cell) => cell.sharedCell === undefined && (cell.status === "released" || cell.replacesVolume));
  const leftDedicated = plan.cells.filter((cell) => cell.sharedCell !== undefined && cell.replacesVolume);
  // A released cell lets go of every volume it has: the current one and the kept older ones.
  const everyVolume = (cell: CellSpec) => [cell.volumeName, ...(cell.status === "released" ? cell.volumes.kept.map((v) => v.name) : [])];
  return [
    ...dedicated.flatMap(everyVolume),
    ...leftDedicated.map((cell) => volumeNameFor(cell.tenantId)),
    ...plan.sharedCells.filter((cell) => cell.status === "released").flatMap(everyVolume),
    // Kept older volumes a line lets go (the cell itself stays).
    ...unitsOf(plan).flatMap((cell) => cell.volumes.released.map((volume) => volume.name)),
  ].sort();
}
