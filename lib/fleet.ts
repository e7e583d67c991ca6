import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { allocateAddresses } from "./addresses";
import { Cell } from "./cell";
import { App as FlyApp } from "./gen/providers/fly/app";
import { Ip } from "./gen/providers/fly/ip";
import { FleetPlan, planFleet } from "./plan/plan";
import { FleetSettings } from "./plan/settings";
import { TenantSpec } from "./tenants/spec";

export interface CellFleetProps extends FleetSettings {
  /** The tenant list: one line per tenant, one cell each. Order does not matter. */
  readonly tenants: readonly TenantSpec[];
}

/** What the `cells` output holds for each tenant. */
export interface CellOutput {
  readonly app: string;
  readonly machine_id: string;
  readonly volume_id: string;
  readonly region: string;
  readonly hostnames: readonly string[];
}

/** Id prefix of each cell's construct; the rest is the tenant id, so list order never matters. */
export const CELL_ID_PREFIX = "cell-";

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
  /** The shared app's addresses; empty in the app-per-cell topology (each cell has its own). */
  public readonly addresses: readonly Ip[];
  /** Cells by tenant id. */
  public readonly cells: ReadonlyMap<string, Cell>;
  public readonly cellsOutput: TerraformOutput;

  constructor(scope: Construct, id: string, props: CellFleetProps) {
    const plan = planFleet(props, props.tenants);
    super(scope, id);
    this.plan = plan;
    const { settings } = plan;

    if (settings.topology === "shared-app") {
      this.app = new FlyApp(this, "app", { name: settings.appName, org: settings.org });
      this.addresses = allocateAddresses(this, this.app, settings.addresses);
    } else {
      this.addresses = [];
    }

    const cells = new Map<string, Cell>();
    for (const spec of plan.cells) {
      cells.set(spec.tenantId, new Cell(this, CELL_ID_PREFIX + spec.tenantId, { spec, app: this.app }));
    }
    this.cells = cells;

    const outputs: Record<string, CellOutput> = {};
    for (const [tenantId, cell] of cells) {
      outputs[tenantId] = {
        app: cell.appName,
        machine_id: cell.machineId,
        volume_id: cell.volumeId,
        region: cell.region,
        hostnames: cell.hostnames,
      };
    }
    this.cellsOutput = new TerraformOutput(this, "cells", {
      value: outputs,
      description: "Per tenant: the cell's app, machine id, volume id, region and hostnames",
    });
  }
}
