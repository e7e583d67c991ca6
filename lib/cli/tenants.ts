import { Command } from "commander";
import { planFleet } from "../plan/plan";
import { shardOf } from "../plan/shards";
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
  readonly wave: string | null;
  /** The stack-splitting shard, when the fleet has `sharding`. */
  readonly shard: string | null;
  /** The Fly app the cell's machine lives in. */
  readonly app: string;
  readonly hostnames: readonly string[];
}

/** The fleet's tenants, judged like synthesis judges them (with the ledger), sorted by id. */
export function tenantRows(fleet: FleetInput, ledgerFile: string): TenantRow[] {
  const plan = planFleet(fleet, { ledger: readLedger(ledgerFile) });
  const lines = new Map(fleet.tenants.map((line) => [line.id, line]));
  return plan.cells.map((cell) => {
    const line = lines.get(cell.tenantId);
    return {
      id: cell.tenantId,
      status: cell.status,
      region: cell.region,
      wave: line?.wave ?? null,
      shard: plan.sharding && line ? shardOf(line, plan.sharding) : null,
      app: cell.appName,
      hostnames: cell.hostnames,
    };
  });
}

function formatRows(rows: readonly TenantRow[]): string {
  const header = ["ID", "STATUS", "REGION", "WAVE", "SHARD", "APP", "HOSTNAMES"];
  const dash = (value: string | null) => value ?? "-";
  return formatTextTable(
    header,
    rows.map((r) => [r.id, r.status, r.region, dash(r.wave), dash(r.shard), r.app, r.hostnames.join(",") || "-"]),
  );
}

/** `flycell tenants`: the tenant list as the fleet sees it. */
export function addTenantsCommand(program: Command): void {
  program
    .command("tenants")
    .summary("list the fleet's tenants: status, region, wave, shard, app, hostnames")
    .description(
      "Lists the fleet's tenants after judging the whole input as synthesis does (with the ledger): id, " +
        "status, region, wave, shard (with `sharding`), the Fly app of the cell, and hostnames. The fleet " +
        "module is a .ts or .js file exporting `fleet` (settings, tenants, routing, sharding), or a .json " +
        "file holding the fleet; .ts files are loaded with ts-node (transpile only).",
    )
    .option("--fleet <module>", "the fleet module", "stacks/fleet.ts")
    .option("--ledger <file>", "the ledger of what is deployed", "stacks/tenants.lock.json")
    .option("--json", "print JSON instead of a table")
    .addHelpText(
      "after",
      exitCodesHelp({
        0: "listed",
        1: "the fleet is invalid (every problem is printed)",
        2: "the fleet module is missing or cannot be loaded, or the ledger file is no ledger",
      }),
    )
    .action((options: { fleet: string; ledger: string; json?: boolean }) => {
      const rows = tenantRows(loadFleet(options.fleet), options.ledger);
      console.log(options.json ? JSON.stringify(rows, null, 2) : formatRows(rows));
    });
}
