import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TenantLedger } from "../../lib";
import { fixture, flycell } from "./run-cli";

const LEDGER: TenantLedger = {
  version: 1,
  tenants: {
    acme: { region: "ams", volumeSizeGb: 3, status: "active" },
    // Synthesized once with a typo, never deployed.
    acmee: { region: "ams", volumeSizeGb: 1, status: "active" },
    oldco: { region: "fra", volumeSizeGb: 1, status: "decommissioned" },
    initech: { region: "syd", volumeSizeGb: 2, status: "decommissioned" },
  },
};
/** What the two shard fixtures say is deployed, the ledger `sync` must write. */
const DEPLOYED: TenantLedger = {
  version: 1,
  tenants: {
    acme: { region: "ams", volumeSizeGb: 3, status: "active" },
    globex: { region: "ord", volumeSizeGb: 1, status: "active" },
    initech: { region: "syd", volumeSizeGb: 2, status: "decommissioned" },
    oldco: { region: "fra", volumeSizeGb: 1, status: "released" },
  },
};
const STACKS = ["--outputs", fixture("outputs-shard-0.json"), fixture("outputs-router.json"), fixture("outputs-shard-1.json")];

function ledgerFile(ledger: TenantLedger = LEDGER): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "flycell-ledger-")), "tenants.lock.json");
  fs.writeFileSync(file, JSON.stringify(ledger));
  return file;
}

const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as TenantLedger;

describe("flycell ledger check|sync --outputs", () => {
  it("check lists every difference with what is deployed and exits 1, changing nothing", () => {
    const file = ledgerFile();
    const r = flycell(["ledger", "check", "--ledger", file, ...STACKS]);
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toContain(`flycell ledger: ${file} is out of date: 3 difference(s) with what is deployed`);
    expect(r.stderr).toMatch(/- tenant "globex", field "\(entry\)": deployed \(.*outputs-shard-0\.json\), not in the ledger: recorded \(active, ord, 1 GB\)/);
    expect(r.stderr).toMatch(/- tenant "acmee", field "\(entry\)": in the ledger, deployed in none of the 2 stack\(s\) read: kept/);
    expect(r.stderr).toContain("flycell ledger sync --forget <id>");
    expect(r.stderr).toMatch(/- tenant "oldco", field "status": its volume was released: recorded as released/);
    expect(r.stderr).toMatch(/outputs-router\.json: no `cells` output .*: skipped/);
    expect(read(file)).toEqual(LEDGER);
  });

  it("sync drops no entry on its own: one that no stack read has is refused, nothing written", () => {
    const file = ledgerFile();
    const r = flycell(["ledger", "sync", "--ledger", file, ...STACKS]);
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toContain(`flycell ledger: ${file} not written:\n  - tenant "acmee", field "(entry)": in the ledger, deployed in none of the 2 stack(s) read: kept`);
    expect(read(file)).toEqual(LEDGER);
  });

  it("sync --forget drops only what is named, never a deployed tenant nor an unknown id", () => {
    const file = ledgerFile();
    const deployedOne = flycell(["ledger", "sync", "--ledger", file, ...STACKS, "--forget", "acmee", "acme"]);
    expect([deployedOne.code, deployedOne.stderr]).toEqual([2, expect.stringMatching(/--forget acme: it is deployed \(.*outputs-shard-0\.json\); a deployed tenant or cell is never forgotten/)]);
    const unknown = flycell(["ledger", "sync", "--ledger", file, ...STACKS, "--forget", "nobody"]);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining(`--forget nobody: not in ${file}`)]);
    expect(read(file)).toEqual(LEDGER);
  });

  it("sync writes what is deployed (the forgotten typo dropped, the new tenant recorded) and prints each change", () => {
    const file = ledgerFile();
    const r = flycell(["ledger", "sync", "--ledger", file, ...STACKS, "--forget", "acmee"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tenant "acmee", field "(entry)": deployed in no stack read: forgotten, as asked');
    expect(r.stdout).toContain('tenant "globex", field "(entry)": deployed');
    expect(r.stdout).toMatch(/tenants\.lock\.json written, 3 change\(s\): commit it\n$/);
    expect(read(file)).toEqual(DEPLOYED);
    expect(fs.readFileSync(file, "utf8")).toBe(`${JSON.stringify(DEPLOYED, null, 2)}\n`);

    // Now they agree.
    expect(flycell(["ledger", "check", "--ledger", file, ...STACKS])).toMatchObject({
      code: 0,
      stdout: `flycell ledger: ${file} matches what 2 stack(s) deployed\n`,
    });
    expect(flycell(["ledger", "sync", "--ledger", file, ...STACKS]).stdout).toMatch(/up to date\n$/);
  });

  it("refuses a missing ledger (not an empty one), saying how to create one; `ledger init` writes an empty one, never over a file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-ledger-"));
    const file = path.join(dir, "tenants.lock.json");
    const missing = flycell(["ledger", "sync", "--ledger", file, "--outputs", fixture("outputs-shard-1.json")]);
    expect([missing.code, missing.stdout]).toEqual([2, ""]);
    expect(missing.stderr).toContain(`"${file}" does not exist. A missing ledger is not an empty one`);
    expect(missing.stderr).toContain(`flycell ledger init --ledger ${file}`);
    expect(fs.existsSync(file)).toBe(false);

    expect(flycell(["ledger", "init", "--ledger", file])).toEqual({ code: 0, stdout: `flycell ledger: ${file} written: an empty ledger; commit it with the tenant list\n`, stderr: "" });
    expect(fs.readFileSync(file, "utf8")).toBe('{\n  "version": 1,\n  "tenants": {}\n}\n');
    expect(flycell(["ledger", "sync", "--ledger", file, "--outputs", fixture("outputs-shard-1.json")]).code).toBe(0);
    expect(read(file)).toEqual({ version: 1, tenants: { initech: DEPLOYED.tenants.initech } });
    const again = flycell(["ledger", "init", "--ledger", file]);
    expect([again.code, again.stderr]).toEqual([2, expect.stringMatching(/^flycell ledger init: ".*tenants\.lock\.json" exists; a ledger records what is deployed and is never replaced/)]);
    expect(read(file)).toEqual({ version: 1, tenants: { initech: DEPLOYED.tenants.initech } });
    const under = flycell(["ledger", "init", "--ledger", path.join(file, "x.json")]);
    expect([under.code, under.stderr]).toEqual([2, expect.stringContaining("cannot be written (ENOTDIR)")]);
  });

  it("refuses to count a ledger's tenants as never deployed when no stack read has cells (exit 2)", () => {
    const file = ledgerFile();
    const r = flycell(["ledger", "sync", "--ledger", file, "--outputs", fixture("outputs-router.json")]);
    expect([r.code, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toContain("none of the 1 stack(s) read has a `cells` output");
    expect(read(file)).toEqual(LEDGER);
  });

  it("exits 2 on outputs it cannot use, and on a ledger that is no ledger", () => {
    const file = ledgerFile();
    const bad = flycell(["ledger", "check", "--ledger", file, "--outputs", fixture("outputs-bad-cells.json")]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('has no status and region for tenant "acme"')]);
    expect(flycell(["ledger", "check", "--ledger", file, "--outputs", fixture("not-json.txt")]).code).toBe(2);
    expect(flycell(["ledger", "check", "--ledger", file, "--outputs", fixture("missing.json")]).code).toBe(2);
    const notLedger = ledgerFile({ tenants: [] } as unknown as TenantLedger);
    expect(flycell(["ledger", "check", "--ledger", notLedger, ...STACKS])).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Invalid ledger /) });
  });
});

describe("flycell ledger check|sync --stack (terraform output -json in each stack)", () => {
  /** A project with cdktf.out/stacks/<name>/ per fixture, and a `terraform` on PATH that prints the stack's outputs. */
  function project(stacks: Record<string, string>): { dir: string; env: NodeJS.ProcessEnv } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-stacks-"));
    for (const [name, outputs] of Object.entries(stacks)) {
      fs.mkdirSync(path.join(dir, "cdktf.out", "stacks", name), { recursive: true });
      fs.copyFileSync(fixture(outputs), path.join(dir, "cdktf.out", "stacks", name, "outputs.json"));
    }
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    const fake = '#!/bin/sh\n[ "$1 $2" = "output -json" ] || exit 64\n[ -f outputs.json ] || { echo "No state file" >&2; exit 1; }\ncat outputs.json\n';
    fs.writeFileSync(path.join(bin, "terraform"), fake, { mode: 0o755 });
    fs.mkdirSync(path.join(dir, "stacks"));
    fs.writeFileSync(path.join(dir, "stacks", "tenants.lock.json"), JSON.stringify(LEDGER));
    return { dir, env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } };
  }

  it("reads every stack under cdktf.out/stacks by default, naming them in its changes", () => {
    const { dir, env } = project({ "fleet-shard-0": "outputs-shard-0.json", "fleet-shard-1": "outputs-shard-1.json", "fleet-router": "outputs-router.json" });
    const r = flycell(["ledger", "sync", "--forget", "acmee"], { cwd: dir, env });
    expect([r.code, r.stdout]).toEqual([0, expect.stringContaining('tenant "globex", field "(entry)": deployed (fleet-shard-0)')]);
    expect(r.stderr).toContain("fleet-router: no `cells` output");
    expect(read(path.join(dir, "stacks", "tenants.lock.json"))).toEqual(DEPLOYED);
  });

  it("reads only the stacks given with --stack, and exits 2 when terraform fails", () => {
    const { dir, env } = project({ "fleet-shard-1": "outputs-shard-1.json" });
    fs.mkdirSync(path.join(dir, "cdktf.out", "stacks", "not-applied"));
    const check = flycell(["ledger", "check", "--stack", "cdktf.out/stacks/fleet-shard-1"], { cwd: dir, env });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('tenant "acme", field "(entry)": in the ledger, deployed in none of the 1 stack(s) read: kept');
    // A sync that reads one shard of two keeps the other shard's tenants protected.
    const partial = flycell(["ledger", "sync", "--stack", "cdktf.out/stacks/fleet-shard-1"], { cwd: dir, env });
    expect([partial.code, partial.stderr]).toEqual([1, expect.stringContaining('tenant "acme", field "(entry)": in the ledger, deployed in none of the 1 stack(s) read: kept')]);
    expect(read(path.join(dir, "stacks", "tenants.lock.json"))).toEqual(LEDGER);
    const failed = flycell(["ledger", "check"], { cwd: dir, env });
    expect([failed.code, failed.stderr]).toEqual([2, expect.stringMatching(/`terraform output -json` failed in .*not-applied.*: No state file/)]);
  });

  it("exits 2 when nothing was synthesized", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-stacks-"));
    fs.mkdirSync(path.join(dir, "stacks"));
    fs.writeFileSync(path.join(dir, "stacks", "tenants.lock.json"), JSON.stringify(LEDGER));
    expect(flycell(["ledger", "check"], { cwd: dir })).toMatchObject({ code: 2, stderr: expect.stringContaining("no stacks under cdktf.out/stacks") });
  });
});

describe("flycell ledger: nothing is written that cannot be read back, and ids are plain keys", () => {
  /** A file holding one stack's `terraform output -json` with these `cells`. */
  function outputs(cells: unknown, extra: Record<string, unknown> = {}): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "flycell-outputs-")), "fleet.outputs.json");
    fs.writeFileSync(file, `{"cells":{"value":${typeof cells === "string" ? cells : JSON.stringify(cells)}},"released_volumes":{"value":[]}${Object.entries(extra).map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`).join("")}}`);
    return file;
  }
  const ACME = { status: "active", region: "ams", volume_size_gb: 3 };

  it("refuses (exit 2) outputs the ledger cannot record, naming the stack, the tenant and the field; writes nothing", () => {
    const file = ledgerFile({ version: 1, tenants: {} });
    const big = flycell(["ledger", "sync", "--ledger", file, "--outputs", outputs({ acme: { ...ACME, volume_size_gb: 9999 } })]);
    expect([big.code, big.stdout]).toEqual([2, ""]);
    expect(big.stderr).toMatch(/not written: the stacks say what a ledger cannot record/);
    expect(big.stderr).toMatch(/- stack ".*fleet\.outputs\.json", tenant "acme", field "volume_size_gb": must be a whole number from 1 to 500, got 9999/);
    const region = flycell(["ledger", "sync", "--ledger", file, "--outputs", outputs({ acme: { ...ACME, region: "x y" } })]);
    expect([region.code, region.stderr]).toEqual([2, expect.stringMatching(/tenant "acme", field "region": "x y" is not a Fly region/)]);
    const check = flycell(["ledger", "check", "--ledger", file, "--outputs", outputs({ acme: { ...ACME, region: "x y" } })]);
    expect(check.code).toBe(2);
    expect(read(file)).toEqual({ version: 1, tenants: {} });
  });

  it("quotes ids read from outputs, so they cannot forge lines", () => {
    const file = ledgerFile({ version: 1, tenants: {} });
    const r = flycell(["ledger", "sync", "--ledger", file, "--outputs", outputs({ "evil\n  - all fine\u001b[0m": ACME })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tenant "evil\\n  - all fine\\u001b[0m", field "(id)"');
    expect(r.stderr).not.toContain("\u001b");
  });

  it("never drops an entry named constructor that no stack read has; a __proto__ key from a stack is refused by name", () => {
    const ledger: TenantLedger = { version: 1, tenants: { acme: { region: "ams", volumeSizeGb: 3, status: "active" }, constructor: { region: "ams", volumeSizeGb: 1, status: "active" as const } } };
    const file = ledgerFile(ledger);
    const sync = flycell(["ledger", "sync", "--ledger", file, "--outputs", outputs({ acme: ACME })]);
    expect([sync.code, sync.stdout]).toEqual([1, ""]);
    expect(sync.stderr).toContain('- tenant "constructor", field "(entry)": in the ledger, deployed in none of the 1 stack(s) read: kept');
    expect(read(file)).toEqual(ledger);
    const proto = flycell(["ledger", "sync", "--ledger", file, "--outputs", outputs(`{"acme":${JSON.stringify(ACME)},"constructor":${JSON.stringify(ACME)},"__proto__":${JSON.stringify(ACME)}}`)]);
    expect([proto.code, proto.stderr]).toEqual([2, expect.stringContaining('tenant "__proto__", field "(id)"')]);
    expect(read(file)).toEqual(ledger);
    const ok = flycell(["ledger", "sync", "--ledger", file, "--outputs", outputs({ acme: ACME, constructor: ACME })]);
    expect(ok.code).toBe(0);
    expect(read(file).tenants.constructor).toEqual({ region: "ams", volumeSizeGb: 3, status: "active" });
  });
});
