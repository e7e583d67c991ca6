/**
 * The example fleet (stacks/), synthesized by its own entry point, through the real Terraform CLI
 * on the emulated Fly provider: the flow a newcomer runs, and the tenant PRs they will write.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { summarizePlan, TenantSpec } from "../../lib";
import { LEDGER_FILE, main } from "../../stacks/main";
import { tenants } from "../../stacks/tenants";
import { changedOutputs, changedResources, countChanges, describeWithTerraform, Workspace } from "./terraform";

const ROOT = path.join(__dirname, "..", "..");

describeWithTerraform("the example fleet on the emulated Fly provider", () => {
  let ws: Workspace;
  let ledger: string;

  /** Synthesizes like `npm run synth` (ledger check included); the exit code, and the config when it is 0. */
  function synth(list: readonly TenantSpec[]): number {
    const outdir = ws.synthDir();
    const code = main(list, outdir, ledger);
    if (code === 0) ws.useConfig(path.join(outdir, "stacks", "fleet", "cdk.tf.json"));
    return code;
  }

  beforeAll(() => {
    ws = new Workspace(path.join(ROOT, ".tmp", "e2e", "example"));
    ledger = path.join(ws.dir, "..", "..", "..", "tenants.lock.json");
    fs.copyFileSync(LEDGER_FILE, ledger);
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
    expect(synth([...tenants, { id: "hooli", region: "fra" }])).toBe(0);
    const plan = ws.plan();
    expect(Object.keys(changedResources(plan)).every((a) => a.includes("_cell-hooli_"))).toBe(true);
    expect(countChanges(plan)).toEqual({ create: 2, update: 0, replace: 0, delete: 0 });

    const summary = spawnSync(
      process.execPath,
      [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/plan-summary.ts", path.join(ws.dir, "plan.json")],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(summary.status).toBe(0);
    expect(summary.stdout).toContain("| hooli | 2 (machine, volume) |");
    expect(summary.stdout).toContain("Plan: 2 to create, 0 to update, 0 to replace, 0 to destroy.");
  });

  test("a synth that drops a tenant's line fails, names the tenant and leaves the configuration alone", () => {
    const before = fs.readFileSync(path.join(ws.dir, "cdk.tf.json"), "utf8");
    const errors: string[] = [];
    const spy = jest.spyOn(console, "error").mockImplementation((msg: unknown) => void errors.push(String(msg)));
    try {
      expect(synth(tenants.filter((t) => t.id !== "globex"))).toBe(1);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join("\n")).toMatch(/tenant "globex"/);
    expect(fs.readFileSync(path.join(ws.dir, "cdk.tf.json"), "utf8")).toBe(before);
  });
});
