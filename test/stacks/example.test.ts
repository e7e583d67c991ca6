import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { configureStack, fleet, LEDGER_FILE } from "../../stacks/fleet";
import { tenants } from "../../stacks/tenants";
import { CellFleet, FleetInput, planFleet, readLedgerFile, synthFleetApp, TenantLedger } from "../../lib";

/**
 * The example fleet as a fork keeps it: everything expected here derives from
 * stacks/tenants.ts and the ledger the synth reads (LEDGER_FILE: the committed one, or a
 * rehearsal's with FLYCELL_LEDGER_FILE), so any valid tenant list keeps these tests green
 * (after `npx jest -u` for the reviewed snapshot).
 */

/** A ledger file of its own: a copy of the one the synth reads, unless given another. */
function tmpLedger(content: TenantLedger = readLedgerFile(LEDGER_FILE)): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ledger-")), "tenants.lock.json");
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

/** An id no line of stacks/tenants.ts uses, whatever a fork has added. */
function unusedId(base: string): string {
  const taken = new Set(tenants.map((t) => t.id));
  let n = 0;
  while (taken.has(`${base}${n}`)) n++;
  return `${base}${n}`;
}

/** The example's stack as `npm run synth` makes it: judged against the ledger it reads. */
function synthExample(input: FleetInput = fleet): string {
  const stack = new TerraformStack(Testing.app(), "fleet");
  configureStack(stack);
  new CellFleet(stack, "fleet", { ...input, ledger: readLedgerFile(LEDGER_FILE) });
  return Testing.synth(stack);
}

/** Runs `synthFleetApp` like `npm run synth` does, capturing stderr and the exit code. */
function synthApp(input: FleetInput, outdir: string, ledgerFile: string): { app?: App; code: number; stderr: string[] } {
  const stderr: string[] = [];
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr.push(String(chunk));
    return true;
  });
  const before = process.exitCode;
  try {
    const made = synthFleetApp({ fleet: input, ledgerFile, configureStack, outdir });
    return { app: made?.app, code: Number(process.exitCode ?? 0), stderr };
  } finally {
    spy.mockRestore();
    process.exitCode = before;
  }
}

describe("the example fleet (stacks/)", () => {
  it("synthesizes to the reviewed plan", () => {
    // Review this snapshot like a plan: every tenant's volume, machine and certificates.
    expect(synthExample()).toMatchSnapshot();
  });

  it("gives every tenant line a volume and a machine named after it, and nothing for anyone else", () => {
    const json = JSON.parse(synthExample()) as { resource: Record<string, Record<string, { name: string }>> };
    const active = tenants.filter((t) => (t.status ?? "active") === "active").map((t) => t.id);
    const machines = Object.values(json.resource.fly_machine).map((m) => m.name);
    expect(machines.sort()).toEqual([...active].sort());
    const volumes = Object.values(json.resource.fly_volume).map((v) => v.name);
    expect(volumes.length).toBe(tenants.filter((t) => t.status !== "released").length);
  });

  it("keeps the org out of the code and the API token out of the JSON", () => {
    const json = JSON.parse(synthExample()) as { provider: { fly: { org_slug: string; api_token?: string }[] } };
    expect(json.provider.fly[0].org_slug).toMatch(/^\$\{var\.fly_org\}$/);
    expect(json.provider.fly[0].api_token).toBeUndefined();
  });

  it("writes Terraform JSON with a relative state path, and leaves the ledger alone", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "example-"));
    const ledger = tmpLedger();
    const text = fs.readFileSync(ledger, "utf8");
    expect(synthApp(fleet, outdir, ledger).code).toBe(0);
    const written = fs.readFileSync(path.join(outdir, "stacks", "fleet", "cdk.tf.json"), "utf8");
    expect(JSON.parse(written).terraform.backend).toEqual({ local: { path: "../../../terraform.fleet.tfstate" } });
    expect(written).not.toContain(process.cwd());
    // Synthesis reads the ledger; only `flycell ledger sync` writes it.
    expect(fs.readFileSync(ledger, "utf8")).toBe(text);
  });

  it("has a ledger (the committed one, or FLYCELL_LEDGER_FILE's) that the tenant list satisfies", () => {
    const committed = readLedgerFile(LEDGER_FILE);
    expect(() => planFleet(fleet, { ledger: committed })).not.toThrow();
  });

  it("refuses to synthesize when a deployed tenant's line was deleted, naming it and the way out", () => {
    const [first] = tenants;
    const ledger: TenantLedger = { version: 1, tenants: { [first.id]: { region: first.region, volumeSizeGb: 1, status: "active" } } };
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dropped-")), "out");
    const ledgerFile = tmpLedger(ledger);
    const { code, stderr } = synthApp({ ...fleet, tenants: tenants.slice(1) }, outdir, ledgerFile);
    expect(code).toBe(1);
    // The refusal names the ledger file it rests on.
    expect(stderr.join("")).toContain(`tenant "${first.id}", field "(line)": is in the ledger "${ledgerFile}" but its line is gone`);
    expect(stderr.join("")).toContain('status: "decommissioned"');
    expect(fs.existsSync(outdir)).toBe(false);
  });

  it("drops a line that was never deployed without complaint", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "typo-"));
    const withTypo = { ...fleet, tenants: [...tenants, { id: unusedId("hoolli"), region: "sjc" }] };
    expect(synthApp(withTypo, outdir, tmpLedger()).code).toBe(0);
    expect(synthApp(fleet, outdir, tmpLedger()).code).toBe(0);
  });

  it("reports a bad tenant list as one message, without a stack trace, and writes nothing", () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bad-")), "out");
    const newco = unusedId("newco");
    const bad = { ...fleet, tenants: [...tenants, { id: newco, region: "mars" }, { id: "Pied-Piper", region: "sjc" }] };
    const { code, stderr } = synthApp(bad, outdir, tmpLedger());
    expect(code).toBe(1);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toContain(`tenant "${newco}", field "region": "mars" is not a Fly region`);
    expect(stderr[0]).toContain('tenant "Pied-Piper", field "id"');
    expect(stderr[0]).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(outdir)).toBe(false);
  });
});
