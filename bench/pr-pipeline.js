// The PR pipeline part of `npm run bench`: wall time from a one-line change (one tenant added)
// to the guarded plans of every stack, with each stack's state in S3 and with local state files,
// for the example fleet (stacks/fleet.ts) and for 1,000 tenants sharded by hash into 2 shards.
// Real Terraform on flycell's Fly provider emulator, states seeded as if deployed (seed-state.js),
// S3 from test/state/s3-server.ts (s3rver behind the layer that enforces the lock file's
// conditional writes). Run alone with `npm run bench:pipeline` (rewrites only its part of
// RESULTS.md); `node bench/pr-pipeline.js` only prints. Not a test: it prints figures.
"use strict";
const { spawn, execFileSync } = require("child_process");
const fs = require("fs");
const http = require("http");
const os = require("os");
const path = require("path");

const START = "<!-- pipeline:start -->";
const END = "<!-- pipeline:end -->";
const SELF = path.join(__dirname, "pr-pipeline.js");
const CLI = path.join(__dirname, "..", "dist", "cli", "main.js");
const BUCKET = "flycell-state";
const NEW_TENANT = { id: "newco", region: "fra" };
// Smaller while trying the bench out; the figures in RESULTS.md are for 1,000.
const SHARDED_TENANTS = Number(process.env.BENCH_PIPELINE_TENANTS ?? 1000);
const REGIONS = ["ams", "ord", "syd", "fra", "iad", "nrt"];

/** One tenant per line, so that the pull request is literally one added line. */
const tenantFile = (tenants) => `[\n${tenants.map((t) => JSON.stringify(t)).join(",\n")}\n]\n`;

/**
 * The synth step of the pipeline, in a process of its own as CI's `npm run synth` is: the fleet
 * of `configFile` (settings, tenant file, state backend) through synthFleetApp, as stacks/main.ts
 * does, with the example's configureStack. Compiled JS from dist/, as plan-time.js uses.
 */
function synthStep(configFile) {
  const { TerraformVariable } = require("cdktf");
  const { synthFleetApp, fly } = require("../dist");
  const config = JSON.parse(fs.readFileSync(configFile, "utf8"));
  const tenants = JSON.parse(fs.readFileSync(config.tenantFile, "utf8"));
  synthFleetApp({
    fleet: { ...config.settings, tenants, stateBackend: config.stateBackend, ...(config.sharding ? { sharding: config.sharding } : {}) },
    outdir: config.outdir,
    configureStack: (stack) => {
      const org = new TerraformVariable(stack, "fly_org", { type: "string", default: "personal" });
      new fly.provider.FlyProvider(stack, "fly", { orgSlug: org.stringValue });
    },
  });
}

/** The two fleets: the example's settings and tenants (ts-node'd, so the bench follows the example), and a large sharded one. */
function fleets() {
  // stacks/ is TypeScript and this bench plain node; transpile-only: nothing here needs type checking.
  require("ts-node").register({ transpileOnly: true });
  const { tenants, stateBackend: _backend, ...settings } = require("../stacks/fleet").fleet;
  const many = Array.from({ length: SHARDED_TENANTS }, (_, i) => ({
    id: `t${i}`,
    region: REGIONS[i % REGIONS.length],
    ...(i % 10 === 0 ? { hostnames: [`t${i}.example.com`] } : {}),
  }));
  return [
    { name: "example", label: `example fleet (stacks/fleet.ts, ${tenants.length} tenants)`, settings, tenants },
    {
      name: "sharded",
      label: `${SHARDED_TENANTS.toLocaleString("en-US")} tenants sharded by hash into 2 shards`,
      settings: { appName: "bench-fleet", image: "registry.fly.io/bench:1" },
      tenants: many,
      sharding: { by: "hash", count: 2 },
    },
  ];
}

// Children run in process groups of their own, so that a stopped bench can end them and theirs (Terraform, its provider).
const running = new Set();

/** Runs a command without blocking: the S3 server answers from this very process. Resolves with its output. */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    running.add(child);
    let output = "";
    const keep = (chunk) => {
      // The tail is what explains a failure; a plan of a thousand tenants prints a lot.
      output = (output + chunk).slice(-20000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      running.delete(child);
      if (code === 0) resolve(output);
      else reject(new Error(`${path.basename(command)} ${args.slice(0, 3).join(" ")} … exited with ${code ?? signal}:\n${output}`));
    });
  });
}

/** An unsigned PutObject, which s3rver takes anonymously; through the layer, as Terraform's requests go. */
function putObject(endpoint, bucket, key, body) {
  return new Promise((resolve, reject) => {
    const url = `${endpoint}/${bucket}/${key.split("/").map(encodeURIComponent).join("/")}`;
    const req = http.request(url, { method: "PUT", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      let answer = "";
      res.on("data", (c) => (answer += c));
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`PUT ${key}: ${res.statusCode} ${answer}`))));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const stacksOf = (root) => fs.readdirSync(path.join(root, "cdktf.out", "stacks")).sort();

/** What each stack's plan.json changes, e.g. "fleet-shard-1: 2 create": the same in both modes, or one of them planned against no state. */
function planned(root) {
  return stacksOf(root)
    .map((id) => {
      const plan = JSON.parse(fs.readFileSync(path.join(root, "cdktf.out", "stacks", id, "plan.json"), "utf8"));
      const counts = {};
      for (const change of plan.resource_changes ?? []) {
        const action = change.change.actions.join("+");
        if (action !== "no-op" && action !== "read") counts[action] = (counts[action] ?? 0) + 1;
      }
      const said = Object.entries(counts).map(([action, n]) => `${n} ${action}`);
      return `${id}: ${said.length > 0 ? said.join(", ") : "no changes"}`;
    })
    .join("; ");
}

/** One fleet: seeded as deployed in both modes, then the timed pull request in alternating turns. */
async function measureFleet(fleet, scratch, s3, runs) {
  const { installEmulator } = require("../emulator/dist/install");
  const { FlyStore } = require("../emulator/dist/store");
  const { seedState } = require("./seed-state");
  const { stateLocationOf } = require("../dist/plan/state-keys");

  const root = path.join(scratch, fleet.name);
  // Both modes plan against one emulated account: the same resources, the same state contents.
  const emulator = installEmulator(path.join(root, "emulator"));
  const store = new FlyStore(path.join(emulator.dataDir, "fly.json"));
  const tfEnv = { ...process.env, TF_CLI_CONFIG_FILE: emulator.cliConfig, FLY_API_TOKEN: "emulator", CHECKPOINT_DISABLE: "1", TF_VAR_fly_org: "bench" };
  const s3Backend = { type: "s3", bucket: BUCKET, prefix: `bench-${fleet.name}`, usePathStyle: true };
  const modes = {
    local: { root: path.join(root, "local"), backend: { type: "local" }, env: tfEnv },
    // The backend JSON names no endpoint: Terraform takes it from AWS_ENDPOINT_URL_S3, set here in case the helper's env lacks it.
    s3: { root: path.join(root, "s3"), backend: s3Backend, env: { ...tfEnv, ...s3.env, AWS_ENDPOINT_URL_S3: s3.endpoint } },
  };
  for (const mode of Object.values(modes)) {
    fs.mkdirSync(mode.root, { recursive: true });
    mode.config = path.join(mode.root, "synth.json");
    mode.tenantFile = path.join(mode.root, "tenants.json");
    const config = { settings: fleet.settings, sharding: fleet.sharding, stateBackend: mode.backend, tenantFile: mode.tenantFile, outdir: path.join(mode.root, "cdktf.out") };
    fs.writeFileSync(mode.config, JSON.stringify(config));
  }

  // Deployed: the fleet before the change, seeded into local state files (the shared stack first, the
  // shards read its outputs), and those same states uploaded to the S3 keys the fleet gives each stack.
  const seedStart = process.hrtime.bigint();
  fs.writeFileSync(modes.local.tenantFile, tenantFile(fleet.tenants));
  await run(process.execPath, [SELF, "synth", modes.local.config], { env: process.env });
  const ids = stacksOf(modes.local.root).sort((a, b) => Number(b.endsWith("-shared")) - Number(a.endsWith("-shared")));
  for (const id of ids) {
    const file = path.join(modes.local.root, `terraform.${id}.tfstate`);
    seedState(path.join(modes.local.root, "cdktf.out", "stacks", id), file, store);
    const { key } = stateLocationOf(s3Backend, fleet.settings.appName, id);
    const body = fs.readFileSync(file, "utf8");
    await putObject(s3.endpoint, BUCKET, key, body);
    if ((await s3.getObject(BUCKET, key))?.length !== body.length) throw new Error(`pr-pipeline: s3://${BUCKET}/${key} does not hold the seeded state`);
  }
  console.log(`${fleet.label}: ${ids.length} stacks seeded as deployed in ${(Number(process.hrtime.bigint() - seedStart) / 1e9).toFixed(1)} s`);

  /** One pull request on a fresh checkout (no cdktf.out, no .terraform), as a CI runner starts. */
  const turn = async (mode) => {
    fs.rmSync(path.join(mode.root, "cdktf.out"), { recursive: true, force: true });
    fs.writeFileSync(mode.tenantFile, tenantFile(fleet.tenants));
    const start = process.hrtime.bigint();
    fs.writeFileSync(mode.tenantFile, tenantFile([...fleet.tenants, NEW_TENANT]));
    await run(process.execPath, [SELF, "synth", mode.config], { env: process.env });
    const synthMs = Number(process.hrtime.bigint() - start) / 1e6;
    const dirs = stacksOf(mode.root).map((id) => path.join(mode.root, "cdktf.out", "stacks", id));
    // One process for every stack, as a single CI machine would plan them (the workflow's matrix plans each on its own runner).
    await run(process.execPath, [CLI, "deploy", "--plan-only", ...dirs], { cwd: mode.root, env: mode.env });
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, synthMs, stacks: dirs.length, planned: planned(mode.root) };
  };

  const results = { local: [], s3: [] };
  for (let i = 0; i < runs; i++) {
    // Alternating which goes first, so that a noisy moment or a warm disk cache favours neither.
    for (const name of i % 2 === 0 ? ["local", "s3"] : ["s3", "local"]) results[name].push(await turn(modes[name]));
  }
  if (results.local[0].planned !== results.s3[0].planned) {
    throw new Error(`pr-pipeline: the two modes planned differently:\nlocal: ${results.local[0].planned}\nS3: ${results.s3[0].planned}`);
  }
  const median = (list) => [...list].sort((a, b) => a.ms - b.ms)[Math.floor(list.length / 2)];
  const local = median(results.local);
  const remote = median(results.s3);
  const row = { fleet: fleet.label, stacks: local.stacks, localMs: local.ms, s3Ms: remote.ms, synthMs: (local.synthMs + remote.synthMs) / 2, ratio: remote.ms / local.ms, planned: local.planned };
  console.log(
    `PR pipeline, ${row.fleet} (${row.stacks} stacks): local ${(row.localMs / 1000).toFixed(1)} s, S3 ${(row.s3Ms / 1000).toFixed(1)} s ` +
      `(synth ${(row.synthMs / 1000).toFixed(1)} s of each), ratio S3/local ${row.ratio.toFixed(2)} | planned: ${row.planned}`,
  );
  // Every turn, to judge the spread of a median taken on a shared machine.
  const turns = (list) => list.map((r) => (r.ms / 1000).toFixed(1)).join(", ");
  console.log(`  turns: local ${turns(results.local)} s | S3 ${turns(results.s3)} s`);
  return row;
}

/** Every fleet, with one S3 server; the server and every scratch file are gone afterwards, also after a failure or a signal. */
async function measureAll(runs) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-pipeline-bench-"));
  const cleanUp = () => {
    for (const child of running) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    }
    fs.rmSync(scratch, { recursive: true, force: true });
  };
  const onSignal = (signal) => {
    cleanUp();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  let s3;
  try {
    const list = fleets();
    const { startS3Server } = require("../test/state/s3-server");
    // Its buckets inside the scratch directory, so that a signal's synchronous clean-up removes them too.
    s3 = await startS3Server({ directory: path.join(scratch, "s3rver") });
    await s3.createBucket(BUCKET);
    const rows = [];
    for (const fleet of list) rows.push(await measureFleet(fleet, scratch, s3, runs));
    return rows;
  } finally {
    await s3?.stop();
    cleanUp();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** For run.js, which is synchronous: the measurement in a child process (it needs an event loop for the S3 server), printing as it goes. */
function measurePipeline(runs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-pipeline-rows-"));
  try {
    const file = path.join(dir, "rows.json");
    execFileSync(process.execPath, [SELF, "--rows", file], { stdio: "inherit", env: { ...process.env, BENCH_RUNS: String(runs) } });
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function pipelineSection(rows, runs) {
  const table = [
    "| fleet | stacks | local state s | S3 state s | ratio S3 / local | of which synth s | planned (same in both) |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.fleet} | ${r.stacks} | ${(r.localMs / 1000).toFixed(1)} | ${(r.s3Ms / 1000).toFixed(1)} | ${r.ratio.toFixed(2)} | ` +
        `${(r.synthMs / 1000).toFixed(1)} | ${r.planned.split("; ").filter((s) => !s.endsWith("no changes")).join("; ") || "no changes"} |`,
    ),
  ];
  return (
    `${START}\n## PR pipeline: S3 state vs local\n\nWall time of a pull request that adds one tenant line, from the change to the ` +
    "guarded plans of every stack: the synth (a fresh process, compiled JS), then `flycell deploy --plan-only` on all " +
    "stacks in one process, as one CI machine would run them (the PR workflow's matrix plans each stack on a runner of " +
    "its own): per stack `terraform init`, the preflight plan, then the plan, `show -json` and the guard. Each turn " +
    "starts from a fresh checkout (no `cdktf.out`, no `.terraform`). Every stack's state was first seeded as deployed " +
    "(seed-state.js); with S3 that same state is uploaded to the key the fleet gives the stack, and Terraform 1.11's S3 " +
    "backend reads it and takes its lock file (`use_lockfile`) from s3rver on loopback, behind the layer that enforces " +
    "the lock's conditional writes (test/state/s3-server.ts). Real Terraform on flycell's Fly provider emulator; local " +
    `and S3 in alternating turns, the median of ${runs} each, on a machine shared with other work (the turns printed by ` +
    "the bench show the spread). The S3 server is on loopback: against Tigris or AWS every state read and lock write " +
    "also crosses the network.\n\n" +
    `${table.join("\n")}\n${END}\n`
  );
}

/** RESULTS.md with its pipeline part replaced (or appended). */
function withPipelineSection(results, section) {
  const start = results.indexOf(START);
  const end = results.indexOf(END);
  if (start >= 0 && end > start) return results.slice(0, start) + section + results.slice(end + END.length + 1);
  return `${results.trimEnd()}\n\n${section}`;
}

module.exports = { measurePipeline, pipelineSection, withPipelineSection };

if (require.main === module) {
  if (process.argv[2] === "synth") synthStep(process.argv[3]);
  else {
    const rowsFile = process.argv[2] === "--rows" ? process.argv[3] : undefined;
    measureAll(Number(process.env.BENCH_RUNS ?? 3)).then(
      (rows) => {
        if (rowsFile) fs.writeFileSync(rowsFile, JSON.stringify(rows));
      },
      (err) => {
        console.error(err);
        process.exitCode = 1;
      },
    );
  }
}
