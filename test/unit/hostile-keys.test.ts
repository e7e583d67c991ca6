import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { CellFleet, fly, FleetInput, FlycellValidationError, planFleet, Problem, ShardedFleet, ShardedFleetProps } from "../../lib";
import { tenantRows } from "../../lib/cli/tenants";
import { parseSynth, resourcesByName } from "../helpers";

/**
 * Keys spelled like Object's own members (`__proto__`, `constructor`, `toString`) in every
 * user-keyed map, through validation and through synthesis: each is either refused by name or
 * comes out as written. Never a TypeError, never a key that silently disappears.
 */
const FLEET = { appName: "acme-fleet", image: "registry.fly.io/acme:1" } as const;
const configureStack = (stack: TerraformStack) => new fly.provider.FlyProvider(stack, "fly", { orgSlug: "test-org" });

/** A fleet as `JSON.parse` gives it: `"__proto__"` becomes an own key, as in a fleet.json file. */
const fromJson = (json: string): FleetInput => ({ ...FLEET, ...(JSON.parse(json) as object) }) as FleetInput;

function problemsOf(run: () => unknown): readonly Problem[] {
  try {
    run();
  } catch (err) {
    if (err instanceof FlycellValidationError) return err.problems;
    throw err; // a TypeError fails the test
  }
  throw new Error("accepted");
}

function synth(input: FleetInput): ReturnType<typeof parseSynth> {
  const stack = new TerraformStack(Testing.app(), "test");
  configureStack(stack);
  new CellFleet(stack, "fleet", input);
  return parseSynth(Testing.synth(stack));
}

const tenant = '{ "id": "acme", "region": "ams" }';
const PROTO_KEY_CASES: [string, string, string, string][] = [
  ["fleet env, object value", `{ "env": { "__proto__": { "A": "1" } }, "tenants": [${tenant}] }`, "fleet", "env.__proto__"],
  ["fleet env, string value", `{ "env": { "__proto__": "x" }, "tenants": [${tenant}] }`, "fleet", "env.__proto__"],
  ["tenant env", '{ "tenants": [{ "id": "acme", "region": "ams", "env": { "__proto__": { "A": "1" } } }] }', 'tenant "acme"', "env.__proto__"],
  ["tenant metadata", '{ "tenants": [{ "id": "acme", "region": "ams", "metadata": { "__proto__": "x" } }] }', 'tenant "acme"', "metadata.__proto__"],
  ["fleet metadata", `{ "metadata": { "__proto__": { "k": "v" } }, "tenants": [${tenant}] }`, "fleet", "metadata.__proto__"],
  ["fleet secret", `{ "secrets": { "__proto__": { "version": "1" } }, "tenants": [${tenant}] }`, "fleet", "secrets.__proto__"],
  ["a secret's version", `{ "secrets": { "API_KEY": { "version": "1", "__proto__": { "x": 1 } } }, "tenants": [${tenant}] }`, "fleet", "secrets.API_KEY.__proto__"],
  ["a secret's version object", `{ "secrets": { "API_KEY": { "__proto__": { "version": "1" } } }, "tenants": [${tenant}] }`, "fleet", "secrets.API_KEY.__proto__"],
  ["waves", `{ "waves": { "__proto__": { "image": "x:1" } }, "tenants": [${tenant}] }`, "fleet", "waves.__proto__"],
  ["a wave's env", `{ "waves": { "canary": { "env": { "__proto__": "x" } } }, "tenants": [${tenant}] }`, "fleet", "waves.canary.env.__proto__"],
  ["sharedCells", `{ "sharedCells": { "__proto__": { "region": "ams", "capacity": 2 } }, "tenants": [${tenant}] }`, "fleet", "sharedCells.__proto__"],
  ["sharding", `{ "sharding": { "__proto__": { "by": "region" } }, "tenants": [${tenant}] }`, "fleet", "sharding.__proto__"],
  ["routing", `{ "routing": { "__proto__": { "modes": ["host"] } }, "tenants": [${tenant}] }`, "fleet", "routing.__proto__"],
  ["the props", `{ "__proto__": { "topology": "app-per-cell" }, "tenants": [${tenant}] }`, "fleet", "__proto__"],
];

describe("own __proto__ keys (JSON.parse makes them) are refused by name, through validation and synthesis", () => {
  it.each(PROTO_KEY_CASES)("%s", (_name, json, subject, field) => {
    const input = fromJson(json);
    for (const run of [() => planFleet(input), () => synth(input)]) {
      // In a map (where zod skips the key) the walk names it; in an object of fixed fields zod's unknown field does.
      expect(problemsOf(run)).toContainEqual({ subject, field, message: expect.stringMatching(/^("__proto__" cannot be a key|unknown field)/) as string });
    }
  });

  it("refuses them in the ledger too", () => {
    const ledger = JSON.parse('{ "version": 1, "tenants": { "__proto__": { "region": "ams", "volumeSizeGb": 1, "status": "active" } } }') as never;
    expect(problemsOf(() => planFleet(fromJson(`{ "tenants": [${tenant}] }`), { ledger }))).toContainEqual(
      expect.objectContaining({ subject: "ledger", field: "tenants.__proto__" }),
    );
  });

  it("and `flycell tenants` refuses what synthesis refuses", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-keys-"));
    const ledgerFile = path.join(dir, "tenants.lock.json");
    fs.writeFileSync(ledgerFile, '{ "version": 1, "tenants": {} }\n');
    try {
      for (const [, json, subject, field] of PROTO_KEY_CASES) {
        expect(problemsOf(() => tenantRows(fromJson(json), ledgerFile))).toContainEqual(expect.objectContaining({ subject, field }));
      }
      expect(tenantRows(fromJson('{ "tenants": [{ "id": "constructor", "region": "ams", "wave": "tostring" }], "waves": { "tostring": {} } }'), ledgerFile)).toEqual([
        expect.objectContaining({ id: "constructor", wave: "tostring" }),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("objects whose prototype was set (an object literal's `__proto__: {…}`) are refused, not emptied", () => {
  it.each([
    ["fleet env", { env: { __proto__: { A: "1" } } }, "fleet", "env"],
    ["fleet metadata", { metadata: { __proto__: { k: "v" } } }, "fleet", "metadata"],
    ["secrets", { secrets: { __proto__: { API_KEY: { version: "1" } } } }, "fleet", "secrets"],
    ["a secret", { secrets: { API_KEY: { __proto__: { version: "1" } } } }, "fleet", "secrets.API_KEY"],
    ["waves", { waves: { __proto__: { canary: {} } } }, "fleet", "waves"],
    ["sharedCells", { sharedCells: { __proto__: { c1: { region: "ams", capacity: 2 } } } }, "fleet", "sharedCells"],
    ["a line's env", { tenants: [{ id: "acme", region: "ams", env: { __proto__: { A: "1" } } }] }, 'tenant "acme"', "env"],
    ["a line", { tenants: [{ __proto__: { id: "acme", region: "ams" } }] }, 'tenant "acme"', "(line)"],
    ["a class instance", { guest: new (class Guest { cpus = 2; })() }, "fleet", "guest"],
  ])("%s", (_name, extra, subject, field) => {
    const input = { ...FLEET, tenants: [{ id: "acme", region: "ams" }], ...extra } as unknown as FleetInput;
    expect(problemsOf(() => planFleet(input))).toContainEqual({ subject, field, message: expect.stringContaining("must be a plain object") as string });
    expect(problemsOf(() => synth(input))).toContainEqual(expect.objectContaining({ subject, field }));
  });

  it("accepts null-prototype objects, which have no hidden keys", () => {
    const env = Object.assign(Object.create(null) as Record<string, string>, { A: "1" });
    expect(planFleet({ ...FLEET, env, tenants: [{ id: "acme", region: "ams" }] }).cells[0].env.A).toBe("1");
  });
});

describe("ids and keys spelled like Object's members come out as written", () => {
  const keys = { constructor: "c", toString: "t", valueOf: "v", hasOwnProperty: "h" };

  it("plans and synthesizes tenant `constructor` with env and metadata keys such as `toString`", () => {
    const input = fromJson(
      JSON.stringify({
        env: keys,
        metadata: keys,
        waves: { constructor: { image: "registry.fly.io/acme:2", env: { toString: "wave" } } },
        tenants: [{ id: "constructor", region: "ams", wave: "constructor", env: { valueOf: "own" } }],
      }),
    );
    const [cell] = planFleet(input).cells;
    expect(cell).toMatchObject({ tenantId: "constructor", image: "registry.fly.io/acme:2", volumeName: "data_constructor" });
    expect({ ...cell.env }).toMatchObject({ constructor: "c", toString: "wave", valueOf: "own", hasOwnProperty: "h" });

    const machines = resourcesByName(synth(input), "fly_machine");
    expect(Object.keys(machines)).toEqual(["fleet_cell-constructor_machine"]);
    const machine = machines["fleet_cell-constructor_machine"];
    expect(machine.env).toMatchObject({ constructor: "c", toString: "wave", valueOf: "own", hasOwnProperty: "h", FLYCELL_TENANT_ID: "constructor" });
    expect(machine.metadata).toMatchObject({ ...keys, flycell_tenant: "constructor" });
  });

  it("plans and synthesizes a shared cell `constructor`", () => {
    const input = fromJson(
      JSON.stringify({ sharedCells: { constructor: { region: "ams", capacity: 2 } }, tenants: [{ id: "tostring", region: "ams", cell: "constructor" }] }),
    );
    expect(planFleet(input).sharedCells.map((c) => [c.tenantId, c.members?.active])).toEqual([["constructor", ["tostring"]]]);
    const json = synth(input);
    expect(Object.keys(resourcesByName(json, "fly_volume"))).toEqual(["fleet_cell-constructor_volume"]);
    expect(resourcesByName(json, "fly_machine")["fleet_cell-constructor_machine"].env).toMatchObject({ FLYCELL_CELL_ID: "constructor", FLYCELL_TENANTS: "tostring" });
  });

  it("refuses undeclared waves and cells spelled like Object's members, and keeps secret names upper case", () => {
    const line = (extra: object) => fromJson(JSON.stringify({ tenants: [{ id: "acme", region: "ams", ...extra }] }));
    expect(problemsOf(() => planFleet(line({ wave: "constructor" })))).toEqual([
      { subject: 'tenant "acme"', field: "wave", message: '"constructor" is not a wave; the fleet declares no waves' },
    ]);
    expect(problemsOf(() => planFleet(line({ cell: "constructor" })))).toEqual([
      expect.objectContaining({ subject: 'tenant "acme"', field: "cell", message: expect.stringContaining('"constructor" is not a shared cell') as string }),
    ]);
    expect(problemsOf(() => planFleet(fromJson('{ "sharedCells": { "toString": { "region": "ams", "capacity": 1 } }, "tenants": [] }')))).toEqual([
      expect.objectContaining({ subject: "fleet", field: "sharedCells.toString" }),
    ]);
    expect(problemsOf(() => planFleet(fromJson(`{ "secrets": { "constructor": { "version": "1" } }, "tenants": [${tenant}] }`)))).toEqual([
      expect.objectContaining({ subject: "fleet", field: "secrets.constructor", message: expect.stringContaining("upper-case") as string }),
    ]);
  });

  it("reads a ledger without finding Object's members in it", () => {
    const ledger = { version: 1, tenants: {} } as const;
    // `constructor` was never deployed: nothing confirms a release, whatever Object.prototype holds.
    expect(problemsOf(() => planFleet({ ...FLEET, tenants: [{ id: "constructor", region: "ams", status: "released" }] }, { ledger }))).toEqual([
      expect.objectContaining({ subject: 'tenant "constructor"', field: "status", message: expect.stringContaining("no deployed cell") as string }),
    ]);
  });
});

describe("ShardedFleet and waves", () => {
  const sharded = (props: Partial<ShardedFleetProps>) => {
    const app = Testing.app();
    new ShardedFleet(app, "fleet", { ...FLEET, configureStack, tenants: [{ id: "acme", region: "ams" }], ...props } as ShardedFleetProps);
    return app;
  };

  it("names a missing `sharding` or `configureStack` instead of throwing a TypeError", () => {
    expect(problemsOf(() => sharded({ sharding: undefined }))).toEqual([expect.objectContaining({ subject: "fleet", field: "sharding" })]);
    expect(problemsOf(() => sharded({ sharding: { by: "region" }, configureStack: undefined }))).toEqual([expect.objectContaining({ subject: "fleet", field: "configureStack" })]);
  });

  it("refuses a wave named `none`: sharded by wave it would share the stack of the lines without a wave", () => {
    const waves = { none: { image: "registry.fly.io/acme:2" } };
    const problems = problemsOf(() => sharded({ sharding: { by: "wave" }, waves, tenants: [{ id: "a", region: "ams", wave: "none" }, { id: "b", region: "ams" }] }));
    expect(problems).toContainEqual(expect.objectContaining({ subject: "fleet", field: "waves.none", message: expect.stringContaining("fleet-wave-none".replace("fleet", "<id>")) as string }));
  });

  it("shards tenant `constructor` in wave `constructor` into its own stack", () => {
    const app: App = sharded({ sharding: { by: "wave" }, waves: { constructor: {} }, tenants: [{ id: "constructor", region: "ams", wave: "constructor" }, { id: "b", region: "ams" }] });
    app.synth();
    expect(fs.readdirSync(path.join(app.outdir, "stacks")).sort()).toEqual(["fleet-shared", "fleet-wave-constructor", "fleet-wave-none"]);
  });
});

describe("the report cannot be forged by what it quotes", () => {
  const unsafe = (text: string) =>
    [...text].filter((c) => {
      const code = c.charCodeAt(0);
      return code < 0x20 || (code >= 0x7f && code <= 0x9f) || [0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069].includes(code);
    });

  it("escapes control, line-separator and bidi characters in subjects, fields and messages, and quotes odd keys", () => {
    const forged = "A\n  - all checks passed";
    const input = {
      ...FLEET,
      env: { [forged]: "x", "\u001b[2K\u001b[1AB": "y" },
      image: "registry.fly.io/acme:1\u2028  - fine",
      tenants: [
        { id: "acme", region: "ams", hostnames: ["evil\u202ecom.moc"] },
        { id: "bad\u2066id", region: "ams" },
      ],
    } as unknown as FleetInput;
    let message = "";
    const problems = problemsOf(() => {
      try {
        planFleet(input);
      } catch (err) {
        message = (err as Error).message;
        throw err;
      }
    });
    expect(problems).toContainEqual(expect.objectContaining({ subject: "fleet", field: `env[${JSON.stringify(forged)}]` }));
    expect(problems).toContainEqual(expect.objectContaining({ subject: "fleet", field: 'env["\\u001b[2K\\u001b[1AB"]' }));
    expect(problems).toContainEqual(expect.objectContaining({ subject: 'tenant "bad\\u2066id"', field: "id" }));
    // One line per problem, under the heading; nothing that moves the cursor or reorders text.
    expect(message.split("\n")).toHaveLength(problems.length + 1);
    for (const line of message.split("\n")) expect(unsafe(line)).toEqual([]);
    expect(message).not.toMatch(/^ {2}- all checks passed/m);
    expect(message).toContain("\\u202e");
    expect(message).toContain("\\u2028");
  });
});
