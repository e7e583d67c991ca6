// One measured synthesis in a fresh process: `node bench/synth-once.js <flycell|baseline|shared> <tenants> [cells]`.
// `shared` packs the tenants TENANTS_PER_CELL to a shared cell (`cells` of them, by default as many as
// that takes; tenants beyond cells * TENANTS_PER_CELL join the existing cells in turn).
// Prints one JSON line: wall time of construct + synth, peak RSS, output size, resource count.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { App, TerraformStack } = require("cdktf");
const { CellFleet, fly, planFleet } = require("../dist");

const REGIONS = ["ams", "ord", "syd", "fra", "iad", "nrt"];
const SETTINGS = { appName: "bench-fleet", image: "registry.fly.io/bench:1" };

/** Tenants per shared cell in `shared` mode, and each cell's capacity (room for a few more). */
const TENANTS_PER_CELL = 50;
const CELL_CAPACITY = 60;

function tenants(count) {
  return Array.from({ length: count }, (_, i) => ({
    id: `t${i}`,
    region: REGIONS[i % REGIONS.length],
    ...(i % 10 === 0 ? { hostnames: [`t${i}.example.com`] } : {}),
  }));
}

/** The same tenants in `cells` shared cells spread over the regions (cell k in REGIONS[k % 6]), each tenant in its cell's region. */
function sharedLayout(count, cells) {
  const id = (k) => `${REGIONS[k % REGIONS.length]}-${Math.floor(k / REGIONS.length) + 1}`;
  const packed = cells * TENANTS_PER_CELL;
  const cellOf = (i) => (i < packed ? Math.floor(i / TENANTS_PER_CELL) : (i - packed) % cells);
  const sharedCells = Object.fromEntries(
    Array.from({ length: cells }, (_, k) => [id(k), { region: REGIONS[k % REGIONS.length], capacity: CELL_CAPACITY }]),
  );
  const list = tenants(count).map((t, i) => ({ ...t, region: REGIONS[cellOf(i) % REGIONS.length], cell: id(cellOf(i)) }));
  return { sharedCells, tenants: list };
}

/** The same resources as the fleet, declared directly with the generated bindings. */
function baseline(stack, list) {
  const app = new fly.app.App(stack, "app", { name: SETTINGS.appName });
  for (const type of ["public_v6", "shared_v4"]) new fly.ip.Ip(stack, `ip-${type}`, { app: app.name, type });
  const plan = planFleet({ ...SETTINGS, tenants: list }); // same values, so the JSON matches resource for resource
  for (const spec of plan.cells) {
    const volume = new fly.volume.Volume(stack, `${spec.tenantId}-volume`, {
      app: app.name, name: spec.volumeName, region: spec.region, sizeGb: spec.volumeSizeGb,
      compute: { ...spec.guest }, readoptOnHostMigration: true, autoBackupEnabled: true,
      snapshotRetention: spec.snapshotRetentionDays, lifecycle: { preventDestroy: true, ignoreChanges: ["compute"] },
    });
    new fly.machine.Machine(stack, `${spec.tenantId}-machine`, {
      app: app.name, name: spec.machineName, region: spec.region, image: spec.image, env: { ...spec.env },
      metadata: { ...spec.metadata }, guest: { ...spec.guest },
      mount: [{ volume: volume.id, name: spec.volumeName, path: spec.dataPath, readoptOnHostMigration: true }],
      service: [{ protocol: "tcp", internalPort: spec.internalPort, autostop: spec.autostop, autostart: spec.autostart,
        port: [{ port: 80, handlers: ["http"] }, { port: 443, handlers: ["tls", "http"] }],
        check: [{ type: "http", path: spec.healthPath, method: "GET", interval: "15s", timeout: "5s" }] }],
    });
    for (const hostname of spec.hostnames) new fly.cert.Cert(stack, `${spec.tenantId}-cert-${hostname}`, { app: app.name, hostname });
  }
}

const [mode, countText, cellsText] = process.argv.slice(2);
const count = Number(countText);
const list = tenants(count);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-bench-"));
const start = process.hrtime.bigint();
const app = new App({ outdir });
const stack = new TerraformStack(app, "bench");
new fly.provider.FlyProvider(stack, "fly", { orgSlug: "bench" });
if (mode === "flycell") new CellFleet(stack, "fleet", { ...SETTINGS, tenants: list });
else if (mode === "shared") {
  const cells = cellsText === undefined ? Math.ceil(count / TENANTS_PER_CELL) : Number(cellsText);
  new CellFleet(stack, "fleet", { ...SETTINGS, ...sharedLayout(count, cells) });
} else if (mode === "baseline") baseline(stack, list);
else throw new Error(`unknown mode ${JSON.stringify(mode)}: flycell, baseline or shared`);
app.synth();
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const file = path.join(outdir, "stacks", "bench", "cdk.tf.json");
const bytes = fs.statSync(file).size;
const json = JSON.parse(fs.readFileSync(file, "utf8"));
const resources = Object.fromEntries(
  Object.entries(json.resource).flatMap(([type, byId]) => Object.entries(byId).map(([id, body]) => [`${type}.${id}`, JSON.stringify(body)])),
);
if (process.env.BENCH_RESOURCES) fs.writeFileSync(process.env.BENCH_RESOURCES, JSON.stringify(resources));
fs.rmSync(outdir, { recursive: true, force: true });
console.log(JSON.stringify({ ms, rssMb: process.resourceUsage().maxRSS / 1024, bytes, resources: Object.keys(resources).length }));
