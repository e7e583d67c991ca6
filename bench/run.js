// `npm run bench`: synthesizes fleets of 100, 1,000 and 10,000 tenants with flycell and with a
// baseline declaring the same resources directly (generated bindings), each in a fresh
// process, side by side; writes bench/RESULTS.md. Not a test: it prints figures.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const SIZES = (process.env.BENCH_SIZES ?? "100,1000,10000").split(",").map(Number);
// Each figure is the median of RUNS fresh processes, taken in turns so that a noisy moment hits all modes alike.
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function measure(mode, count, { resourcesFile, debug = false } = {}) {
  const env = { ...process.env, CDK_DEBUG: debug ? "1" : "" };
  if (resourcesFile) env.BENCH_RESOURCES = resourcesFile;
  const out = execFileSync(process.execPath, [path.join(__dirname, "synth-once.js"), mode, String(count)], {
    encoding: "utf8",
    env,
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split("\n").pop());
}

/** The run of median time, with that run's memory and size. */
function median(results) {
  return [...results].sort((a, b) => a.ms - b.ms)[Math.floor(results.length / 2)];
}

/** Resources added or changed when one tenant joins a fleet of `count`. */
function changedByOneTenant(count) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-diff-"));
  const before = path.join(dir, "before.json");
  const after = path.join(dir, "after.json");
  measure("flycell", count, { resourcesFile: before });
  measure("flycell", count + 1, { resourcesFile: after });
  const a = JSON.parse(fs.readFileSync(before, "utf8"));
  const b = JSON.parse(fs.readFileSync(after, "utf8"));
  const changed = Object.keys(b).filter((k) => a[k] !== b[k]).length;
  const removed = Object.keys(a).filter((k) => !(k in b)).length;
  fs.rmSync(dir, { recursive: true, force: true });
  return changed + removed;
}

const rows = [];
for (const count of SIZES) {
  const runs = { flycell: [], baseline: [], traced: [] };
  for (let i = 0; i < RUNS; i++) {
    runs.flycell.push(measure("flycell", count));
    runs.baseline.push(measure("baseline", count));
    // flycell again with cdktf's token stack traces kept, as the baseline keeps them (see lib/constructs/stack-traces.ts).
    runs.traced.push(measure("flycell", count, { debug: true }));
  }
  const [flycell, baseline, traced] = [runs.flycell, runs.baseline, runs.traced].map(median);
  const row = {
    count,
    flycell,
    baseline,
    tracedRatio: traced.ms / baseline.ms,
    timeRatio: flycell.ms / baseline.ms,
    rssRatio: flycell.rssMb / baseline.rssMb,
    sizeRatio: flycell.bytes / baseline.bytes,
    changedByOne: changedByOneTenant(count),
  };
  rows.push(row);
  console.log(
    `${count} tenants: flycell ${(flycell.ms / 1000).toFixed(2)} s, ${flycell.rssMb.toFixed(0)} MB peak, ` +
      `${(flycell.bytes / 1e6).toFixed(1)} MB JSON | baseline ${(baseline.ms / 1000).toFixed(2)} s, ` +
      `${baseline.rssMb.toFixed(0)} MB, ${(baseline.bytes / 1e6).toFixed(1)} MB | ratios time ${row.timeRatio.toFixed(2)} ` +
      `(${row.tracedRatio.toFixed(2)} with CDK_DEBUG=1), ` +
      `RSS ${row.rssRatio.toFixed(2)}, size ${row.sizeRatio.toFixed(2)} | one tenant added changes ${row.changedByOne} resources`,
  );
}

const table = [
  "| tenants | flycell s | baseline s | time ratio | time ratio, CDK_DEBUG=1 | flycell peak RSS MB | baseline MB | RSS ratio | JSON size ratio | resources changed by +1 tenant |",
  "|---|---|---|---|---|---|---|---|---|---|",
  ...rows.map(
    (r) =>
      `| ${r.count} | ${(r.flycell.ms / 1000).toFixed(2)} | ${(r.baseline.ms / 1000).toFixed(2)} | ${r.timeRatio.toFixed(2)} | ${r.tracedRatio.toFixed(2)} | ` +
      `${r.flycell.rssMb.toFixed(0)} | ${r.baseline.rssMb.toFixed(0)} | ${r.rssRatio.toFixed(2)} | ${r.sizeRatio.toFixed(2)} | ${r.changedByOne} |`,
  ),
];
fs.writeFileSync(
  path.join(__dirname, "RESULTS.md"),
  `# Synthesis benchmark\n\nMade by \`npm run bench\` (node ${process.version}, ${os.cpus().length} cores). Each figure is the median of ` +
    `${RUNS} fresh processes: construct + synth to disk, compiled JS. The baseline declares the same resources directly ` +
    "with the generated bindings; flycell also writes the `cells`, `routing_table` and `released_volumes` outputs, " +
    "which the baseline has not. cdktf records a stack trace for every token it creates; flycell skips them while " +
    "it builds a fleet unless `CDK_DEBUG` is set, as AWS CDK does (lib/constructs/stack-traces.ts). The column " +
    "`CDK_DEBUG=1` times flycell with them kept: what is left there is mostly resolving the outputs.\n\n" +
    table.join("\n") +
    "\n\nThe `terraform plan` time of a one-tenant change, with the fleet in one state and sharded, is in " +
    "[PLAN-TIME.md](PLAN-TIME.md) (`npm run bench:plan`: real Terraform on the emulator, so it runs on its own).\n",
);
const last = rows.find((r) => r.count === 10000);
if (last) console.log(`bench: 10000 tenants flycell/baseline = ${last.timeRatio.toFixed(2)}`);
