import * as path from "node:path";
import { isSlug } from "./slug";

// The environment flycell sets on a cell's machine. A dedicated cell gets its tenant's id; a
// shared cell its own id and its tenants by status, each list comma-separated, sorted, maybe empty.

export const TENANT_ID_ENV = "FLYCELL_TENANT_ID";
export const DATA_DIR_ENV = "FLYCELL_DATA_DIR";
export const CELL_ID_ENV = "FLYCELL_CELL_ID";
export const TENANTS_ENV = "FLYCELL_TENANTS";
export const DECOMMISSIONED_TENANTS_ENV = "FLYCELL_TENANTS_DECOMMISSIONED";
export const RELEASED_TENANTS_ENV = "FLYCELL_TENANTS_RELEASED";

export type CellEnv = Readonly<Record<string, string | undefined>>;

/** The tenants of the cell a machine runs, by status. */
export interface CellTenants {
  /** The shared cell's id; a dedicated cell's is its tenant's id. */
  readonly cellId: string;
  /** Whether the cell is shared: then each tenant's data lives under `tenantDataDir`. */
  readonly shared: boolean;
  /** The tenants the cell serves. */
  readonly active: readonly string[];
  /** Tenants gone from the cell whose data is kept (e.g. to archive it). */
  readonly decommissioned: readonly string[];
  /** Tenants gone from the cell whose data may be deleted. */
  readonly released: readonly string[];
}

/** A comma-separated list of tenant ids; throws naming the variable for an id that is not a slug. */
function tenantList(env: CellEnv, name: string): string[] {
  const ids = (env[name] ?? "").split(",").map((id) => id.trim()).filter((id) => id !== "");
  const bad = ids.find((id) => !isSlug(id));
  if (bad !== undefined) throw new Error(`cellTenants: ${name} holds ${JSON.stringify(bad)}: tenant ids are lowercase letters, digits and single hyphens`);
  return [...new Set(ids)];
}

/**
 * Reads the cell's tenants from the environment flycell sets: a shared cell's when
 * `FLYCELL_TENANTS` is set (even empty), else a dedicated cell's `FLYCELL_TENANT_ID`. Throws
 * when neither is set, for an id that is not a slug, and for a tenant in two lists, so that an
 * app never deletes the data of a tenant it also serves.
 */
export function cellTenants(env: CellEnv = process.env): CellTenants {
  if (env[TENANTS_ENV] === undefined) {
    const tenant = env[TENANT_ID_ENV];
    if (tenant === undefined) throw new Error(`cellTenants: not a flycell cell: set ${TENANT_ID_ENV} (a dedicated cell) or ${TENANTS_ENV} (a shared one)`);
    if (!isSlug(tenant)) throw new Error(`cellTenants: ${TENANT_ID_ENV} is ${JSON.stringify(tenant)}: tenant ids are slugs`);
    return { cellId: tenant, shared: false, active: [tenant], decommissioned: [], released: [] };
  }
  const cellId = env[CELL_ID_ENV];
  if (!isSlug(cellId)) throw new Error(`cellTenants: ${CELL_ID_ENV} is ${JSON.stringify(cellId)}: a shared cell's id is a slug`);
  const lists = [TENANTS_ENV, DECOMMISSIONED_TENANTS_ENV, RELEASED_TENANTS_ENV];
  const [active, decommissioned, released] = lists.map((name) => tenantList(env, name));
  const seen = new Set<string>();
  for (const id of [...active, ...decommissioned, ...released]) {
    if (seen.has(id)) throw new Error(`cellTenants: tenant ${JSON.stringify(id)} is in two of ${lists.join(", ")}`);
    seen.add(id);
  }
  return { cellId, shared: true, active, decommissioned, released };
}

/** `<FLYCELL_DATA_DIR>/<tenant id>`: a tenant's data in a shared cell. Refuses an id that is not a slug, so no path escapes. */
export function tenantDataDir(tenantId: string, env: CellEnv = process.env): string {
  if (!isSlug(tenantId)) throw new Error(`tenantDataDir: tenant id ${JSON.stringify(tenantId)} is not a slug`);
  const dir = env[DATA_DIR_ENV];
  if (!dir || !path.posix.isAbsolute(dir)) throw new Error(`tenantDataDir: ${DATA_DIR_ENV} is ${JSON.stringify(dir)}: must be an absolute path`);
  return path.posix.join(dir, tenantId);
}
