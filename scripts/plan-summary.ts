/** Kept for callers of this path: the plan summary is `flycell summary <plan.json>` (lib/cli/summary.ts). */
import { runCli } from "../lib/cli/run";

process.exitCode = runCli(["summary", ...process.argv.slice(2)]);
