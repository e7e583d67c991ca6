/**
 * Writes this repository's own GitHub Actions workflows for its example fleet (stacks/), from
 * the same text `flycell init` writes, with this repository's flycell command (its sources):
 *   npm run workflows         writes .github/workflows/flycell-pull-request.yml and flycell-deploy.yml
 * test/cli/workflows.test.ts fails when they, or package.json's ci:* scripts, are out of date.
 */
import * as fs from "fs";
import * as path from "path";
import { ciScripts } from "../lib/cli/ci-scripts";
import { workflowFiles } from "../lib/cli/init-workflows";

/** How this repository runs flycell: from its sources, as `npm run flycell` does. */
export const REPO_FLYCELL = "ts-node --transpile-only lib/cli/main.ts";

/** The ci:* scripts package.json must hold, exactly. */
export const repoCiScripts = (): Record<string, string> => ciScripts(REPO_FLYCELL);

/** The example fleet keeps its state in S3 when FLYCELL_STATE_BUCKET is set (stacks/fleet.ts). */
export function repoWorkflowFiles(): Map<string, string> {
  return workflowFiles({ backend: "s3", env: { FLYCELL_STATE_BUCKET: "${{ secrets.FLYCELL_STATE_BUCKET }}" } });
}

if (require.main === module) {
  const root = path.join(__dirname, "..");
  for (const [file, text] of repoWorkflowFiles()) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
}
