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

/**
 * The shard of a cell spec: a dedicated cell goes with its tenant's line; a shared cell, and
 * every tenant in it, with the cell (by its id and region, or by its tenants' common `shard`
 * or `wave`, which plan/checks.ts holds equal).
 */
export function shardOfUnit(spec: CellSpec, lines: ReadonlyMap<string, TenantSpec>, strategy: ShardStrategy): string {
  const cell = spec.sharedCell ?? (spec.members ? spec.tenantId : undefined);
  if (cell === undefined) return shardOf(lines.get(spec.tenantId) ?? { id: spec.tenantId, region: spec.region }, strategy);
  const member = [...lines.values()].filter((line) => line.cell === cell).sort((a, b) => (a.id < b.id ? -1 : 1))[0];
  // A cell no tenant names yet is placed by its own id.
  return shardOf({ id: cell, region: spec.region, shard: member ? member.shard : cell, wave: member?.wave }, strategy);
}
