import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { FleetInput, ShardedFleet, ShardedFleetProps, TenantLedger } from "../../lib";
import { fleet } from "../../stacks/fleet";
import { flycell } from "./run-cli";

/** A temp directory with `files` written in it. */
function workdir(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-tenants-"));
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  }
  return dir;
}

const JSON_FLEET = {
  $schema: "../node_modules/flycell/schema/fleet.schema.json",
  appName: "json-fleet",
  image: "registry.fly.io/json-fleet:1",
  topology: "app-per-cell",
  waves: { canary: {} },
  sharding: { by: "region" },
  tenants: [
    { id: "zeta", region: "fra", wave: "canary" },
    { id: "alpha", region: "ams", hostnames: ["b.alpha.io", "A.alpha.io"] },
  ],
};

describe("flycell tenants", () => {
  it("lists stacks/fleet.ts by default: a row per tenant line, sorted by id", () => {
    const r = flycell(["tenants"]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    // The tenant table, a blank line, then the cells per region.
    const [table, cells] = r.stdout.trimEnd().split("\n\n");
    expect(cells.split("\n")[0].split(/ {2,}/)).toEqual(["CELL", "REGION", "FILL", "TENANTS"]);
    const [header, ...rows] = table.split("\n");
    expect(header.split(/ {2,}/)).toEqual(["ID", "STATUS", "REGION", "CELL", "WAVE", "SHARD", "APP", "HOSTNAMES"]);
    const ids = fleet.tenants.map((t) => t.id).sort();
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(ids);
    // Columns are aligned: every row has its region where the header has REGION.
    const at = header.indexOf("REGION");
    for (const row of rows) {
      const line = fleet.tenants.find((t) => t.id === row.split(/\s+/)[0]);
      expect(row.slice(at).split(/\s+/)[0]).toBe(line?.region);
    }
  });

  it("prints JSON with --json: one row per tenant line, as the line says", () => {
    const r = flycell(["tenants", "--json"]);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; status: string; region: string; wave: string | null; shard: string | null; app: string }[];
    expect(rows.map((row) => row.id)).toEqual(fleet.tenants.map((t) => t.id).sort());
    for (const row of rows) {
      const line = fleet.tenants.find((t) => t.id === row.id);
      expect(row).toMatchObject({ status: line?.status ?? "active", region: line?.region, cell: line?.cell ?? null, wave: line?.wave ?? null, shard: null });
      expect(row.app).toBe(fleet.appName);
    }
  });

  it("reads a JSON fleet (ignoring $schema): waves, shards by sharding, an app per cell, hostnames", () => {
    const dir = workdir({ "fleet.json": JSON_FLEET, "tenants.lock.json": { version: 1, tenants: {} } });
    const r = flycell(["tenants", "--fleet", "fleet.json", "--ledger", "tenants.lock.json", "--json"], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(JSON.parse(r.stdout)).toEqual([
      { id: "alpha", status: "active", region: "ams", cell: null, wave: null, shard: "region-ams", app: "json-fleet-alpha", hostnames: ["a.alpha.io", "b.alpha.io"] },
      { id: "zeta", status: "active", region: "fra", cell: null, wave: "canary", shard: "region-fra", app: "json-fleet-zeta", hostnames: [] },
    ]);
    const table = flycell(["tenants", "--fleet", "fleet.json", "--ledger", "tenants.lock.json"], { cwd: dir }).stdout.split("\n");
    expect(table[1].split(/ {2,}/)).toEqual(["alpha", "active", "ams", "-", "-", "region-ams", "json-fleet-alpha", "a.alpha.io,b.alpha.io"]);
    // Without shared cells, the cells view counts each region's dedicated cells.
    expect(table.slice(4)).toEqual(["CELL       REGION  FILL  TENANTS", "dedicated  ams     1     one cell each", "dedicated  fra     1     one cell each", ""]);
  });

  it("judges the fleet with the ledger, as synthesis does", () => {
    const released: FleetInput = { ...JSON_FLEET, sharding: undefined, tenants: [{ id: "zeta", region: "fra", status: "released" }] } as FleetInput;
    const dir = workdir({
      "fleet.json": released,
      "tenants.lock.json": { version: 1, tenants: { zeta: { region: "fra", volumeSizeGb: 1, status: "decommissioned" } } },
    });
    const withLedger = flycell(["tenants", "--fleet", "fleet.json", "--ledger", "tenants.lock.json", "--json"], { cwd: dir });
    expect([withLedger.code, JSON.parse(withLedger.stdout)[0].status]).toEqual([0, "released"]);
    // A missing ledger file is not an empty ledger: refused, as synthesis refuses it.
    const without = flycell(["tenants", "--fleet", "fleet.json", "--ledger", "none.json"], { cwd: dir });
    expect([without.code, without.stdout]).toEqual([2, ""]);
    expect(without.stderr).toContain('"none.json" does not exist. A missing ledger is not an empty one');
  });

  it("prints an invalid fleet's problems once, without a stack trace (exit 1)", () => {
    const dir = workdir({
      "fleet.json": { ...JSON_FLEET, tenants: [{ id: "Bad Id", region: "ams" }, { id: "ok", region: "nowhere" }] },
      "tenants.lock.json": { version: 1, tenants: {} },
    });
    const r = flycell(["tenants", "--fleet", "fleet.json", "--ledger", "tenants.lock.json"], { cwd: dir });
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toMatch(/^Invalid fleet configuration \(2 problems\); nothing was synthesized:\n/);
    expect(r.stderr.match(/Invalid fleet configuration/g)).toHaveLength(1);
    expect(r.stderr).toContain('tenant "ok", field "region"');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("exits 2 on a fleet module it cannot load", () => {
    const dir = workdir({ "fleet.json": "{ not json", "array.json": [], "nofleet.js": "exports.tenants = [];" });
    expect(flycell(["tenants"], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining("no fleet module at stacks/fleet.ts") });
    expect(flycell(["tenants", "--fleet", "fleet.json"], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining("cannot read fleet.json") });
    expect(flycell(["tenants", "--fleet", "array.json"], { cwd: dir }).code).toBe(2);
    expect(flycell(["tenants", "--fleet", "nofleet.js"], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining("exports no `fleet`") });
  });
});

/** A fleet with shared cells, one of them released, and dedicated tenants in every status; lines out of order. */
const CELLS_FLEET = {
  appName: "cells-fleet",
  image: "registry.fly.io/cells-fleet:1",
  topology: "app-per-cell",
  sharding: { by: "hash", count: 8 },
  sharedCells: {
    "ord-1": { region: "ord", capacity: 3 },
    "ams-1": { region: "ams", capacity: 50 },
    "ams-2": { region: "ams", capacity: 2 },
    "syd-0": { region: "syd", capacity: 5, status: "released" },
  },
  tenants: [
    { id: "umbrella", region: "fra" },
    { id: "hooli", region: "ams", cell: "ams-1", status: "decommissioned" },
    { id: "acme", region: "ams", cell: "ams-1", hostnames: ["app.acme.io"] },
    { id: "initech", region: "ams" },
    { id: "globex", region: "ams", cell: "ams-1" },
    { id: "old", region: "ord", cell: "ord-1", status: "released" },
    { id: "zeta", region: "ord", cell: "ord-1" },
    { id: "stark", region: "ams", status: "decommissioned" },
    { id: "wayne", region: "fra", status: "released" },
    { id: "gone", region: "syd", cell: "syd-0", status: "released" },
  ],
};

/** What was deployed before: the releases above are earned, the cells known. */
const CELLS_LEDGER: TenantLedger = {
  version: 1,
  tenants: {
    hooli: { region: "ams", volumeSizeGb: 1, status: "active", cell: "ams-1" },
    old: { region: "ord", volumeSizeGb: 1, status: "decommissioned", cell: "ord-1" },
    stark: { region: "ams", volumeSizeGb: 1, status: "active" },
    wayne: { region: "fra", volumeSizeGb: 1, status: "decommissioned" },
    gone: { region: "syd", volumeSizeGb: 1, status: "released", cell: "syd-0" },
  },
  cells: {
    "ams-1": { region: "ams", volumeSizeGb: 1, status: "active" },
    "ord-1": { region: "ord", volumeSizeGb: 1, status: "active" },
    "syd-0": { region: "syd", volumeSizeGb: 1, status: "active" },
  },
};

describe("flycell tenants with shared cells", () => {
  const dir = workdir({ "fleet.json": CELLS_FLEET, "tenants.lock.json": CELLS_LEDGER });
  const run = (...args: string[]) => flycell(["tenants", "--fleet", "fleet.json", "--ledger", "tenants.lock.json", ...args], { cwd: dir });

  it("names each tenant's shared cell, or null for a dedicated cell, in --json rows; a tenant of a shared cell lives in the cell's app", () => {
    const r = run("--json");
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const rows = JSON.parse(r.stdout) as { id: string; status: string; cell: string | null; app: string; hostnames: string[] }[];
    expect(rows.map(({ id, status, cell, app }) => [id, status, cell, app])).toEqual([
      ["acme", "active", "ams-1", "cells-fleet-ams-1"],
      ["globex", "active", "ams-1", "cells-fleet-ams-1"],
      ["gone", "released", "syd-0", "cells-fleet-syd-0"],
      ["hooli", "decommissioned", "ams-1", "cells-fleet-ams-1"],
      ["initech", "active", null, "cells-fleet-initech"],
      ["old", "released", "ord-1", "cells-fleet-ord-1"],
      ["stark", "decommissioned", null, "cells-fleet-stark"],
      ["umbrella", "active", null, "cells-fleet-umbrella"],
      ["wayne", "released", null, "cells-fleet-wayne"],
      ["zeta", "active", "ord-1", "cells-fleet-ord-1"],
    ]);
    expect(rows.find((row) => row.id === "acme")?.hostnames).toEqual(["app.acme.io"]);
  });

  it("puts a tenant of a shared cell in the shard of its cell: the stack its machine and volume are synthesized in", () => {
    const rows = JSON.parse(run("--json").stdout) as { id: string; status: string; cell: string | null; shard: string }[];
    const props = { ...CELLS_FLEET, ledger: CELLS_LEDGER, configureStack: () => undefined } as unknown as ShardedFleetProps;
    const sharded = new ShardedFleet(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "flycell-tenants-synth-")) }), "fleet", props);
    for (const row of rows.filter((r) => r.status !== "released")) {
      const construct = `cell-${row.cell ?? row.id}`;
      const stacks = [...sharded.shards].filter(([, stack]) => stack.node.tryFindChild(construct)).map(([shard]) => shard);
      expect([row.id, stacks]).toEqual([row.id, [row.shard]]);
    }
    // Hashed by the cell's id, not by each tenant's.
    expect(new Set(rows.filter((r) => r.cell === "ams-1").map((r) => r.shard)).size).toBe(1);
  });

  it("prints a CELL column ('-' for a dedicated cell), then the cells per region: fill over capacity, tenants, dedicated cells counted", () => {
    const r = run();
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const [table, cells] = r.stdout.split("\n\n");
    const [header, ...rows] = table.split("\n");
    expect(header.split(/ {2,}/)).toEqual(["ID", "STATUS", "REGION", "CELL", "WAVE", "SHARD", "APP", "HOSTNAMES"]);
    const at = header.indexOf("CELL");
    expect(rows.map((row) => [row.split(/\s+/)[0], row.slice(at).split(/\s+/)[0]])).toEqual([
      ["acme", "ams-1"],
      ["globex", "ams-1"],
      ["gone", "syd-0"],
      ["hooli", "ams-1"],
      ["initech", "-"],
      ["old", "ord-1"],
      ["stark", "-"],
      ["umbrella", "-"],
      ["wayne", "-"],
      ["zeta", "ord-1"],
    ]);
    // hooli (decommissioned) counts against ams-1's capacity; old (released) does not count in ord-1, nor wayne in fra.
    expect(cells.split("\n")).toEqual([
      "CELL       REGION  FILL      TENANTS",
      "ams-1      ams     3/50      acme, globex, hooli",
      "ams-2      ams     0/2       -",
      "dedicated  ams     2         one cell each",
      "dedicated  fra     1         one cell each",
      "ord-1      ord     1/3       zeta",
      "syd-0      syd     released  -",
      "",
    ]);
  });

  it("prints only the cells per region with --cells, as text or as JSON with --json", () => {
    const text = run("--cells");
    expect([text.code, text.stderr]).toEqual([0, ""]);
    expect(text.stdout).toBe(run().stdout.split("\n\n")[1]);
    const json = run("--cells", "--json");
    expect([json.code, json.stderr]).toEqual([0, ""]);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        region: "ams",
        sharedCells: [
          { id: "ams-1", status: "active", capacity: 50, fill: 3, tenants: ["acme", "globex", "hooli"] },
          { id: "ams-2", status: "active", capacity: 2, fill: 0, tenants: [] },
        ],
        dedicatedCells: 2,
      },
      { region: "fra", sharedCells: [], dedicatedCells: 1 },
      { region: "ord", sharedCells: [{ id: "ord-1", status: "active", capacity: 3, fill: 1, tenants: ["zeta"] }], dedicatedCells: 0 },
      { region: "syd", sharedCells: [{ id: "syd-0", status: "released", capacity: 5, fill: 0, tenants: [] }], dedicatedCells: 0 },
    ]);
  });

  it("documents the output formats and the --cells flag in its help", () => {
    const r = flycell(["tenants", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ {2}--cells +print only the cells per region/m);
    expect(r.stdout).toMatch(/^ {2}--cells --json +the cells as a JSON array, one entry per region/m);
    expect(r.stdout).toContain('"cell" is the shared cell\'s');
  });
});
