import { judgeMachine } from "../../lib/monitor/judge";
import type { ExpectedCell } from "../../lib/monitor/expected";

const facts = { now: 1_000_000, stateSince: 0, windowMs: 60_000 };
const machine = { id: "3d8d9e1ab0e289", state: "started", host_status: "unreachable" };

describe("the monitor on an unreachable host", () => {
  it("names the restore line to add to the tenant's line", () => {
    const cell: ExpectedCell = { app: "acme-fleet", machine: machine.id, region: "ams", image: "img:1", tenants: ["acme"] };
    expect(judgeMachine(cell, machine, { ...facts, cellId: "acme" }).host).toBe(
      `the host of machine ${machine.id} is unreachable: its volume may be lost with it. To bring the data back, add restore: ` +
        '{ snapshot: "latest" } to the line of tenant acme and deploy; the old volume is kept (README, "Recovering a tenant")',
    );
  });

  it("names the shared cell, and every tenant a restore brings back, for a shared cell", () => {
    const cell: ExpectedCell = { app: "acme-fleet", machine: machine.id, region: "ams", image: "img:1", tenants: ["acme", "globex"] };
    expect(judgeMachine(cell, machine, { ...facts, cellId: "ams-1" }).host).toContain("sharedCells.ams-1 (every tenant in it: acme, globex)");
  });

  it("raises nothing while the host answers", () => {
    const cell: ExpectedCell = { app: "acme-fleet", machine: machine.id, region: "ams", image: "img:1", tenants: ["acme"] };
    expect(judgeMachine(cell, { ...machine, host_status: "ok" }, facts).host).toBeUndefined();
  });
});
