// Writes the Terraform state of a synthesized stack, and the emulated Fly account behind it, as
// if the stack had been applied: each resource goes through the emulator's own plan and apply.
// The plan benchmark needs fleets of 20,000 resources in state, and `terraform apply` gets
// slower as its state grows (10,000 tenants did not finish in 15 minutes here).
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { EmulatedProvider } = require("../emulator/dist/provider");
const { blockType, loadSchemas } = require("../emulator/dist/schema");
const { conform } = require("../emulator/dist/values");

const PROVIDER = 'provider["registry.terraform.io/ampbase-io/fly"]';
const META = new Set(["//", "lifecycle", "depends_on", "provider", "count", "for_each"]);
// `${type.name.attribute}`, or `${data.terraform_remote_state.name.outputs.output}`.
const REFERENCE = /^\$\{([a-z_]+)\.([\w-]+)\.([\w-]+)(?:\.outputs\.([\w-]+))?\}$/;

class NotReady extends Error {}

/**
 * Seeds `<stackDir>/cdk.tf.json` into `stateFile`; `store` is the emulator's FlyStore.
 * Only whole-string references (`${fly_app.x.name}`, remote state outputs) are understood:
 * enough for flycell's fleets without a router, and refused loudly otherwise.
 */
function seedState(stackDir, stateFile, store) {
  const config = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
  const schemas = loadSchemas();
  process.env.FLY_API_TOKEN ??= "emulator";
  const provider = new EmulatedProvider(store, schemas);
  provider.configure({ org_slug: "bench", api_token: null, base_url: null });

  const remote = {};
  for (const [name, body] of Object.entries(config.data?.terraform_remote_state ?? {})) {
    const file = path.resolve(stackDir, body.config.path);
    remote[name] = JSON.parse(fs.readFileSync(file, "utf8")).outputs;
  }
  const states = new Map();
  const resolve = (value, deps) => {
    if (typeof value === "string" && value.includes("${")) {
      const m = REFERENCE.exec(value);
      if (!m) throw new Error(`seed-state: cannot evaluate ${value}`);
      if (m[1] === "data" && m[2] === "terraform_remote_state") return remote[m[3]][m[4]].value;
      const state = states.get(`${m[1]}.${m[2]}`);
      if (!state) throw new NotReady();
      deps.add(`${m[1]}.${m[2]}`);
      return state[m[3]];
    }
    if (Array.isArray(value)) return value.map((v) => resolve(v, deps));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, deps)]));
    return value;
  };

  let pending = Object.entries(config.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({ type, name, body })),
  );
  const resources = [];
  while (pending.length > 0) {
    const next = [];
    for (const r of pending) {
      const deps = new Set();
      let body;
      try {
        body = resolve(Object.fromEntries(Object.entries(r.body).filter(([k]) => !META.has(k))), deps);
      } catch (err) {
        if (err instanceof NotReady) {
          next.push(r);
          continue;
        }
        throw err;
      }
      const value = conform(body, blockType(schemas.resources[r.type].block));
      const planned = provider.plan(r.type, null, value, value);
      const applied = provider.apply(r.type, null, planned.value);
      if (applied.diagnostics.length > 0) throw new Error(`seed-state: ${r.type}.${r.name}: ${applied.diagnostics[0].summary}`);
      states.set(`${r.type}.${r.name}`, applied.value);
      resources.push({
        mode: "managed",
        type: r.type,
        name: r.name,
        provider: PROVIDER,
        instances: [
          {
            schema_version: schemas.resources[r.type].version,
            attributes: applied.value,
            sensitive_attributes: [],
            dependencies: [...deps].sort(),
          },
        ],
      });
    }
    if (next.length === pending.length) throw new Error("seed-state: references that never resolve");
    pending = next;
  }

  // String outputs are what other stacks read (cdktf's cross-stack outputs); the rest are
  // computed again by the next plan.
  const outputs = {};
  for (const [name, body] of Object.entries(config.output ?? {})) {
    try {
      const value = resolve(body.value, new Set());
      if (typeof value === "string") outputs[name] = { value, type: "string" };
    } catch {
      // An expression this seeder does not evaluate: Terraform computes it at the next plan.
    }
  }
  const state = {
    version: 4,
    terraform_version: "1.11.0", // any version not newer than the CLI reading it
    serial: 1,
    lineage: crypto.randomUUID(),
    outputs,
    resources,
    check_results: null,
  };
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  fs.writeFileSync(stateFile, JSON.stringify(state));
  store.flush();
  return resources.length;
}

module.exports = { seedState };
