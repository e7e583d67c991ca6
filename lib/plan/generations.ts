import { ProblemList } from "../tenants/errors";
import { LedgerCell, LedgerEntry, RegionMove, RestoreSpec, TenantLedger, TenantSpec } from "../tenants/schema";
import { ledgerName, ownValue } from "./ledger";
import { volumeNameFor } from "./naming";
import { quote } from "./quote";
import { ResolvedFleetSettings } from "./settings";

/**
 * A cell's volume generations. Generation 0 is its first volume; a restore or a move with data
 * makes the next one, a new volume (Fly's API makes it, Terraform adopts it), while the old one
 * is kept until a line releases it. The ledger records the current generation and the older
 * volumes; the line only asks for the next step.
 */

/** An older volume still in the account (and in the configuration). */
export interface KeptVolume {
  readonly generation: number;
  readonly name: string;
  readonly region: string;
  readonly volumeSizeGb: number;
}

/** The new volume this deploy makes before Terraform plans: from a snapshot, or a fork of the current volume. */
export interface VolumeRecovery {
  readonly generation: number;
  readonly source: { readonly kind: "snapshot"; readonly snapshot: string } | { readonly kind: "fork" };
  /** The volume the data comes from: the cell's current one, which becomes a kept volume. */
  readonly from: KeptVolume;
}

export interface CellVolumes {
  /** The generation of the volume the machine mounts after this deploy. */
  readonly generation: number;
  /** Older volumes kept, oldest first. */
  readonly kept: readonly KeptVolume[];
  /** Older volumes this deploy releases: gone from the configuration, and the only ones the guard lets go. */
  readonly released: readonly KeptVolume[];
  /** Set while the line asks for a new volume the ledger does not have yet. */
  readonly recovery?: VolumeRecovery;
}

/** A cell's first volume and nothing else: every cell before its first recovery. */
export const FIRST_VOLUME: CellVolumes = { generation: 0, kept: [], released: [] };

/** What a line (or a shared cell's declaration) asks of its volumes. */
export interface VolumeRequest {
  readonly restore?: RestoreSpec;
  readonly move?: RegionMove;
  readonly releaseVolumes?: readonly number[];
}

type Known = Pick<LedgerEntry | LedgerCell, "region" | "volumeSizeGb" | "generation" | "volumes">;

/** The generation a line asks for, when it asks for a new volume. */
function requestedGeneration(request: VolumeRequest): number | undefined {
  if (request.restore) return request.restore.generation ?? 1;
  if (request.move?.data === "fork") return request.move.generation ?? 1;
  return undefined;
}

/**
 * The volumes of cell `unit` after this deploy, from its request and what the ledger knows.
 * A request for the generation after the ledger's current one is pending; one for the current
 * generation is done (a stale line, or a rerun after the ledger was synced).
 */
export function cellVolumes(unit: string, request: VolumeRequest, known: Known | undefined): CellVolumes {
  if (!known) return FIRST_VOLUME;
  const current = known.generation ?? 0;
  const releasing = new Set(request.releaseVolumes ?? []);
  const older = (known.volumes ?? []).filter((v) => v.state === "kept");
  const asKept = (v: { generation: number; region: string; volumeSizeGb: number }): KeptVolume => ({
    generation: v.generation,
    name: volumeNameFor(unit, v.generation),
    region: v.region,
    volumeSizeGb: v.volumeSizeGb,
  });
  const kept = older.filter((v) => !releasing.has(v.generation)).map(asKept);
  const released = older.filter((v) => releasing.has(v.generation)).map(asKept);
  const wanted = requestedGeneration(request);
  if (wanted !== current + 1) return { generation: current, kept, released };
  const from = asKept({ generation: current, region: known.region, volumeSizeGb: known.volumeSizeGb });
  const source = request.restore ? { kind: "snapshot" as const, snapshot: request.restore.snapshot } : { kind: "fork" as const };
  return { generation: wanted, kept: [...kept, from], released, recovery: { generation: wanted, source, from } };
}

/** What a tenant line or shared cell declaration is, for messages. */
interface Subject {
  readonly subject: string;
  /** Prefix of the fields (`""` for a line, `sharedCells.<id>.` for a cell). */
  readonly prefix: string;
}

/** Problems of a request against the ledger's record of the cell's volumes. */
function requestProblems(request: VolumeRequest, known: Known | undefined, ledger: TenantLedger | undefined, at: Subject, problems: ProblemList): void {
  const theLedger = ledgerName(ledger);
  const field = request.restore ? `${at.prefix}restore` : `${at.prefix}move`;
  const wanted = requestedGeneration(request);
  if (wanted !== undefined) {
    if (!ledger) {
      problems.add(at.subject, field, 'nothing confirms which volume is deployed: a restore or a move with data needs the fleet\'s ledger (see README, "Recovering a tenant")');
    } else if (!known) {
      problems.add(at.subject, field, `${theLedger} has no deployed volume for it, so there is nothing to copy: drop ${quote(field.slice(at.prefix.length))}`);
    } else {
      const current = known.generation ?? 0;
      if (wanted !== current && wanted !== current + 1) {
        problems.add(
          at.subject,
          `${field}.generation`,
          `is ${wanted}, but ${theLedger} has volume generation ${current} current: the next restore or move with data is generation ${current + 1}` +
            (wanted < current ? `; this request is done, remove it` : ""),
        );
      }
    }
  }
  if (request.restore && request.move?.data === "fork") {
    problems.add(at.subject, `${at.prefix}restore`, 'and move with data "fork" both ask for a new volume: make one per deploy');
  }
  const current = known?.generation ?? 0;
  const pending = wanted !== undefined && wanted === current + 1;
  for (const [i, generation] of (request.releaseVolumes ?? []).entries()) {
    const where = `${at.prefix}releaseVolumes[${i}]`;
    const volume = known?.volumes?.find((v) => v.generation === generation);
    if (!known) {
      problems.add(at.subject, where, `${theLedger} has no deployed volumes for it: there is nothing to release`);
    } else if (generation === current) {
      problems.add(
        at.subject,
        where,
        pending
          ? `is generation ${generation}, the volume this deploy copies from: it is kept by this deploy; release it in a later one, once the new volume is checked`
          : `is generation ${generation}, the volume the machine mounts: only a kept older volume can be released`,
      );
    } else if (!volume) {
      problems.add(at.subject, where, `${theLedger} has no volume generation ${generation} for it (kept: ${keptList(known)})`);
    }
  }
}

const keptList = (known: Known) => (known.volumes ?? []).filter((v) => v.state === "kept").map((v) => v.generation).join(", ") || "none";

/**
 * Every problem with the fleet's restores, moves with data and releases of kept volumes: each
 * needs the ledger's record, asks for the next generation, and releases only a kept volume.
 * A restore is the whole cell's, so a tenant in a shared cell cannot ask for one.
 */
export function collectGenerationProblems(
  ledger: TenantLedger | undefined,
  lines: readonly TenantSpec[],
  settings: ResolvedFleetSettings,
  problems: ProblemList,
): void {
  for (const line of lines) {
    const at = { subject: `tenant ${quote(line.id)}`, prefix: "" };
    const known = ownValue(ledger?.tenants, line.id);
    if (line.cell !== undefined && (line.restore || line.releaseVolumes)) {
      problems.add(
        at.subject,
        line.restore ? "restore" : "releaseVolumes",
        `lives in shared cell ${quote(line.cell)}, whose one volume holds every tenant in it: restoring it brings every one of them back ` +
          `to the snapshot's time. To do that, set it on the cell (sharedCells.${line.cell}.restore); to restore this tenant alone, ` +
          "copy its directory from a snapshot restored under another tenant id",
      );
      continue;
    }
    if (line.move?.data === "fork") {
      if (line.move.fromCell !== undefined) problems.add(at.subject, "move.fromCell", 'a move between cells cannot fork the volume: "fork" copies a dedicated cell\'s volume to another region');
      if (line.move.from === undefined) problems.add(at.subject, "move.from", 'is required with data "fork": the region the volume is copied from');
    }
    if (line.restore && line.move?.data !== "fork" && line.move?.from !== undefined) {
      problems.add(at.subject, "restore", "restores in the tenant's region only: to carry the data to another region, use move with data \"fork\"");
    }
    // A done request left on the line asks for nothing: only a pending one needs a machine to mount its volume.
    const pending = requestedGeneration(line) !== undefined && requestedGeneration(line) === (known?.generation ?? 0) + 1;
    if (pending && (line.status ?? "active") !== "active") {
      problems.add(at.subject, line.restore ? "restore" : "move", `needs an active tenant (this one is ${quote(line.status ?? "")}): its new volume is made for a machine to mount`);
    }
    if (known?.status === "released" && (line.restore || line.releaseVolumes)) continue; // the ledger's release rules speak
    requestProblems(line, known, ledger, at, problems);
  }
  for (const [id, cell] of Object.entries(settings.sharedCells)) {
    const at = { subject: "fleet", prefix: `sharedCells.${id}.` };
    if (cell.restore && cell.status === "released") problems.add(at.subject, `${at.prefix}restore`, "the cell is released: there is no volume to restore onto");
    requestProblems(cell, ownValue(ledger?.cells, id), ledger, at, problems);
  }
}
