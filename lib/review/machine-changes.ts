import { TerraformPlanJson } from "./guard";
import { quote } from "../plan/quote";
import { summarizePlan } from "./summary";

/** A `fly_machine` the plan destroys, or replaces (destroys and creates anew). */
export interface MachineChange {
  readonly address: string;
  readonly change: "destroy" | "replace";
  /** The tenant, shared cell, "(router)", "(monitor)" or "(fleet)", as the plan summary names it. */
  readonly owner: string;
}

/**
 * Every `fly_machine` the plan destroys or replaces, in plan order. An update in place is not
 * one: the provider restarts such a machine, but it keeps its id and its volume.
 */
export function machineChanges(plan: TerraformPlanJson): MachineChange[] {
  const found: MachineChange[] = [];
  for (const change of plan.resource_changes ?? []) {
    const actions = change.change.actions;
    if (change.type !== "fly_machine" || !actions.includes("delete")) continue;
    // The summary's own owner rules, so both name a machine alike: a plan of this change alone.
    const owner = [...summarizePlan({ ...plan, resource_changes: [change] }).keys()][0] ?? "(fleet)";
    found.push({ address: change.address, change: actions.includes("create") ? "replace" : "destroy", owner });
  }
  return found;
}

/** One line per machine: `"fly_machine.…" (tenant or cell "acme"): replaced`, names quoted as the guard quotes them. */
export function formatMachineChanges(changes: readonly MachineChange[]): string[] {
  return changes.map((c) => {
    // "(router)" and the like are the summary's own words, never a name from the plan.
    const whose = /^\((fleet|router|monitor)\)$/.test(c.owner) ? c.owner : `tenant or cell ${quote(c.owner)}`;
    return `${quote(c.address)} (${whose}): ${c.change === "replace" ? "replaced" : "destroyed"}`;
  });
}
