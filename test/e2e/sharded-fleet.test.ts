/**
 * A sharded fleet with a router through the real Terraform CLI on the emulator: three layers of
 * stacks (shared app ← shards ← router) wired by cdktf's cross-stack references, deployed in
 * dependency order as `cdktf deploy '*'` does, and a one-tenant PR that touches one shard and the router.
 */
import * as fs from "fs";
import * as path from "path";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { fly, shardOf, ShardedFleet, summarizePlan, TenantSpec } from "../../lib";
import { makeTenants } from "../helpers";
import { changedResources, describeWithTerraform, emulatorEnv, PlanJson, runTerraform } from "./terraform";

const ROOT = path.join(__dirname, "..", "..", ".tmp", "e2e", "sharded");
const SHARDING = { by: "hash", count: 3 } as const;
const TENANTS: readonly TenantSpec[] = makeTenants(12);

/** Every stack in `out/stacks/<id>`; states side by side in `state/`, by a path each stack resolves alike. */
function synthFleet(tenants: readonly TenantSpec[]): Record<string, string> {
  const outdir = path.join(ROOT, "out");
  const app = new App({ outdir });
  new ShardedFleet(app, "fleet", {
    appName: "e2e-sharded",
    image: "registry.fly.io/e2e:1",
    tenants,
    sharding: SHARDING,
    routing: { router: { regions: ["ams"] } },
    configureStack: (stack: TerraformStack) => {
      new LocalBackend(stack, { path: `../../../state/${stack.node.id}.tfstate` });
      new fly.provider.FlyProvider(stack, "fly", { orgSlug: "e2e-org" });
    },
  });
  app.synth();
  const stacks = path.join(outdir, "stacks");
  return Object.fromEntries(fs.readdirSync(stacks).map((id) => [id, fs.readFileSync(path.join(stacks, id, "cdk.tf.json"), "utf8")]));
}

describeWithTerraform("a sharded fleet with a router on the emulated Fly provider", () => {
  let env: NodeJS.ProcessEnv;
  let configs: Record<string, string>;
  const dir = (stack: string) => path.join(ROOT, "out", "stacks", stack);
  const run = (stack: string, ...args: string[]) => {
    const result = runTerraform(dir(stack), env, args);
    if (result.status !== 0) throw new Error(`${stack}: terraform ${args.join(" ")} failed:\n${result.stderr}`);
    return result.stdout;
  };
  const plan = (stack: string): PlanJson => {
    run(stack, "plan", "-input=false", "-out=plan.bin");
    return JSON.parse(run(stack, "show", "-json", "plan.bin")) as PlanJson;
  };
  const shards = () => Object.keys(configs).filter((id) => /^fleet-shard-/.test(id)).sort();

  beforeAll(() => {
    fs.rmSync(ROOT, { recursive: true, force: true });
    fs.mkdirSync(path.join(ROOT, "state"), { recursive: true });
    env = emulatorEnv(ROOT);
    configs = synthFleet(TENANTS);
    for (const stack of ["fleet-shared", ...shards(), "fleet-router"]) {
      run(stack, "init", "-input=false");
      run(stack, "apply", "-auto-approve", "-input=false");
    }
  });

  test("every stack applies in dependency order, and then plans nothing", () => {
    expect(Object.keys(configs).sort()).toEqual(["fleet-router", "fleet-shard-0", "fleet-shard-1", "fleet-shard-2", "fleet-shared"]);
    for (const stack of Object.keys(configs)) expect([stack, changedResources(plan(stack))]).toEqual([stack, {}]);
  });

  test("a new tenant changes its shard and the router only: its cell is created, the router updated in place", () => {
    const newcomer = { id: "newco", region: "fra", hostnames: ["newco.example.com"] };
    const after = synthFleet([...TENANTS, newcomer]);
    const shard = `fleet-${shardOf(newcomer, SHARDING)}`;
    expect(Object.keys(after).filter((id) => after[id] !== configs[id]).sort()).toEqual(["fleet-router", shard]);

    const shardPlan = summarizePlan(plan(shard));
    expect(Object.fromEntries([...shardPlan].map(([owner, row]) => [owner, row]))).toEqual({
      newco: { create: ["volume", "machine"].sort(), update: [], replace: [], destroy: [] },
    });
    run(shard, "apply", "-input=false", "plan.bin");

    // The router reads the new machine id from the shard's state once the shard is applied.
    const routerPlan = summarizePlan(plan("fleet-router"));
    expect(Object.fromEntries([...routerPlan].map(([owner, row]) => [owner, row]))).toEqual({
      "(router)": { create: ["cert"], update: ["machine", "machine"], replace: [], destroy: [] },
    });
  });
});
