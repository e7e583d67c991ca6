/** The invariant on hand-made histories: what it allows, and what it names when it does not. */
import { DeployedStep, LostVolume, ownerOfVolume, TenantSpec, volumeLossViolations } from "../../lib";

const step = (tenants: TenantSpec[], sharedCells: DeployedStep["sharedCells"] = {}): DeployedStep => ({ tenants, sharedCells });
const lost = (history: DeployedStep[], name: string): LostVolume[] => [{ id: "vol_1", name, owner: ownerOfVolume(history, name) }];
const reasons = (history: DeployedStep[], now: DeployedStep, name: string) => volumeLossViolations(history, now, lost(history, name)).map((v) => [v.owner.id, v.reason]);

const ams = (id: string, extra: Partial<TenantSpec> = {}): TenantSpec => ({ id, region: "ams", ...extra });
const cell = { "ams-1": { region: "ams" } };

describe("a dedicated tenant's volume", () => {
  test("may go when released after a deployed decommission", () => {
    const history = [step([ams("a")]), step([ams("a", { status: "decommissioned" })])];
    expect(reasons(history, step([ams("a", { status: "released" })]), "data_a")).toEqual([]);
  });

  test("may go when the releasing line also leaves for a shared cell", () => {
    const history = [step([ams("a")]), step([ams("a", { status: "decommissioned" })])];
    expect(reasons(history, step([ams("a", { status: "released", cell: "ams-1" })], cell), "data_a")).toEqual([]);
  });

  test("may not go straight from active to released, nor when the line is removed", () => {
    const history = [step([ams("a")])];
    expect(reasons(history, step([ams("a", { status: "released" })]), "data_a")).toEqual([["a", expect.stringContaining('without a deployed "decommissioned"')]]);
    expect(reasons(history, step([]), "data_a")).toEqual([["a", expect.stringContaining("not deployed by this apply")]]);
  });

  test("may go with a start-empty move that names where it was deployed, not another place", () => {
    const history = [step([ams("a")])];
    expect(reasons(history, step([{ id: "a", region: "ord", move: { from: "ams", data: "start-empty" } }]), "data_a")).toEqual([]);
    expect(reasons(history, step([ams("a", { cell: "ams-1", move: { fromCell: "dedicated", data: "start-empty" } })], cell), "data_a")).toEqual([]);
    expect(reasons(history, step([{ id: "a", region: "fra", move: { from: "ord", data: "start-empty" } }]), "data_a")).toEqual([["a", expect.stringContaining("does not match")]]);
  });
});

describe("a shared cell's volume", () => {
  const inCell = (id: string, extra: Partial<TenantSpec> = {}) => ams(id, { cell: "ams-1", ...extra });
  const released = { "ams-1": { region: "ams", status: "released" as const } };

  test("may go once released with every tenant that lived in it released or moved out with consent", () => {
    const history = [
      step([inCell("a"), inCell("b")], cell),
      step([inCell("a", { status: "decommissioned" }), ams("b", { move: { fromCell: "ams-1", data: "start-empty" } })], cell),
      step([inCell("a", { status: "released" }), ams("b")], cell),
    ];
    expect(reasons(history, step([inCell("a", { status: "released" }), ams("b")], released), "data_ams_1")).toEqual([]);
  });

  test("may not go while a tenant that lived in it was removed or moved out without consent", () => {
    const removed = [step([inCell("a")], cell), step([], cell)];
    expect(reasons(removed, step([], released), "data_ams_1")).toEqual([["ams-1", expect.stringContaining("neither released nor moved out with consent: a")]]);
    const moved = [step([inCell("a")], cell), step([ams("a")], cell)];
    expect(reasons(moved, step([ams("a")], released), "data_ams_1")).toEqual([["ams-1", expect.stringContaining(": a")]]);
  });

  test("may not go unless the apply declares it released", () => {
    const history = [step([inCell("a", { status: "decommissioned" })], cell), step([inCell("a", { status: "released" })], cell)];
    expect(reasons(history, step([inCell("a", { status: "released" })]), "data_ams_1")).toEqual([["ams-1", expect.stringContaining("not deployed by this apply")]]);
  });
});

test("a volume no deploy ever had is named as unknown", () => {
  expect(volumeLossViolations([], step([]), [{ id: "vol_9", name: "data_x" }])).toEqual([
    { owner: { kind: "tenant", id: "(unknown)" }, volume: "data_x", volumeId: "vol_9", reason: expect.stringContaining("no deploy ever had") },
  ]);
});

test("owners are found by volume name, the latest deploy first (an id may be a tenant once and a shared cell later)", () => {
  const history = [step([ams("x")]), step([ams("x", { status: "released" })], { x: { region: "ams" } })];
  expect(ownerOfVolume(history, "data_x")).toEqual({ kind: "shared cell", id: "x" });
  expect(ownerOfVolume(history.slice(0, 1), "data_x")).toEqual({ kind: "tenant", id: "x" });
  expect(ownerOfVolume(history, "data_c_d")).toBeUndefined();
});

describe("an older volume generation", () => {
  const restored = ams("a", { restore: { snapshot: "latest", generation: 1 } });

  test("may go when the deployed line lists its generation in releaseVolumes, and only then", () => {
    const history = [step([ams("a")]), step([restored])];
    expect(reasons(history, step([{ ...restored, releaseVolumes: [0] }]), "data_a")).toEqual([]);
    expect(reasons(history, step([restored]), "data_a")).toEqual([["a", expect.stringContaining("no consent to lose the data")]]);
    expect(reasons(history, step([{ ...restored, releaseVolumes: [1] }]), "data_a")).toEqual([["a", expect.stringContaining("no consent")]]);
  });

  test("of a shared cell may go when the deployed cell lists it", () => {
    const history = [step([ams("b", { cell: "ams-1" })], cell), step([ams("b", { cell: "ams-1" })], { "ams-1": { region: "ams" } })];
    const releasing = { "ams-1": { region: "ams", releaseVolumes: [0] } };
    expect(reasons(history, step([ams("b", { cell: "ams-1" })], releasing), "data_ams_1")).toEqual([]);
    expect(reasons(history, step([ams("b", { cell: "ams-1" })], cell), "data_ams_1")).toEqual([["ams-1", "the shared cell is not released"]]);
  });

  test("goes with its owner's release, as the current one does", () => {
    const history = [step([ams("a")]), step([restored]), step([ams("a", { status: "decommissioned" })])];
    const now = step([ams("a", { status: "released" })]);
    expect(reasons(history, now, "data_a")).toEqual([]);
    expect(reasons(history, now, "g1_a")).toEqual([]);
  });
});
