// One measured validation in a fresh process: `node bench/validate-once.js <tenants>`.
// The input is `tenants` lines with one hostname each. Times the plain zod parse of the input
// (fleetInputSchema.safeParse) and flycell's whole validation pass (validateFleet: the same
// parse plus every check across fields and tenants), each the best of a few rounds after a
// warm-up. Prints one JSON line.
"use strict";
const { fleetInputSchema } = require("../dist");
const { validateFleet } = require("../dist/plan/plan");

const REGIONS = ["ams", "ord", "syd", "fra", "iad", "nrt"];
const count = Number(process.argv[2]);
const input = {
  appName: "bench-fleet",
  image: "registry.fly.io/bench:1",
  routing: { baseDomain: "cells.example.net" },
  tenants: Array.from({ length: count }, (_, i) => ({ id: `t${i}`, region: REGIONS[i % REGIONS.length], hostnames: [`t${i}.example.com`] })),
};

function best(run, rounds = 3) {
  run(); // warm-up: the first call also compiles zod's parsers
  let ms = Infinity;
  for (let i = 0; i < rounds; i++) {
    const start = process.hrtime.bigint();
    run();
    ms = Math.min(ms, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return ms;
}

const zodMs = best(() => {
  if (!fleetInputSchema.safeParse(input).success) throw new Error("bench input is invalid");
});
const validateMs = best(() => {
  const problems = validateFleet(input);
  if (problems.length > 0) throw new Error(`bench input is invalid: ${problems[0].message}`);
});
console.log(JSON.stringify({ count, zodMs, validateMs }));
