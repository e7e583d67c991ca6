/**
 * cdktf records a full stack trace for every token it creates: each attribute reference and
 * each nested block of each resource, over 100,000 traces for a fleet of 10,000 cells and about
 * a quarter of its synthesis time (bench/RESULTS.md). The traces only serve cdktf's messages
 * about tokens that fail to resolve. AWS CDK captures them only when `CDK_DEBUG` is set, and
 * flycell does the same while it builds a fleet.
 */

/** True when the user asked for token stack traces, as in AWS CDK: `CDK_DEBUG=true` or `CDK_DEBUG=1`. */
export function tokenStackTracesWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CDK_DEBUG?.toLowerCase();
  return value === "true" || value === "1";
}

/** What Node prints for an error by default: its `toString()`, then one `at` line per frame. */
function formatError(error: Error, frames: NodeJS.CallSite[]): string {
  return [String(error), ...frames.map((frame) => `    at ${frame}`)].join("\n");
}

/**
 * Until the returned function is called, stack traces captured into plain objects (what cdktf
 * and constructs do for tokens and metadata) come out empty. Errors keep their stack traces,
 * formatted by whatever formatter was installed before (source maps included).
 */
export function suspendTokenStackTraces(): () => void {
  if (tokenStackTracesWanted()) return () => undefined;
  const previous = Error.prepareStackTrace;
  // V8 hands any object given to Error.captureStackTrace here, typed as Error or not.
  Error.prepareStackTrace = (target: unknown, frames: NodeJS.CallSite[]) => {
    if (!(target instanceof Error)) return "";
    return previous ? previous(target, frames) : formatError(target, frames);
  };
  return () => {
    Error.prepareStackTrace = previous;
  };
}
