import { DEDICATED } from "../plan/ledger";
import {
  CELLS_OUTPUT,
  RELEASED_VOLUME_ADDRESSES_OUTPUT,
  RELEASED_VOLUMES_OUTPUT,
  SHARED_CELLS_OUTPUT,
  unitOfVolumeName,
  volumeNameFor,
} from "../plan/naming";
import { ownEntries, quote } from "../plan/quote";
import { volumeStories } from "./volume-story";

/**
 * The parts of `terraform show -json <planfile>` the guard and the summary read. Check a parsed
 * file with `planProblem` first: an errored or incomplete plan lacks changes.
 */
export interface TerraformPlanJson {
  readonly format_version?: string;
  /** Terraform failed while planning; the changes are partial. */
  readonly errored?: boolean;
  /** False when changes were deferred to a later plan (Terraform >= 1.8). */
  readonly complete?: boolean;
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly type: string;
    readonly change: {
      readonly actions: readonly string[];
      readonly before?: { readonly name?: unknown } | null;
      readonly replace_paths?: readonly (readonly unknown[])[];
    };
  }[];
  readonly planned_values?: { readonly outputs?: Readonly<Record<string, { readonly value?: unknown }>> };
  /** Each output's value before and after the plan. */
  readonly output_changes?: Readonly<Record<string, { readonly actions?: readonly string[]; readonly before?: unknown; readonly after?: unknown }>>;
}

/**
 * Something the plan would do that loses a tenant's data: a volume destroyed or replaced that
 * flycell did not release at that address, or a tenant moved to another cell or region
 * without consent (its data stays on the old volume).
 */
export interface VolumeViolation {
  /** The tenant owning the volume, or the shared cell (then `sharedCell` is true). */
  readonly tenant: string;
  readonly sharedCell?: boolean;
  /** What is wrong, as a field: `status` (not released), `cell`, `region`, or the attributes that force a replacement. */
  readonly field: string;
  /** The volume whose data is lost (for a move, the old cell's). */
  readonly volume: string;
  /** The volume's resource address, or `output.cells` for a move seen in the `cells` output. */
  readonly address: string;
  readonly reason: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * One root output's value, read only under its exact name: `planned_values` has it when it is
 * wholly known, `output_changes` (its `after`) also when part of it is known only after apply.
 */
function outputValue(plan: TerraformPlanJson, name: string): unknown {
  const planned = ownEntries(plan.planned_values?.outputs).get(name);
  if (isObject(planned) && Object.hasOwn(planned, "value")) return planned.value;
  const change = ownEntries(plan.output_changes).get(name);
  return isObject(change) ? change.after : undefined;
}

/**
 * The volumes flycell released in this stack, by name, each with the only address it may be
 * destroyed at: a name must be in `released_volumes` and have its address in
 * `released_volume_addresses`, flycell's two outputs. No other output counts.
 */
function releasedVolumes(plan: TerraformPlanJson): Map<string, string> {
  const names = outputValue(plan, RELEASED_VOLUMES_OUTPUT);
  const addresses = ownEntries(outputValue(plan, RELEASED_VOLUME_ADDRESSES_OUTPUT));
  const released = new Map<string, string>();
  for (const name of Array.isArray(names) ? names : []) {
    const address = typeof name === "string" ? addresses.get(name) : undefined;
    if (typeof name === "string" && typeof address === "string") released.set(name, address);
  }
  return released;
}

/** Why a destroyed volume is not let through, given what flycell released. */
function whyNotReleased(volume: string, address: string, released: ReadonlyMap<string, string>, namesOnly: boolean): string | undefined {
  const releasedAt = released.get(volume);
  if (releasedAt === address) return undefined;
  if (releasedAt !== undefined) {
    return `flycell released ${quote(volume)} at ${quote(releasedAt)} only: this resource is not flycell's volume of that owner`;
  }
  return namesOnly
    ? `its stack has no ${RELEASED_VOLUME_ADDRESSES_OUTPUT} output, so no release can be matched to an address (synthesized by an older flycell? synthesize and plan again)`
    : "not released: its block is gone from the configuration (a tenant line removed?)";
}

/** The volumes the plan destroys or replaces that flycell did not release at their address. */
function volumeViolations(plan: TerraformPlanJson, sharedCellsBefore: ReadonlySet<string>): VolumeViolation[] {
  const released = releasedVolumes(plan);
  const names = outputValue(plan, RELEASED_VOLUMES_OUTPUT);
  const namesOnly = Array.isArray(names) && names.length > 0 && outputValue(plan, RELEASED_VOLUME_ADDRESSES_OUTPUT) === undefined;
  const violations: VolumeViolation[] = [];
  for (const change of plan.resource_changes ?? []) {
    if (change.type !== "fly_volume" || !change.change.actions.includes("delete")) continue;
    const volume = typeof change.change.before?.name === "string" ? change.change.before.name : "(unnamed)";
    const notReleased = whyNotReleased(volume, change.address, released, namesOnly);
    if (notReleased === undefined) continue;
    const replaced = change.change.actions.includes("create");
    const paths = (Array.isArray(change.change.replace_paths) ? change.change.replace_paths : [])
      .map((p) => (Array.isArray(p) ? p.map(String).join(".") : String(p)))
      .join(", ");
    const owner = unitOfVolumeName(volume) ?? "(unknown)";
    violations.push({
      tenant: owner,
      ...(sharedCellsBefore.has(owner) ? { sharedCell: true } : {}),
      field: replaced && paths ? paths : "status",
      volume,
      address: change.address,
      reason: replaced
        ? `replaced${paths ? ` (${paths} changed)` : ""}: a new, empty volume would take its place; ${notReleased}`
        : `destroyed: ${notReleased}`,
    });
  }
  return violations;
}

/** A `cells` output entry's field, when it is a string. */
const text = (entry: Record<string, unknown>, field: string): string | undefined => (typeof entry[field] === "string" ? entry[field] : undefined);

/**
 * Tenants whose cell or region the plan changes without the consent the `cells` output
 * records (`move`, for the deploy that carries it). The machine updates look harmless, but the
 * tenant's data stays on the old cell's volume, which a later release would destroy. Read from
 * the plan, since synthesis without a ledger cannot see where a tenant was.
 */
function placementViolations(plan: TerraformPlanJson): VolumeViolation[] {
  const change = ownEntries(plan.output_changes).get(CELLS_OUTPUT);
  if (!isObject(change)) return [];
  const after = ownEntries(change.after);
  const releasedInCells = releasedSharedCellTenants(plan);
  const violations: VolumeViolation[] = [];
  for (const [tenant, was] of ownEntries(change.before)) {
    const now = after.get(tenant);
    if (!isObject(was)) continue;
    if (!isObject(now)) {
      // A dedicated cell's volume rules judge a dropped line; a shared cell's tenant leaves no
      // volume of its own, so its data would go unseen with a later release of the cell.
      const cell = text(was, "cell");
      if (cell !== undefined && !releasedInCells.get(cell)?.has(tenant)) violations.push(droppedFromSharedCell(tenant, cell));
      continue;
    }
    const move = isObject(now.move) ? now.move : {};
    const cellBefore = text(was, "cell") ?? DEDICATED;
    const cellAfter = text(now, "cell") ?? DEDICATED;
    const volume = volumeNameFor(cellBefore === DEDICATED ? tenant : cellBefore);
    const where = (cell: string) => (cell === DEDICATED ? "its dedicated cell" : `shared cell ${quote(cell)}`);
    if (cellBefore !== cellAfter && move.from_cell !== cellBefore) {
      violations.push({
        tenant,
        field: "cell",
        volume,
        address: `output.${CELLS_OUTPUT}`,
        reason:
          `changes from ${where(cellBefore)} to ${where(cellAfter)} without consent: the tenant's data stays on ${quote(volume)}. ` +
          `To start empty, add move: { fromCell: ${quote(cellBefore)}, data: "start-empty" } to the line (see README, "Shared cells")`,
      });
    }
    const regionBefore = text(was, "region");
    const regionAfter = text(now, "region");
    if (regionBefore !== regionAfter && move.from_region !== regionBefore) {
      violations.push({
        tenant,
        field: "region",
        volume,
        address: `output.${CELLS_OUTPUT}`,
        reason:
          `changes from ${quote(regionBefore ?? "(none)")} to ${quote(regionAfter ?? "(none)")} without consent: a volume cannot move. ` +
          `To start empty, add move: { from: ${quote(regionBefore ?? "")}, data: "start-empty" } to the line (see README, "Tenant lifecycle")`,
      });
    }
  }
  return violations;
}

/** Per shared cell, the tenants its `shared_cells` output lists as released after the plan. */
function releasedSharedCellTenants(plan: TerraformPlanJson): Map<string, Set<string>> {
  const released = new Map<string, Set<string>>();
  for (const [cell, entry] of ownEntries(outputValue(plan, SHARED_CELLS_OUTPUT))) {
    const tenants = isObject(entry) && isObject(entry.tenants) ? entry.tenants.released : undefined;
    released.set(cell, new Set(Array.isArray(tenants) ? tenants.filter((t): t is string => typeof t === "string") : []));
  }
  return released;
}

function droppedFromSharedCell(tenant: string, cell: string): VolumeViolation {
  const volume = volumeNameFor(cell);
  return {
    tenant,
    field: "(line)",
    volume,
    address: `output.${CELLS_OUTPUT}`,
    reason:
      `its line is gone from shared cell ${quote(cell)} without a release: the tenant's data stays on ${quote(volume)}, ` +
      `which a later release of the cell would destroy. Keep the line with status "decommissioned", then "released"`,
  };
}

/**
 * Finds everything a plan would do that loses a tenant's data: every volume it destroys or
 * replaces that flycell did not release at that address (Terraform's `prevent_destroy` misses
 * volumes whose block disappeared; this does not), and every tenant it moves to another cell
 * or region without consent.
 */
export function findVolumeViolations(plan: TerraformPlanJson): VolumeViolation[] {
  const sharedCells = ownEntries(plan.output_changes).get(SHARED_CELLS_OUTPUT);
  const sharedCellsBefore = new Set(ownEntries(isObject(sharedCells) ? sharedCells.before : undefined).keys());
  return [...volumeViolations(plan, sharedCellsBefore), ...placementViolations(plan)];
}

/** The guard's report: one line per violation, or a single all-clear line. Values from the plan are quoted. */
export function formatGuardReport(plan: TerraformPlanJson, violations: readonly VolumeViolation[]): string {
  if (violations.length === 0) {
    const checked = (plan.resource_changes ?? []).filter((c) => c.type === "fly_volume").length;
    return [
      `plan guard: ${checked} volume(s) in the plan, none destroyed or replaced without a release, no tenant moved without consent`,
      ...volumeStories(plan).map((story) => `  ${story}`),
    ].join("\n");
  }
  return [
    `plan guard: ${violations.length} change(s) would lose a tenant's data; refusing this plan:`,
    ...violations.map(
      (v) =>
        `  - ${v.sharedCell ? "shared cell" : "tenant"} ${quote(v.tenant)}, field ${quote(v.field)}, volume ${quote(v.volume)} (${quote(v.address)}): ${v.reason}`,
    ),
    'To remove a tenant, keep its line with status "decommissioned", then "released" (see README, "Tenant lifecycle").',
  ].join("\n");
}
