import { TerraformLocal, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { CellSpec } from "../plan/plan";
import { recoveredVolumeVariable, RECOVERIES_LOCAL } from "../plan/naming";
import { literalValue } from "./literal";

/** One volume `flycell recover` makes before Terraform plans (the shape it reads back). */
export interface RecoveryManifestEntry {
  readonly owner: string;
  readonly kind: "tenant" | "cell";
  readonly generation: number;
  readonly app: string;
  readonly variable: string;
  readonly volume: {
    readonly name: string;
    readonly region: string;
    readonly size_gb: number;
    readonly encrypted: boolean;
    readonly require_unique_zone: boolean;
    readonly auto_backup_enabled: boolean;
    readonly snapshot_retention: number;
    readonly compute: { readonly cpu_kind: string; readonly cpus: number; readonly memory_mb: number };
  };
  readonly source:
    | { readonly from_volume_name: string; readonly snapshot: string }
    | { readonly from_volume_name: string; readonly fork: true; readonly stop_machine_name: string };
}

/** The manifest entry of a cell whose line asks for a new volume, or undefined. */
export function recoveryEntryOf(spec: CellSpec): RecoveryManifestEntry | undefined {
  const { recovery } = spec.volumes;
  if (!recovery) return undefined;
  const from = recovery.from.name;
  return {
    owner: spec.tenantId,
    kind: spec.members ? "cell" : "tenant",
    generation: recovery.generation,
    app: spec.appName,
    variable: recoveredVolumeVariable(spec.tenantId, recovery.generation),
    // What the Volume construct declares, so the import plans no change (cell.ts sets the same).
    volume: {
      name: spec.volumeName,
      region: spec.region,
      size_gb: spec.volumeSizeGb,
      encrypted: true,
      require_unique_zone: true,
      auto_backup_enabled: spec.autoBackupEnabled,
      snapshot_retention: spec.snapshotRetentionDays,
      compute: { cpu_kind: spec.guest.cpuKind, cpus: spec.guest.cpus, memory_mb: spec.guest.memoryMb },
    },
    source:
      recovery.source.kind === "fork"
        ? { from_volume_name: from, fork: true, stop_machine_name: spec.machineName }
        : { from_volume_name: from, snapshot: recovery.source.snapshot },
  };
}

/**
 * `locals.flycell_recoveries` in the stack's JSON: the volumes to make through the Machines API
 * before this stack is planned. Terraform ignores the local; `flycell recover` reads it.
 */
export function addRecoveryManifest(scope: Construct, specs: readonly CellSpec[]): void {
  const entries = specs.flatMap((spec) => recoveryEntryOf(spec) ?? []);
  if (entries.length === 0) return;
  const local = new TerraformLocal(TerraformStack.of(scope), RECOVERIES_LOCAL, literalValue(entries));
  local.overrideLogicalId(RECOVERIES_LOCAL);
}
