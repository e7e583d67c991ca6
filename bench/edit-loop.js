// `npm run bench:loop`: the edit loop's two commands on the example fleet, each beside its
// bare-cdktf floor (the same steps for an empty stack), as medians of RUNS runs. Prints figures;
// not a test. Targets (issue "fast, quiet edit loop"): synth <= 3 s, plan on the emulator <= 10 s.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: path.join(ROOT, "scripts", "terraform.rc") };

function seconds(run) {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values) {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

const quiet = { cwd: ROOT, env, stdio: "ignore" };
const emulatorHome = fs.mkdtempSync(path.join(os.tmpdir(), "bench-loop-"));
const floorOut = fs.mkdtempSync(path.join(os.tmpdir(), "bench-floor-"));
const cases = {
  "npm run synth": () => execFileSync("npm", ["run", "-s", "synth"], quiet),
  // The same command (`npm run synth` runs the app with ts-node, no type check) on an empty stack.
  "synth floor, empty stack": () =>
    execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "bench/empty-stack.ts"], { ...quiet, env: { ...env, CDKTF_OUTDIR: floorOut } }),
  "npm run plan:local": () => execFileSync("npm", ["run", "-s", "plan:local"], { ...quiet, env: { ...env, FLYCELL_EMULATOR_HOME: emulatorHome } }),
  "plan:local floor, empty stack": () => {
    execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "bench/empty-stack.ts"], { ...quiet, env: { ...env, CDKTF_OUTDIR: floorOut } });
    const dir = path.join(floorOut, "stacks", "fleet");
    const tf = { cwd: dir, env: { ...env, TF_CLI_CONFIG_FILE: path.join(emulatorHome, "terraform.rc") }, stdio: "ignore" };
    execFileSync("terraform", ["init", "-input=false"], tf);
    execFileSync("terraform", ["plan", "-input=false", "-out=plan.out"], tf);
    execFileSync("terraform", ["show", "-json", "plan.out"], tf);
  },
};

// Deploy once so plan:local plans against a deployed fleet, as in the edit loop.
execFileSync("npm", ["run", "-s", "deploy:local"], { ...quiet, env: { ...env, FLYCELL_EMULATOR_HOME: emulatorHome } });
const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let i = 0; i < RUNS; i++) for (const [name, run] of Object.entries(cases)) times[name].push(seconds(run));
const row = (name) => `${name.padEnd(32)} ${median(times[name]).toFixed(2)} s`;
console.log(`node ${process.version}, ${os.cpus().length} cores, median of ${RUNS}`);
console.log(row("npm run synth"));
console.log(row("synth floor, empty stack"));
console.log(`synth / floor = ${(median(times["npm run synth"]) / median(times["synth floor, empty stack"])).toFixed(2)}`);
console.log(row("npm run plan:local"));
console.log(row("plan:local floor, empty stack"));
console.log(`plan:local / floor = ${(median(times["npm run plan:local"]) / median(times["plan:local floor, empty stack"])).toFixed(2)}`);
