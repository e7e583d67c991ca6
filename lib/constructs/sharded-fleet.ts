import { App, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { allocateAddresses } from "./addresses";
import { Cell } from "./cell";
import {
  CELLS_DESCRIPTION,
  CellFleetProps,
  cellOutputs,
  RELEASED_ADDRESSES_DESCRIPTION,
  RELEASED_DESCRIPTION,
  ROUTING_TABLE_DESCRIPTION,
  SHARED_CELLS_DESCRIPTION,
} from "./fleet";
import { App as FlyApp } from "../gen/providers/fly/app";
import { Secret } from "../gen/providers/fly/secret";
import { secretVariable, secretVariableName, setSecrets } from "./secrets";
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
import { CellSpec, FleetPlan, planFleet } from "../plan/plan";
import { addStateBackend } from "./state-backend";
import { shardOfUnit } from "../plan/shards";
import { ShardStrategy } from "../tenants/schema";
import { suspendTokenStackTraces } from "./stack-traces";
import { Monitor } from "./monitor";
import { Router } from "./router";
import { MONITOR_SECRET_ENV } from "../monitor/expected";
import { expectedCellsOf } from "../plan/monitoring";
import { buildRoutingTable, RoutingTable } from "../routing/table";

export interface ShardedFleetProps extends CellFleetProps {
  /** How tenants are split across stacks (judged with the rest of the input). */
  readonly sharding: ShardStrategy;
  /** Called for every stack the fleet creates: add the Fly provider and a backend (one state per stack). */
  readonly configureStack: (stack: TerraformStack) => void;
}

/**
 * A fleet split across cdktf stacks, each its own Terraform state, so a one-tenant change
 * plans one small stack. In a shared app, the app, its addresses and the fleet's secrets live
 * in `<id>-shared`; each shard's cells in `<id>-<shard>`, referring to the app across stacks
 * the cdktf way. With an app per cell there is nothing to share and no shared stack. A router
 * (`routing.router`) gets a third layer, `<id>-router`, which reads every shard's machine ids:
 * a one-tenant change then plans that tenant's shard and the router. All tenants are planned
 * and validated together, so rules across tenants (unique ids, hostnames) still hold.
 *
 * Its scope is the cdktf `App`, and the stacks are made directly in it, beside the fleet:
 * `cdktf deploy '*'` orders stacks by their paths and knows only stacks at the top.
 */
export class ShardedFleet extends Construct {
  public readonly plan: FleetPlan;
  /** The shared app, its addresses and fleet secrets; absent in app-per-cell fleets (nothing is shared). */
  public readonly sharedStack?: TerraformStack;
  public readonly app?: FlyApp;
  /** Shard stacks by shard name. */
  public readonly shards: ReadonlyMap<string, TerraformStack>;
  /** Cells by tenant id. */
  public readonly cells: ReadonlyMap<string, Cell>;
  /** The router's stack, when `routing.router` is set: it depends on every shard. */
  public readonly routerStack?: TerraformStack;
  public readonly router?: Router;
  /** The routing table of the active tenants (machine ids are references into the shards); with a router only. */
  public readonly routingTable?: RoutingTable;
  /** The monitor's stack and the monitor, when `monitor` is set: it reads every shard's machine ids. */
  public readonly monitorStack?: TerraformStack;
  public readonly monitor?: Monitor;

  constructor(scope: Construct, id: string, props: ShardedFleetProps) {
    if (!App.isApp(scope)) throw new Error(`ShardedFleet "${id}": scope must be the cdktf App (the fleet makes its stacks in it)`);
    const { ledger, extendCell, configureStack, ...input } = props;
    const plan = planFleet(input, { ledger, functions: { extendCell, configureStack }, sharded: true, stack: id });
    const router = plan.routing.router;
    // Judged present by the plan (sharded: true).
    const sharding = plan.sharding as ShardStrategy;
    super(scope, id);
    // Tokens created from here on skip cdktf's stack traces (see stack-traces.ts).
    const resumeStackTraces = suspendTokenStackTraces();
    try {
      this.plan = plan;
      const { settings } = plan;
      // Every stack: the user's provider (and backend), then its own state when stateBackend is set.
      const configure = (stack: TerraformStack) => {
        configureStack(stack);
        const state = plan.stateLocations?.get(stack.node.id);
        if (state) addStateBackend(stack, state);
        // The validation pass derived every stack's state; one it missed would fall back to cdktf's default.
        else if (plan.stateLocations) throw new Error(`ShardedFleet "${id}": no state location was derived for stack "${stack.node.id}"`);
      };

      let appSecrets: Secret[] = [];
      if (settings.topology === "shared-app") {
        this.sharedStack = new TerraformStack(scope, `${id}-shared`);
        configure(this.sharedStack);
        this.app = new FlyApp(this.sharedStack, "app", { name: settings.appName, org: settings.org });
        allocateAddresses(this.sharedStack, this.app, settings.addresses);
        const shared = this.sharedStack;
        appSecrets = setSecrets(shared, this.app, settings.secrets, (name) => secretVariable(shared, secretVariableName(name)).stringValue);
      }

      const lines = new Map(props.tenants.map((t) => [t.id, t]));
      const shardOfSpec = (spec: CellSpec) => shardOfUnit(spec, lines, sharding);
      const shards = new Map<string, TerraformStack>();
      const stackOf = (shard: string) => {
        let stack = shards.get(shard);
        if (!stack) {
          stack = new TerraformStack(scope, `${id}-${shard}`);
          configure(stack);
          shards.set(shard, stack);
        }
        return stack;
      };
      // Every shard with a cell, or with a volume to let go, gets its stack.
      for (const spec of [...plan.cells, ...plan.sharedCells]) stackOf(shardOfSpec(spec));

      // Cells by tenant id: a tenant in a shared cell maps to that cell.
      const cells = new Map<string, Cell>();
      for (const spec of unitsOf(plan)) {
        const stack = stackOf(shardOfSpec(spec));
        // Variables belong to one stack: each shard declares the ones its cells use.
        const variable = (name: string, tenantId?: string) => {
          const variableName = secretVariableName(name, tenantId);
          const existing = stack.node.tryFindChild(variableName) as TerraformVariable | undefined;
          return (existing ?? secretVariable(stack, variableName)).stringValue;
        };
        const cell = new Cell(stack, CELL_ID_PREFIX + spec.tenantId, {
          spec,
          app: this.app,
          certificates: router === undefined,
          appSecrets,
          secrets: spec.ownApp ? { ...settings.secrets, ...spec.secrets } : spec.secrets,
          secretValues: (name) => (name in spec.secrets ? variable(name, spec.tenantId) : variable(name)),
          extend: extendCell,
        });
        cells.set(spec.tenantId, cell);
        for (const tenant of spec.members ? [...spec.members.active, ...spec.members.decommissioned] : []) cells.set(tenant, cell);
      }
      for (const [shard, stack] of shards) {
        const part = {
          ...plan,
          cells: plan.cells.filter((spec) => shardOfSpec(spec) === shard),
          sharedCells: plan.sharedCells.filter((spec) => shardOfSpec(spec) === shard),
        };
        const outputs = cellOutputs(part, cells, stack.node.id);
        fleetOutput(stack, CELLS_OUTPUT, outputs.cells, CELLS_DESCRIPTION);
        if (part.sharedCells.length > 0) fleetOutput(stack, SHARED_CELLS_OUTPUT, outputs.sharedCells, SHARED_CELLS_DESCRIPTION);
        // As in CellFleet: released volumes are the only ones the plan guard lets a plan destroy.
        const released = releasedVolumesOf(part);
        fleetOutput(stack, RELEASED_VOLUMES_OUTPUT, released, RELEASED_DESCRIPTION);
        fleetOutput(stack, RELEASED_VOLUME_ADDRESSES_OUTPUT, releasedVolumeAddresses(stack, released), RELEASED_ADDRESSES_DESCRIPTION);
        addRecoveryManifest(stack, unitsOf(part));
      }
      this.shards = shards;
      this.cells = cells;

      if (router) {
        this.routerStack = new TerraformStack(scope, `${id}-router`);
        configure(this.routerStack);
        this.routingTable = buildRoutingTable(plan, (tenantId) => cells.get(tenantId)?.machineId ?? "");
        this.router = new Router(this.routerStack, "router", {
          ...router,
          appName: `${settings.appName}-router`,
          org: settings.org,
          table: this.routingTable,
          hostnames: plan.cells.filter((cell) => cell.status === "active").flatMap((cell) => cell.hostnames),
        });
        fleetOutput(this.routerStack, ROUTING_TABLE_OUTPUT, this.routingTable, ROUTING_TABLE_DESCRIPTION);
      }
      if (settings.monitor) {
        // Like the router: a stack of its own reading every shard's machine ids.
        this.monitorStack = new TerraformStack(scope, `${id}-monitor`);
        configure(this.monitorStack);
        this.monitor = new Monitor(this.monitorStack, "monitor", {
          settings: settings.monitor,
          appName: monitorAppNameFor(settings.appName),
          org: settings.org,
          expected: expectedCellsOf(plan, (cellId) => ({ machine: cells.get(cellId)?.machineId ?? "", volume: cells.get(cellId)?.volumeId ?? "" })),
          heartbeatKey: secretVariable(this.monitorStack, secretVariableName(MONITOR_SECRET_ENV)).stringValue,
        });
      }
    } finally {
      resumeStackTraces();
    }
  }
}
