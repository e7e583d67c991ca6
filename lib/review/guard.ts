import { RELEASED_VOLUMES_OUTPUT, SHARED_CELLS_OUTPUT, VOLUME_NAME_PREFIX } from "../plan/naming";

/**
 * The parts of `terraform show -json <planfile>` the guard and the summary read. Check a parsed
 * file with `planProblem` first: an errored or incomplete plan lacks changes.
 */
export interface TerraformPlanJson {
  readonly format_version?: string;
  /** Terraform failed while planning; the changes are partial. */
  readonly errored?: boolean;
  /** False when changes were deferred to a later plan (Terraform >= 1.8). */
  readonly complete?: boolean;
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly type: string;
    readonly change: {
      readonly actions: readonly string[];
      readonly before?: { readonly name?: unknown } | null;
      readonly replace_paths?: readonly (readonly unknown[])[];
    };
  }[];
  readonly planned_values?: { readonly outputs?: Readonly<Record<string, { readonly value?: unknown }>> };
  /** Each output's value before and after the plan. */
  readonly output_changes?: Readonly<Record<string, { readonly actions?: readonly string[]; readonly before?: unknown; readonly after?: unknown }>>;
}

/** A volume the plan would destroy although no tenant released it. */
export interface VolumeViolation {
  /** The tenant owning the volume, or the shared cell (then `sharedCell` is true). */
  readonly tenant: string;
  readonly sharedCell?: boolean;
  readonly volume: string;
  readonly address: string;
  readonly reason: string;
}

/** The tenant a volume belongs to, from flycell's volume naming (`data_<id, - as _>`). */
function tenantOfVolume(name: string): string {
  return name.startsWith(VOLUME_NAME_PREFIX) ? name.slice(VOLUME_NAME_PREFIX.length).replace(/_/g, "-") : "(unknown)";
}

/** Volumes released by tenant lines, from every flycell fleet's `released_volumes` output in the plan. */
function releasedVolumes(plan: TerraformPlanJson): Set<string> {
  const released = new Set<string>();
  for (const [name, output] of Object.entries(plan.planned_values?.outputs ?? {})) {
    if (!name.includes(RELEASED_VOLUMES_OUTPUT) || !Array.isArray(output.value)) continue;
    for (const volume of output.value) if (typeof volume === "string") released.add(volume);
  }
  return released;
}

/**
 * Finds every volume a plan destroys or replaces that no tenant line released. Terraform's
 * `prevent_destroy` misses volumes whose block disappeared; this does not.
 */
export function findVolumeViolations(plan: TerraformPlanJson): VolumeViolation[] {
  const before = plan.output_changes?.[SHARED_CELLS_OUTPUT]?.before;
  const sharedCellsBefore = new Set(typeof before === "object" && before !== null ? Object.keys(before) : []);
  const released = releasedVolumes(plan);
  const violations: VolumeViolation[] = [];
  for (const change of plan.resource_changes ?? []) {
    if (change.type !== "fly_volume" || !change.change.actions.includes("delete")) continue;
    const volume = typeof change.change.before?.name === "string" ? change.change.before.name : "(unnamed)";
    if (released.has(volume)) continue;
    const replaced = change.change.actions.includes("create");
    const paths = (change.change.replace_paths ?? []).map((p) => p.join(".")).join(", ");
    const owner = tenantOfVolume(volume);
    violations.push({
      tenant: owner,
      ...(sharedCellsBefore.has(owner) ? { sharedCell: true } : {}),
      volume,
      address: change.address,
      reason: replaced
        ? `replaced${paths ? ` (${paths} changed)` : ""}: a new, empty volume would take its place`
        : "destroyed: its block is gone from the configuration (a tenant line removed?)",
    });
  }
  return violations;
}

/** The guard's report: one line per violation, or a single all-clear line. */
export function formatGuardReport(plan: TerraformPlanJson, violations: readonly VolumeViolation[]): string {
  if (violations.length === 0) {
    const checked = (plan.resource_changes ?? []).filter((c) => c.type === "fly_volume").length;
    return `plan guard: ${checked} volume(s) in the plan, none destroyed or replaced without a release`;
  }
  return [
    `plan guard: ${violations.length} volume(s) would lose their data; refusing this plan:`,
    ...violations.map((v) => `  - ${v.sharedCell ? "shared cell" : "tenant"} "${v.tenant}", volume ${v.volume} (${v.address}): ${v.reason}`),
    'To remove a tenant, keep its line with status "decommissioned", then "released" (see README, "Tenant lifecycle").',
  ].join("\n");
}
