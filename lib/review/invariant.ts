/**
 * The safety invariant, stated once over what was actually deployed:
 *
 *   An apply destroys or replaces a volume only if its owner (a tenant, or a shared cell) is
 *   `released` in the ledger after a deployed `decommissioned`, and, for a shared cell, every
 *   tenant that ever lived in it is released or moved out with consent.
 *
 * A tenant's consented start-empty move (`move.from` its deployed region, or `move.fromCell:
 * "dedicated"` leaving its own cell) releases its dedicated volume the same way. An older volume
 * generation kept after a restore or a move with data goes only when the deployed line (or
 * shared cell) lists its generation in `releaseVolumes`, or when its owner is released.
 *
 * "The ledger" here is the true record, the history of deploys, not the ledger file: the file
 * may be stale or missing, and the invariant is what the ledger, the synthesis checks and the
 * plan guard together must keep whatever the file says. Pure: no cdktf, no files.
 */
import { DEDICATED } from "../plan/ledger";
import { volumeOfName } from "../plan/naming";
import { TenantSpec } from "../tenants/schema";

/** What one apply deployed: the tenant lines and shared cells of the stacks it applied. */
export interface DeployedStep {
  readonly tenants: readonly TenantSpec[];
  readonly sharedCells?: Readonly<
    Record<string, { readonly region: string; readonly status?: "active" | "released"; readonly releaseVolumes?: readonly number[] }>
  >;
}

/** Whose data a volume holds. */
export interface VolumeOwner {
  readonly kind: "tenant" | "shared cell";
  readonly id: string;
}

/** A volume that was in the account before an apply and is not after it (destroyed, or replaced by a new id). */
export interface LostVolume {
  readonly id: string;
  readonly name: string;
  /** Undefined when no deploy ever had a volume of that name. */
  readonly owner?: VolumeOwner;
}

export interface InvariantViolation {
  /** The owner, or `{ kind: "tenant", id: "(unknown)" }` for a volume nothing deployed. */
  readonly owner: VolumeOwner;
  readonly volume: string;
  readonly volumeId: string;
  readonly reason: string;
}

/** A tenant's deployed lines, oldest first, with the apply's line last when it has one. */
function linesOf(history: readonly DeployedStep[], step: DeployedStep, id: string): TenantSpec[] {
  return [...history, step].flatMap((s) => s.tenants.filter((t) => t.id === id));
}

const statusOf = (line: TenantSpec) => line.status ?? "active";
const consents = (line: TenantSpec | undefined) => line?.move?.data === "start-empty";

/**
 * Whether the release `lines[k]` follows a deployed `decommissioned` (then perhaps more releases)
 * in the place whose data goes (`cell`, undefined for a dedicated cell). The releasing line
 * itself may name another place: a released tenant's line may also drop or change its cell.
 */
function releasedAfterDecommissioned(lines: readonly TenantSpec[], k: number, cell: string | undefined): boolean {
  let i = k - 1;
  while (i >= 0 && lines[i].cell === cell && statusOf(lines[i]) === "released") i--;
  return i >= 0 && lines[i].cell === cell && statusOf(lines[i]) === "decommissioned";
}

/**
 * The owner of a volume by its name: the latest deploy (before the apply) that had a volume
 * of that name, as a dedicated tenant or a shared cell. Names are one-to-one with ids, but an
 * id may have been a tenant once and a shared cell later.
 */
export function ownerOfVolume(history: readonly DeployedStep[], name: string): VolumeOwner | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const step = history[i];
    const unit = volumeOfName(name)?.unit;
    for (const [id, cell] of Object.entries(step.sharedCells ?? {})) {
      if (unit === id && cell.status !== "released") return { kind: "shared cell", id };
    }
    const tenant = step.tenants.find((t) => unit === t.id && t.cell === undefined && statusOf(t) !== "released");
    if (tenant) return { kind: "tenant", id: tenant.id };
  }
  return undefined;
}

/** Why losing a dedicated tenant's volume breaks the invariant, or undefined when it is allowed. */
function tenantLoss(history: readonly DeployedStep[], step: DeployedStep, id: string): string | undefined {
  // Its own cell's lines only: a sharded deploy may apply a shared cell's stack naming the
  // tenant while refusing the stack that holds its own volume.
  const before = linesOf(history, { tenants: [] }, id).filter((line) => line.cell === undefined);
  const prev = before[before.length - 1];
  const now = step.tenants.find((t) => t.id === id);
  if (!prev) return "no deploy ever had this tenant in a cell of its own";
  if (now && statusOf(now) === "released") {
    const all = [...before, now];
    return releasedAfterDecommissioned(all, all.length - 1, undefined)
      ? undefined
      : `released without a deployed "decommissioned" before it (last deployed: "${statusOf(prev)}")`;
  }
  if (now && consents(now)) {
    if (now.move?.from !== undefined && now.move.from === prev.region && (now.move.fromCell ?? DEDICATED) === DEDICATED) return undefined;
    if (now.move?.fromCell === DEDICATED) return undefined;
    return `its move (${JSON.stringify(now.move)}) does not match where it was deployed (region "${prev.region}", its own cell)`;
  }
  if (!now) return "its line was not deployed by this apply (removed, or moved to a stack not applied)";
  return `its line is "${statusOf(now)}" in region "${now.region}"${now.cell === undefined ? "" : `, cell "${now.cell}"`}, with no consent to lose the data`;
}

/** Tenants that ever lived in `cell` and are neither released there (after a deployed decommission) nor moved out with consent. */
function tenantsLeftIn(history: readonly DeployedStep[], step: DeployedStep, cell: string): string[] {
  const ids = new Set([...history, step].flatMap((s) => s.tenants.filter((t) => t.cell === cell).map((t) => t.id)));
  return [...ids].sort().filter((id) => {
    const lines = linesOf(history, step, id);
    // Released before it came: its line entered the cell with no data of its own there.
    if (statusOf(lines[lines.findIndex((line) => line.cell === cell)]) === "released") return false;
    let k = lines.length - 1;
    while (k >= 0 && lines[k].cell !== cell) k--;
    if (statusOf(lines[k]) === "released") return !releasedAfterDecommissioned(lines, k, cell);
    const next = lines[k + 1];
    // Moved out: the next deployed line leaves the cell, saying so.
    return !(next && consents(next) && next.move?.fromCell === cell);
  });
}

/** Why losing a shared cell's volume breaks the invariant, or undefined when it is allowed. */
function cellLoss(history: readonly DeployedStep[], step: DeployedStep, id: string): string | undefined {
  const declared = step.sharedCells?.[id];
  if (!history.some((s) => s.sharedCells?.[id] !== undefined)) return "no deploy ever had this shared cell";
  if (declared?.status !== "released") return declared ? "the shared cell is not released" : "the shared cell's declaration was not deployed by this apply";
  const left = tenantsLeftIn(history, step, id);
  return left.length === 0 ? undefined : `tenants that lived in it were neither released nor moved out with consent: ${left.join(", ")}`;
}

/** Whether this apply's line (or shared cell) releases the kept older volume `name` by its generation. */
function releasesGeneration(step: DeployedStep, owner: VolumeOwner, name: string): boolean {
  const generation = volumeOfName(name)?.generation;
  if (generation === undefined) return false;
  const released =
    owner.kind === "tenant" ? step.tenants.find((t) => t.id === owner.id)?.releaseVolumes : Object.entries(step.sharedCells ?? {}).find(([id]) => id === owner.id)?.[1].releaseVolumes;
  return (released ?? []).includes(generation);
}

/**
 * Every lost volume the invariant does not allow. `history` is what earlier applies deployed,
 * oldest first; `step` what this apply deployed; `lost` the volumes that left the account.
 */
export function volumeLossViolations(history: readonly DeployedStep[], step: DeployedStep, lost: readonly LostVolume[]): InvariantViolation[] {
  const violations: InvariantViolation[] = [];
  for (const volume of lost) {
    const owner = volume.owner;
    if (owner && releasesGeneration(step, owner, volume.name)) continue;
    const reason = !owner
      ? "no deploy ever had a volume of this name"
      : owner.kind === "tenant"
        ? tenantLoss(history, step, owner.id)
        : cellLoss(history, step, owner.id);
    if (reason) violations.push({ owner: owner ?? { kind: "tenant", id: "(unknown)" }, volume: volume.name, volumeId: volume.id, reason });
  }
  return violations;
}

/** One line per violation, naming the owner and the volume. */
export function formatInvariantViolations(violations: readonly InvariantViolation[]): string {
  return violations.map((v) => `${v.owner.kind} "${v.owner.id}", volume ${v.volume} (${v.volumeId}): ${v.reason}`).join("\n");
}
