import type { TerraformPlanJson } from "./guard";
import { CELLS_OUTPUT, SHARED_CELLS_OUTPUT } from "../plan/naming";
import { ownEntries, quote } from "../plan/quote";
import { formatBytes } from "../recovery/words";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === "string" && value !== "" ? value : "(unknown)");

/** An output's value before and after the plan, read only under its exact name. */
function outputChange(plan: TerraformPlanJson, name: string): { before: Map<string, unknown>; after: Map<string, unknown> } {
  const change = ownEntries(plan.output_changes).get(name);
  return {
    before: ownEntries(isObject(change) ? change.before : undefined),
    after: ownEntries(isObject(change) ? change.after : undefined),
  };
}

interface KeptEntry {
  readonly generation: number;
  readonly volumeId: string;
}

function keptOf(volumes: unknown): KeptEntry[] {
  const kept = isObject(volumes) && Array.isArray(volumes.kept) ? volumes.kept : [];
  return kept.filter(isObject).map((v) => ({ generation: Number(v.generation), volumeId: text(v.volume_id) }));
}

/** What the plan does to one cell's volumes, in words, from its output entry before and after. */
function storiesOf(owner: string, before: unknown, after: unknown): string[] {
  const stories: string[] = [];
  const was = isObject(before) ? before.volumes : undefined;
  const now = isObject(after) ? after.volumes : undefined;
  const recovery = isObject(now) && isObject(now.recovery) ? now.recovery : undefined;
  if (recovery) {
    const made = `volume generation ${String(recovery.generation)} (${text(recovery.volume_id)})`;
    const old = `old volume ${text(recovery.from_volume_id)} kept until released`;
    if (recovery.kind === "fork") {
      const region = isObject(after) ? text(after.region) : "(unknown)";
      stories.push(`${quote(owner)}: ${made} forked from ${text(recovery.from_volume_id)} into ${quote(region)} (the machine was stopped for the copy), machine replaced onto it; ${old}`);
    } else {
      stories.push(
        `${quote(owner)}: ${made} restored from ${text(recovery.snapshot)} (taken ${text(recovery.taken_at)}, ${typeof recovery.size_bytes === "number" ? formatBytes(recovery.size_bytes) : "size unknown"}), machine replaced onto it; ${old}`,
      );
    }
  }
  const stillKept = new Set(keptOf(now).map((v) => v.generation));
  for (const gone of keptOf(was).filter((v) => !stillKept.has(v.generation))) {
    stories.push(`${quote(owner)}: old volume generation ${gone.generation} (${gone.volumeId}) released: it is destroyed`);
  }
  return stories;
}

/**
 * What a plan does to tenants' volumes beyond the resource counts, one line each: a restore or
 * fork (which snapshot, when it was taken, its size, the old volume kept) and the release of a
 * kept volume. Read from the `cells` and `shared_cells` outputs; values come from the plan and
 * are quoted.
 */
export function volumeStories(plan: TerraformPlanJson): string[] {
  const stories: string[] = [];
  for (const name of [CELLS_OUTPUT, SHARED_CELLS_OUTPUT]) {
    const { before, after } = outputChange(plan, name);
    const owners = [...new Set([...before.keys(), ...after.keys()])].sort();
    for (const owner of owners) stories.push(...storiesOf(owner, before.get(owner), after.get(owner)));
  }
  return stories;
}
