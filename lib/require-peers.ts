/**
 * The first module the construct entries (`flycell`, and its copy `flycell/cdktn`) load: when the
 * CDK package or constructs is not installed, it fails with what to install instead of Node's
 * bare `Cannot find module 'cdktf'` from deep inside the bindings.
 */
import * as path from "path";

/** Thrown when a construct entry's peers are missing; `code` as Node's own module errors carry one. */
export class MissingPeerError extends Error {
  public readonly code = "FLYCELL_MISSING_PEER";
  constructor(message: string) {
    super(message);
    this.name = "MissingPeerError";
  }
}

function resolves(resolve: () => string): boolean {
  try {
    resolve();
    return true;
  } catch {
    return false;
  }
}

/**
 * The build writes the cdktn copy of this file under dist/cdktn/ with `cdktf` rewritten to
 * `cdktn` in the specifier below, but not in strings: the directory tells which build this is.
 */
const CDKTN_BUILD = path.basename(__dirname) === "cdktn";

/** What to tell a project that lacks `missing` (package names), for the cdktf or the cdktn build. */
export function missingPeerMessage(missing: readonly string[], cdktn: boolean): string {
  const entry = cdktn ? "flycell/cdktn" : "flycell";
  const install = cdktn ? "npm install cdktn@0.24 constructs@10.7" : "npm install cdktf@0.21 constructs@10";
  const other = cdktn
    ? "On cdktf instead, import from \"flycell\" (npm install cdktf@0.21 constructs@10)."
    : "On CDK Terrain instead, import from \"flycell/cdktn\" (npm install cdktn@0.24 constructs@10.7).";
  return [
    `${entry} builds ${cdktn ? "cdktn" : "cdktf"} constructs, but ${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not installed in this project. Install ${missing.length === 1 ? "it" : "them"}:`,
    `  ${install}`,
    other,
    "Code inside a cell needs neither: import from \"flycell/cell\" (the monitor: \"flycell/monitor\").",
  ].join("\n");
}

const missing = [
  resolves(() => require.resolve("cdktf")) ? undefined : CDKTN_BUILD ? "cdktn" : "cdktf",
  resolves(() => require.resolve("constructs")) ? undefined : "constructs",
].filter((name): name is string => name !== undefined);
if (missing.length > 0) throw new MissingPeerError(missingPeerMessage(missing, CDKTN_BUILD));
