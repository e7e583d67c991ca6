/**
 * The router's rolling update through the real Terraform CLI on the emulator: a tenant addition
 * rewrites every router machine's nginx config, and the machines are chained with depends_on so
 * Terraform updates them one at a time (the provider returns from an update only once the machine
 * is started and passing its checks). Read from `terraform show -json`, `terraform graph` and
 * `terraform apply -json`, never from Terraform's human-readable text.
 */
import * as path from "path";
import { App } from "cdktf";
import { CellFleet, TenantSpec } from "../../lib";
import { changedResources, countChanges, describeWithTerraform, PlanJson, Workspace, workspaceStack } from "./terraform";

const ROOT = path.join(__dirname, "..", "..");
const TENANTS: readonly TenantSpec[] = [
  { id: "acme", region: "ams" },
  { id: "globex", region: "ord", hostnames: ["app.globex.com"] },
];
/** Rollout order: regions sorted, then machine number (the regions are given unsorted below). */
const ROUTERS = ["ams-1", "ams-2", "ord-1", "ord-2"];
const CHAIN = ["ams-2 -> ams-1", "ord-1 -> ams-2", "ord-2 -> ord-1"];

function fleet(tenants: readonly TenantSpec[]) {
  return (app: App) => {
    const stack = workspaceStack(app);
    // countPerRegion is left to its default, 2.
    new CellFleet(stack, "fleet", {
      appName: "e2e-rollout",
      image: "registry.fly.io/e2e:1",
      tenants,
      routing: { router: { regions: ["ord", "ams"] } },
    });
    return stack;
  };
}

/** `ams-1` for `fly_machine.fleet_router_machine-ams-1_<hash>`; undefined for anything else. */
function routerOf(address: string): string | undefined {
  return /fly_machine\.fleet_router_machine-([a-z]+-\d+)_[0-9A-F]{8}\b/.exec(address)?.[1];
}

/** Edges between router machines in `terraform graph` (DOT) output, as `dependent -> dependency`. */
function routerEdges(dot: string): string[] {
  const edges = new Set<string>();
  for (const line of dot.split("\n")) {
    const [from, to] = line.split(" -> ").map(routerOf);
    if (from && to && from !== to) edges.add(`${from} -> ${to}`); // an instance -> its own expansion is not an edge between machines
  }
  return [...edges].sort();
}

/** Each router machine's `depends_on`, from the configuration inside a saved plan's JSON. */
function routerDependsOn(plan: PlanJson): Record<string, string[]> {
  const config = (plan as { configuration?: { root_module?: { resources?: { address: string; depends_on?: string[] }[] } } }).configuration;
  const out: Record<string, string[]> = {};
  for (const resource of config?.root_module?.resources ?? []) {
    const router = routerOf(resource.address);
    if (router) out[router] = (resource.depends_on ?? []).map((d) => routerOf(d) ?? d);
  }
  return out;
}

/** The router machines' actions in a plan. */
function routerActions(plan: PlanJson): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [address, actions] of Object.entries(changedResources(plan))) {
    const router = routerOf(address);
    if (router) out[router] = actions;
  }
  return out;
}

/** `start ams-1`, `done ams-1`, … for the router machines, in the order `terraform apply -json` reported them. */
function routerApplyEvents(jsonLines: string): string[] {
  const events: string[] = [];
  for (const line of jsonLines.split("\n")) {
    if (!line.startsWith("{")) continue;
    const message = JSON.parse(line) as { type?: string; hook?: { resource?: { addr?: string } } };
    const router = routerOf(message.hook?.resource?.addr ?? "");
    if (!router) continue;
    if (message.type === "apply_start") events.push(`start ${router}`);
    if (message.type === "apply_complete") events.push(`done ${router}`);
    if (message.type === "apply_errored") events.push(`failed ${router}`);
  }
  return events;
}

/** One machine at a time: each starts only after the one before it is done. */
const ONE_AT_A_TIME = ROUTERS.flatMap((r) => [`start ${r}`, `done ${r}`]);

describeWithTerraform("the router's rolling update on the emulated Fly provider", () => {
  let ws: Workspace;

  beforeAll(() => {
    ws = new Workspace(path.join(ROOT, ".tmp", "e2e", "router-rollout"));
    ws.configure(fleet(TENANTS));
    ws.init();
  });

  test("the first apply creates two router machines per region, one after the other", () => {
    ws.run("validate");
    const plan = ws.plan();
    expect(routerActions(plan)).toEqual(Object.fromEntries(ROUTERS.map((r) => [r, "create"])));
    expect(countChanges(plan)).toMatchObject({ update: 0, replace: 0, delete: 0 });
    const applied = ws.run("apply", "-json", "-input=false", "plan.bin");
    expect(routerApplyEvents(applied.stdout)).toEqual(ONE_AT_A_TIME);
    expect(changedResources(ws.plan())).toEqual({});
  });

  describe("adding a tenant", () => {
    let plan: PlanJson;

    beforeAll(() => {
      ws.configure(fleet([...TENANTS, { id: "newco", region: "fra" }]));
      plan = ws.plan();
    });

    test("updates every router machine in place, and replaces or destroys nothing", () => {
      expect(routerActions(plan)).toEqual(Object.fromEntries(ROUTERS.map((r) => [r, "update"])));
      expect(countChanges(plan)).toEqual({ create: 2, update: ROUTERS.length, replace: 0, delete: 0 });
    });

    test("the configuration chains the router machines: each depends on the one before it", () => {
      expect(routerDependsOn(plan)).toEqual({ "ams-1": [], "ams-2": ["ams-1"], "ord-1": ["ams-2"], "ord-2": ["ord-1"] });
    });

    test("terraform graph has that chain, in the configuration and in the saved plan's apply graph", () => {
      expect(routerEdges(ws.run("graph").stdout)).toEqual(CHAIN);
      expect(routerEdges(ws.run("graph", "-plan=plan.bin").stdout)).toEqual(CHAIN);
    });

    test("terraform apply updates them one at a time, in that order", () => {
      const applied = ws.run("apply", "-json", "-input=false", "plan.bin");
      expect(routerApplyEvents(applied.stdout)).toEqual(ONE_AT_A_TIME);
      expect(changedResources(ws.plan())).toEqual({});
    });
  });
});
