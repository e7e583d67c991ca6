/** Kept for callers of this path: the plan guard is `flycell guard <plan.json>` (lib/cli/guard.ts). */
import { runCli } from "../lib/cli/run";

process.exitCode = runCli(["guard", ...process.argv.slice(2)]);
