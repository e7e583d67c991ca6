import { TerraformPlanJson } from "./guard";
import { CELL_ID_PREFIX, CELLS_OUTPUT, SHARED_CELLS_OUTPUT } from "../plan/naming";

export type ChangeKind = "create" | "update" | "replace" | "destroy";
const KINDS: readonly ChangeKind[] = ["create", "update", "replace", "destroy"];

/** What the plan does to a shared cell's tenants, by word, in the order the summary prints them. */
const TRANSITIONS = ["joining", "decommissioning", "reactivating", "releasing", "leaving"] as const;
export type SharedCellTransition = (typeof TRANSITIONS)[number];

/** A shared cell as the plan's outputs (`shared_cells`, and `cells` entries' `cell`) describe it. */
export interface SharedCellSummary {
  /** The tenants the cell holds once the plan is applied (active and decommissioned: not released), sorted. */
  readonly tenants: readonly string[];
  /**
   * Tenants whose place in the cell the plan changes, sorted; only for a cell the prior state
   * already had (a new cell's tenants are all new). `joining`: not in it before; `decommissioning`
   * and `reactivating`: active ↔ decommissioned; `releasing`: released by this plan; `leaving`:
   * gone from it (moved to another cell).
   */
  readonly changes: Readonly<Partial<Record<SharedCellTransition, readonly string[]>>>;
}

/** One owner's changes: the resources each kind of change touches. */
export interface PlanSummaryRow extends Record<ChangeKind, string[]> {
  /** Set when the owner is a shared cell, as far as the plan's outputs tell; absent for a tenant's dedicated cell. */
  sharedCell?: SharedCellSummary;
}

/**
 * Per owner (a tenant, a shared cell, "(router)", "(monitor)", or "(fleet)" for the fleet's own resources):
 * the resources each kind of change touches, owners sorted.
 */
export type PlanSummary = Map<string, PlanSummaryRow>;

function kindOf(actions: readonly string[]): ChangeKind | undefined {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("delete")) return "destroy";
  if (actions.includes("create")) return "create";
  if (actions.includes("update")) return "update";
  return undefined; // no-op, read
}

/**
 * The tenant or shared cell a resource belongs to, from flycell's construct ids
 * (`…_cell-<tenant or cell id>_<resource>_<hash>`; cell ids and tenant ids share one namespace).
 */
function ownerOf(address: string): { owner: string; resource: string } {
  const [type, logicalId = ""] = address.split(".");
  // A cell sits under a fleet (`fleet_cell-…`) or, in a sharded fleet's shard stack, at the top (`cell-…`).
  const marker = new RegExp(`(?:^|_)${CELL_ID_PREFIX}`).exec(logicalId);
  const at = marker ? marker.index + marker[0].length : -1;
  // The router and the monitor are `…_router_…` inside a fleet's stack, `router_…` in a sharded fleet's own stack for them.
  const fleetPart = /(?:^|_)(router|monitor)_/.exec(logicalId)?.[1];
  if (at < 0) return { owner: fleetPart ? `(${fleetPart})` : "(fleet)", resource: type.replace(/^fly_/, "") };
  // Ids have no "_", so the first "_" ends the tenant or cell; the resource id may contain "_" (secret-DB_PASSWORD).
  const rest = logicalId.slice(at).replace(/_[0-9A-F]{8}$/, "");
  const split = rest.indexOf("_");
  if (split < 0) return { owner: rest, resource: type.replace(/^fly_/, "") };
  return { owner: rest.slice(0, split), resource: rest.slice(split + 1) };
}

/** Shared cells by id, each with its tenants' statuses (tenant id → "active", "decommissioned" or "released"). */
type CellMembers = Map<string, Map<string, string>>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function membersOf(cells: CellMembers, cell: string): Map<string, string> {
  let members = cells.get(cell);
  if (!members) cells.set(cell, (members = new Map()));
  return members;
}

/** Adds a `shared_cells` output's value: `{ <cell>: { tenants: { active: [...], decommissioned: [...], released: [...] } } }`. */
function addSharedCellsOutput(cells: CellMembers, value: unknown): void {
  if (!isRecord(value)) return;
  for (const [cell, entry] of Object.entries(value)) {
    if (!isRecord(entry)) continue;
    const members = membersOf(cells, cell);
    const tenants = isRecord(entry.tenants) ? entry.tenants : {};
    for (const status of ["active", "decommissioned", "released"]) {
      const ids = tenants[status];
      if (Array.isArray(ids)) for (const id of ids) if (typeof id === "string") members.set(id, status);
    }
  }
}

/** Adds a `cells` output's value: tenants not released, `{ <tenant>: { status, cell? } }`; `cell` only in a shared cell. */
function addCellsOutput(cells: CellMembers, value: unknown): void {
  if (!isRecord(value)) return;
  for (const [tenant, entry] of Object.entries(value)) {
    if (!isRecord(entry) || typeof entry.cell !== "string") continue;
    const members = membersOf(cells, entry.cell);
    if (!members.has(tenant)) members.set(tenant, typeof entry.status === "string" ? entry.status : "active");
  }
}

/**
 * The shared cells before and after the plan, from the plan's outputs: `planned_values` (known
 * only when wholly known, so absent while a new machine's id is) and `output_changes` (before,
 * and after with unknown values as null; the tenant lists are always known). A plan without
 * them (a stack with no shared cell, a router stack) yields no cells.
 */
function sharedCellsOf(plan: TerraformPlanJson): { before: CellMembers; after: CellMembers } {
  const before: CellMembers = new Map();
  const after: CellMembers = new Map();
  const planned = plan.planned_values?.outputs ?? {};
  const changes = (plan as { output_changes?: unknown }).output_changes;
  const change = (name: string): Record<string, unknown> => (isRecord(changes) && isRecord(changes[name]) ? changes[name] : {});
  for (const [name, add] of [
    [SHARED_CELLS_OUTPUT, addSharedCellsOutput],
    [CELLS_OUTPUT, addCellsOutput],
  ] as const) {
    add(after, planned[name]?.value);
    add(after, change(name).after);
    add(before, change(name).before);
  }
  return { before, after };
}

const held = (members: ReadonlyMap<string, string> | undefined) =>
  [...(members ?? [])].filter(([, status]) => status !== "released").map(([id]) => id).sort();

function transitionOf(was: string | undefined, is: string | undefined): SharedCellTransition | undefined {
  const inBefore = was !== undefined && was !== "released";
  const inAfter = is !== undefined && is !== "released";
  if (!inBefore) return inAfter ? "joining" : undefined;
  if (!inAfter) return is === "released" ? "releasing" : "leaving";
  if (was === "active" && is === "decommissioned") return "decommissioning";
  if (was === "decommissioned" && is === "active") return "reactivating";
  return undefined;
}

function summarizeSharedCell(before: ReadonlyMap<string, string> | undefined, after: ReadonlyMap<string, string> | undefined): SharedCellSummary {
  const changes: Partial<Record<SharedCellTransition, string[]>> = {};
  if (before) {
    for (const id of [...new Set([...before.keys(), ...(after?.keys() ?? [])])].sort()) {
      const transition = transitionOf(before.get(id), after?.get(id));
      if (transition) (changes[transition] ??= []).push(id);
    }
  }
  return { tenants: held(after), changes };
}

/**
 * Groups a plan's changes by tenant and shared cell; `terraform show -json` of a saved plan in,
 * counts out. A shared cell's resources are named like a dedicated tenant's (`cell-<id>`), so the
 * plan's outputs tell which owners are shared cells; without them, a cell reads as a tenant.
 */
export function summarizePlan(plan: TerraformPlanJson): PlanSummary {
  const summary: PlanSummary = new Map();
  for (const change of plan.resource_changes ?? []) {
    const kind = kindOf(change.change.actions);
    if (!kind) continue;
    const { owner, resource } = ownerOf(change.address);
    if (!summary.has(owner)) summary.set(owner, { create: [], update: [], replace: [], destroy: [] });
    summary.get(owner)?.[kind].push(resource);
  }
  const cells = sharedCellsOf(plan);
  for (const [owner, row] of summary) {
    if (cells.after.has(owner) || cells.before.has(owner)) row.sharedCell = summarizeSharedCell(cells.before.get(owner), cells.after.get(owner));
  }
  return new Map([...summary].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Up to three names, else the first two and how many more: `acme, globex, +2`. */
function someNames(names: readonly string[]): string {
  return names.length <= 3 ? names.join(", ") : `${names.slice(0, 2).join(", ")}, +${names.length - 2}`;
}

/** A shared cell's row label: `ams-1 (shared: acme, globex, +2; joining: hooli)`. */
function sharedCellLabel(cell: string, { tenants, changes }: SharedCellSummary): string {
  const held = tenants.length > 0 ? someNames(tenants) : "no tenants";
  const moves = TRANSITIONS.filter((t) => (changes[t] ?? []).length > 0).map((t) => `; ${t}: ${someNames(changes[t] ?? [])}`);
  return `${cell} (shared: ${held}${moves.join("")})`;
}

/**
 * Characters that end a cell, start code, emphasis, a link or math, and `\` (so no escape of
 * ours can be undone). `_` stays: inside a word it is plain text (`secret-DB_PASSWORD`).
 */
const MARKDOWN_SPECIAL = new Set(["\\", "|", "`", "*", "~", "[", "]", "$"]);

/** C0 and C1 controls, DEL, and the invisible or direction-changing marks (Trojan Source). */
function isHidden(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2069) ||
    code === 0xfeff
  );
}

/**
 * The one way plan-derived text (addresses, resource names, tenant and cell ids) enters the
 * Markdown table: it can neither end the cell or row, nor become a link, an image, HTML or code,
 * nor hide or reorder what the reviewer reads. Entities keep `<`, `>` and `&` visible as written;
 * a hidden character is shown as its code point (`U+202E`).
 */
export function markdownText(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === "<") out += "&lt;";
    else if (char === ">") out += "&gt;";
    else if (char === "&") out += "&amp;";
    else if (isHidden(code)) out += `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
    else out += MARKDOWN_SPECIAL.has(char) ? `\\${char}` : char;
  }
  return out;
}

/**
 * A Markdown table for a pull request: one row per tenant or shared cell with changes, then the
 * totals. A shared cell's row names its tenants and those the plan moves in or out of it. Every
 * name in it comes from the plan and goes through `markdownText`.
 */
export function formatPlanSummary(summary: PlanSummary, volumeStories: readonly string[] = []): string {
  // The plan's words on restored, forked and released volumes (see `volumeStories`).
  const stories = volumeStories.length === 0 ? [] : ["", "Volumes:", ...volumeStories.map((story) => `- ${markdownText(story)}`)];
  if (summary.size === 0) return ["No changes.", ...stories].join("\n");
  const cell = (names: string[]) => (names.length === 0 ? "" : `${names.length} (${[...names].sort().map(markdownText).join(", ")})`);
  const totals = KINDS.map((k) => [...summary.values()].reduce((n, row) => n + row[k].length, 0));
  const anyShared = [...summary.values()].some((row) => row.sharedCell !== undefined);
  // The label's own punctuation (parentheses, `;`, `:`, `,`, `+`) is never escaped, so escaping it whole is escaping each name.
  const label = (owner: string, row: PlanSummaryRow) => markdownText(row.sharedCell ? sharedCellLabel(owner, row.sharedCell) : owner);
  return [
    `| ${anyShared ? "tenant or cell" : "tenant"} | create | update | replace | destroy |`,
    "|---|---|---|---|---|",
    ...[...summary].map(([owner, row]) => `| ${label(owner, row)} | ${KINDS.map((k) => cell(row[k])).join(" | ")} |`),
    "",
    `Plan: ${totals[0]} to create, ${totals[1]} to update, ${totals[2]} to replace, ${totals[3]} to destroy.`,
    ...stories,
  ].join("\n");
}
