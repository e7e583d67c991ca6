import * as fs from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { CellFleet, fly, planFleet, Problem, reconcileLedger, ShardedFleet, TenantLedger, TenantSpec } from "../../lib";
import { deployedStackOf } from "../../lib/cli/deployed-stacks";
import { checkLedgerShape } from "../../lib/tenants/validate";
import { ProblemList } from "../../lib/tenants/errors";
import { CliFailure } from "../../lib/cli/exit-codes";
import { BASE_PROPS, validationProblems } from "../helpers";

const configureStack = (stack: TerraformStack) => new fly.provider.FlyProvider(stack, "fly", { orgSlug: "test-org" });
const EMPTY: TenantLedger = { version: 1, tenants: {} };
const CELLS = { "ams-1": { region: "ams", capacity: 2 } } as const;

/** Every stack's `terraform output -json` as it would read after apply: each output's synthesized value. */
function outputsOf(build: (app: ReturnType<typeof Testing.app>) => void): Map<string, unknown> {
  const app = Testing.app();
  build(app);
  app.synth();
  const dir = path.join(app.outdir, "stacks");
  return new Map(
    fs.readdirSync(dir).sort().map((name) => {
      const json = JSON.parse(fs.readFileSync(path.join(dir, name, "cdk.tf.json"), "utf8")) as { output?: Record<string, { value: unknown }> };
      return [name, Object.fromEntries(Object.entries(json.output ?? {}).map(([key, out]) => [key, { value: out.value }]))];
    }),
  );
}

/** The ledger `flycell ledger sync` writes after those stacks are applied. */
function syncedLedger(outputs: Map<string, unknown>): TenantLedger {
  const deployed = [...outputs].flatMap(([name, out]) => deployedStackOf(name, out) ?? []);
  return reconcileLedger(EMPTY, deployed).ledger;
}

const cellFleet = (tenants: TenantSpec[], stackId = "fleet") => (app: ReturnType<typeof Testing.app>) => {
  const stack = new TerraformStack(app, stackId);
  configureStack(stack);
  new CellFleet(stack, "fleet", { ...BASE_PROPS, sharedCells: CELLS, tenants });
};

describe("the cells and shared_cells outputs name their stack, and the ledger records it", () => {
  it("CellFleet: its enclosing stack", () => {
    const ledger = syncedLedger(outputsOf(cellFleet([{ id: "a", region: "ams" }, { id: "b", region: "ams", cell: "ams-1" }])));
    expect(ledger.tenants.a.stack).toBe("fleet");
    expect(ledger.tenants.b.stack).toBe("fleet");
    expect(ledger.cells?.["ams-1"].stack).toBe("fleet");
  });

  it("ShardedFleet: <id>-<shard>, a shared cell's tenants with their cell", () => {
    const outputs = outputsOf((app) => {
      new ShardedFleet(app, "fleet", {
        ...BASE_PROPS,
        configureStack,
        sharding: { by: "field" },
        sharedCells: CELLS,
        tenants: [{ id: "a", region: "ams", shard: "x" }, { id: "b", region: "ams", cell: "ams-1", shard: "y" }],
      });
    });
    const ledger = syncedLedger(outputs);
    expect(ledger.tenants.a.stack).toBe("fleet-shard-x");
    expect(ledger.tenants.b.stack).toBe("fleet-shard-y");
    expect(ledger.cells?.["ams-1"].stack).toBe("fleet-shard-y");
  });

  it("a sync records a changed stack and says so; outputs older than the field record none", () => {
    const known: TenantLedger = { version: 1, tenants: { a: { region: "ams", volumeSizeGb: 1, status: "active", stack: "old" } } };
    const moved = reconcileLedger(known, [{ name: "s", cells: { a: { status: "active", region: "ams", volume_size_gb: 1, stack: "new" } }, releasedVolumes: [] }]);
    expect(moved.ledger.tenants.a.stack).toBe("new");
    expect(moved.changes).toEqual([expect.stringContaining('tenant "a", field "stack"')]);
    const older = reconcileLedger(EMPTY, [{ name: "s", cells: { a: { status: "active", region: "ams", volume_size_gb: 1 } }, releasedVolumes: [] }]);
    expect(older.ledger.tenants.a).toEqual({ region: "ams", volumeSizeGb: 1, status: "active" });
  });

  it("a stack that is not a string is refused when read, and the ledger refuses one that is no stack id", () => {
    const cells = (stack: unknown) => ({ cells: { value: { a: { status: "active", region: "ams", stack } } } });
    expect(() => deployedStackOf("s", cells(3))).toThrow(CliFailure);
    expect(() => deployedStackOf("s", cells(3))).toThrow(/stack that is not a string for tenant "a"/);
    const problems = new ProblemList();
    checkLedgerShape({ version: 1, tenants: { a: { region: "ams", volumeSizeGb: 1, status: "active", stack: "no spaces" } } }, problems);
    expect(problems.all).toEqual([expect.objectContaining({ field: expect.stringContaining("stack"), message: expect.stringContaining("is not a stack id") })]);
  });
});

const entry = (stack: string, extra: object = {}) => ({ region: "ams", volumeSizeGb: 1, status: "active", stack, ...extra }) as const;

function sharded(tenants: TenantSpec[], sharding: Parameters<typeof planFleet>[0]["sharding"], ledger: TenantLedger, extra: object = {}): readonly Problem[] {
  return validationProblems(() =>
    planFleet({ ...BASE_PROPS, sharedCells: CELLS, tenants, sharding, ...extra }, { ledger, sharded: true, stack: "fleet", functions: { configureStack } }),
  );
}

describe("a deployed owner's stack cannot change", () => {
  it("refuses sharding added to a fleet deployed in stack \"fleet\", naming both stacks and the ledger", () => {
    const ledger: TenantLedger = {
      version: 1,
      tenants: { a: entry("fleet"), b: entry("fleet", { cell: "ams-1" }) },
      cells: { "ams-1": { region: "ams", volumeSizeGb: 1, status: "active", stack: "fleet" } },
    };
    const problems = sharded([{ id: "a", region: "ams" }, { id: "b", region: "ams", cell: "ams-1" }], { by: "region" }, ledger);
    expect(problems).toEqual([
      { subject: "fleet", field: "sharedCells.ams-1", message: expect.stringContaining('from stack "fleet" (the ledger) to stack "fleet-region-ams"') },
      {
        subject: 'tenant "a"',
        field: "sharding",
        message: expect.stringMatching(/^would move from stack "fleet" \(the ledger\) to stack "fleet-region-ams": its volume is in "fleet"'s state, so "fleet-region-ams" would plan a new, empty volume/),
      },
      { subject: 'tenant "b"', field: "sharding", message: expect.stringContaining('its shared cell\'s volume is in "fleet"\'s state') },
    ]);
  });

  it("refuses a tenant's shard changed under by: \"field\"; the same shard passes", () => {
    const ledger: TenantLedger = { version: 1, tenants: { a: entry("fleet-shard-x") } };
    expect(sharded([{ id: "a", region: "ams", shard: "x" }], { by: "field" }, ledger)).toEqual([]);
    expect(sharded([{ id: "a", region: "ams", shard: "y" }], { by: "field" }, ledger)).toEqual([
      { subject: 'tenant "a"', field: "shard", message: expect.stringContaining('from stack "fleet-shard-x" (the ledger) to stack "fleet-shard-y"') },
    ]);
  });

  it("refuses a wave change under by: \"wave\"", () => {
    const ledger: TenantLedger = { version: 1, tenants: { a: entry("fleet-wave-canary") } };
    const waves = { waves: { canary: { image: "registry.fly.io/acme:2" } } };
    expect(sharded([{ id: "a", region: "ams", wave: "canary" }], { by: "wave" }, ledger, waves)).toEqual([]);
    expect(sharded([{ id: "a", region: "ams" }], { by: "wave" }, ledger, waves)).toEqual([
      { subject: 'tenant "a"', field: "wave", message: expect.stringContaining('from stack "fleet-wave-canary" (the ledger) to stack "fleet-wave-none"') },
    ]);
  });

  it("refuses a sharding count change that moves a tenant", () => {
    const ledger: TenantLedger = { version: 1, tenants: { a: entry("fleet-shard-0") } };
    expect(sharded([{ id: "a", region: "ams" }], { by: "hash", count: 1 }, ledger)).toEqual([]);
    const moved = sharded([{ id: "a", region: "ams" }], { by: "hash", count: 16 }, ledger);
    expect(moved).toEqual([{ subject: 'tenant "a"', field: "sharding", message: expect.stringMatching(/^would move from stack "fleet-shard-0" \(the ledger\) to stack "fleet-shard-\d\d"/) }]);
  });

  it("refuses an emptied shared cell re-sharded by its own id; its released tenant may go anywhere", () => {
    // Deployed with tenant b (shard y) in it; b released and its line moved: the cell now goes by its own id.
    const ledger: TenantLedger = {
      version: 1,
      tenants: { b: { region: "ams", volumeSizeGb: 1, status: "released", cell: "ams-1", stack: "fleet-shard-y" } },
      cells: { "ams-1": { region: "ams", volumeSizeGb: 1, status: "active", stack: "fleet-shard-y" } },
    };
    expect(sharded([{ id: "b", region: "ams", status: "released", shard: "z" }], { by: "field" }, ledger)).toEqual([
      { subject: "fleet", field: "sharedCells.ams-1", message: expect.stringContaining('from stack "fleet-shard-y" (the ledger) to stack "fleet-shard-ams-1"') },
    ]);
  });

  it("lets a tenant leave a shared cell with consent for another stack (the volume it leaves is the cell's)", () => {
    const ledger: TenantLedger = {
      version: 1,
      tenants: { b: entry("fleet-shard-y", { cell: "ams-1" }), c: entry("fleet-shard-y", { cell: "ams-1" }) },
      cells: { "ams-1": { region: "ams", volumeSizeGb: 1, status: "active", stack: "fleet-shard-y" } },
    };
    const staying: TenantSpec = { id: "c", region: "ams", cell: "ams-1", shard: "y" };
    expect(sharded([{ id: "b", region: "ams", shard: "x", move: { fromCell: "ams-1", data: "start-empty" } }, staying], { by: "field" }, ledger)).toEqual([]);
  });

  it("refuses a consented region move of a dedicated tenant into another stack: its old volume stays in the old one", () => {
    const ledger: TenantLedger = { version: 1, tenants: { a: entry("fleet-region-ams") } };
    expect(sharded([{ id: "a", region: "ord", move: { from: "ams", data: "start-empty" } }], { by: "region" }, ledger)).toEqual([
      { subject: 'tenant "a"', field: "sharding", message: expect.stringContaining('from stack "fleet-region-ams" (the ledger) to stack "fleet-region-ord"') },
    ]);
  });

  it("judges a decommissioned owner too (its volume stays); not a ledger without stacks", () => {
    const ledger: TenantLedger = { version: 1, tenants: { a: entry("fleet", { status: "decommissioned" }) } };
    expect(sharded([{ id: "a", region: "ams", status: "decommissioned" }], { by: "region" }, ledger).map((p) => p.field)).toEqual(["sharding"]);
    const older: TenantLedger = { version: 1, tenants: { a: { region: "ams", volumeSizeGb: 1, status: "active" } } };
    expect(sharded([{ id: "a", region: "ams" }], { by: "region" }, older)).toEqual([]);
  });

  it("CellFleet refuses a fleet moved to another stack than the ledger's, at synth", () => {
    const ledger = syncedLedger(outputsOf(cellFleet([{ id: "a", region: "ams" }])));
    expect(validationProblems(() => cellFleet([{ id: "a", region: "ams" }])(Testing.app()))).toEqual([]);
    const moved = validationProblems(() => {
      const stack = new TerraformStack(Testing.app(), "fleet-eu");
      configureStack(stack);
      new CellFleet(stack, "fleet", { ...BASE_PROPS, sharedCells: CELLS, tenants: [{ id: "a", region: "ams" }], ledger });
    });
    expect(moved).toEqual([
      { subject: "fleet", field: "sharedCells.ams-1", message: expect.stringContaining('from stack "fleet" (the ledger) to stack "fleet-eu"') },
      { subject: 'tenant "a"', field: "(stack)", message: expect.stringContaining('from stack "fleet" (the ledger) to stack "fleet-eu"') },
    ]);
  });
});
