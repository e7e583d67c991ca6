/**
 * Shared cells through the real Terraform CLI on the emulator: a fleet of dedicated tenants and
 * two shared cells, taken through adding, moving, decommissioning and releasing tenants, each
 * plan read from `terraform show -json` and applied before the next, with the ledger kept as a
 * team would keep it.
 */
import * as path from "path";
import { App } from "cdktf";
import {
  CellFleet,
  EMPTY_LEDGER,
  findVolumeViolations,
  FleetInput,
  nextLedger,
  planFleet,
  summarizePlan,
  TenantLedger,
  TenantSpec,
} from "../../lib";
import { validationProblems } from "../helpers";
import { changedOutputs, changedResources, describeWithTerraform, PlanJson, Workspace, workspaceStack } from "./terraform";

const ROOT = path.join(__dirname, "..", "..");
const FLEET = { appName: "e2e-shared", image: "registry.fly.io/e2e:1" } as const;
type Cells = NonNullable<FleetInput["sharedCells"]>;
const CELLS: Cells = { "ams-1": { region: "ams", capacity: 4 }, "ord-1": { region: "ord", capacity: 3, volumeSizeGb: 3 } };
const TENANTS: readonly TenantSpec[] = [
  { id: "d0", region: "fra", hostnames: ["d0.example.com"] },
  { id: "d1", region: "syd" },
  { id: "d2", region: "ams" },
  { id: "a0", region: "ams", cell: "ams-1", hostnames: ["a0.example.com"] },
  { id: "a1", region: "ams", cell: "ams-1" },
  { id: "o0", region: "ord", cell: "ord-1" },
  { id: "o1", region: "ord", cell: "ord-1" },
];

const withTenant = (tenants: readonly TenantSpec[], id: string, change: Partial<TenantSpec>) =>
  tenants.map((t) => (t.id === id ? { ...t, ...change } : t));

/** What a plan does, per owner (a tenant or a shared cell), without the empty kinds. */
function byOwner(plan: PlanJson): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const [owner, row] of summarizePlan(plan)) {
    out[owner] = Object.fromEntries(Object.entries(row).filter(([, names]) => names.length > 0).map(([k, v]) => [k, v.sort()]));
  }
  return out;
}

/** Changes by type and action, e.g. `{ "fly_machine update": 1 }`. */
function changesByType(plan: PlanJson): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { type, change } of plan.resource_changes ?? []) {
    const action = change.actions.join(",");
    if (action === "no-op" || action === "read") continue;
    out[`${type} ${action}`] = (out[`${type} ${action}`] ?? 0) + 1;
  }
  return out;
}

type Attributes = Record<string, unknown>;
type FullChange = { address: string; change: { actions: string[]; before: Attributes | null; after: Attributes | null } };

/** The planned change of a shared cell's machine, before and after. */
function machineChange(plan: PlanJson, cell: string): FullChange["change"] {
  const changes = (plan.resource_changes ?? []) as unknown as FullChange[];
  const found = changes.find((c) => c.address.startsWith(`fly_machine.fleet_cell-${cell}_machine_`));
  if (!found) throw new Error(`no machine of cell ${cell} in the plan`);
  return found.change;
}

/** The attributes an update changes to known values (Fly-assigned ones become unknown, and are left out). */
function changedAttributes({ before, after }: FullChange["change"]): string[] {
  return Object.keys(after ?? {}).filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]));
}

describeWithTerraform("shared cells on the emulated Fly provider", () => {
  let ws: Workspace;
  /** What is deployed, as the ledger records it after each apply. */
  let ledger: TenantLedger = EMPTY_LEDGER;
  /** The tenant lines last applied: each test starts from what the one before left. */
  let deployed: TenantSpec[] = [...TENANTS];

  const input = (tenants: readonly TenantSpec[], cells: Cells): FleetInput => ({ ...FLEET, sharedCells: cells, tenants });
  const fleet = (tenants: readonly TenantSpec[], cells: Cells = CELLS) => (app: App) => {
    const stack = workspaceStack(app);
    new CellFleet(stack, "fleet", { ...input(tenants, cells), ledger });
    return stack;
  };
  /** Applies the saved plan of `tenants`, then records them in the ledger. */
  const apply = (tenants: readonly TenantSpec[], cells: Cells = CELLS) => {
    ws.run("apply", "-input=false", "plan.bin");
    ledger = nextLedger(ledger, tenants, planFleet(input(tenants, cells), { ledger }).settings);
  };
  const volumesInState = () => ws.stateAddresses().filter((a) => a.startsWith("fly_volume."));
  /** A resource's attributes in the state. */
  const inState = (prefix: string): Attributes | undefined => {
    const state = JSON.parse(ws.run("show", "-json").stdout) as { values?: { root_module?: { resources?: { address: string; values: Attributes }[] } } };
    return state.values?.root_module?.resources?.find((r) => r.address.startsWith(prefix))?.values;
  };

  beforeAll(() => {
    ws = new Workspace(path.join(ROOT, ".tmp", "e2e", "shared-cells"));
    ws.configure(fleet(deployed));
    ws.init();
  });

  test("the first apply makes one machine and one volume per dedicated tenant and per shared cell", () => {
    const plan = ws.plan();
    expect(byOwner(plan)).toEqual({
      d0: { create: ["cert-d0examplecom", "machine", "volume"] },
      d1: { create: ["machine", "volume"] },
      d2: { create: ["machine", "volume"] },
      "ams-1": { create: ["cert-a0examplecom", "machine", "volume"] },
      "ord-1": { create: ["machine", "volume"] },
      "(fleet)": { create: ["app", "ip", "ip"] },
    });
    expect(machineChange(plan, "ams-1").after).toMatchObject({ name: "ams-1", env: expect.objectContaining({ FLYCELL_TENANTS: "a0,a1" }) });
    apply(deployed);
    expect(volumesInState()).toHaveLength(5);
    expect(changedResources(ws.plan())).toEqual({});
  });

  test("adding a tenant to a shared cell creates no machine or volume: it updates the cell's machine only", () => {
    const added = [...deployed, { id: "a2", region: "ams", cell: "ams-1" }];
    ws.configure(fleet(added));
    const plan = ws.plan();
    expect(byOwner(plan)).toEqual({ "ams-1": { update: ["machine"] } });
    expect(changesByType(plan)).toEqual({ "fly_machine update": 1 });
    expect(machineChange(plan, "ams-1").after?.env).toMatchObject({ FLYCELL_TENANTS: "a0,a1,a2" });
    expect(changedOutputs(plan).sort()).toEqual(["cells", "routing_table", "shared_cells"]);
    apply(added);
    deployed = added;
  });

  test("a cell change needs consent; with it, a dedicated tenant moves into a shared cell and starts empty", () => {
    const careless = withTenant(deployed, "d2", { cell: "ams-1" });
    expect(validationProblems(() => ws.configure(fleet(careless)))).toEqual([
      expect.objectContaining({ subject: 'tenant "d2"', field: "cell" }),
    ]);

    const moved = withTenant(deployed, "d2", { cell: "ams-1", move: { fromCell: "dedicated", data: "start-empty" } });
    ws.configure(fleet(moved));
    const plan = ws.plan();
    expect(byOwner(plan)).toEqual({ d2: { destroy: ["machine", "volume"] }, "ams-1": { update: ["machine"] } });
    expect(plan.planned_values?.outputs?.released_volumes?.value).toEqual(["data_d2"]);
    expect(findVolumeViolations(plan)).toEqual([]);
    expect(machineChange(plan, "ams-1").after?.env).toMatchObject({ FLYCELL_TENANTS: "a0,a1,a2,d2" });
    apply(moved);

    // The move is done: the line drops it, and nothing is left to change.
    deployed = withTenant(deployed, "d2", { cell: "ams-1" });
    ws.configure(fleet(deployed));
    expect(changedResources(ws.plan())).toEqual({});
    expect(volumesInState()).toHaveLength(4);
  });

  test("decommissioning a tenant in a shared cell leaves the cell's machine running: one env update", () => {
    const gone = withTenant(deployed, "a1", { status: "decommissioned" });
    ws.configure(fleet(gone));
    const plan = ws.plan();
    expect(byOwner(plan)).toEqual({ "ams-1": { update: ["machine"] } });
    const change = machineChange(plan, "ams-1");
    expect(changedAttributes(change)).toEqual(["env"]);
    expect(change.after?.env).toMatchObject({ FLYCELL_TENANTS: "a0,a2,d2", FLYCELL_TENANTS_DECOMMISSIONED: "a1" });
    apply(gone);
    deployed = gone;
    expect(inState("fly_machine.fleet_cell-ams-1_machine_")).toMatchObject({ name: "ams-1", state: "started" });
  });

  test("releasing a cell's last tenants keeps its volume; only releasing the cell itself lets the volume go", () => {
    const ordVolume = expect.stringMatching(/^fly_volume\.fleet_cell-ord-1_volume_/);
    const released: Cells = { ...CELLS, "ord-1": { ...CELLS["ord-1"], status: "released" } };
    const both = (status: "decommissioned" | "released") => withTenant(withTenant(deployed, "o0", { status }), "o1", { status });

    // Decommissioning both tenants of ord-1 updates its machine, never its volume.
    const decommissioned = both("decommissioned");
    ws.configure(fleet(decommissioned));
    let plan = ws.plan();
    expect(byOwner(plan)).toEqual({ "ord-1": { update: ["machine"] } });
    expect(findVolumeViolations(plan)).toEqual([]);
    apply(decommissioned);
    deployed = decommissioned;

    // The cell cannot be released while tenants live in it, nor together with their release (the ledger has not seen it).
    expect(validationProblems(() => ws.configure(fleet(deployed, released)))).toContainEqual(
      expect.objectContaining({ subject: "fleet", field: "sharedCells.ord-1.status", message: expect.stringContaining("live in it: o0, o1") }),
    );
    expect(validationProblems(() => ws.configure(fleet(both("released"), released)))).toEqual([
      expect.objectContaining({ subject: "fleet", field: "sharedCells.ord-1.status", message: expect.stringContaining("ledger still has tenants in it (o0, o1)") }),
    ]);

    // Releasing the last tenants still keeps the cell's volume: it is the cell's, not theirs.
    const gone = both("released");
    ws.configure(fleet(gone));
    plan = ws.plan();
    expect(byOwner(plan)).toEqual({ "ord-1": { update: ["machine"] } });
    expect(changesByType(plan)["fly_volume delete"]).toBeUndefined();
    expect(findVolumeViolations(plan)).toEqual([]);
    apply(gone);
    deployed = gone;
    expect(volumesInState()).toContainEqual(ordVolume);

    // Declaring the cell released, once the ledger has its tenants released, lets its volume go, and the guard agrees.
    ws.configure(fleet(deployed, released));
    plan = ws.plan();
    expect(byOwner(plan)).toEqual({ "ord-1": { destroy: ["machine", "volume"] } });
    expect(plan.planned_values?.outputs?.released_volumes?.value).toEqual(["data_ord_1"]);
    expect(findVolumeViolations(plan)).toEqual([]);
    apply(deployed, released);
    expect(volumesInState()).not.toContainEqual(ordVolume);
    expect(changedResources(ws.plan())).toEqual({});
  });
});
