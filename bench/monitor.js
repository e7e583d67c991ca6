// `npm run bench:monitor`: the fleet monitor under load, on loopback only, on a fast clock.
//   A. 10,000 cells beating once a (simulated) minute over HTTP with real signed heartbeats, a few
//      of them going silent: the monitor's CPU time and peak memory, and how long after a started
//      cell's last beat its "silent" issue reaches the webhook (p50 / p99 / max).
//   B. 100, 1,000 and 10,000 healthy cells for 30 simulated minutes: Machines API calls per
//      minute by kind, against the emulated Machines API. Healthy cells cost no machine reads; the
//      sweep goes at its own fixed pace (12 calls a minute), so the rate is the same at every size.
// The monitor runs in a child process (this file with --monitor-child) so its CPU and memory are
// its own; the emulated Machines API (over a seeded emulated account, Fly's rate limits off), the
// webhook receiver and the cells run here. Prints figures; not a test.
"use strict";
const { fork } = require("child_process");
const http = require("http");
const os = require("os");
const path = require("path");
const fs = require("fs");
const { clearInterval, setInterval, setTimeout } = require("timers");

require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });

const ROOT = path.join(__dirname, "..");
const SECRET = "bench-monitor-secret";
const IMAGE = "registry.fly.io/acme:1";
const WINDOW_S = 180;
const BUDGET = 30;
const SWEEP = 12;

/** A clock running `speed` times as fast as the real one, from the real time `t0`. */
const fastClock = (t0, speed) => () => t0 + (Date.now() - t0) * speed;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const machineId = (n) => n.toString(16).padStart(14, "0");

if (process.argv[2] === "--monitor-child") runMonitorChild();
else main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/** The child: one monitor, measured from "ready" to "stop". */
function runMonitorChild() {
  const { startMonitor } = require(path.join(ROOT, "lib", "monitor"));
  let monitor;
  let cpuAtReady;
  let readyAt;
  let rssAtReady;
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 100);
  process.on("message", async (message) => {
    if (message.type === "start") {
      const { t0, speed, tickSimMs, ...options } = message.options;
      const quiet = { info: () => undefined, warn: () => undefined };
      monitor = await startMonitor({ ...options, now: fastClock(t0, speed), tickMs: tickSimMs / speed, log: quiet });
      cpuAtReady = process.cpuUsage();
      readyAt = Date.now();
      rssAtReady = process.memoryUsage().rss;
      process.send({ type: "ready", url: monitor.url });
    } else if (message.type === "stop") {
      const cpu = process.cpuUsage(cpuAtReady);
      const realMs = Date.now() - readyAt;
      await monitor.stop();
      clearInterval(sampler);
      process.send({ type: "stats", cpuMs: (cpu.user + cpu.system) / 1000, realMs, maxRssMb: process.resourceUsage().maxRSS / 1024, readyRssMb: rssAtReady / 2 ** 20, peakHeapMb: peakHeap / 2 ** 20 }, () => process.exit(0));
    }
  });
}

function startWebhookReceiver(clock) {
  const events = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      events.push({ ...JSON.parse(body), receivedAt: clock() });
      res.writeHead(200).end();
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}`, events, close: () => server.close() })));
}

/**
 * A heartbeat sender over one kept-alive pool, counting answers and noting each cell's last
 * delivered beat. Like the cells' own sender, it tries again once when a kept-alive connection
 * turns out closed.
 */
function beatSender(clock, lastDelivered) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const counts = { ok: 0, failed: 0, errors: {} };
  const send = (url, init, retry = true) =>
    new Promise((resolve, reject) => {
      const sentAt = clock();
      const req = http.request(url, { method: init.method, headers: init.headers, agent }, (res) => {
        res.resume();
        res.on("end", () => {
          if (res.statusCode === 204) {
            counts.ok++;
            lastDelivered.set(JSON.parse(init.body).cell, sentAt);
          } else counts.failed++;
          resolve({ status: res.statusCode });
        });
      });
      req.on("error", (err) => {
        if (retry && req.reusedSocket && err.code === "ECONNRESET") return resolve(send(url, init, false));
        counts.failed++;
        counts.errors[err.code ?? err.message] = (counts.errors[err.code ?? err.message] ?? 0) + 1;
        reject(err);
      });
      req.end(init.body);
    });
  return { send, counts, close: () => agent.destroy() };
}

/**
 * One run: an emulated Machines API over an account holding `cells` cells (an app and a volume
 * each, all started), a monitor child, and heartbeats from every cell but `silent` ones, which stop
 * at their given times. The server's recorded calls (method, path, status, start and end on the
 * run's clock) are what part B counts.
 */
async function run({ cells, speed, simMinutes, silent = new Map(), tickSimMs = 5000 }) {
  const { startEmulatedMachinesApi } = require(path.join(ROOT, "test", "monitor", "emulated-machines-api.ts"));
  const { startHeartbeat } = require(path.join(ROOT, "lib", "cell", "heartbeat.ts"));
  const t0 = Date.now();
  const clock = fastClock(t0, speed);
  // Rate limits off: the bench counts the calls the monitor makes, and its own budget paces them.
  const api = await startEmulatedMachinesApi({ now: clock, rateLimits: false });
  const webhook = await startWebhookReceiver(clock);
  const expected = { version: 1, cells: {} };
  const seededAt = new Date(clock()).toISOString();
  const seedStart = Date.now();
  // One write of the account file for the whole fleet.
  api.account.batch((account) => {
    for (let i = 0; i < cells; i++) {
      const id = `tenant-${i}`;
      const app = `acme-${id}`;
      const machine = machineId(0x10000 + i);
      const volume = `vol_${machine}`;
      const checks = [{ name: "servicecheck-00-http-8080", status: "passing", output: "200 OK", updated_at: seededAt }];
      account.machine(app, { id: machine, state: "started", image: IMAGE, checks, mounts: [volume] });
      account.volume(app, { id: volume, snapshotAgesHours: [6, 30] });
      expected.cells[id] = { app, machine, region: ["ams", "iad", "syd", "nrt"][i % 4], image: IMAGE, tenants: [id], volume };
    }
  });
  const seedMs = Date.now() - seedStart;
  const child = fork(path.join(__dirname, "monitor.js"), ["--monitor-child"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const reply = (type) => new Promise((resolve) => child.on("message", (m) => m.type === type && resolve(m)));
  const ready = reply("ready");
  child.send({
    type: "start",
    options: { t0, speed, tickSimMs, expected, secret: SECRET, host: "127.0.0.1", port: 0, api: { baseUrl: api.url, token: api.token }, webhookUrl: webhook.url, heartbeatWindowSeconds: WINDOW_S, maxApiCallsPerMinute: BUDGET, sweepCallsPerMinute: SWEEP },
  });
  const { url } = await ready;

  const lastDelivered = new Map();
  const sender = beatSender(clock, lastDelivered);
  const intervalMs = 60_000 / speed;
  const beats = new Map();
  Object.entries(expected.cells).forEach(([id, cell], i) => {
    const env = { FLYCELL_TENANT_ID: id, FLY_MACHINE_ID: cell.machine, FLY_REGION: cell.region, FLY_IMAGE_REF: IMAGE };
    const firstBeatDelayMs = (i / cells) * intervalMs;
    beats.set(id, startHeartbeat({ url, secret: SECRET, env, intervalMs, firstBeatDelayMs, now: clock, send: sender.send, stopOnSignals: false, log: { warn: () => undefined } }));
  });
  const stoppers = [...silent].map(([id, atSimMs]) => sleep(atSimMs / speed).then(() => beats.get(id).stop()));

  await sleep((simMinutes * 60_000) / speed);
  // The cells stop first, so no beat meets a closed monitor.
  await Promise.all(stoppers);
  await Promise.all([...beats.values()].map((b) => b.stop()));
  const stats = reply("stats");
  child.send({ type: "stop" });
  const monitorStats = await stats;
  sender.close();
  webhook.close();
  await api.close();
  fs.rmSync(path.dirname(api.account.file), { recursive: true, force: true });
  // The monitor's calls only (the emulator's /__emulator controls are none of its own).
  const calls = api.calls.filter((c) => !c.path.startsWith("/__emulator/"));
  return { monitorStats, calls, events: webhook.events, beats: sender.counts, lastDelivered, t0, seedMs };
}

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];
const fixed = (n, digits = 1) => n.toFixed(digits);

async function loadRun() {
  const cells = Number(process.env.BENCH_CELLS ?? 10_000);
  const speed = Number(process.env.BENCH_SPEED ?? 10);
  const silentCount = 20;
  // Silent cells spread over the fleet, going quiet one every 9 simulated seconds from minute 1.
  const silent = new Map(Array.from({ length: silentCount }, (_, k) => [`tenant-${Math.floor(((k + 0.5) * cells) / silentCount)}`, 60_000 + k * 9_000]));
  const simMinutes = 7.5;
  const result = await run({ cells, speed, simMinutes, silent });
  const raised = new Map(result.events.filter((e) => e.flycell.status === "open" && e.flycell.kind === "silent").map((e) => [e.flycell.cell, Date.parse(e.flycell.since)]));
  const latencies = [...silent.keys()].filter((id) => raised.has(id)).map((id) => (raised.get(id) - result.lastDelivered.get(id)) / 1000);
  const falseAlarms = result.events.filter((e) => e.flycell.status === "open" && !silent.has(e.flycell.cell));
  const { cpuMs, realMs, maxRssMb, readyRssMb, peakHeapMb } = result.monitorStats;
  const beats = result.beats.ok;
  const perBeatUs = (cpuMs * 1000) / beats;
  console.log(`A. ${cells.toLocaleString("en")} cells beating once a simulated minute, clock x${speed} (${fixed(realMs / 1000)} s real = ${simMinutes} simulated min)`);
  console.log(`   beats delivered        ${beats.toLocaleString("en")} (${fixed(beats / (realMs / 1000), 0)} per real second), failed ${result.beats.failed}${result.beats.failed ? ` ${JSON.stringify(result.beats.errors)}` : ""}`);
  console.log(`   monitor CPU time       ${fixed(cpuMs / 1000, 2)} s over ${fixed(realMs / 1000)} s (${fixed((100 * cpuMs) / realMs)}% of one core), ${fixed(perBeatUs, 0)} µs per beat`);
  console.log(`   at real speed          ${fixed((perBeatUs * cells) / 60 / 1e4, 2)}% of one core for ${cells.toLocaleString("en")} beats a minute`);
  console.log(`   monitor peak memory    RSS ${fixed(maxRssMb, 0)} MB (${fixed(readyRssMb, 0)} MB when it started listening, ts-node's compiler included), heap ${fixed(peakHeapMb, 0)} MB`);
  console.log(`   silent -> issue        ${latencies.length}/${silentCount} raised; from last beat: p50 ${fixed(percentile(latencies, 50))} s, p99 ${fixed(percentile(latencies, 99))} s, max ${fixed(Math.max(...latencies))} s (window ${WINDOW_S} s, so p99 is window + ${fixed(percentile(latencies, 99) - WINDOW_S)} s)`);
  console.log(`   other issues raised    ${falseAlarms.length}`);
  console.log(`   emulated API           ${result.calls.length} calls (seeded in ${fixed(result.seedMs / 1000, 2)} s)`);
}

async function callRates() {
  const sizes = (process.env.BENCH_SIZES ?? "100,1000,10000").split(",").map(Number);
  const simMinutes = 30;
  const rows = [];
  for (const cells of sizes) {
    // Small fleets can go faster; 10,000 beats per simulated minute bound the large one's speed.
    const speed = cells <= 1000 ? 60 : Number(process.env.BENCH_SPEED_LARGE ?? 12);
    // The budget's own timer runs on the real clock; ticks every simulated half second let it keep
    // pace with the fast one, as it does at real speed.
    const result = await run({ cells, speed, simMinutes, tickSimMs: 500 });
    const kind = (c) => (c.path.endsWith("/snapshots") ? "snapshots" : c.path.endsWith("/machines") ? "list" : c.method === "POST" ? "restart" : /\/volumes\/[^/]+$/.test(c.path) ? "volume" : "machine");
    const byKind = { machine: 0, list: 0, snapshots: 0, volume: 0, restart: 0 };
    for (const call of result.calls) byKind[kind(call)]++;
    const times = result.calls.map((c) => c.start).sort((a, b) => a - b);
    let busiest = 0;
    for (let i = 0, j = 0; j < times.length; j++) {
      while (times[j] - times[i] >= 60_000) i++;
      busiest = Math.max(busiest, j - i + 1);
    }
    const notOk = result.calls.filter((c) => c.status < 200 || c.status > 299).length;
    const answerMs = result.calls.map((c) => (c.end - c.start) / speed);
    rows.push({ cells, speed, perMinute: result.calls.length / simMinutes, byKind, busiest, issues: result.events.length, beatsFailed: result.beats.failed, notOk, seedMs: result.seedMs, answerMeanMs: answerMs.reduce((x, y) => x + y, 0) / answerMs.length });
  }
  console.log(`B. healthy fleets (an app and a volume per cell, every cell beating), ${simMinutes} simulated minutes each, budget ${BUDGET} calls/min, sweep ${SWEEP} calls/min`);
  console.log(`   cells    calls/min   machine reads   machine lists   snapshot lists   volume reads   busiest minute   issues`);
  for (const r of rows) {
    const per = (n) => fixed(n / simMinutes).padStart(13);
    console.log(
      `   ${r.cells.toLocaleString("en").padStart(6)}  ${fixed(r.perMinute).padStart(9)}  ${per(r.byKind.machine)}  ${per(r.byKind.list)}  ${per(r.byKind.snapshots).padStart(15)}  ${per(r.byKind.volume).padStart(12)}  ${String(r.busiest).padStart(15)}  ${String(r.issues).padStart(7)}`,
    );
  }
  console.log(`   emulated API: ${rows.map((r) => `${r.cells.toLocaleString("en")} cells seeded in ${fixed(r.seedMs / 1000, 2)} s, mean answer ${fixed(r.answerMeanMs, 2)} ms real`).join("; ")}`);
  const refused = rows.filter((r) => r.notOk > 0);
  if (refused.length) console.log(`   calls answered with an error: ${refused.map((r) => `${r.notOk} at ${r.cells.toLocaleString("en")} cells`).join(", ")}`);
  const at = (n) => rows.find((r) => r.cells === n);
  if (at(100) && at(1000) && at(10000)) {
    console.log(`   calls/min ratio: 1,000 / 100 cells = ${fixed(at(1000).perMinute / at(100).perMinute, 2)}; 10,000 / 1,000 = ${fixed(at(10000).perMinute / at(1000).perMinute, 2)}; 10,000 / 100 = ${fixed(at(10000).perMinute / at(100).perMinute, 2)} (fleet x100)`);
    console.log(`   machine reads per minute (heartbeat-driven): ${rows.map((r) => fixed(r.byKind.machine / simMinutes)).join(" / ")}`);
  }
}

async function main() {
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}); traffic on 127.0.0.1 only`);
  if (process.env.BENCH_PART !== "B") await loadRun();
  if (process.env.BENCH_PART !== "A") await callRates();
}
