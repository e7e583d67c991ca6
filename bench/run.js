// `npm run bench`: synthesizes fleets of 100, 1,000 and 10,000 tenants with flycell and with a
// baseline declaring the same resources directly (generated bindings), each in a fresh
// process, side by side, and the same tenants packed 50 to a shared cell; writes
// bench/RESULTS.md, with the validation pass timed against a plain zod parse (bench/validation.js)
// and the PR pipeline with S3 state against local state (bench/pr-pipeline.js).
// Not a test: it prints figures.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const { measureValidation, validationSection, withValidationSection } = require("./validation");
const { measurePipeline, pipelineSection, withPipelineSection } = require("./pr-pipeline");

const SIZES = (process.env.BENCH_SIZES ?? "100,1000,10000").split(",").map(Number);
// Each figure is the median of RUNS fresh processes, taken in turns so that a noisy moment hits all modes alike.
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

// The shared-cell layout: as many cells as it takes at this many tenants each (see synth-once.js).
const TENANTS_PER_CELL = 50;
const cellsFor = (count) => Math.ceil(count / TENANTS_PER_CELL);

function measure(mode, count, { resourcesFile, debug = false, cells } = {}) {
  const env = { ...process.env, CDK_DEBUG: debug ? "1" : "" };
  if (resourcesFile) env.BENCH_RESOURCES = resourcesFile;
  const args = [mode, String(count), ...(cells === undefined ? [] : [String(cells)])];
  const out = execFileSync(process.execPath, [path.join(__dirname, "synth-once.js"), ...args], {
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

/**
 * Resources added, changed or removed when one tenant joins a fleet of `count`: the total, and
 * by kind ("1 machine changed, 1 cert added"). In the shared layout the cells stay as they were,
 * so the new tenant joins an existing cell (the first, which has room).
 */
function changedByOneTenant(mode, count) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-diff-"));
  const before = path.join(dir, "before.json");
  const after = path.join(dir, "after.json");
  const cells = mode === "shared" ? cellsFor(count) : undefined;
  measure(mode, count, { resourcesFile: before, cells });
  measure(mode, count + 1, { resourcesFile: after, cells });
  const a = JSON.parse(fs.readFileSync(before, "utf8"));
  const b = JSON.parse(fs.readFileSync(after, "utf8"));
  fs.rmSync(dir, { recursive: true, force: true });
  const kinds = {
    changed: Object.keys(b).filter((k) => k in a && a[k] !== b[k]),
    added: Object.keys(b).filter((k) => !(k in a)),
    removed: Object.keys(a).filter((k) => !(k in b)),
  };
  const parts = [];
  for (const [kind, keys] of Object.entries(kinds)) {
    const byType = {};
    for (const key of keys) {
      const type = key.split(".")[0].replace(/^fly_/, "");
      byType[type] = (byType[type] ?? 0) + 1;
    }
    for (const [type, n] of Object.entries(byType).sort()) parts.push(`${n} ${type} ${kind}`);
  }
  return { total: Object.values(kinds).reduce((n, keys) => n + keys.length, 0), detail: parts.join(", ") || "none" };
}

const RESULTS = path.join(__dirname, "RESULTS.md");
if (process.env.BENCH_ONLY === "validation") {
  const section = validationSection(measureValidation(RUNS), RUNS);
  fs.writeFileSync(RESULTS, withValidationSection(fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, "utf8") : "# Synthesis benchmark\n", section));
  process.exit(0);
}
if (process.env.BENCH_ONLY === "pipeline") {
  const section = pipelineSection(measurePipeline(RUNS), RUNS);
  fs.writeFileSync(RESULTS, withPipelineSection(fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, "utf8") : "# Synthesis benchmark\n", section));
  process.exit(0);
}

const rows = [];
for (const count of SIZES) {
  const runs = { flycell: [], baseline: [], traced: [], shared: [] };
  for (let i = 0; i < RUNS; i++) {
    runs.flycell.push(measure("flycell", count));
    runs.baseline.push(measure("baseline", count));
    // flycell again with cdktf's token stack traces kept, as the baseline keeps them (see lib/constructs/stack-traces.ts).
    runs.traced.push(measure("flycell", count, { debug: true }));
    runs.shared.push(measure("shared", count));
  }
  const [flycell, baseline, traced, shared] = [runs.flycell, runs.baseline, runs.traced, runs.shared].map(median);
  const row = {
    count,
    flycell,
    baseline,
    tracedRatio: traced.ms / baseline.ms,
    timeRatio: flycell.ms / baseline.ms,
    rssRatio: flycell.rssMb / baseline.rssMb,
    sizeRatio: flycell.bytes / baseline.bytes,
    changedByOne: changedByOneTenant("flycell", count),
    shared,
    sharedChangedByOne: changedByOneTenant("shared", count),
  };
  rows.push(row);
  console.log(
    `${count} tenants: flycell ${(flycell.ms / 1000).toFixed(2)} s, ${flycell.rssMb.toFixed(0)} MB peak, ` +
      `${(flycell.bytes / 1e6).toFixed(1)} MB JSON | baseline ${(baseline.ms / 1000).toFixed(2)} s, ` +
      `${baseline.rssMb.toFixed(0)} MB, ${(baseline.bytes / 1e6).toFixed(1)} MB | ratios time ${row.timeRatio.toFixed(2)} ` +
      `(${row.tracedRatio.toFixed(2)} with CDK_DEBUG=1), ` +
      `RSS ${row.rssRatio.toFixed(2)}, size ${row.sizeRatio.toFixed(2)} | one tenant added changes ${row.changedByOne.total} resources`,
  );
  console.log(
    `${count} tenants in ${cellsFor(count)} shared cells: ${(shared.ms / 1000).toFixed(2)} s (${(shared.ms / flycell.ms).toFixed(2)} of dedicated), ` +
      `${shared.resources} resources (dedicated ${flycell.resources}), ${shared.rssMb.toFixed(0)} MB peak, ` +
      `${(shared.bytes / 1e6).toFixed(1)} MB JSON | one tenant added changes ${row.sharedChangedByOne.total} resources (${row.sharedChangedByOne.detail})`,
  );
}

const table = [
  "| tenants | flycell s | baseline s | time ratio | time ratio, CDK_DEBUG=1 | flycell peak RSS MB | baseline MB | RSS ratio | JSON size ratio | resources changed by +1 tenant |",
  "|---|---|---|---|---|---|---|---|---|---|",
  ...rows.map(
    (r) =>
      `| ${r.count} | ${(r.flycell.ms / 1000).toFixed(2)} | ${(r.baseline.ms / 1000).toFixed(2)} | ${r.timeRatio.toFixed(2)} | ${r.tracedRatio.toFixed(2)} | ` +
      `${r.flycell.rssMb.toFixed(0)} | ${r.baseline.rssMb.toFixed(0)} | ${r.rssRatio.toFixed(2)} | ${r.sizeRatio.toFixed(2)} | ${r.changedByOne.total} |`,
  ),
];

// Shared cells beside dedicated ones: the same tenant lines, flycell both times.
const ratio = (shared, dedicated) => (shared / dedicated).toFixed(2);
const sharedTable = [
  "| tenants | layout | synth s | resources | JSON MB | peak RSS MB | resources changed by +1 tenant |",
  "|---|---|---|---|---|---|---|",
  ...rows.flatMap((r) => [
    `| ${r.count} | dedicated: ${r.count} cells | ${(r.flycell.ms / 1000).toFixed(2)} | ${r.flycell.resources} | ` +
      `${(r.flycell.bytes / 1e6).toFixed(1)} | ${r.flycell.rssMb.toFixed(0)} | ${r.changedByOne.total} (${r.changedByOne.detail}) |`,
    `| ${r.count} | shared: ${cellsFor(r.count)} cells of ${TENANTS_PER_CELL} | ${(r.shared.ms / 1000).toFixed(2)} | ${r.shared.resources} | ` +
      `${(r.shared.bytes / 1e6).toFixed(1)} | ${r.shared.rssMb.toFixed(0)} | ${r.sharedChangedByOne.total} (${r.sharedChangedByOne.detail}) |`,
    `| ${r.count} | ratio shared / dedicated | ${ratio(r.shared.ms, r.flycell.ms)} | ${ratio(r.shared.resources, r.flycell.resources)} | ` +
      `${ratio(r.shared.bytes, r.flycell.bytes)} | ${ratio(r.shared.rssMb, r.flycell.rssMb)} | ${ratio(r.sharedChangedByOne.total, r.changedByOne.total)} |`,
  ]),
];
const validation = measureValidation(RUNS);
const pipeline = measurePipeline(RUNS);
fs.writeFileSync(
  RESULTS,
  `# Synthesis benchmark\n\nMade by \`npm run bench\` (node ${process.version}, ${os.cpus().length} cores). Each figure is the median of ` +
    `${RUNS} fresh processes: construct + synth to disk, compiled JS. The baseline declares the same resources directly ` +
    "with the generated bindings; flycell also writes the `cells`, `routing_table` and `released_volumes` outputs, " +
    "which the baseline has not. cdktf records a stack trace for every token it creates; flycell skips them while " +
    "it builds a fleet unless `CDK_DEBUG` is set, as AWS CDK does (lib/constructs/stack-traces.ts). The column " +
    "`CDK_DEBUG=1` times flycell with them kept: what is left there is mostly resolving the outputs.\n\n" +
    table.join("\n") +
    "\n\n## Shared cells\n\nThe same tenants (ids, hostnames) packed " +
    `${TENANTS_PER_CELL} to a shared cell (one machine and one volume per cell; cells spread over the six regions ` +
    "in turn, each tenant taking its cell's region; capacity 60, so every cell has room), beside the dedicated " +
    "layout above (one machine and one volume per tenant), flycell both times, same medians. Every tenant with a " +
    "hostname still gets its certificate (one in ten), and the `cells` and `routing_table` outputs still list " +
    "every tenant. The added tenant is the same line in both layouts, hostname included (so a certificate is " +
    "added in both); in the shared layout it joins the first cell.\n\n" +
    sharedTable.join("\n") +
    "\n\nThe `terraform plan` time of a one-tenant change, with the fleet in one state and sharded, is in " +
    "[PLAN-TIME.md](PLAN-TIME.md) (`npm run bench:plan`: real Terraform on the emulator, so it runs on its own).\n\n" +
    validationSection(validation, RUNS) +
    "\n" +
    pipelineSection(pipeline, RUNS),
);
const last = rows.find((r) => r.count === 10000);
if (last) {
  console.log(`bench: 10000 tenants flycell/baseline = ${last.timeRatio.toFixed(2)}`);
  console.log(
    `bench: 10000 tenants shared/dedicated: time ${ratio(last.shared.ms, last.flycell.ms)}, ` +
      `resources ${ratio(last.shared.resources, last.flycell.resources)}, +1 tenant ${last.sharedChangedByOne.total} vs ${last.changedByOne.total}`,
  );
}
