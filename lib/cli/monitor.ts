import { Command } from "commander";
import { runMonitorFromEnv } from "../monitor/main";
import { CliFailure, EXIT_USAGE, exitCodesHelp } from "./exit-codes";

/** `flycell monitor`: runs the monitor service, as the monitor's image does. */
export function addMonitorCommand(program: Command): void {
  program
    .command("monitor")
    .summary("run the fleet's monitor service")
    .description(
      "Runs the monitor: it receives the cells' signed heartbeats, asks the Machines API only about cells gone " +
        "silent (plus a sweep at a fixed pace, within a call budget), raises and resolves issues (log, webhook) and " +
        "serves /status.json and a status page. Configured from the environment the Monitor construct sets: " +
        "FLYCELL_MONITOR_CELLS_FILE, FLYCELL_MONITOR_SECRET, FLY_API_TOKEN, FLY_API_BASE_URL, " +
        "FLYCELL_MONITOR_WEBHOOK, FLYCELL_MONITOR_RESTART_FAILED, PORT and the FLYCELL_MONITOR_… numbers.",
    )
    .addHelpText("after", exitCodesHelp({ 0: "stopped by SIGTERM or SIGINT", 2: "its environment or cells file is missing or wrong" }))
    .action(async () => {
      try {
        // The service itself logs where it listens.
        await runMonitorFromEnv(process.env);
      } catch (err) {
        throw new CliFailure(EXIT_USAGE, `flycell monitor: ${(err as Error).message.replace(/^flycell monitor: /, "")}`);
      }
    });
}
