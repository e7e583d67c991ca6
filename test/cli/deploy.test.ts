import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { deployOrder, stackDirsUnder } from "../../lib/cli/deploy";
import { initFiles } from "../../lib/cli/init-files";
import { flycell, flycellPackageJson } from "./run-cli";

/** A cdktf.out/ with these stacks' directories and, when given, a manifest naming them and their dependencies. */
function cdktfOut(stacks: Record<string, string[]>, manifest = true, extra: string[] = []): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "deploy-")), "cdktf.out");
  for (const name of [...Object.keys(stacks), ...extra]) fs.mkdirSync(path.join(out, "stacks", name), { recursive: true });
  if (manifest) {
    const entries = Object.entries(stacks).map(([name, dependencies]) => [name, { name, dependencies, workingDirectory: `stacks/${name}` }]);
    fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: Object.fromEntries(entries) }));
  }
  return path.join(out, "stacks");
}

const names = (dirs: string[]) => dirs.map((dir) => path.basename(dir));

describe("flycell deploy: which stacks, in which order", () => {
  it("deploys every stack after those it depends on, as cdktf's manifest says", () => {
    const root = cdktfOut({ "fleet-router": ["fleet-shard-1", "fleet-shard-0"], "fleet-shard-1": ["fleet-shared"], "fleet-shard-0": ["fleet-shared"], "fleet-shared": [] });
    expect(names(deployOrder(stackDirsUnder(root)))).toEqual(["fleet-shared", "fleet-shard-0", "fleet-shard-1", "fleet-router"]);
    // A dependency that is not being deployed does not hold a stack back.
    expect(names(deployOrder([path.join(root, "fleet-router"), path.join(root, "fleet-shard-1")]))).toEqual(["fleet-shard-1", "fleet-router"]);
  });

  it("without a manifest: the shared stack first, the router last, the rest by name", () => {
    const root = cdktfOut({ "fleet-router": [], "fleet-shard-1": [], "fleet-shard-0": [], "fleet-shared": [] }, false);
    expect(names(deployOrder(stackDirsUnder(root)))).toEqual(["fleet-shared", "fleet-shard-0", "fleet-shard-1", "fleet-router"]);
  });

  it("leaves out a stack an earlier synth left behind, which the last synth's manifest does not name", () => {
    const root = cdktfOut({ fleet: [] }, true, ["fleet-shared"]);
    expect(names(stackDirsUnder(root))).toEqual(["fleet"]);
  });

  it("refuses to start without stacks, or with a directory that is no stack (exit 2)", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-empty-"));
    expect(flycell(["deploy"], { cwd: empty })).toMatchObject({ code: 2, stderr: expect.stringContaining("flycell deploy: no stacks under cdktf.out/stacks") });
    expect(flycell(["deploy", empty], { cwd: empty })).toMatchObject({ code: 2, stderr: expect.stringContaining("is no synthesized stack") });
  });
});

describe("flycell deploy: before anything runs", () => {
  it("refuses a ledger it could not sync after the applies, before running Terraform at all (exit 2)", () => {
    const root = cdktfOut({ fleet: [] });
    fs.writeFileSync(path.join(root, "fleet", "cdk.tf.json"), "{}");
    const log = path.join(root, "terraform.log");
    const terraform = path.join(root, "tf");
    fs.writeFileSync(terraform, `#!/bin/sh\necho "$*" >> ${JSON.stringify(log)}\n`, { mode: 0o755 });
    const r = flycell(["deploy", path.join(root, "fleet"), "--ledger", path.join(root, "missing.lock.json"), "--terraform", terraform]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing.lock.json");
    expect(fs.existsSync(log)).toBe(false);
  });
});

describe("every deploy flycell ships goes through flycell deploy", () => {
  it("this repository's npm run deploy synthesizes, then runs flycell deploy (guarded)", () => {
    const { scripts } = flycellPackageJson();
    expect(scripts.deploy).toBe("npm run synth && ts-node --transpile-only lib/cli/main.ts deploy");
    expect(Object.values(scripts).filter((script) => /cdktf deploy|terraform .*apply|--unguarded/.test(script))).toEqual([]);
  });

  it("a `flycell init` project's npm run deploy synthesizes, then runs flycell deploy (guarded)", () => {
    const pkg = JSON.parse(initFiles("x", { flycell: "0.0.0", cdktf: "0.21.0", constructs: "10.4.2" })["package.json"]) as { scripts: Record<string, string> };
    expect(pkg.scripts.deploy).toBe("npm run synth && flycell deploy");
    expect(Object.values(pkg.scripts).filter((script) => /cdktf deploy| apply|--unguarded/.test(script))).toEqual([]);
  });
});
