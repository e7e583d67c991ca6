/**
 * The plan guard on real plans (Terraform CLI on the emulator) where the loss hides from the
 * usual checks: a dropped line next to an output of the stack's own that looks like flycell's
 * released volumes, and a tenant of a shared cell moved to another cell while no ledger is read
 * (the plan only updates two machines). Each plan is also run through `flycell guard`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformOutput } from "cdktf";
import { CellFleet, EMPTY_LEDGER, FleetInput, findVolumeViolations, nextLedger, planFleet, synthFleetApp, TenantLedger, TenantSpec } from "../../lib";
import { flycell } from "../cli/run-cli";
import { validationProblems } from "../helpers";
import { changedResources, describeWithTerraform, PlanJson, Workspace, workspaceStack } from "./terraform";

const CELLS: NonNullable<FleetInput["sharedCells"]> = { "ams-1": { region: "ams", capacity: 4 }, "ams-2": { region: "ams", capacity: 4 } };
const FLEET = { appName: "e2e-guard", image: "registry.fly.io/e2e:1", sharedCells: CELLS } as const;
const TENANTS: readonly TenantSpec[] = [
  { id: "acme", region: "ams" },
  { id: "globex", region: "ord" },
  { id: "a0", region: "ams", cell: "ams-1" },
  { id: "a1", region: "ams", cell: "ams-1" },
];
const withTenant = (tenants: readonly TenantSpec[], id: string, change: Partial<TenantSpec>) => tenants.map((t) => (t.id === id ? { ...t, ...change } : t));

describeWithTerraform("the plan guard on real plans it must refuse", () => {
  let ws: Workspace;
  let ledger: TenantLedger = EMPTY_LEDGER;
  let deployed: TenantSpec[] = [...TENANTS];

  /** The fleet's stack; `extra` adds what a stack's author might add beside the fleet. */
  const fleet =
    (tenants: readonly TenantSpec[], options: { ledger?: TenantLedger; extra?: (stack: ReturnType<typeof workspaceStack>) => void } = {}) =>
    (app: App) => {
      const stack = workspaceStack(app);
      new CellFleet(stack, "fleet", { ...FLEET, tenants, ledger: options.ledger });
      options.extra?.(stack);
      return stack;
    };
  /** `flycell guard` on the plan the workspace last wrote. */
  const guardCli = () => flycell(["guard", path.join(ws.dir, "plan.json")]);
  const apply = (tenants: readonly TenantSpec[]) => {
    ws.run("apply", "-input=false", "plan.bin");
    ledger = nextLedger(ledger, tenants, planFleet({ ...FLEET, tenants }, { ledger }).settings);
    deployed = [...tenants];
  };

  beforeAll(() => {
    // Outside .tmp/e2e, which every jest run empties when it starts (other runs may start meanwhile).
    ws = new Workspace(path.join(fs.mkdtempSync(path.join(os.tmpdir(), "flycell-e2e-")), "guard-refusals"));
    ws.configure(fleet(deployed));
    ws.init();
    ws.plan();
    apply(deployed);
  }, 180_000);

  test("a dropped line is refused although the stack has its own output `unreleased_volumes` naming the volume", () => {
    const dropped = deployed.filter((t) => t.id !== "globex");
    ws.configure(
      fleet(dropped, {
        extra: (stack) => new TerraformOutput(stack, "unreleased_volumes", { value: ["data_acme", "data_globex"] }),
      }),
    );
    const plan: PlanJson = ws.plan();
    expect(plan.planned_values?.outputs?.unreleased_volumes).toMatchObject({ value: ["data_acme", "data_globex"] });
    const volumes = Object.entries(changedResources(plan)).filter(([address]) => address.startsWith("fly_volume."));
    expect(volumes).toEqual([[expect.stringMatching(/^fly_volume\.fleet_cell-globex_volume_/), "delete"]]);
    expect(findVolumeViolations(plan)).toEqual([
      expect.objectContaining({ tenant: "globex", field: "status", volume: "data_globex", address: expect.stringMatching(/^fly_volume\.fleet_cell-globex_volume_/) }),
    ]);
    const cli = guardCli();
    expect([cli.code, cli.stdout]).toEqual([1, ""]);
    expect(cli.stderr).toContain('tenant "globex", field "status", volume "data_globex"');
  });

  test("a release flycell made passes: released_volume_addresses holds the volume's real address", () => {
    const decommissioned = withTenant(deployed, "globex", { status: "decommissioned" });
    ws.configure(fleet(decommissioned, { ledger }));
    ws.plan();
    apply(decommissioned);
    const released = withTenant(deployed, "globex", { status: "released" });
    ws.configure(fleet(released, { ledger }));
    const plan = ws.plan();
    const address = Object.keys(changedResources(plan)).find((a) => a.startsWith("fly_volume.fleet_cell-globex_volume_"));
    expect(plan.planned_values?.outputs?.released_volume_addresses).toMatchObject({ value: { data_globex: address } });
    expect(findVolumeViolations(plan)).toEqual([]);
    expect(guardCli().code).toBe(0);
    apply(released);
  });

  test("without a ledger, a shared-cell tenant moved to another cell is refused from the plan's cells output", () => {
    // No ledger: synthesis cannot see the old cell (nor confirm globex's release: its line goes), and the plan only updates two machines.
    const moved = withTenant(deployed, "a1", { cell: "ams-2" }).filter((t) => t.id !== "globex");
    ws.configure(fleet(moved));
    const plan = ws.plan();
    expect(Object.values(changedResources(plan)).sort()).toEqual(["update", "update"]);
    expect(findVolumeViolations(plan)).toEqual([
      expect.objectContaining({ tenant: "a1", field: "cell", volume: "data_ams_1", reason: expect.stringContaining('from shared cell "ams-1" to shared cell "ams-2"') }),
    ]);
    const cli = guardCli();
    expect([cli.code, cli.stdout]).toEqual([1, ""]);
    expect(cli.stderr).toContain('tenant "a1", field "cell", volume "data_ams_1" ("output.cells")');
  });

  test("with consent the ledger confirms, the same move passes; without a ledger, consent is refused at synthesis", () => {
    const consented = withTenant(deployed, "a1", { cell: "ams-2", move: { fromCell: "ams-1", data: "start-empty" } });
    const withoutLedger = consented.filter((t) => t.id !== "globex");
    expect(validationProblems(() => ws.configure(fleet(withoutLedger)))).toEqual([expect.objectContaining({ subject: 'tenant "a1"', field: "move" })]);
    ws.configure(fleet(consented, { ledger }));
    const plan = ws.plan();
    expect(findVolumeViolations(plan)).toEqual([]);
    expect(guardCli().code).toBe(0);
  });

  test("a ledger file that is named but missing is refused at synthesis, naming the file and how to create one", () => {
    const file = path.join(ws.dir, "..", "no-such-ledger.json");
    const stderr: string[] = [];
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    const before = process.exitCode;
    try {
      expect(synthFleetApp({ fleet: { ...FLEET, tenants: deployed }, ledgerFile: file, configureStack: () => undefined, outdir: ws.synthDir() })).toBeUndefined();
      expect(process.exitCode).toBe(1);
    } finally {
      spy.mockRestore();
      process.exitCode = before;
    }
    expect(stderr.join("")).toContain(`${JSON.stringify(file)} does not exist. A missing ledger is not an empty one`);
    expect(stderr.join("")).toContain("flycell ledger init --ledger");
  });
});
