/**
 * flycell installed as users install it: the packed tarball (built by `prepack` from the working
 * tree as a clean clone has it) in projects laid out as `cdktf init --template=typescript` lays
 * them out, on cdktf and on CDK Terrain, and in a plain Node server that uses only
 * `flycell/cell`. Installs come from the npm registry (the cache is shared, --prefer-offline).
 * Consumers run one after another; each takes up to a minute or two.
 */
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import {
  cdktfInitProject,
  Consumer,
  createEverythingPlan,
  fleetMainTs,
  makeConsumer,
  modulesLoadedBy,
  packFlycell,
  removeConsumers,
  startNode,
  synthesize,
  synthesized,
  tarballFiles,
  TENANT_IDS,
  VOLUME_LOSS_PLAN,
} from "./helper";

jest.setTimeout(600_000);

let tarball: string;

beforeAll(async () => {
  tarball = await packFlycell();
});

afterAll(() => removeConsumers());

/** Whether a version is at least `min` (both `x.y.z`). */
function atLeast(version: string | undefined, min: string): boolean {
  if (version === undefined) return false;
  const [a, b] = [version, min].map((v) => v.split(/[.-]/).slice(0, 3).map(Number));
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** What no part of `flycell/cell` may load. */
const NOT_IN_A_CELL = /[\\/]node_modules[\\/](cdktf|cdktn|constructs|zod)[\\/]|[\\/]gen[\\/]/;

describe("the tarball", () => {
  let files: string[];
  beforeAll(() => {
    files = tarballFiles(tarball);
  });

  it("has the compiled library, both builds, the region data, the schemas, the docs and the license", () => {
    for (const file of [
      "package.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/cell/index.js",
      "dist/cell/index.d.ts",
      "dist/cdktn/index.js",
      "dist/cdktn/index.d.ts",
      "dist/monitor/index.js",
      "dist/monitor/index.d.ts",
      "dist/monitor/main.js",
      "dist/gen/providers/fly/machine/index.js",
      "dist/cdktn/gen/providers/fly/machine/index.js",
      "dist/tenants/fly-regions.json",
      "schema/ampbase-fly.schema.json",
      "schema/fleet.schema.json",
      "schema/tenants.schema.json",
    ]) {
      expect(files).toContain(file);
    }
  });

  it("has the CLI the package's bin names", () => {
    expect(files).toContain("dist/cli/main.js");
  });

  it("has the compiled Fly provider emulator flycell local runs, with its proto files", () => {
    for (const file of ["emulator/dist/main.js", "emulator/dist/install.js", "emulator/dist/machines-api/server.js", "emulator/proto/tfplugin6.proto"]) {
      expect(files).toContain(file);
    }
  });

  it("has no sources (the emulator's included), tests, example stacks, benchmarks or scripts", () => {
    const unwanted = files.filter(
      (f) => /^(lib|test|stacks|emulator\/src|bench|scripts|\.ci|\.tmp|cdktf\.out|node_modules)\//.test(f) || /\.ts$/.test(f.replace(/\.d\.ts$/, "")),
    );
    expect(unwanted).toEqual([]);
    expect(files.filter((f) => /(^|\/)(tsconfig[^/]*\.json|jest\.config\.js|cdktf\.json|\.tsbuildinfo)$/.test(f))).toEqual([]);
  });
});

describe("a cdktf 0.21 project (cdktf init layout) with the newest constructs cdktf allows", () => {
  let consumer: Consumer;
  beforeAll(() => {
    consumer = cdktfInitProject(tarball, {
      name: "cdktf-0.21",
      cdk: { cdktf: "0.21.0", constructs: "^10.4.2" }, // cdktf 0.21.0's own peer range
      mainTs: fleetMainTs("cdktf", "flycell"),
    });
  });

  it("installs flycell with constructs 10.8 or later and no cdktn", () => {
    expect(consumer.installed("flycell")).toBeDefined();
    expect(consumer.installed("cdktf")).toBe("0.21.0");
    expect(atLeast(consumer.installed("constructs"), "10.8.0")).toBe(true);
    expect(consumer.installed("cdktn")).toBeUndefined();
  });

  it("type-checks under the init's strict tsconfig, the flycell/cell and flycell/schema entries included", () => {
    consumer.write(
      "entries.ts",
      `import { flyReplayMiddleware, FlyReplayMiddleware } from "flycell/cell";
import { FlycellValidationError, isFlyRegion, RoutingTable } from "flycell";
export const table: RoutingTable = { version: 1, topology: "shared-app", healthPath: "/up", modes: ["path"], tenants: {} };
export const make: (t: RoutingTable) => FlyReplayMiddleware = (t) => flyReplayMiddleware({ table: t, tenantId: "acme" });
export const amsterdam: boolean = isFlyRegion("ams");
export const isError = (e: unknown): boolean => e instanceof FlycellValidationError;
export const schemaFile: string = require.resolve("flycell/schema/fleet.schema.json");
`,
    );
    consumer.run(path.join(consumer.dir, "node_modules", ".bin", "tsc"), ["--noEmit"]);
  });

  it("synthesizes a two-tenant fleet by running cdktf.json's app (npx ts-node main.ts)", () => {
    const r = synthesize(consumer);
    expect(r.stdout).toContain("globex cell ok");
    const machines = Object.values(synthesized(consumer).resource?.fly_machine ?? {});
    expect(machines.map((m) => m.name).sort()).toEqual([...TENANT_IDS]);
  });

  it("runs flycell guard and flycell summary from node_modules/.bin on a plan JSON", () => {
    consumer.write("plan.json", JSON.stringify(createEverythingPlan(synthesized(consumer))));
    consumer.write("volume-loss.json", JSON.stringify(VOLUME_LOSS_PLAN));
    consumer.write("not-a-plan.json", JSON.stringify({ version: 4, resources: [] }));

    expect(consumer.bin("flycell", ["guard", "plan.json"]).status).toBe(0);
    expect(consumer.bin("flycell", ["guard", "volume-loss.json"], { allowFailure: true }).status).toBe(1);
    expect(consumer.bin("flycell", ["guard", "not-a-plan.json"], { allowFailure: true }).status).toBe(2);

    const summary = consumer.bin("flycell", ["summary", "plan.json"]).stdout;
    expect(summary).toContain("| tenant | create | update | replace | destroy |");
    for (const tenant of TENANT_IDS) expect(summary).toMatch(new RegExp(`^\\| ${tenant} \\| \\d`, "m"));
  });

  it("loads no cdktf, constructs, generated bindings or zod for flycell/cell, though all are installed", () => {
    const loaded = modulesLoadedBy(consumer, "flycell/cell");
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((f) => !f.includes(`${path.sep}node_modules${path.sep}flycell${path.sep}dist${path.sep}cell${path.sep}`))).toEqual([]);
    expect(loaded.filter((f) => NOT_IN_A_CELL.test(f))).toEqual([]);
  });
});

/**
 * cdktn's future flags, which `cdktn init` writes into a new project's cdktf.json context (cdktf
 * 0.21 has none). failOnConstructsOutsideOfStacks refuses constructs placed directly in the App.
 */
const CDKTN_0_24_FUTURE_FLAGS = { failOnConstructsOutsideOfStacks: "true", canonicalAssetHashes: "true" };

/** A sharded fleet's app on cdktn, as a flycell init project's stacks/main.ts with `sharding` set. */
const SHARDED_MAIN_TS = `import { fly, synthFleetApp } from "flycell/cdktn";

synthFleetApp({
  fleet: {
    appName: "acme-cells",
    image: "registry.fly.io/acme-cells:v1",
    tenants: [{ id: "acme", region: "ams" }, { id: "globex", region: "ord" }],
    sharding: { by: "hash", count: 2 },
  },
  configureStack: (stack) => {
    new fly.provider.FlyProvider(stack, "fly", { orgSlug: "acme-org" });
  },
});
`;

describe("a CDK Terrain 0.24 project (cdktn, constructs 10.7) importing flycell/cdktn", () => {
  let consumer: Consumer;
  beforeAll(() => {
    consumer = cdktfInitProject(tarball, {
      name: "cdktn-0.24",
      cdk: { cdktn: "0.24.0", constructs: "~10.7.0" },
      mainTs: fleetMainTs("cdktn", "flycell/cdktn"),
      context: CDKTN_0_24_FUTURE_FLAGS,
    });
  });

  it("installs without cdktf", () => {
    expect(consumer.installed("cdktn")).toBe("0.24.0");
    expect(consumer.installed("constructs")).toMatch(/^10\.7\./);
    expect(consumer.installed("cdktf")).toBeUndefined();
  });

  it("has in cdktf.json the future flags cdktn init writes", () => {
    const script = 'process.stdout.write(JSON.stringify(require("cdktn/lib/features").FUTURE_FLAGS))';
    expect(JSON.parse(consumer.node(["-e", script]).stdout)).toEqual(CDKTN_0_24_FUTURE_FLAGS);
  });

  it("type-checks under the init's strict tsconfig", () => {
    consumer.run(path.join(consumer.dir, "node_modules", ".bin", "tsc"), ["--noEmit"]);
  });

  it("synthesizes the two-tenant fleet with cdktn and its future flags, loading no cdktf", () => {
    const r = synthesize(consumer);
    expect(r.stdout).toContain("globex cell ok");
    const json = synthesized(consumer);
    const machines = Object.values(json.resource?.fly_machine ?? {});
    expect(machines.map((m) => m.name).sort()).toEqual([...TENANT_IDS]);
    expect(Object.keys(json.resource ?? {})).toEqual(expect.arrayContaining(["fly_app", "fly_volume", "fly_machine"]));
    const loaded = modulesLoadedBy(consumer, "flycell/cdktn");
    expect(loaded.some((f) => /[\\/]node_modules[\\/]cdktn[\\/]/.test(f))).toBe(true);
    expect(loaded.filter((f) => /[\\/]node_modules[\\/]cdktf[\\/]/.test(f))).toEqual([]);
  });

  it("runs flycell guard and flycell summary from node_modules/.bin", () => {
    consumer.write("plan.json", JSON.stringify(createEverythingPlan(synthesized(consumer))));
    expect(consumer.bin("flycell", ["guard", "plan.json"]).status).toBe(0);
    const summary = consumer.bin("flycell", ["summary", "plan.json"]).stdout;
    for (const tenant of TENANT_IDS) expect(summary).toMatch(new RegExp(`^\\| ${tenant} \\| \\d`, "m"));
  });

  it("explains cdktn's failOnConstructsOutsideOfStacks refusal of a sharded fleet; with the flag removed, it shards", () => {
    consumer.write("sharded.ts", SHARDED_MAIN_TS);
    const synth = (context: Record<string, string>) =>
      consumer.run(path.join(consumer.dir, "node_modules", ".bin", "ts-node"), ["sharded.ts"], {
        allowFailure: true,
        env: { CDKTF_CONTEXT_JSON: JSON.stringify(context), CDKTF_OUTDIR: path.join(consumer.dir, "sharded.out") },
      });
    const refused = synth(CDKTN_0_24_FUTURE_FLAGS);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('flycell: CDK Terrain refused the sharded fleet "fleet": its future flag failOnConstructsOutsideOfStacks');
    expect(refused.stderr).toContain('remove "failOnConstructsOutsideOfStacks" from "context" in cdktf.json');
    expect(refused.stderr).toContain("cdktn said: Found constructs outside of a TerraformStack");
    expect(refused.stderr).not.toMatch(/^\s+at /m);
    const { failOnConstructsOutsideOfStacks: _off, ...rest } = CDKTN_0_24_FUTURE_FLAGS;
    const sharded = synth(rest);
    expect({ status: sharded.status, stderr: sharded.stderr }).toEqual({ status: 0, stderr: "" });
    expect(fs.readdirSync(path.join(consumer.dir, "sharded.out", "stacks")).sort()).toEqual(["fleet-shard-0", "fleet-shard-1", "fleet-shared"]);
  });
});

/** Sends one request to 127.0.0.1:port; status, headers and body. */
function request(port: number, target: string, host: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: target, headers: { host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** A plain Node HTTP server in a cell: flycell/cell's middleware in front of the tenant's app. */
const SERVER = (importLine: string) => `${importLine}

const machine = (n) => String(n).repeat(2) + "0a1b2c3d4e5f";
const entry = (id, n) => ({ app: "cells", machine: machine(n), region: "ams", hosts: [id + ".cells.example.com"], path: "/" + id });
const table = { version: 1, topology: "shared-app", healthPath: "/up", modes: ["path", "host"], tenants: { acme: entry("acme", 1), globex: entry("globex", 2) } };
const route = flyReplayMiddleware({ table, tenantId: "acme" });

const server = http.createServer((req, res) =>
  route(req, res, (err) => {
    if (err) { res.statusCode = 500; res.end(); return; }
    res.setHeader("content-type", "text/plain");
    res.end("hello from acme\\n");
  }),
);
server.listen(0, "127.0.0.1", () => console.log(String(server.address().port)));
`;

/** A monitor started from the library entry, printing its URL. */
const MONITOR = `"use strict";
const { startMonitor } = require("flycell/monitor");
const quiet = { info: () => undefined, warn: () => undefined };
startMonitor({ expected: { version: 1, cells: {} }, secret: "k", host: "127.0.0.1", port: 0, api: { baseUrl: "http://127.0.0.1:9", token: "t" }, log: quiet })
  .then((monitor) => console.log(monitor.url));
`;

/** The monitor image's command, as Dockerfile.monitor's CMD runs it from the image's work directory. */
const DOCKER_CMD = (() => {
  const cmd = /^CMD (\[.*\])$/m.exec(fs.readFileSync(path.join(__dirname, "..", "..", "Dockerfile.monitor"), "utf8"))?.[1];
  const [program, script] = JSON.parse(cmd ?? "[]") as string[];
  if (program !== "node" || !script) throw new Error(`Dockerfile.monitor: CMD is ${cmd}: expected ["node", "<script>"]`);
  return script;
})();

describe("a plain Node HTTP server with flycell/cell only (no cdktf, no constructs installed)", () => {
  let consumer: Consumer;
  beforeAll(() => {
    consumer = makeConsumer(tarball, {
      name: "cell-only",
      files: {
        "server.js": SERVER(`"use strict";\nconst http = require("http");\nconst { flyReplayMiddleware } = require("flycell/cell");`),
        "server.mjs": SERVER(`import * as http from "node:http";\nimport { flyReplayMiddleware } from "flycell/cell";`),
        "monitor.js": MONITOR,
      },
    });
  });

  it("installs no optional peer", () => {
    for (const peer of ["cdktf", "cdktn", "constructs"]) expect(consumer.installed(peer)).toBeUndefined();
  });

  it.each(["server.js", "server.mjs"])("%s serves its tenant and replays another's request", async (script) => {
    const server = await startNode(consumer, script);
    try {
      const port = Number(server.line);
      const own = await request(port, "/acme/orders", "acme.cells.example.com");
      expect(own).toMatchObject({ status: 200, body: "hello from acme\n" });
      const other = await request(port, "/globex/orders", "globex.cells.example.com");
      expect(other.status).toBe(409);
      expect(other.headers["fly-replay"]).toBe("instance=220a1b2c3d4e5f");
      const health = await request(port, "/up", "whatever.example.com");
      expect(health.status).toBe(200);
    } finally {
      server.stop();
    }
  });

  it("loads nothing but flycell/cell's own files", () => {
    const loaded = modulesLoadedBy(consumer, "flycell/cell");
    expect(loaded.filter((f) => NOT_IN_A_CELL.test(f) || !f.includes(`${path.sep}flycell${path.sep}dist${path.sep}cell${path.sep}`))).toEqual([]);
  });

  it("runs the monitor from flycell/monitor, loading nothing but the monitor's own files and its Machines API client", async () => {
    const server = await startNode(consumer, "monitor.js");
    try {
      const port = Number(new URL(server.line).port);
      expect(await request(port, "/up", "monitor")).toMatchObject({ status: 200, body: "ok\n" });
      expect(JSON.parse((await request(port, "/status.json", "monitor")).body)).toMatchObject({ cells: [], issues: [] });
    } finally {
      server.stop();
    }
    const loaded = modulesLoadedBy(consumer, "flycell/monitor");
    const own = (dir: string) => `${path.sep}flycell${path.sep}dist${path.sep}${dir}${path.sep}`;
    expect(loaded.filter((f) => NOT_IN_A_CELL.test(f) || !(f.includes(own("monitor")) || f.includes(own("fly-api"))))).toEqual([]);
  });

  it("runs the monitor image's command (Dockerfile.monitor's CMD) from the installed package", async () => {
    const cells = path.join(consumer.dir, "cells.json");
    fs.writeFileSync(cells, JSON.stringify({ version: 1, cells: {} }));
    const env = { FLYCELL_MONITOR_CELLS_FILE: cells, FLYCELL_MONITOR_SECRET: "k", FLY_API_TOKEN: "t", FLY_API_BASE_URL: "http://127.0.0.1:9", PORT: "0" };
    const server = await startNode(consumer, DOCKER_CMD, env);
    try {
      expect(server.line).toMatch(/^flycell monitor: watching 0 cells in 0 apps; listening on http:\/\/\S+:\d+$/);
      const port = Number(/:(\d+)$/.exec(server.line)?.[1]);
      expect((await request(port, "/up", "monitor")).status).toBe(200);
    } finally {
      server.stop();
    }
  });

  it("exposes package.json and the JSON Schemas", () => {
    const script = `const s = require("flycell/schema/fleet.schema.json"); const p = require("flycell/package.json");
      process.stdout.write(JSON.stringify({ schema: typeof s, version: p.version, file: require.resolve("flycell/schema/tenants.schema.json") }));`;
    const result = JSON.parse(consumer.node(["-e", script]).stdout);
    expect(result).toMatchObject({ schema: "object", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(result.file).toMatch(/node_modules[\\/]flycell[\\/]schema[\\/]tenants\.schema\.json$/);
  });

  it.each([
    ["flycell", "cdktf and constructs are not installed", "npm install cdktf@0.21 constructs@10"],
    ["flycell/cdktn", "cdktn and constructs are not installed", "npm install cdktn@0.24 constructs@10.7"],
  ])("refuses the construct entry %s by naming what to install", (entry, why, install) => {
    const r = consumer.node(["-e", `require(${JSON.stringify(entry)})`], { allowFailure: true });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${entry} builds`);
    expect(r.stderr).toContain(why);
    expect(r.stderr).toContain(`  ${install}\n`);
    expect(r.stderr).toContain('import from "flycell/cell"');
    expect(r.stderr).not.toMatch(/Cannot find module/);
  });

  it("names only constructs when the CDK is installed without it", () => {
    // A project that has cdktf but no constructs: a stand-in cdktf package is enough to resolve.
    consumer.write("node_modules/cdktf/package.json", JSON.stringify({ name: "cdktf", version: "0.21.0", main: "index.js" }));
    consumer.write("node_modules/cdktf/index.js", "");
    try {
      const r = consumer.node(["-e", 'require("flycell")'], { allowFailure: true });
      expect(r.stderr).toContain("flycell builds cdktf constructs, but constructs is not installed in this project. Install it:");
    } finally {
      fs.rmSync(path.join(consumer.dir, "node_modules", "cdktf"), { recursive: true, force: true });
    }
  });
});
