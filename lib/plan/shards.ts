import { ShardStrategy, TenantSpec } from "../tenants/schema";

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
      return `wave-${tenant.wave ?? "none"}`;
  }
}
