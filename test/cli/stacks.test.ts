import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { flycell } from "./run-cli";

/** A project directory whose cdktf.out holds these stacks, with cdktf's manifest of their dependencies. */
function project(stacks: Record<string, string[]>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-stacks-"));
  for (const name of Object.keys(stacks)) fs.mkdirSync(path.join(dir, "cdktf.out", "stacks", name), { recursive: true });
  const entries = Object.entries(stacks).map(([name, dependencies]) => [name, { name, dependencies, workingDirectory: `stacks/${name}` }]);
  fs.writeFileSync(path.join(dir, "cdktf.out", "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: Object.fromEntries(entries) }));
  return dir;
}

/** The environment without GitHub Actions' output file: a run inside Actions must not write to it. */
function envWithout(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.GITHUB_OUTPUT;
  return env;
}

// A sharded fleet, named so that neither the manifest's order nor the names' order is the deploy order.
const SHARDED = { "fleet-monitor": [], "fleet-router": ["fleet-shard-1", "fleet-shard-0"], "fleet-shard-1": ["fleet-shared"], "fleet-shard-0": ["fleet-shared"], "fleet-shared": [] };
const ORDER = ["fleet-shared", "fleet-shard-0", "fleet-shard-1", "fleet-router", "fleet-monitor"];

describe("flycell stacks", () => {
  it("--json prints the synthesized stacks in deploy order: shared, shards, router, monitor", () => {
    const r = flycell(["stacks", "--json"], { cwd: project(SHARDED), env: envWithout() });
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(JSON.parse(r.stdout)).toEqual(ORDER);
  });

  it("prints one name a line without --json (what ci:ledger loops over)", () => {
    const r = flycell(["stacks"], { cwd: project(SHARDED), env: envWithout() });
    expect(r.stdout).toBe(`${ORDER.join("\n")}\n`);
  });

  it("appends stacks=<JSON array> to $GITHUB_OUTPUT when it is set (the pull request's plan matrix)", () => {
    const dir = project({ fleet: [] });
    const output = path.join(dir, "github-output");
    fs.writeFileSync(output, "earlier=1\n");
    const r = flycell(["stacks", "--json"], { cwd: dir, env: { ...envWithout(), GITHUB_OUTPUT: output } });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(output, "utf8")).toBe('earlier=1\nstacks=["fleet"]\n');
    const again = path.join(dir, "given");
    expect(flycell(["stacks", "--github-output", again], { cwd: dir, env: envWithout() }).code).toBe(0);
    expect(fs.readFileSync(again, "utf8")).toBe('stacks=["fleet"]\n');
  });

  it("refuses when nothing was synthesized, naming itself (exit 2)", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-stacks-empty-"));
    const r = flycell(["stacks", "--json"], { cwd: empty, env: envWithout() });
    expect([r.code, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toMatch(/^flycell stacks: no stacks under cdktf.out\/stacks: synthesize first/);
  });
});
