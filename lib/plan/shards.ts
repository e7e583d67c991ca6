import { NO_WAVE, ShardStrategy, TenantSpec } from "../tenants/schema";
import type { CellSpec } from "./plan";

export type { ShardStrategy };

/** FNV-1a, 32 bit: tiny, stable across Node versions and platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The shard a tenant belongs to; a pure function of its line, never of the list. */
export function shardOf(tenant: TenantSpec, strategy: ShardStrategy): string {
  switch (strategy.by) {
    case "hash": {
      const width = String(strategy.count - 1).length;
      return `shard-${String(fnv1a(tenant.id) % strategy.count).padStart(width, "0")}`;
    }
    case "region":
      return `region-${tenant.region}`;
    case "field":
      return `shard-${tenant.shard ?? ""}`;
    case "wave":
      return `wave-${tenant.wave ?? NO_WAVE}`;
  }
}

// Each shared cell's first tenant by id, per line map: read once, not once per cell spec.
const firstMembers = new WeakMap<ReadonlyMap<string, TenantSpec>, Map<string, TenantSpec>>();

function firstMemberOf(lines: ReadonlyMap<string, TenantSpec>, cell: string): TenantSpec | undefined {
  let index = firstMembers.get(lines);
  if (!index) {
    index = new Map();
    for (const line of lines.values()) {
      if (line.cell === undefined) continue;
      const first = index.get(line.cell);
      if (!first || line.id < first.id) index.set(line.cell, line);
    }
    firstMembers.set(lines, index);
  }
  return index.get(cell);
}

/**
 * The shard of a cell spec: a dedicated cell goes with its tenant's line; a shared cell, and
 * every tenant in it, with the cell (by its id and region, or by its tenants' common `shard`
 * or `wave`, which plan/checks.ts holds equal).
 */
export function shardOfUnit(spec: CellSpec, lines: ReadonlyMap<string, TenantSpec>, strategy: ShardStrategy): string {
  const cell = spec.sharedCell ?? (spec.members ? spec.tenantId : undefined);
  if (cell === undefined) return shardOf(lines.get(spec.tenantId) ?? { id: spec.tenantId, region: spec.region }, strategy);
  return shardOfSharedCell(cell, spec.region, lines, strategy);
}

/** The shard of shared cell `cell` (in `region`), as `shardOfUnit` places it and its tenants. */
export function shardOfSharedCell(cell: string, region: string, lines: ReadonlyMap<string, TenantSpec>, strategy: ShardStrategy): string {
  const member = firstMemberOf(lines, cell);
  // A cell no tenant names yet is placed by its own id.
  return shardOf({ id: cell, region, shard: member ? member.shard : cell, wave: member?.wave }, strategy);
}
