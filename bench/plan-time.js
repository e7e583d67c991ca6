// `npm run bench:plan`: how long `terraform plan` takes for a one-tenant pull request, with the
// whole fleet in one state versus sharded (one state per ~500 tenants). Real Terraform, offline,
// on flycell's Fly provider emulator, with states seeded as if applied (seed-state.js);
// writes bench/PLAN-TIME.md. Not a test: it prints figures.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { App, LocalBackend, TerraformStack } = require("cdktf");
const { CellFleet, ShardedFleet, fly } = require("../dist");
const { installEmulator } = require("../emulator/dist/install");
const { FlyStore } = require("../emulator/dist/store");
const { seedState } = require("./seed-state");

const SIZES = (process.env.BENCH_PLAN_SIZES ?? "1000,10000").split(",").map(Number);
const TENANTS_PER_SHARD = 500;
const SETTINGS = { appName: "bench-fleet", image: "registry.fly.io/bench:1" };
const REGIONS = ["ams", "ord", "syd", "fra", "iad", "nrt"];

const tenants = (count) =>
  Array.from({ length: count }, (_, i) => ({
    id: `t${i}`,
    region: REGIONS[i % REGIONS.length],
    ...(i % 10 === 0 ? { hostnames: [`t${i}.example.com`] } : {}),
  }));
const NEW_TENANT = { id: "newco", region: "fra" };

function terraform(dir, env, ...args) {
  const start = process.hrtime.bigint();
  execFileSync("terraform", [...args, "-no-color", "-input=false"], { cwd: dir, env, stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 28 });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Synthesizes into `outdir`; returns the stack directories by stack id. */
function synth(outdir, build) {
  const app = new App({ outdir });
  build(app);
  app.synth();
  const stacks = path.join(outdir, "stacks");
  return Object.fromEntries(fs.readdirSync(stacks).map((id) => [id, path.join(stacks, id)]));
}

function fleetStacks(app, list, shards, stateDir) {
  const configure = (stack) => {
    new LocalBackend(stack, { path: path.join(stateDir, `${stack.node.id}.tfstate`) });
    new fly.provider.FlyProvider(stack, "fly", { orgSlug: "bench" });
  };
  if (shards === 0) {
    const stack = new TerraformStack(app, "fleet");
    configure(stack);
    new CellFleet(stack, "fleet", { ...SETTINGS, tenants: list });
  } else {
    new ShardedFleet(app, "fleet", { ...SETTINGS, tenants: list, sharding: { by: "hash", count: shards }, configureStack: configure });
  }
}

/** Seeds `count` tenants as deployed, then plans the pull request that adds one; returns the timings. */
function measure(root, env, store, count, shards) {
  const dir = path.join(root, shards === 0 ? "one-state" : "sharded");
  const stateDir = path.join(dir, "state");
  fs.mkdirSync(dir, { recursive: true });
  const before = synth(path.join(dir, "out"), (app) => fleetStacks(app, tenants(count), shards, stateDir));
  // The shared stack first: the shards read its outputs.
  for (const id of Object.keys(before).sort((a, b) => Number(b.endsWith("-shared")) - Number(a.endsWith("-shared")))) {
    seedState(before[id], path.join(stateDir, `${id}.tfstate`), store);
  }
  // The pull request: one more tenant. Plan every stack whose configuration changed.
  const configs = Object.fromEntries(Object.entries(before).map(([id, d]) => [id, fs.readFileSync(path.join(d, "cdk.tf.json"), "utf8")]));
  const after = synth(path.join(dir, "out"), (app) => fleetStacks(app, [...tenants(count), NEW_TENANT], shards, stateDir));
  const changed = Object.keys(after).filter((id) => configs[id] !== fs.readFileSync(path.join(after[id], "cdk.tf.json"), "utf8"));
  let plan = 0;
  for (const id of changed) {
    terraform(after[id], env, "init");
    plan += terraform(after[id], env, "plan", "-out=plan.bin");
  }
  return { plan, stacks: Object.keys(after).length, changed: changed.length };
}

const rows = [];
for (const count of SIZES) {
  // Each layout in an emulated account of its own: both declare the same app, and app names are
  // unique in an account (the emulator refuses a second app of the same name).
  const layout = (shards) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-plan-bench-"));
    const emulator = installEmulator(path.join(root, "emulator"));
    const env = { ...process.env, TF_CLI_CONFIG_FILE: emulator.cliConfig, FLY_API_TOKEN: "emulator", CHECKPOINT_DISABLE: "1" };
    const result = measure(root, env, new FlyStore(path.join(emulator.dataDir, "fly.json")), count, shards);
    fs.rmSync(root, { recursive: true, force: true });
    return result;
  };
  const one = layout(0);
  const sharded = layout(Math.ceil(count / TENANTS_PER_SHARD));
  rows.push({ count, one, sharded });
  console.log(
    `${count} tenants: one-tenant plan ${one.plan.toFixed(1)} s in one state | ${sharded.plan.toFixed(1)} s sharded ` +
      `(${sharded.changed} of ${sharded.stacks} stacks planned) | ratio ${(one.plan / sharded.plan).toFixed(1)}`,
  );
}

const table = [
  "| tenants | one state: plan s | sharded: plan s | one state / sharded | sharded stacks (planned) |",
  "|---|---|---|---|---|",
  ...rows.map(
    (r) =>
      `| ${r.count} | ${r.one.plan.toFixed(1)} | ${r.sharded.plan.toFixed(1)} | ${(r.one.plan / r.sharded.plan).toFixed(1)} | ` +
      `${r.sharded.stacks} (${r.sharded.changed}) |`,
  ),
];
fs.writeFileSync(
  path.join(__dirname, "PLAN-TIME.md"),
  `# Plan time of a one-tenant change\n\nMade by \`npm run bench:plan\` (Terraform ${
    execFileSync("terraform", ["version", "-json"], { encoding: "utf8", env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" } }).match(/"terraform_version":\s*"([^"]+)"/)?.[1]
  }, node ${process.version}, ${os.cpus().length} cores). ` +
    "A fleet of N tenants is put in Terraform state as if deployed (each resource through the emulator's own plan and " +
    "apply: `terraform apply` itself slows down as its state grows, and did not get through 10,000 tenants in 15 " +
    "minutes here), then the pull request adding one tenant is " +
    "planned with `terraform plan` (refresh included), once with the whole fleet in one state and once sharded by hash " +
    `into one stack per ${TENANTS_PER_SHARD} tenants, where only the stacks whose configuration changed are planned. ` +
    "The emulator answers at once, so these figures are Terraform's own cost; against Fly's API every refreshed " +
    "resource also costs a round trip, which widens the gap.\n\n" +
    table.join("\n") +
    "\n",
);
