import { Command } from "commander";
import { addApprovalCommand } from "./approval";
import { addDeployCommand } from "./deploy";
import { EXIT_CODES_HELP } from "./exit-codes";
import { flycellPackage } from "./flycell-package";
import { addGuardCommand } from "./guard";
import { addInitCommand } from "./init";
import { addLedgerCommand } from "./ledger";
import { addLocalCommand } from "./local";
import { addMonitorCommand } from "./monitor";
import { addRecoverCommand } from "./recover";
import { addStacksCommand } from "./stacks";
import { addStatusCommand } from "./status";
import { addSummaryCommand } from "./summary";
import { addTenantsCommand } from "./tenants";
import { addVolumesCommand } from "./volumes";

/** The `flycell` command tree. Commander throws instead of exiting; `runCli` picks the exit code. */
export function buildProgram(): Command {
  const program = new Command("flycell")
    .description("Cell-based fleets on Fly.io from a tenant list: review plans, deploy them guarded, list tenants, keep the ledger, watch the fleet.")
    .version(flycellPackage().version)
    .exitOverride()
    .showHelpAfterError("(add --help for usage)")
    .addHelpText("after", EXIT_CODES_HELP);
  addInitCommand(program);
  addTenantsCommand(program);
  addGuardCommand(program);
  addSummaryCommand(program);
  addLedgerCommand(program);
  addDeployCommand(program);
  addStacksCommand(program);
  addApprovalCommand(program);
  addLocalCommand(program);
  addStatusCommand(program);
  addVolumesCommand(program);
  addRecoverCommand(program);
  addMonitorCommand(program);
  return program;
}
