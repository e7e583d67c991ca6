import { TerraformPlanJson } from "./guard";
import { CELL_ID_PREFIX } from "../plan/naming";

export type ChangeKind = "create" | "update" | "replace" | "destroy";
const KINDS: readonly ChangeKind[] = ["create", "update", "replace", "destroy"];

/** Per owner (a tenant, "(router)", or "(fleet)" for shared resources): the resources each kind of change touches. */
export type PlanSummary = Map<string, Record<ChangeKind, string[]>>;

function kindOf(actions: readonly string[]): ChangeKind | undefined {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("delete")) return "destroy";
  if (actions.includes("create")) return "create";
  if (actions.includes("update")) return "update";
  return undefined; // no-op, read
}

/** The tenant a resource belongs to, from flycell's construct ids (`…_cell-<tenant>_<resource>_<hash>`). */
function ownerOf(address: string): { owner: string; resource: string } {
  const [type, logicalId = ""] = address.split(".");
  // A cell sits under a fleet (`fleet_cell-…`) or, in a sharded fleet's shard stack, at the top (`cell-…`).
  const marker = new RegExp(`(?:^|_)${CELL_ID_PREFIX}`).exec(logicalId);
  const at = marker ? marker.index + marker[0].length : -1;
  // The router is `…_router_…` inside a fleet's stack, `router_…` in a sharded fleet's router stack.
  if (at < 0) return { owner: /(^|_)router_/.test(logicalId) ? "(router)" : "(fleet)", resource: type.replace(/^fly_/, "") };
  // Tenant ids have no "_", so the first "_" ends the tenant; the resource id may contain "_" (secret-DB_PASSWORD).
  const rest = logicalId.slice(at).replace(/_[0-9A-F]{8}$/, "");
  const split = rest.indexOf("_");
  if (split < 0) return { owner: rest, resource: type.replace(/^fly_/, "") };
  return { owner: rest.slice(0, split), resource: rest.slice(split + 1) };
}

/** Groups a plan's changes by tenant; `terraform show -json` of a saved plan in, counts out. */
export function summarizePlan(plan: TerraformPlanJson): PlanSummary {
  const summary: PlanSummary = new Map();
  for (const change of plan.resource_changes ?? []) {
    const kind = kindOf(change.change.actions);
    if (!kind) continue;
    const { owner, resource } = ownerOf(change.address);
    if (!summary.has(owner)) summary.set(owner, { create: [], update: [], replace: [], destroy: [] });
    summary.get(owner)?.[kind].push(resource);
  }
  return new Map([...summary].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A Markdown table for a pull request: one row per tenant with changes, then the totals. */
export function formatPlanSummary(summary: PlanSummary): string {
  if (summary.size === 0) return "No changes.";
  const cell = (names: string[]) => (names.length === 0 ? "" : `${names.length} (${[...names].sort().join(", ")})`);
  const totals = KINDS.map((k) => [...summary.values()].reduce((n, row) => n + row[k].length, 0));
  return [
    "| tenant | create | update | replace | destroy |",
    "|---|---|---|---|---|",
    ...[...summary].map(([owner, row]) => `| ${owner} | ${KINDS.map((k) => cell(row[k])).join(" | ")} |`),
    "",
    `Plan: ${totals[0]} to create, ${totals[1]} to update, ${totals[2]} to replace, ${totals[3]} to destroy.`,
  ].join("\n");
}
