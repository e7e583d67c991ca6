import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { Volume } from "../gen/providers/fly/volume";
import { CELL_ID_PREFIX, volumeConstructId, volumeOfName } from "../plan/naming";
import { literalValue } from "./literal";

/**
 * A fleet output under its documented name. cdktf names an output nested in a construct after
 * its path plus a hash (`fleet_routing_table_9A99520E`); the README and the CLI read `cells`,
 * `routing_table` and `released_volumes`, so the name is fixed here.
 */
export function fleetOutput(scope: Construct, name: string, value: unknown, description: string): TerraformOutput {
  // Every string of every output (tenant ids as keys, images, hostnames) is written as a literal.
  const output = new TerraformOutput(scope, name, { value: literalValue(value), description });
  output.overrideLogicalId(name);
  return output;
}

/**
 * The address of a volume flycell gives a tenant's dedicated cell or a shared cell whose cells
 * live in `scope`, for one generation. A released volume's block is gone from the configuration,
 * so its address comes from the same path laid out for a moment and taken away again: the
 * stack's own naming (and any `allocateLogicalId` override) decides it, as it did for the cell.
 */
function volumeAddress(scope: Construct, unit: string, generation: number): string {
  const id = CELL_ID_PREFIX + unit;
  const volumeId = volumeConstructId(generation);
  const existing = scope.node.tryFindChild(id);
  const cell = existing ?? new Construct(scope, id);
  try {
    const volume = cell.node.tryFindChild(volumeId);
    if (volume instanceof Volume) return `${Volume.tfResourceType}.${volume.friendlyUniqueId}`;
    const placeholder = new Construct(cell, volumeId);
    try {
      return `${Volume.tfResourceType}.${TerraformStack.of(scope).getLogicalId(placeholder.node)}`;
    } finally {
      cell.node.tryRemoveChild(volumeId);
    }
  } finally {
    if (!existing) scope.node.tryRemoveChild(id);
  }
}

/** `released_volume_addresses`: each released volume (`released_volumes`) with its address, for the plan guard. */
export function releasedVolumeAddresses(scope: Construct, volumes: readonly string[]): Record<string, string> {
  const addresses = new Map<string, string>();
  for (const name of volumes) {
    const volume = volumeOfName(name);
    if (volume !== undefined) addresses.set(name, volumeAddress(scope, volume.unit, volume.generation));
  }
  // Keys are volume names (`data_…`, `g1_…`), never a key an object treats specially.
  return Object.fromEntries(addresses);
}
