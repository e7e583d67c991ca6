import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { FLEET, FleetStack, LEDGER_FILE, main, readLedger } from "../../stacks/main";
import { tenants } from "../../stacks/tenants";
import { nextLedger, planFleet, TenantSpec } from "../../lib";

function tmpLedger(content?: object): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ledger-")), "tenants.lock.json");
  if (content) fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

function synthExample(list: readonly TenantSpec[]): string {
  return Testing.synth(new FleetStack(Testing.app(), "fleet", list) as TerraformStack);
}

describe("the example fleet (stacks/)", () => {
  it("synthesizes to the reviewed plan", () => {
    // Review this snapshot like a plan: every tenant's volume, machine and certificates.
    expect(synthExample(tenants)).toMatchSnapshot();
  });

  it("keeps the org out of the code and the API token out of the JSON", () => {
    const json = JSON.parse(synthExample(tenants)) as { provider: { fly: { org_slug: string; api_token?: string }[] } };
    expect(json.provider.fly[0].org_slug).toMatch(/^\$\{var\.fly_org\}$/);
    expect(json.provider.fly[0].api_token).toBeUndefined();
  });

  it("writes Terraform JSON with a relative state path", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "example-"));
    const ledger = tmpLedger();
    expect(main(tenants, outdir, ledger)).toBe(0);
    expect(Object.keys(readLedger(ledger).tenants)).toEqual(["acme", "globex", "initech"]);
    const written = fs.readFileSync(path.join(outdir, "stacks", "fleet", "cdk.tf.json"), "utf8");
    expect(JSON.parse(written).terraform.backend).toEqual({ local: { path: "../../../terraform.fleet.tfstate" } });
    expect(written).not.toContain(process.cwd());
  });

  it("has its ledger committed and current (run `npm run synth` after editing tenants.ts)", () => {
    const committed = readLedger(LEDGER_FILE);
    expect(Object.keys(committed.tenants).length).toBeGreaterThan(0);
    expect(nextLedger(committed, tenants, planFleet({ ...FLEET, tenants: tenants }).settings)).toEqual(committed);
  });

  it("refuses to synthesize when a tenant's line was deleted, naming it and the way out", () => {
    const ledger = tmpLedger({ version: 1, tenants: { hooli: { region: "sjc", volumeSizeGb: 1, status: "active" } } });
    const errors: string[] = [];
    const spy = jest.spyOn(console, "error").mockImplementation((msg: unknown) => void errors.push(String(msg)));
    try {
      expect(main(tenants, path.join(os.tmpdir(), "never-written"), ledger)).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(errors[0]).toContain('tenant "hooli", field "(line)": is in the ledger but its line is gone; its volume would be destroyed');
    expect(errors[0]).toContain('status: "decommissioned"');
    expect(readLedger(ledger).tenants.hooli).toBeDefined();
  });

  it("reports a bad tenant list as one message, without a stack trace, and writes nothing", () => {
    const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bad-")), "out");
    const errors: string[] = [];
    const spy = jest.spyOn(console, "error").mockImplementation((msg: unknown) => void errors.push(String(msg)));
    try {
      const bad = [...tenants, { id: "hooli", region: "mars" }, { id: "Pied-Piper", region: "sjc" }];
      expect(main(bad, outdir, tmpLedger())).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('tenant "hooli", field "region": "mars" is not a Fly region');
    expect(errors[0]).toContain('tenant "Pied-Piper", field "id"');
    expect(errors[0]).not.toMatch(/\n\s+at /);
    const written = fs.existsSync(outdir) ? fs.readdirSync(outdir, { recursive: true }) : [];
    expect(written).toEqual([]);
  });
});
