import { ProblemList } from "../tenants/errors";
import { hostnameProblem } from "../tenants/validate";
import { FleetPlan } from "../plan/plan";
import { isFlyRegion } from "../tenants/regions";
import { ResolvedFleetSettings, Topology } from "../plan/settings";

/**
 * How a request names its tenant. A fleet may use several; the router tries host first,
 * then path.
 * - `path`: `/<tenant id>/…` (the app scopes its routes under the prefix);
 * - `host`: the tenant's custom hostnames and `<tenant id>.<baseDomain>`;
 * - `machine-path`: the blueprint's `/<machine id>/…` (shared-app only; middleware only).
 */
export type RoutingMode = "path" | "host" | "machine-path";

export interface RoutingSettings {
  /** @default ["path", "host"] */
  readonly modes?: readonly RoutingMode[];
  /** Gives every tenant the subdomain `<tenant id>.<baseDomain>` (a wildcard DNS record and cert are yours to add). @default none */
  readonly baseDomain?: string;
}

/** One tenant's entry in the routing table. */
export interface RouteEntry {
  /** The Fly app serving the tenant: the fleet's app, or the cell's own. */
  readonly app: string;
  /** The cell's machine id (shared-app only; filled in by Terraform at apply time). */
  readonly machine?: string;
  readonly region: string;
  /** Lowercased hostnames routed to the tenant, sorted. */
  readonly hosts: readonly string[];
  /** Path prefix routed to the tenant, `/<tenant id>`. */
  readonly path: string;
}

/** The tenant → cell registry, version 1. A JSON document read by routers and middleware. */
export interface RoutingTable {
  readonly version: 1;
  readonly topology: Topology;
  readonly healthPath: string;
  readonly modes: readonly RoutingMode[];
  /** Entries by tenant id, keys sorted. */
  readonly tenants: Readonly<Record<string, RouteEntry>>;
}

const MODES: readonly RoutingMode[] = ["path", "host", "machine-path"];

/** The router's settings as far as the table's checks need them (see `RouterProps`). */
interface RouterCheck {
  readonly regions: readonly string[];
  readonly countPerRegion?: number;
  readonly maxBodySize?: string;
}

function checkRouter(settings: ResolvedFleetSettings, router: RouterCheck, problems: ProblemList): void {
  const report = (field: string, message: string) => problems.add("fleet", `routing.router.${field}`, message);
  if (router.regions.length === 0) report("regions", "needs at least one region");
  for (const region of router.regions) {
    if (!isFlyRegion(region)) report("regions", `"${region}" is not a Fly region`);
  }
  const count = router.countPerRegion ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10) report("countPerRegion", `must be a whole number from 1 to 10, got ${count}`);
  if (router.maxBodySize !== undefined && !/^[1-9][0-9]*[kmg]?$/.test(router.maxBodySize)) {
    report("maxBodySize", `must be an nginx size such as "100m", got ${JSON.stringify(router.maxBodySize)}`);
  }
  if (settings.isolatedNetworks) {
    report("regions", "a router cannot reach cells on isolated networks; turn isolatedNetworks off or drop the router");
  }
}

/** Adds the problems of the routing settings themselves (they need only the fleet settings). */
export function collectRoutingProblems(
  fleet: ResolvedFleetSettings,
  settings: RoutingSettings,
  router: RouterCheck | undefined,
  problems: ProblemList,
): void {
  if (router) checkRouter(fleet, router, problems);
  const modes = settings.modes ?? ["path", "host"];
  const unknown = modes.filter((m) => !MODES.includes(m));
  if (unknown.length > 0) problems.add("fleet", "routing.modes", `unknown modes ${unknown.join(", ")}; use ${MODES.join(", ")}`);
  if (modes.length === 0) problems.add("fleet", "routing.modes", "needs at least one mode");
  if (modes.includes("machine-path") && fleet.topology !== "shared-app") {
    problems.add("fleet", "routing.modes", '"machine-path" needs topology "shared-app": cell apps are routed by app name');
  }
  if (settings.baseDomain !== undefined) {
    const problem = hostnameProblem(settings.baseDomain);
    if (problem || settings.baseDomain.startsWith("*.")) {
      problems.add("fleet", "routing.baseDomain", problem ?? "must be a plain domain; the tenant subdomains are added for you");
    }
  }
}

/** Refuses custom hostnames that are another tenant's `<id>.<baseDomain>` (needs the planned cells). */
export function checkSubdomainConflicts(plan: FleetPlan, settings: RoutingSettings): void {
  const problems = new ProblemList();
  const base = settings.baseDomain?.toLowerCase();
  for (const cell of base ? plan.cells : []) {
    for (const host of cell.hostnames) {
      const owner = plan.cells.find((other) => host === `${other.tenantId}.${base}`);
      if (owner && owner !== cell) {
        problems.add(`tenant "${cell.tenantId}"`, "hostnames", `"${host}" is tenant "${owner.tenantId}"'s subdomain`);
      }
    }
  }
  problems.throwIfAny("routing settings");
}

/**
 * Builds the routing table of a planned fleet (its settings checked by `collectRoutingProblems`). `machineIdOf` gives a cell's machine id: a
 * Terraform reference at synth time, a literal id in tests. Pure and deterministic.
 */
export function buildRoutingTable(
  plan: FleetPlan,
  settings: RoutingSettings,
  machineIdOf: (tenantId: string) => string,
): RoutingTable {
  const shared = plan.settings.topology === "shared-app";
  const tenants: Record<string, RouteEntry> = {};
  for (const cell of plan.cells) {
    const subdomain = settings.baseDomain ? [`${cell.tenantId}.${settings.baseDomain.toLowerCase()}`] : [];
    tenants[cell.tenantId] = {
      app: cell.appName,
      ...(shared ? { machine: machineIdOf(cell.tenantId) } : {}),
      region: cell.region,
      hosts: [...new Set([...cell.hostnames, ...subdomain])].sort(),
      path: `/${cell.tenantId}`,
    };
  }
  return {
    version: 1,
    topology: plan.settings.topology,
    healthPath: plan.settings.healthPath,
    modes: [...(settings.modes ?? ["path", "host"])],
    tenants,
  };
}
