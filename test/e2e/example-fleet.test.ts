/**
 * The example fleet (stacks/), synthesized by its own entry point, through the real Terraform CLI
 * on the emulated Fly provider: the flow a newcomer runs, and the tenant PRs they will write.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { nextLedger, planFleet, summarizePlan, synthFleetApp, TenantSpec } from "../../lib";
import { configureStack, fleet } from "../../stacks/fleet";
import { tenants } from "../../stacks/tenants";
import { changedOutputs, changedResources, countChanges, describeWithTerraform, Workspace } from "./terraform";

const ROOT = path.join(__dirname, "..", "..");

describeWithTerraform("the example fleet on the emulated Fly provider", () => {
  let ws: Workspace;
  let ledger: string;

  /** Synthesizes like `npm run synth` (ledger check included); the exit code, and the config when it is 0. */
  function synth(list: readonly TenantSpec[]): number {
    const outdir = ws.synthDir();
    const before = process.exitCode;
    const made = synthFleetApp({ fleet: { ...fleet, tenants: list }, ledgerFile: ledger, configureStack, outdir });
    process.exitCode = before;
    if (made) ws.useConfig(path.join(outdir, "stacks", "fleet", "cdk.tf.json"));
    return made ? 0 : 1;
  }

  /** A tenant id no line of stacks/tenants.ts uses, whatever a fork has added. */
  const newId = (() => {
    let n = 0;
    while (tenants.some((t) => t.id === `newco${n}`)) n++;
    return `newco${n}`;
  })();

  beforeAll(() => {
    ws = new Workspace(path.join(ROOT, ".tmp", "e2e", "example"));
    // The example as deployed: the ledger `flycell ledger sync` would write after the first apply.
    ledger = path.join(ws.dir, "..", "..", "..", "tenants.lock.json");
    fs.writeFileSync(ledger, JSON.stringify(nextLedger({ version: 1, tenants: {} }, tenants, planFleet(fleet).settings)));
    expect(synth(tenants)).toBe(0);
    ws.init();
  });

  test("validate, a first apply that creates everything, an empty second plan", () => {
    ws.run("validate");
    const first = ws.plan();
    const owners = [...summarizePlan(first).keys()];
    expect(owners).toEqual(expect.arrayContaining(tenants.map((t) => t.id)));
    expect(countChanges(first)).toMatchObject({ update: 0, replace: 0, delete: 0 });
    ws.run("apply", "-input=false", "plan.bin");

    const second = ws.plan();
    expect(changedResources(second)).toEqual({});
    expect(changedOutputs(second)).toEqual([]);
  });

  test("npm run plan:summary prints a tenant PR's plan per tenant", () => {
    expect(synth([...tenants, { id: newId, region: "fra" }])).toBe(0);
    const plan = ws.plan();
    expect(Object.keys(changedResources(plan)).every((a) => a.includes(`_cell-${newId}_`))).toBe(true);
    expect(countChanges(plan)).toEqual({ create: 2, update: 0, replace: 0, delete: 0 });

    const summary = spawnSync(
      process.execPath,
      [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/plan-summary.ts", path.join(ws.dir, "plan.json")],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(summary.status).toBe(0);
    expect(summary.stdout).toContain(`| ${newId} | 2 (machine, volume) |`);
    expect(summary.stdout).toContain("Plan: 2 to create, 0 to update, 0 to replace, 0 to destroy.");
  });

  test("a synth that drops a tenant's line fails, names the tenant and leaves the configuration alone", () => {
    const before = fs.readFileSync(path.join(ws.dir, "cdk.tf.json"), "utf8");
    const [dropped] = tenants;
    const errors: string[] = [];
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => errors.push(String(chunk)) > 0);
    try {
      expect(synth(tenants.filter((t) => t.id !== dropped.id))).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join("\n")).toContain(`tenant "${dropped.id}", field "(line)"`);
    expect(fs.readFileSync(path.join(ws.dir, "cdk.tf.json"), "utf8")).toBe(before);
  });
});
