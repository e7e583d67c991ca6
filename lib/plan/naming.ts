/**
 * Names of a tenant's Fly resources. They derive from the tenant id only, never from list
 * position, and they are part of the deployed state: changing a rule here renames (and for
 * volumes, replaces) every cell, so these rules must not change.
 */

export const VOLUME_NAME_PREFIX = "data_";

/**
 * Volume names allow letters, digits and underscores only; ids never contain underscores, so this
 * is one-to-one. A cell's first volume is `data_<id>`; a later generation (a restore, a move with
 * data) is `g<k>_<id>`, which fits Fly's 30 characters for every id that fits `data_`.
 */
export function volumeNameFor(tenantId: string, generation = 0): string {
  return (generation === 0 ? VOLUME_NAME_PREFIX : `g${generation}_`) + tenantId.replace(/-/g, "_");
}

const GENERATION_NAME = /^g([1-9][0-9]?)_(.+)$/;

/** The tenant or shared cell and generation of a flycell volume name (`volumeNameFor` backwards), or undefined. */
export function volumeOfName(name: string): { readonly unit: string; readonly generation: number } | undefined {
  if (name.startsWith(VOLUME_NAME_PREFIX)) return { unit: name.slice(VOLUME_NAME_PREFIX.length).replace(/_/g, "-"), generation: 0 };
  const later = GENERATION_NAME.exec(name);
  return later ? { unit: later[2].replace(/_/g, "-"), generation: Number(later[1]) } : undefined;
}

/** The tenant or shared cell a flycell volume name belongs to, or undefined. */
export function unitOfVolumeName(name: string): string | undefined {
  return volumeOfName(name)?.unit;
}

/** Construct ids in a cell: a generation's volume and the machine that mounts it (a new volume needs a new machine). */
export function volumeConstructId(generation: number): string {
  return generation === 0 ? "volume" : `volume-g${generation}`;
}
export function machineConstructId(generation: number): string {
  return generation === 0 ? "machine" : `machine-g${generation}`;
}

/** The Terraform variable `flycell recover` fills with the volume it made through the Machines API. */
export function recoveredVolumeVariable(unit: string, generation: number): string {
  return `flycell_volume_${unit}_g${generation}`;
}
/** The local each stack's JSON lists the volumes to make before planning in (read by `flycell recover`). */
export const RECOVERIES_LOCAL = "flycell_recoveries";
/** The file `flycell recover` writes in a stack's directory; Terraform reads `*.auto.tfvars.json` by itself. */
export const RECOVERED_TFVARS_FILE = "flycell-recovered.auto.tfvars.json";

/** The machine is named after its tenant (unique within an app). */
export function machineNameFor(tenantId: string): string {
  return tenantId;
}

/** The fleet monitor's app, and the address cells send heartbeats to (flycast: through the Fly Proxy, private). */
export function monitorAppNameFor(appName: string): string {
  return `${appName}-monitor`;
}
export const MONITOR_PORT = 8080;
export function monitorUrlFor(appName: string): string {
  return `http://${monitorAppNameFor(appName)}.flycast:${MONITOR_PORT}`;
}

/** In app-per-cell fleets, each cell's app; in both topologies, the cell's fleet-wide name. */
export function cellAppNameFor(appName: string, tenantId: string): string {
  return `${appName}-${tenantId}`;
}

/**
 * Names of a fleet's Terraform outputs, the same in single and sharded stacks, read with
 * `terraform output -json <name>`: a public contract, like resource addresses.
 * `released_volumes` lists the volumes a plan may destroy; the plan guard looks for it.
 */
export const CELLS_OUTPUT = "cells";
export const ROUTING_TABLE_OUTPUT = "routing_table";
export const RELEASED_VOLUMES_OUTPUT = "released_volumes";
/** Each released volume's resource address (`{ "data_globex": "fly_volume.fleet_cell-globex_volume_…" }`): the guard lets a volume go only there. */
export const RELEASED_VOLUME_ADDRESSES_OUTPUT = "released_volume_addresses";
/** Only in fleets with shared cells: each cell's machine, volume and tenants. */
export const SHARED_CELLS_OUTPUT = "shared_cells";

/** Id prefix of each cell's construct; the rest is the tenant id, so list order never matters. */
export const CELL_ID_PREFIX = "cell-";
