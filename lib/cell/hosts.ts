// Host patterns as nginx's `map … { hostnames; }` reads them: `app.example.com` names one host,
// `*.example.com` every name at any depth below example.com (not example.com itself).
// Pure and dependency-free: the router renderer, the middleware and plan-time checks share it.

const LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
const HOST_PATTERN = new RegExp(`^(\\*\\.)?${LABEL}(\\.${LABEL})+$`);

/**
 * Whether `pattern` is a lowercase hostname of two labels or more, alone or under `*.`, with no
 * trailing dot: safe to write into a config, and never spelled like an nginx map parameter.
 */
export function isHostPattern(pattern: string): boolean {
  return pattern.length <= 253 && HOST_PATTERN.test(pattern);
}

/** The name a pattern is rooted at: `*.x.com` → `x.com`, `a.x.com` → `a.x.com`. */
const baseOf = (pattern: string): string => (pattern.startsWith("*.") ? pattern.slice(2) : pattern);

/**
 * Whether `pattern` matches `host`, a name already read as nginx reads `$host` (lowercase, no
 * port, no trailing dot; see `readHostHeader`). `*.x.com` matches any name ending in `.x.com`.
 */
export function hostMatches(pattern: string, host: string): boolean {
  return pattern.startsWith("*.") ? host.endsWith(pattern.slice(1)) : pattern === host;
}

/** Whether wildcard `wild` matches every name `other` matches (`other` lies below it). */
function covers(wild: string, other: string): boolean {
  return wild.startsWith("*.") && baseOf(other).endsWith(wild.slice(1));
}

/**
 * Whether some hostname matches both patterns. Patterns are hostnames or `*.` wildcards as in
 * the routing table; case is ignored. `*.globex.com` overlaps itself, `app.globex.com`,
 * `a.b.globex.com` and `*.x.globex.com`, but not `globex.com` nor `*.other.com`.
 */
export function hostPatternsOverlap(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || covers(x, y) || covers(y, x);
}

/** Two tenants' patterns that some hostname matches both of. `tenants[0] < tenants[1]`. */
export interface HostOverlap {
  readonly tenants: readonly [string, string];
  readonly hosts: readonly [string, string];
}

/**
 * Every pair of host patterns of different tenants that overlap (a tenant's own patterns may).
 * Takes the hosts by tenant id, e.g. a routing table's `tenants` mapped to their `hosts`. Runs
 * in time linear in the number of patterns times their depth: each pattern is looked up, and
 * so is `*.` plus each domain above it. Sorted, each pair once.
 */
export function hostOverlaps(hostsByTenant: Readonly<Record<string, readonly string[]>>): HostOverlap[] {
  const owners = new Map<string, Set<string>>();
  for (const [tenant, hosts] of Object.entries(hostsByTenant)) {
    for (const host of hosts) {
      const key = host.toLowerCase();
      owners.set(key, (owners.get(key) ?? new Set()).add(tenant));
    }
  }
  const found = new Map<string, HostOverlap>();
  const add = (tenantA: string, hostA: string, tenantB: string, hostB: string) => {
    const pair: HostOverlap =
      tenantA < tenantB ? { tenants: [tenantA, tenantB], hosts: [hostA, hostB] } : { tenants: [tenantB, tenantA], hosts: [hostB, hostA] };
    found.set(JSON.stringify(pair), pair);
  };
  for (const [pattern, tenants] of owners) {
    const wildcards = [pattern];
    for (let rest = baseOf(pattern); rest.includes("."); ) {
      rest = rest.slice(rest.indexOf(".") + 1);
      wildcards.push(`*.${rest}`);
    }
    for (const wildcard of wildcards) {
      for (const other of owners.get(wildcard) ?? []) {
        for (const tenant of tenants) if (tenant !== other) add(tenant, pattern, other, wildcard);
      }
    }
  }
  return [...found.values()].sort((p, q) => JSON.stringify(p).localeCompare(JSON.stringify(q)));
}

/** Finds the tenant of a hostname read as nginx reads `$host`; see `hostIndex`. */
export type HostLookup = (host: string) => string | undefined;

/**
 * Indexes host patterns by tenant for lookup as nginx's `hostnames` map chooses: an exact name
 * first, then the longest matching wildcard (the first tenant listed wins a tie). Maps, so a
 * host spelled like an object property (`constructor`, `__proto__`) matches nothing. Tables
 * refuse cross-tenant overlaps; this order is defence in depth.
 */
export function hostIndex(hostsByTenant: Readonly<Record<string, { readonly hosts: readonly string[] }>>): HostLookup {
  const exact = new Map<string, string>();
  const below = new Map<string, string>(); // `*.x.com` as `x.com`
  for (const [tenant, entry] of Object.entries(hostsByTenant)) {
    for (const pattern of entry.hosts) {
      const [map, key] = pattern.startsWith("*.") ? [below, pattern.slice(2)] : [exact, pattern];
      if (!map.has(key)) map.set(key, tenant);
    }
  }
  return (host) => {
    const named = exact.get(host);
    if (named !== undefined) return named;
    // `*.x.com` matches what ends in `.x.com`: try each suffix after a dot, longest first.
    for (let dot = host.indexOf("."); dot !== -1; dot = host.indexOf(".", dot + 1)) {
      const tenant = below.get(host.slice(dot + 1));
      if (tenant !== undefined) return tenant;
    }
    return undefined;
  };
}

/** The tenant whose pattern matches `host` as nginx chooses (see `hostIndex`, which to use for many lookups). */
export function tenantForHost(hostsByTenant: Readonly<Record<string, { readonly hosts: readonly string[] }>>, host: string): string | undefined {
  return hostIndex(hostsByTenant)(host);
}
