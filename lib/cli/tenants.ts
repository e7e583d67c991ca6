import { Command } from "commander";
import { FleetPlan, planFleet } from "../plan/plan";
import { shardOfUnit } from "../plan/shards";
import { FleetInput } from "../tenants/schema";
import { exitCodesHelp } from "./exit-codes";
import { loadFleet } from "./fleet-module";
import { readLedger } from "./read-ledger";
import { formatTextTable } from "./text-table";

/** One tenant as `flycell tenants` lists it. */
export interface TenantRow {
  readonly id: string;
  readonly status: string;
  readonly region: string;
  /** The shared cell the tenant lives in; null for a dedicated cell of its own. */
  readonly cell: string | null;
  readonly wave: string | null;
  /** The stack-splitting shard, when the fleet has `sharding` (a tenant in a shared cell is in its cell's). */
  readonly shard: string | null;
  /** The Fly app the cell's machine lives in. */
  readonly app: string;
  readonly hostnames: readonly string[];
}

/** A shared cell as `flycell tenants --cells` lists it. */
export interface SharedCellRow {
  readonly id: string;
  /** "released" once the cell's volume is let go. */
  readonly status: "active" | "released";
  /** The most tenants (not released) it holds. */
  readonly capacity: number;
  /** How many of its tenants are not released (active or decommissioned): what counts against capacity. */
  readonly fill: number;
  /** Those tenants, sorted. */
  readonly tenants: readonly string[];
}

/** One region's cells, as `flycell tenants --cells` lists them. */
export interface RegionCells {
  readonly region: string;
  /** The region's shared cells, sorted by id. */
  readonly sharedCells: readonly SharedCellRow[];
  /** How many tenants (not released) have a dedicated cell of their own in the region. */
  readonly dedicatedCells: number;
}

/** The fleet judged like synthesis judges it (with the ledger); throws the fleet's problems. */
function planOf(fleet: FleetInput, ledgerFile: string): FleetPlan {
  return planFleet(fleet, { ledger: readLedger(ledgerFile) });
}

function rowsOf(fleet: FleetInput, plan: FleetPlan): TenantRow[] {
  const lines = new Map(fleet.tenants.map((line) => [line.id, line]));
  return plan.cells.map((cell) => ({
    id: cell.tenantId,
    status: cell.status,
    region: cell.region,
    cell: cell.sharedCell ?? null,
    wave: lines.get(cell.tenantId)?.wave ?? null,
    // The stack a tenant's resources are in: its own line's shard, or its shared cell's.
    shard: plan.sharding ? shardOfUnit(cell, lines, plan.sharding) : null,
    app: cell.appName,
    hostnames: cell.hostnames,
  }));
}

function cellsOf(plan: FleetPlan): RegionCells[] {
  const regions = new Map<string, { sharedCells: SharedCellRow[]; dedicatedCells: number }>();
  const regionOf = (region: string) => {
    let entry = regions.get(region);
    if (!entry) regions.set(region, (entry = { sharedCells: [], dedicatedCells: 0 }));
    return entry;
  };
  for (const cell of plan.sharedCells) {
    const tenants = [...(cell.members?.active ?? []), ...(cell.members?.decommissioned ?? [])].sort();
    regionOf(cell.region).sharedCells.push({
      id: cell.tenantId,
      status: cell.status === "released" ? "released" : "active",
      capacity: plan.settings.sharedCells[cell.tenantId]?.capacity ?? 0,
      fill: tenants.length,
      tenants,
    });
  }
  for (const cell of plan.cells) {
    if (cell.sharedCell === undefined && cell.status !== "released") regionOf(cell.region).dedicatedCells++;
  }
  return [...regions.keys()].sort().map((region) => ({ region, ...regionOf(region) }));
}

/** The fleet's tenants, judged like synthesis judges them (with the ledger), sorted by id. */
export function tenantRows(fleet: FleetInput, ledgerFile: string): TenantRow[] {
  return rowsOf(fleet, planOf(fleet, ledgerFile));
}

/** The fleet's cells per region, sorted by region: its shared cells with their tenants, and how many dedicated cells. */
export function cellRows(fleet: FleetInput, ledgerFile: string): RegionCells[] {
  return cellsOf(planOf(fleet, ledgerFile));
}

function formatRows(rows: readonly TenantRow[]): string {
  const header = ["ID", "STATUS", "REGION", "CELL", "WAVE", "SHARD", "APP", "HOSTNAMES"];
  const dash = (value: string | null) => value ?? "-";
  return formatTextTable(
    header,
    rows.map((r) => [r.id, r.status, r.region, dash(r.cell), dash(r.wave), dash(r.shard), r.app, r.hostnames.join(",") || "-"]),
  );
}

/** Cells per region: each shared cell with its fill and tenants, then a `dedicated` row with the region's count. */
function formatCells(regions: readonly RegionCells[]): string {
  const rows = regions.flatMap(({ region, sharedCells, dedicatedCells }) => [
    ...sharedCells.map((c) => [c.id, region, c.status === "released" ? "released" : `${c.fill}/${c.capacity}`, c.tenants.join(", ") || "-"]),
    ...(dedicatedCells > 0 ? [["dedicated", region, String(dedicatedCells), "one cell each"]] : []),
  ]);
  return formatTextTable(["CELL", "REGION", "FILL", "TENANTS"], rows);
}

const OUTPUT_HELP = `
Output:
  (default)       the tenant table, whose CELL is the tenant's shared cell ("-"
                  for a dedicated cell), then the cells per region:
                    CELL       REGION  FILL  TENANTS
                    ams-1      ams     3/50  acme, globex, hooli
                    dedicated  ams     2     one cell each
                  A shared cell's FILL is its tenants not released (active or
                  decommissioned) over its capacity, or "released"; the
                  "dedicated" row counts the region's dedicated cells.
  --json          the tenant rows as a JSON array; "cell" is the shared cell's
                  id, or null for a dedicated cell
  --cells         the cells per region only
  --cells --json  the cells as a JSON array, one entry per region:
                  { region, sharedCells: [{ id, status, capacity, fill,
                  tenants }], dedicatedCells }`;

/** `flycell tenants`: the tenant list as the fleet sees it, and its cells per region. */
export function addTenantsCommand(program: Command): void {
  program
    .command("tenants")
    .summary("list the fleet's tenants (status, region, cell, wave, shard, app, hostnames) and its cells per region")
    .description(
      "Lists the fleet's tenants after judging the whole input as synthesis does (with the ledger): id, " +
        "status, region, shared cell, wave, shard (with `sharding`), the Fly app of the cell, and hostnames; " +
        "then the cells per region: shared cells with their fill and tenants, and the count of dedicated " +
        "cells. The fleet module is a .ts or .js file exporting `fleet` (settings, tenants, routing, " +
        "sharding, sharedCells), or a .json file holding the fleet; .ts files are loaded with ts-node " +
        "(transpile only).",
    )
    .option("--fleet <module>", "the fleet module", "stacks/fleet.ts")
    .option("--ledger <file>", "the ledger of what is deployed", "stacks/tenants.lock.json")
    .option("--json", "print JSON instead of text: the tenant rows, or with --cells the cells per region")
    .option("--cells", "print only the cells per region: shared cells with fill and tenants, dedicated cells counted")
    .addHelpText("after", OUTPUT_HELP)
    .addHelpText(
      "after",
      exitCodesHelp({
        0: "listed",
        1: "the fleet is invalid (every problem is printed)",
        2: "the fleet module is missing or cannot be loaded, or the ledger file is no ledger",
      }),
    )
    .action((options: { fleet: string; ledger: string; json?: boolean; cells?: boolean }) => {
      const fleet = loadFleet(options.fleet);
      const plan = planOf(fleet, options.ledger);
      if (options.cells) {
        console.log(options.json ? JSON.stringify(cellsOf(plan), null, 2) : formatCells(cellsOf(plan)));
        return;
      }
      const rows = rowsOf(fleet, plan);
      console.log(options.json ? JSON.stringify(rows, null, 2) : `${formatRows(rows)}\n\n${formatCells(cellsOf(plan))}`);
    });
}
