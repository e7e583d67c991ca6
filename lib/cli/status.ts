import { Command } from "commander";
import type { ExpectedCell, ExpectedCells } from "../monitor/expected";
import { assessOnce } from "../monitor/assess";
import { DeployedStack } from "../plan/ledger";
import { readOutputsFile, readStackOutputs, synthesizedStackDirs } from "./deployed-stacks";
import { CliFailure, EXIT_REFUSED, EXIT_USAGE, exitCodesHelp } from "./exit-codes";
import { formatTextTable } from "./text-table";

interface StatusOptions {
  readonly outputs?: string[];
  readonly stack?: string[];
  readonly json?: boolean;
  readonly apiBaseUrl?: string;
  readonly maxApiCallsPerMinute?: string;
}

/** What a `cells` output entry holds that the status needs (see `CellOutput`). */
interface CellEntry {
  readonly status: string;
  readonly region: string;
  readonly machine_id?: string;
  readonly volume_id?: string;
  readonly cell?: string;
  readonly app?: string;
  readonly image?: string;
}

/**
 * The expected cells from the stacks' `cells` outputs: one per machine, a shared cell's tenants
 * together. Gathered in a Map: a tenant may be called `constructor`.
 */
export function expectedFromOutputs(stacks: readonly DeployedStack[]): ExpectedCells {
  const cells = new Map<string, { app: string; machine: string; region: string; image: string; tenants: string[]; volume?: string }>();
  for (const stack of stacks) {
    for (const [tenant, raw] of Object.entries(stack.cells)) {
      const entry = raw as CellEntry;
      if (entry.status !== "active" || !entry.machine_id || !entry.app || !entry.image) continue;
      const id = entry.cell ?? tenant;
      const cell = cells.get(id) ?? { app: entry.app, machine: entry.machine_id, region: entry.region, image: entry.image, tenants: [], volume: entry.volume_id };
      cells.set(id, cell);
      cell.tenants.push(tenant);
    }
  }
  for (const cell of cells.values()) cell.tenants.sort();
  return { version: 1, cells: Object.assign(Object.create(null) as Record<string, ExpectedCell>, Object.fromEntries(cells)) };
}

/** `flycell status`: the monitor's report from a terminal, from the stacks' outputs and the Machines API. */
export function addStatusCommand(program: Command): void {
  program
    .command("status")
    .summary("the fleet's health from its outputs and the Machines API")
    .description(
      "Reads each stack's `cells` output (as `flycell ledger` does) and asks Fly's Machines API, within a call " +
        "budget, how every cell's machine is: its state, its checks, the image it runs, its volume's newest " +
        "snapshot. Stopped and suspended machines are idle, not issues. Needs FLY_API_TOKEN. Without heartbeats " +
        "it cannot tell a started but silent cell: the monitor service does that.",
    )
    .option("--outputs <file.json...>", "files holding a stack's `terraform output -json`")
    .option("--stack <dir...>", "stack directories to run `terraform output -json` in (default: every cdktf.out/stacks/*)")
    .option("--json", "print the report as JSON")
    .option("--api-base-url <url>", "the Machines API (default: FLY_API_BASE_URL, else https://api.machines.dev)")
    .option("--max-api-calls-per-minute <n>", "the call budget", "30")
    .addHelpText(
      "after",
      exitCodesHelp({
        0: "every cell is as declared",
        1: "there are issues (listed), or some cells could not be read",
        2: "no FLY_API_TOKEN, an output file or stack that cannot be read, or the API answered no call",
      }),
    )
    .action(async (options: StatusOptions) => {
      const token = process.env.FLY_API_TOKEN;
      if (!token) throw new CliFailure(EXIT_USAGE, "flycell status: FLY_API_TOKEN is not set");
      const given = (options.outputs?.length ?? 0) + (options.stack?.length ?? 0) > 0;
      const stacks = [
        ...(options.outputs ?? []).map(readOutputsFile),
        ...(given ? (options.stack ?? []) : synthesizedStackDirs()).map(readStackOutputs),
      ].filter((s): s is DeployedStack => s !== undefined);
      const budget = Number(options.maxApiCallsPerMinute);
      if (!(budget > 0)) throw new CliFailure(EXIT_USAGE, `flycell status: --max-api-calls-per-minute is ${options.maxApiCallsPerMinute}: a positive number`);
      let report;
      try {
        report = await assessOnce(expectedFromOutputs(stacks), { baseUrl: options.apiBaseUrl ?? process.env.FLY_API_BASE_URL, token }, { maxApiCallsPerMinute: budget });
      } catch (err) {
        throw new CliFailure(EXIT_USAGE, `flycell status: the Machines API answered no call: ${(err as Error).message}`);
      }
      if (options.json) console.log(JSON.stringify(report, null, 2));
      else {
        const rows = report.cells.map((c) => [c.cell, c.region, c.state, c.tenants.join(","), c.issues.map((i) => i.kind).join(",") || "-"]);
        console.log(formatTextTable(["CELL", "REGION", "STATE", "TENANTS", "ISSUES"], rows));
        for (const issue of report.issues) console.log(`issue: ${issue.cell} ${issue.kind}: ${issue.message}`);
        for (const error of report.apiErrors) console.log(`unread: ${error}`);
      }
      if (report.issues.length > 0 || report.apiErrors.length > 0) throw new CliFailure(EXIT_REFUSED, `flycell status: ${report.issues.length} issue(s), ${report.apiErrors.length} cell(s) unread`);
    });
}
