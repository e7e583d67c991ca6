import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FleetInput } from "../../lib";
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
    const [header, ...rows] = r.stdout.trimEnd().split("\n");
    expect(header.split(/ {2,}/)).toEqual(["ID", "STATUS", "REGION", "WAVE", "SHARD", "APP", "HOSTNAMES"]);
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
      expect(row).toMatchObject({ status: line?.status ?? "active", region: line?.region, wave: line?.wave ?? null, shard: null });
      expect(row.app).toBe(fleet.appName);
    }
  });

  it("reads a JSON fleet (ignoring $schema): waves, shards by sharding, an app per cell, hostnames", () => {
    const dir = workdir({ "fleet.json": JSON_FLEET });
    const r = flycell(["tenants", "--fleet", "fleet.json", "--json"], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(JSON.parse(r.stdout)).toEqual([
      { id: "alpha", status: "active", region: "ams", wave: null, shard: "region-ams", app: "json-fleet-alpha", hostnames: ["a.alpha.io", "b.alpha.io"] },
      { id: "zeta", status: "active", region: "fra", wave: "canary", shard: "region-fra", app: "json-fleet-zeta", hostnames: [] },
    ]);
    const table = flycell(["tenants", "--fleet", "fleet.json"], { cwd: dir }).stdout.split("\n");
    expect(table[1].split(/ {2,}/)).toEqual(["alpha", "active", "ams", "-", "region-ams", "json-fleet-alpha", "a.alpha.io,b.alpha.io"]);
  });

  it("judges the fleet with the ledger, as synthesis does", () => {
    const released: FleetInput = { ...JSON_FLEET, sharding: undefined, tenants: [{ id: "zeta", region: "fra", status: "released" }] } as FleetInput;
    const dir = workdir({
      "fleet.json": released,
      "tenants.lock.json": { version: 1, tenants: { zeta: { region: "fra", volumeSizeGb: 1, status: "decommissioned" } } },
    });
    const withLedger = flycell(["tenants", "--fleet", "fleet.json", "--ledger", "tenants.lock.json", "--json"], { cwd: dir });
    expect([withLedger.code, JSON.parse(withLedger.stdout)[0].status]).toEqual([0, "released"]);
    // No ledger: nothing confirms the tenant was decommissioned.
    const without = flycell(["tenants", "--fleet", "fleet.json", "--ledger", "none.json"], { cwd: dir });
    expect([without.code, without.stdout]).toEqual([1, ""]);
    expect(without.stderr).toMatch(/tenant "zeta", field "status": the ledger has no deployed cell/);
  });

  it("prints an invalid fleet's problems once, without a stack trace (exit 1)", () => {
    const dir = workdir({ "fleet.json": { ...JSON_FLEET, tenants: [{ id: "Bad Id", region: "ams" }, { id: "ok", region: "nowhere" }] } });
    const r = flycell(["tenants", "--fleet", "fleet.json"], { cwd: dir });
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
