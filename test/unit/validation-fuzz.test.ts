import * as fc from "fast-check";
import { TerraformStack, Testing } from "cdktf";
import { fly, FleetInput, FleetPlan, FlycellValidationError, planFleet, ShardedFleet, ShardedFleetProps, TenantLedger } from "../../lib";

/**
 * Property: whatever hostile value lands wherever in a valid fleet, the validation pass answers
 * with named problems (a FlycellValidationError whose problems each name a subject and a field,
 * in a report no value can forge) or plans it with the value intact. Never a TypeError or any
 * other exception; never a value that silently disappears.
 */

const BASE = {
  appName: "acme-fleet",
  image: "registry.fly.io/acme:1",
  org: "acme-org",
  env: { A: "1" },
  metadata: { team: "core" },
  secrets: { API_KEY: { version: "1" } },
  guest: { cpus: 1 },
  waves: { canary: { image: "registry.fly.io/acme:2", env: { B: "2" } } },
  sharedCells: { "ams-1": { region: "ams", capacity: 5 } },
  monitor: { region: "ams", image: "registry.fly.io/acme-monitor:1" },
  routing: { modes: ["path", "host"], baseDomain: "cells.example.net", router: { regions: ["ams"] } },
  sharding: { by: "hash", count: 4 },
  tenants: [
    { id: "acme", region: "ams", hostnames: ["app.acme.com"], env: { C: "3" }, metadata: { k: "v" }, wave: "canary" },
    { id: "globex", region: "ams", cell: "ams-1", hostnames: ["*.globex.com"] },
    { id: "initech", region: "ord", volumeSizeGb: 2, guest: { memoryMb: 512 } },
  ],
};

type Path = readonly (string | number)[];
type Node = Record<string | number, unknown>;

/** Every path into the base: where a value, a key or a prototype can be planted. */
function pathsOf(value: unknown, path: Path = []): Path[] {
  if (typeof value !== "object" || value === null) return [path];
  return [path, ...Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...path, Array.isArray(value) ? Number(key) : key]))];
}
const LOOKALIKES = ["аcme", "acmе", "gl\u043ebex.com", "xn--80ak6aa92e.com", "xn--acme-9ta.xn--p1ai", "ａｃｍｅ", "acme\u200b", "ACME.COM"];
const PROTO = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty"];
const CONTROL = ["\u0000", "a\nb", "\r\n  - all checks passed", "\u001b[31mred\u001b[0m", "\u007f", "\u0085", "\u2028", "\u2029"];
const BIDI = ["\u202egnp.exe", "a\u202ab", "\u2066x\u2069", "id\u202d"];
const PLAIN = ["", " ", "ams", "canary", "ams-1", "acme", "app.acme.com", "*.acme.com", "cells.example.net", "acme-fleet.flycast", "x.internal", "1", "${var.x}", "%{if}"];

const hostileString = fc.oneof(
  fc.constantFrom(...LOOKALIKES, ...PROTO, ...CONTROL, ...BIDI, ...PLAIN),
  fc.constantFrom("a".repeat(64), "a".repeat(300), `${"a".repeat(63)}.com`, "x".repeat(100_000)),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 8 }),
  fc.tuple(fc.constantFrom(...PLAIN, ...LOOKALIKES), fc.constantFrom(...CONTROL, ...BIDI, ...PROTO)).map(([a, b]) => a + b),
);

const leaf = fc.oneof(
  hostileString,
  fc.integer({ min: -5, max: 70_000 }),
  fc.constantFrom(0, -0, 1.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER),
  fc.boolean(),
  fc.constantFrom(null, undefined, 10n, Symbol("s"), () => "f", new Date(0), /re/),
);

/** An object with own keys of any name, `__proto__` included (as JSON.parse makes it). */
const ownObject = (value: fc.Arbitrary<unknown>) =>
  fc.array(fc.tuple(hostileString, value), { maxLength: 3 }).map((entries) => {
    const out: Node = {};
    for (const [key, v] of entries) Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: leaf },
  { weight: 1, arbitrary: fc.array(fc.oneof(hostileString, leaf), { maxLength: 3 }) },
  { weight: 1, arbitrary: ownObject(leaf) },
  { weight: 1, arbitrary: ownObject(ownObject(hostileString)) },
);

type Mutation =
  | { readonly kind: "set"; readonly path: Path; readonly value: unknown }
  | { readonly kind: "addKey"; readonly path: Path; readonly key: string; readonly value: unknown }
  | { readonly kind: "protoWrap"; readonly path: Path };

/** Mutations of `base`: a hostile value, a hostile key or a set prototype anywhere in it. */
function mutationsOf(base: object): fc.Arbitrary<Mutation> {
  const paths = pathsOf(base);
  const objects = paths.filter((path) => {
    const node = nodeAt(base, path);
    return typeof node === "object" && node !== null && !Array.isArray(node);
  });
  // The maps whose keys are the user's: keys spelled like Object's members belong there and must survive.
  const userMaps = objects.filter((p) => ["env", "metadata", "tenants", "cells"].includes(String(p[p.length - 1])));
  const strings = paths.filter((p) => typeof nodeAt(base, p) === "string");
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("set" as const), path: fc.constantFrom(...paths.filter((p) => p.length > 0)), value: hostileValue }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("set" as const), path: fc.constantFrom(...strings), value: hostileString }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("addKey" as const), path: fc.constantFrom(...objects), key: hostileString, value: hostileValue }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant("addKey" as const), path: fc.constantFrom(...userMaps), key: fc.constantFrom(...PROTO, "A", "x.y", "k-1"), value: hostileString }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("protoWrap" as const), path: fc.constantFrom(...objects.filter((p) => p.length > 0)) }) },
  );
}
const mutation = mutationsOf(BASE);

/** The node at `path`, or undefined when an earlier mutation replaced a parent with a non-object. */
function nodeAt(root: unknown, path: Path): unknown {
  let at = root;
  for (const key of path) {
    if (typeof at !== "object" || at === null || !Object.prototype.hasOwnProperty.call(at, key)) return undefined;
    at = (at as Node)[key];
  }
  return at;
}

function apply(root: Node, m: Mutation): void {
  const parent = nodeAt(root, m.kind === "addKey" ? m.path : m.path.slice(0, -1));
  // Only the input's own objects: a planted value (a frozen constant of the generator) stays as generated.
  if (typeof parent !== "object" || parent === null || !Object.isExtensible(parent)) return;
  const define = (key: string | number, value: unknown) =>
    Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  const last = m.path[m.path.length - 1];
  if (m.kind === "set") define(last, m.value);
  else if (m.kind === "addKey") define(m.key, m.value);
  else {
    // `{ __proto__: original }`: the original keys hide behind the prototype.
    const original = (parent as Node)[last];
    if (typeof original === "object" && original !== null && !Array.isArray(original)) define(last, Object.create(original) as object);
  }
}

const SUBJECT = /^(fleet|ledger|tenant ".+"|tenant #\d+ \(no usable id\)|shared cell ".+")$/s;
const UNSAFE_CODES = new Set([0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);
const unsafeIn = (text: string) => [...text].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f) || UNSAFE_CODES.has(c.charCodeAt(0)));

/** The plan as text, for finding a value in it (plan records have no prototype; JSON reads them alike). */
const planText = (plan: FleetPlan) => JSON.stringify(plan).toLowerCase();

/** Strings planted where they are kept as written: each must be found in the plan when the input is accepted. */
function plantedStrings(input: Node, mutations: readonly Mutation[]): string[] {
  const found: string[] = [];
  for (const m of mutations) {
    if (m.kind === "protoWrap") continue;
    const path = m.kind === "addKey" ? [...m.path, m.key] : m.path;
    // Still there (a later mutation may have replaced it), and kept by the plan: a tenant's `shard` only picks its stack.
    if (nodeAt(input, path) !== m.value || path[path.length - 1] === "shard") continue;
    if (m.kind === "addKey" && m.value !== undefined) found.push(`${JSON.stringify(m.key)}:`);
    if (typeof m.value === "string") found.push(JSON.stringify(m.value));
  }
  return found;
}

/** What one hostile input gives: a plan, or named problems; anything else fails the property. */
function judge(input: Node, ledger?: Node): FleetPlan | FlycellValidationError {
  try {
    return planFleet(input as unknown as FleetInput, ledger ? { ledger: ledger as unknown as TenantLedger } : {});
  } catch (err) {
    if (err instanceof FlycellValidationError) return err;
    throw err;
  }
}

/** Each problem names a subject and a field; the report is a heading and one line per problem, none forging or hiding text. */
function expectNamedProblems(error: FlycellValidationError): void {
  expect(error.problems.length).toBeGreaterThan(0);
  for (const p of error.problems) {
    expect(p.subject).toMatch(SUBJECT);
    expect(typeof p.field).toBe("string");
    expect(p.field.length).toBeGreaterThan(0);
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.message).not.toMatch(/\[object Object\]|^Invalid input/);
  }
  const lines = error.message.split("\n");
  expect(lines).toHaveLength(error.problems.length + 1);
  for (const line of lines) expect(unsafeIn(line)).toBe(false);
}

/** The ledger of BASE as deployed. */
const LEDGER = {
  version: 1,
  tenants: {
    acme: { region: "ams", volumeSizeGb: 1, status: "active" },
    globex: { region: "ams", volumeSizeGb: 1, status: "active", cell: "ams-1" },
    initech: { region: "ord", volumeSizeGb: 2, status: "active" },
  },
  cells: { "ams-1": { region: "ams", volumeSizeGb: 1, status: "active" } },
};

describe("validation fuzz: hostile values at every level", () => {
  it("are named problems or survive intact, never an exception of another kind", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const input = structuredClone(BASE) as unknown as Node;
        for (const m of mutations) apply(input, m);
        const result = judge(input);
        if (result instanceof FlycellValidationError) expectNamedProblems(result);
        else {
          const text = planText(result);
          for (const planted of plantedStrings(input, mutations)) expect(text).toContain(planted.toLowerCase());
        }
      }),
      { seed: 42, numRuns: 1500 },
    );
  });

  it("judges a hostile ledger the same way", () => {
    expect(judge(structuredClone(BASE) as unknown as Node, structuredClone(LEDGER) as unknown as Node)).not.toBeInstanceOf(FlycellValidationError);
    fc.assert(
      fc.property(fc.array(mutationsOf(LEDGER), { minLength: 1, maxLength: 3 }), (mutations) => {
        const ledger = structuredClone(LEDGER) as unknown as Node;
        for (const m of mutations) apply(ledger, m);
        const result = judge(structuredClone(BASE) as unknown as Node, ledger);
        if (result instanceof FlycellValidationError) expectNamedProblems(result);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it("synthesizes what it accepts", () => {
    const configureStack = (stack: TerraformStack) => new fly.provider.FlyProvider(stack, "fly", { orgSlug: "test-org" });
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 2 }), (mutations) => {
        const input = structuredClone(BASE) as unknown as Node;
        for (const m of mutations) apply(input, m);
        if (judge(input) instanceof FlycellValidationError) return;
        const app = Testing.app();
        new ShardedFleet(app, "fleet", { ...(input as unknown as ShardedFleetProps), configureStack });
        app.synth();
      }),
      // Only accepted inputs reach synthesis (about one in eight), so this stays quick.
      { seed: 42, numRuns: 150 },
    );
  });
});
