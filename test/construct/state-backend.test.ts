import { LocalBackend, TerraformStack, Testing } from "cdktf";
import { CellFleet, fly, FlycellValidationError, ShardedFleet, StateBackend } from "../../lib";
import { collectStateKeyProblems } from "../../lib/plan/state-keys";
import { ProblemList } from "../../lib/tenants/errors";
import { planFleet } from "../../lib/plan/plan";

const TENANTS = [
  { id: "acme", region: "ams" },
  { id: "globex", region: "ord" },
  { id: "initech", region: "ams" },
] as const;
const FLEET = { appName: "team-fleet", image: "registry.fly.io/team-fleet:1", tenants: TENANTS };
const provider = (stack: TerraformStack) => void new fly.provider.FlyProvider(stack, "fly", { orgSlug: "o" });

type Backend = Record<string, Record<string, unknown>>;
const backendOf = (stack: TerraformStack) => (JSON.parse(Testing.synth(stack)) as { terraform: { backend: Backend } }).terraform.backend;

/** A sharded fleet with a router and a monitor: every kind of stack the fleet makes. */
function shardedFleet(stateBackend: StateBackend, appName = FLEET.appName): ShardedFleet {
  return new ShardedFleet(Testing.app(), "fleet", {
    ...FLEET,
    appName,
    stateBackend,
    sharding: { by: "hash", count: 3 },
    routing: { router: { regions: ["ams"] } },
    monitor: { region: "ams", image: "registry.fly.io/team-fleet-monitor:1" },
    configureStack: provider,
  });
}
const stacksOf = (fleet: ShardedFleet) => [fleet.sharedStack, ...fleet.shards.values(), fleet.routerStack, fleet.monitorStack].filter((s): s is TerraformStack => s !== undefined);

describe("stateBackend gives every stack its own state", () => {
  it("s3: one key per stack under the prefix, Terraform's lock file, the endpoint as given, no credential", () => {
    const fleet = shardedFleet({ type: "s3", bucket: "team-state", prefix: "prod/cells", endpoint: "https://fly.storage.tigris.dev", usePathStyle: true });
    const keys = stacksOf(fleet).map((stack) => backendOf(stack).s3.key);
    expect(keys.sort()).toEqual(stacksOf(fleet).map((s) => `prod/cells/${s.node.id}.tfstate`).sort());
    expect(new Set(keys).size).toBe(stacksOf(fleet).length);
    expect(keys).toEqual(expect.arrayContaining(["prod/cells/fleet-shared.tfstate", "prod/cells/fleet-router.tfstate", "prod/cells/fleet-monitor.tfstate"]));
    const s3 = backendOf(fleet.routerStack as TerraformStack).s3;
    expect(s3).toEqual({
      bucket: "team-state",
      key: "prod/cells/fleet-router.tfstate",
      region: "auto",
      endpoints: { s3: "https://fly.storage.tigris.dev" },
      use_path_style: true,
      use_lockfile: true,
      skip_credentials_validation: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
      skip_requesting_account_id: true,
      skip_s3_checksum: true,
    });
  });

  it("s3 on AWS: Terraform's own checks stay on; the prefix defaults to the app name", () => {
    const stack = new TerraformStack(Testing.app(), "fleet");
    provider(stack);
    new CellFleet(stack, "fleet", { ...FLEET, stateBackend: { type: "s3", bucket: "team-state", region: "eu-west-1", onAws: true } });
    expect(backendOf(stack)).toEqual({ s3: { bucket: "team-state", key: "team-fleet/fleet.tfstate", region: "eu-west-1", use_lockfile: true } });
  });

  it("pg: a schema per stack from the prefix, no connection string in the JSON", () => {
    const fleet = shardedFleet({ type: "pg" });
    const schemas = stacksOf(fleet).map((stack) => backendOf(stack));
    for (const [i, stack] of stacksOf(fleet).entries()) {
      expect(schemas[i]).toEqual({ pg: { schema_name: `team_fleet_${stack.node.id.replace(/-/g, "_")}` } });
    }
  });

  it("local: a file per stack, in the project root or a directory of it", () => {
    const fleet = shardedFleet({ type: "local", directory: "state" });
    for (const stack of stacksOf(fleet)) expect(backendOf(stack)).toEqual({ local: { path: `../../../state/terraform.${stack.node.id}.tfstate` } });
  });

  it("changes no resource: the same fleet without it synthesizes the same resources", () => {
    const stack = (stateBackend?: StateBackend) => {
      const s = new TerraformStack(Testing.app(), "fleet");
      provider(s);
      new CellFleet(s, "fleet", { ...FLEET, ...(stateBackend ? { stateBackend } : {}) });
      return JSON.parse(Testing.synth(s)) as { resource: unknown };
    };
    expect(stack({ type: "pg" }).resource).toEqual(stack().resource);
  });

  it("refuses two stacks on one state, naming both stacks and the state", () => {
    const problems = new ProblemList();
    collectStateKeyProblems({ type: "pg" }, "team-fleet", ["fleet-a", "fleet_a", "fleet-b"], problems);
    collectStateKeyProblems({ type: "local" }, "team-fleet", ["Fleet", "fleet"], problems);
    expect(problems.all.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'stateBackend: gives stacks "fleet-a" and "fleet_a" one state (PostgreSQL schema "team_fleet_fleet_a"): each would plan to destroy the other\'s resources; every stack needs its own',
      'stateBackend: gives stacks "Fleet" and "fleet" one state (file "terraform.fleet.tfstate"): each would plan to destroy the other\'s resources; every stack needs its own',
    ]);
  });

  it("refuses a PostgreSQL schema longer than PostgreSQL keeps, with the other problems, writing nothing", () => {
    const input = { ...FLEET, stateBackend: { type: "pg", schemaPrefix: "s".repeat(60) }, sharding: { by: "hash", count: 2 }, tenants: [...TENANTS, { id: "bad", region: "nowhere" }] } as const;
    let problems: readonly { subject: string; field: string; message: string }[] = [];
    try {
      planFleet(input, { sharded: true, stack: "fleet", functions: { configureStack: provider } });
    } catch (err) {
      if (!(err instanceof FlycellValidationError)) throw err;
      problems = err.problems;
    }
    // The truncated schemas' clashes are not reported again: the length problem says it.
    expect(problems.map((p) => `${p.subject}.${p.field}`)).toEqual([
      "fleet.stateBackend.schemaPrefix",
      "fleet.stateBackend.schemaPrefix",
      "fleet.stateBackend.schemaPrefix",
      'tenant "bad".region',
    ]);
    expect(problems[0]?.message).toBe(`gives stack "fleet-shard-0" the schema "${"s".repeat(60)}_fleet_shard_0", 74 characters; PostgreSQL keeps 63: choose a shorter prefix`);
  });

  it("refuses a stack that already has a backend from configureStack", () => {
    expect(() =>
      new ShardedFleet(Testing.app(), "fleet", {
        ...FLEET,
        stateBackend: { type: "pg" },
        sharding: { by: "hash", count: 2 },
        configureStack: (stack) => {
          provider(stack);
          new LocalBackend(stack, {});
        },
      }),
    ).toThrow(/stack "fleet-shared" already has a backend .*and fleet\.stateBackend gives it PostgreSQL schema "team_fleet_fleet_shared": keep one/);
  });
});
