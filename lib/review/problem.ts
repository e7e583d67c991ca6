import { quote } from "../plan/quote";

/**
 * Whether a `terraform show -json <planfile>` document can be reviewed at all. The guard and the
 * summary read only `resource_changes`; on a plan Terraform could not finish, that list misses
 * whatever failed to plan, so both would report a partial plan as a clean one.
 */

/**
 * Why a plan JSON cannot be passed:
 * - `unusable`: the input is not a plan JSON this code reads (a state, another document, a
 *   newer format), so nothing can be said about it;
 * - `refused`: it is a plan, but Terraform says it is not the whole plan (`errored`, or
 *   `complete: false`), so passing it would pass changes nobody has seen.
 */
export interface PlanProblem {
  readonly kind: "unusable" | "refused";
  readonly message: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `null`, `an array`, `a string`, `an object`…: what a value is, for a message. */
function shapeOf(value: unknown): string {
  if (value === null) return "null";
  const kind = Array.isArray(value) ? "array" : typeof value;
  return `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}`;
}

const FROM = "expected the output of `terraform show -json <planfile>`";

/** The first resource change that lacks what the guard and the summary read, as a message. */
function badResourceChanges(changes: unknown): string | undefined {
  if (changes === undefined) return undefined;
  if (!Array.isArray(changes)) return `its resource_changes is ${shapeOf(changes)}, not a list`;
  for (const [i, change] of changes.entries()) {
    if (!isObject(change) || typeof change.address !== "string" || typeof change.type !== "string" || !isObject(change.change) || !Array.isArray(change.change.actions)) {
      return `its resource_changes[${i}] has no address, type and change.actions`;
    }
    // Terraform writes a list of attribute paths (each a list); anything else is another document.
    const paths = change.change.replace_paths;
    if (paths !== undefined && !(Array.isArray(paths) && paths.every((p) => Array.isArray(p)))) {
      return `its resource_changes[${i}] (${quote(change.address)}) has a change.replace_paths that is ${shapeOf(paths)}, not a list of attribute paths`;
    }
  }
  return undefined;
}

/**
 * What keeps a parsed `terraform show -json <planfile>` from being reviewed, or `undefined` when
 * it is a whole plan in a format this code reads. Pure: the scripts read the file and choose
 * the exit code.
 */
export function planProblem(json: unknown): PlanProblem | undefined {
  const unusable = (message: string): PlanProblem => ({ kind: "unusable", message });
  if (!isObject(json)) return unusable(`not a Terraform plan: got ${shapeOf(json)}, ${FROM}`);
  const version = json.format_version;
  if (typeof version !== "string") return unusable(`not a Terraform plan: no format_version, ${FROM}`);
  if (!/^1\./.test(version)) return unusable(`plan JSON format_version ${version} is not one this tool reads (1.x)`);
  if (!isObject(json.planned_values)) {
    return unusable(
      "not a Terraform plan: no planned_values. Is it `terraform show -json` of the state? Run `terraform show -json <planfile>` on the file `terraform plan -out` wrote",
    );
  }
  const shape = badResourceChanges(json.resource_changes);
  if (shape) return unusable(`not a Terraform plan: ${shape}`);

  if (json.errored === true) {
    return {
      kind: "refused",
      message:
        "Terraform failed while planning (errored: true): this plan is partial and leaves out whatever it could not plan. Fix the errors `terraform plan` printed and plan again",
    };
  }
  if (json.complete === false) {
    const deferred = Array.isArray(json.deferred_changes) ? ` (${json.deferred_changes.length} deferred change(s))` : "";
    return {
      kind: "refused",
      message: `the plan is incomplete (complete: false)${deferred}: Terraform deferred changes to a later plan, so this one does not show everything an apply leads to. Resolve what was deferred and plan again`,
    };
  }
  return undefined;
}
