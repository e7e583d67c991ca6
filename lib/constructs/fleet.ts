import { Fn, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { allocateAddresses } from "./addresses";
import { Cell } from "./cell";
import { App as FlyApp } from "../gen/providers/fly/app";
import { Ip } from "../gen/providers/fly/ip";
import { Secret } from "../gen/providers/fly/secret";
import { secretVariable, secretVariableName, setSecrets } from "./secrets";
import { TenantLedger } from "../plan/ledger";
import {
  CELL_ID_PREFIX,
  CELLS_OUTPUT,
  monitorAppNameFor,
  RELEASED_VOLUME_ADDRESSES_OUTPUT,
  RELEASED_VOLUMES_OUTPUT,
  ROUTING_TABLE_OUTPUT,
  SHARED_CELLS_OUTPUT,
} from "../plan/naming";
import { releasedVolumesOf, unitsOf } from "../plan/units";
import { fleetOutput, releasedVolumeAddresses } from "./outputs";
import { addRecoveryManifest } from "./recoveries";
import { CellSpec, FleetPlan, planFleet, SharedCellMembers } from "../plan/plan";
import { addStateBackend } from "./state-backend";
import { suspendTokenStackTraces } from "./stack-traces";
import { Monitor } from "./monitor";
import { Router } from "./router";
import { MONITOR_SECRET_ENV } from "../monitor/expected";
import { expectedCellsOf } from "../plan/monitoring";
import { buildRoutingTable, RoutingTable } from "../routing/table";
import { FleetInput, TenantStatus } from "../tenants/schema";

/**
 * A fleet's props: its settings, tenant list and routing (all data, judged by one validation
 * pass before anything is created, see `planFleet`), plus the ledger and an extension hook.
 */
export interface CellFleetProps extends Omit<FleetInput, "sharding"> {
  /**
   * The tenants deployed so far (see `nextLedger`): the fleet refuses a list that drops a
   * known tenant, moves one to another region or shrinks its volume, and only the ledger can
   * confirm a region move or a release. Keep it committed.
   * @default no ledger: removals are caught only by the plan guard; moves and releases are refused
   */
  readonly ledger?: TenantLedger;
  /**
   * Called with every active cell once it exists: the extension point for per-cell additions
   * such as a backup machine that copies the cell's database elsewhere (see README, Backups).
   * @default none
   */
  readonly extendCell?: (cell: Cell) => void;
}

export const CELLS_DESCRIPTION = "Per tenant: status, machine id, volume id and size, region, hostnames, shared cell, app and image";
export const RELEASED_DESCRIPTION = "Volumes of released tenants: the only volumes a plan may destroy (see flycell guard)";
export const RELEASED_ADDRESSES_DESCRIPTION = "Each released volume's resource address: the guard lets a volume go only at its own address";
export const SHARED_CELLS_DESCRIPTION = "Per shared cell: machine id, volume id and size, region and its tenants by status";
export const ROUTING_TABLE_DESCRIPTION = "The routing table (`terraform output -json routing_table`), machine ids filled in at apply";

/** What the `cells` output holds for each tenant. */
export interface CellOutput {
  readonly status: TenantStatus;
  /** Absent once decommissioned. */
  readonly machine_id?: string;
  readonly volume_id: string;
  /** Read by `flycell ledger sync`, so the ledger knows the deployed size. */
  readonly volume_size_gb: number;
  readonly region: string;
  readonly hostnames: readonly string[];
  /** The shared cell the tenant lives in; absent for a dedicated cell. */
  readonly cell?: string;
  /**
   * A consented start-empty move, for the deploy that carries it: the region and/or cell the
   * tenant leaves. The plan guard refuses a tenant whose region or cell changes without it.
   */
  readonly move?: { readonly from_region?: string; readonly from_cell?: string };
  /** The app the cell's machine runs in, and the image it is declared to run (read by `flycell status`). */
  readonly app: string;
  readonly image: string;
  /** The Terraform stack whose state holds the cell: the ledger records it, and it cannot change. */
  readonly stack: string;
  /** The volume generations, once a cell has had a restore or a move with data (see `VolumeGenerationsOutput`). */
  readonly volumes?: VolumeGenerationsOutput;
}

/**
 * A cell's volume generations: the current one, the older volumes kept until released, and the
 * recovery this deploy carries out (what `flycell recover` made), for the summary and the ledger.
 */
export interface VolumeGenerationsOutput {
  readonly generation: number;
  readonly kept: readonly { readonly generation: number; readonly volume_id: string; readonly region: string; readonly volume_size_gb: number }[];
  readonly recovery?: {
    readonly generation: number;
    readonly kind: string;
    readonly volume_id: string;
    readonly snapshot: string;
    readonly taken_at: string;
    readonly size_bytes: number;
    /** The volume the data came from, kept. */
    readonly from_volume_id: string;
  };
}

/** The `volumes` field of a cell's output entry; undefined for a cell on its first volume with nothing kept. */
export function volumeGenerationsOf(spec: CellSpec, cell: Cell): VolumeGenerationsOutput | undefined {
  const { volumes } = spec;
  if (volumes.generation === 0 && volumes.kept.length === 0) return undefined;
  const kept = volumes.kept.map((v, i) => ({ generation: v.generation, volume_id: cell.keptVolumes[i].id, region: v.region, volume_size_gb: v.volumeSizeGb }));
  const made = cell.recoveredVolume?.value;
  const field = (name: string) => Fn.lookup(made, name);
  const from = volumes.recovery ? kept.find((v) => v.generation === volumes.recovery?.from.generation) : undefined;
  return {
    generation: volumes.generation,
    kept,
    ...(volumes.recovery && made !== undefined
      ? {
          recovery: {
            generation: volumes.recovery.generation,
            kind: volumes.recovery.source.kind,
            volume_id: field("volume"),
            snapshot: field("snapshot"),
            taken_at: field("taken_at"),
            size_bytes: Fn.lookup(made, "size_bytes") as unknown as number,
            from_volume_id: from?.volume_id ?? "",
          },
        }
      : {}),
  };
}

/** What the `shared_cells` output holds for each shared cell. */
export interface SharedCellOutput {
  readonly machine_id?: string;
  readonly volume_id: string;
  readonly volume_size_gb: number;
  readonly region: string;
  readonly tenants: SharedCellMembers;
  /** The Terraform stack whose state holds the cell, as in `cells`. */
  readonly stack: string;
  /** As in `cells`. */
  readonly volumes?: VolumeGenerationsOutput;
}

/** `{ [key]: value }`, or nothing when value is undefined: outputs keep the shape they had for cells without it. */
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** A line's move as the `cells` output records it (snake case, as its other fields). */
function movedFrom(move: NonNullable<CellSpec["move"]>): NonNullable<CellOutput["move"]> {
  return { ...(move.from === undefined ? {} : { from_region: move.from }), ...(move.fromCell === undefined ? {} : { from_cell: move.fromCell }) };
}

/** The `cells` and `shared_cells` outputs' entries, from the plan, the cells built (by tenant id) and the stack holding them. */
export function cellOutputs(
  plan: FleetPlan,
  cells: ReadonlyMap<string, Cell>,
  stack: string,
): { cells: Record<string, CellOutput>; sharedCells: Record<string, SharedCellOutput> } {
  const tenants: Record<string, CellOutput> = {};
  const sharedImage = new Map(plan.sharedCells.map((cell) => [cell.tenantId, cell.image]));
  for (const spec of plan.cells) {
    const cell = cells.get(spec.tenantId);
    if (!cell || spec.status === "released") continue;
    tenants[spec.tenantId] = {
      status: spec.status,
      machine_id: spec.status === "active" ? cell.machineId : undefined,
      volume_id: cell.volumeId,
      volume_size_gb: cell.volumeSizeGb,
      region: spec.region,
      hostnames: spec.hostnames,
      ...(spec.sharedCell === undefined ? {} : { cell: spec.sharedCell }),
      ...(spec.move ? { move: movedFrom(spec.move) } : {}),
      app: spec.appName,
      image: spec.sharedCell === undefined ? spec.image : (sharedImage.get(spec.sharedCell) ?? spec.image),
      stack,
      ...(spec.sharedCell === undefined ? optional("volumes", volumeGenerationsOf(spec, cell)) : {}),
    };
  }
  const shared: Record<string, SharedCellOutput> = {};
  for (const spec of plan.sharedCells) {
    const cell = cells.get(spec.tenantId);
    if (!cell || !spec.members) continue;
    shared[spec.tenantId] = {
      machine_id: cell.machineId,
      volume_id: cell.volumeId,
      volume_size_gb: cell.volumeSizeGb,
      region: spec.region,
      tenants: spec.members,
      stack,
      ...optional("volumes", volumeGenerationsOf(spec, cell)),
    };
  }
  return { cells: tenants, sharedCells: shared };
}

/**
 * A fleet of cells from a tenant list: the Fly app (or one app per cell), its addresses, one
 * `Cell` per tenant and a `cells` output mapping tenant id → machine, volume, region and
 * hostnames. The settings and the list are validated before anything is created; an invalid
 * input throws one `FlycellValidationError` listing every problem.
 */
export class CellFleet extends Construct {
  public readonly plan: FleetPlan;
  /** The shared app; undefined in the app-per-cell topology. */
  public readonly app?: FlyApp;
  /** The fleet's secrets on the shared app; empty in app-per-cell (each cell app has its own copies). */
  public readonly secrets: readonly Secret[];
  /** The shared app's addresses; empty in the app-per-cell topology (each cell has its own). */
  public readonly addresses: readonly Ip[];
  /** Cells by tenant id. */
  public readonly cells: ReadonlyMap<string, Cell>;
  public readonly cellsOutput: TerraformOutput;
  /** `released_volumes`: names of the volumes released tenants let go. */
  public readonly releasedVolumesOutput: TerraformOutput;
  /** The routing table of the active tenants; machine ids are Terraform references. */
  public readonly routingTable: RoutingTable;
  /** `routing_table`: the table, read as JSON with `terraform output -json routing_table`. */
  public readonly routingTableOutput: TerraformOutput;
  /** The nginx router, when `routing.router` is set. */
  public readonly router?: Router;
  /** The fleet's monitor, when `monitor` is set. */
  public readonly monitor?: Monitor;

  constructor(scope: Construct, id: string, props: CellFleetProps) {
    const { ledger, extendCell, ...input } = props;
    // The ledger records each cell's stack: a deployed one must stay in it.
    const stack = TerraformStack.of(scope).node.id;
    const plan = planFleet(input, { ledger, functions: { extendCell }, stack });
    const router = plan.routing.router;
    super(scope, id);
    const state = plan.stateLocations?.get(stack);
    if (state) addStateBackend(TerraformStack.of(scope), state);
    // Tokens created from here on skip cdktf's stack traces (see stack-traces.ts).
    const resumeStackTraces = suspendTokenStackTraces();
    try {
      this.plan = plan;
      const { settings } = plan;

      const fleetSecretValue = (name: string) => secretVariable(this, secretVariableName(name)).stringValue;
      const fleetSecretValues = new Map(Object.keys(settings.secrets).map((name) => [name, fleetSecretValue(name)]));
      if (settings.topology === "shared-app") {
        this.app = new FlyApp(this, "app", { name: settings.appName, org: settings.org });
        this.addresses = allocateAddresses(this, this.app, settings.addresses);
        this.secrets = setSecrets(this, this.app, settings.secrets, (name) => fleetSecretValues.get(name) ?? "");
      } else {
        this.addresses = [];
        this.secrets = [];
      }

      // Cells by tenant id: a tenant in a shared cell maps to that cell.
      const cells = new Map<string, Cell>();
      for (const spec of unitsOf(plan)) {
        // In app-per-cell, every cell app gets the fleet's secrets and its tenant's (which win on a name clash).
        const tenantSecretValues = new Map(
          Object.keys(spec.secrets).map((name) => [name, secretVariable(this, secretVariableName(name, spec.tenantId)).stringValue]),
        );
        const cell = new Cell(this, CELL_ID_PREFIX + spec.tenantId, {
          spec,
          app: this.app,
          certificates: router === undefined,
          appSecrets: this.secrets,
          secrets: spec.ownApp ? { ...settings.secrets, ...spec.secrets } : spec.secrets,
          secretValues: (name) => tenantSecretValues.get(name) ?? fleetSecretValues.get(name) ?? "",
          extend: extendCell,
        });
        cells.set(spec.tenantId, cell);
        for (const tenant of spec.members ? [...spec.members.active, ...spec.members.decommissioned] : []) cells.set(tenant, cell);
      }
      this.cells = cells;

      const { cells: outputs, sharedCells } = cellOutputs(plan, cells, stack);
      this.cellsOutput = fleetOutput(this, CELLS_OUTPUT, outputs, CELLS_DESCRIPTION);
      if (plan.sharedCells.length > 0) fleetOutput(this, SHARED_CELLS_OUTPUT, sharedCells, SHARED_CELLS_DESCRIPTION);

      // Released volumes are the only ones the plan guard lets Terraform destroy.
      const released = releasedVolumesOf(plan);
      this.releasedVolumesOutput = fleetOutput(this, RELEASED_VOLUMES_OUTPUT, released, RELEASED_DESCRIPTION);
      fleetOutput(this, RELEASED_VOLUME_ADDRESSES_OUTPUT, releasedVolumeAddresses(this, released), RELEASED_ADDRESSES_DESCRIPTION);
      addRecoveryManifest(this, unitsOf(plan));

      this.routingTable = buildRoutingTable(plan, (tenantId) => cells.get(tenantId)?.machineId ?? "");
      this.routingTableOutput = fleetOutput(this, ROUTING_TABLE_OUTPUT, this.routingTable, ROUTING_TABLE_DESCRIPTION);
      if (settings.monitor) {
        this.monitor = new Monitor(this, "monitor", {
          settings: settings.monitor,
          appName: monitorAppNameFor(settings.appName),
          org: settings.org,
          expected: expectedCellsOf(plan, (cellId) => ({ machine: cells.get(cellId)?.machineId ?? "", volume: cells.get(cellId)?.volumeId ?? "" })),
          heartbeatKey: fleetSecretValues.get(MONITOR_SECRET_ENV) ?? "",
        });
      }
      if (router) {
        this.router = new Router(this, "router", {
          ...router,
          appName: `${plan.settings.appName}-router`,
          org: plan.settings.org,
          table: this.routingTable,
          hostnames: plan.cells.filter((cell) => cell.status === "active").flatMap((cell) => cell.hostnames),
        });
      }
    } finally {
      resumeStackTraces();
    }
  }
}
