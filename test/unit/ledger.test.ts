import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  DeployedStack,
  EMPTY_LEDGER,
  formatLedger,
  nextLedger,
  planFleet,
  Problem,
  readLedgerFile,
  reconcileLedger,
  TenantLedger,
  TenantSpec,
  writeLedgerFile,
} from "../../lib";
import { validationProblems } from "../helpers";

const FLEET = { appName: "acme-fleet", image: "img:1" };
const LEDGER: TenantLedger = {
  version: 1,
  tenants: {
    acme: { region: "ams", volumeSizeGb: 10, status: "active" },
    globex: { region: "ord", volumeSizeGb: 1, status: "decommissioned" },
    oldco: { region: "fra", volumeSizeGb: 5, status: "released" },
  },
};
const LINES: TenantSpec[] = [
  { id: "acme", region: "ams", volumeSizeGb: 10 },
  { id: "globex", region: "ord", status: "decommissioned" },
  { id: "oldco", region: "fra", status: "released" },
];

function problems(lines: TenantSpec[], ledger = LEDGER): readonly Problem[] {
  return validationProblems(() => planFleet({ ...FLEET, tenants: lines }, { ledger }));
}

describe("the tenant ledger", () => {
  it("accepts the list it was written from, and adding a tenant", () => {
    expect(problems(LINES)).toEqual([]);
    expect(problems([...LINES, { id: "hooli", region: "sjc" }])).toEqual([]);
  });

  it("refuses a list from which a deployed tenant vanished, saying how to decommission", () => {
    const [problem, ...rest] = problems(LINES.filter((t) => t.id !== "acme"));
    expect(rest).toEqual([]);
    expect(problem).toEqual({
      subject: 'tenant "acme"',
      field: "(line)",
      message: expect.stringMatching(
        /^is in the ledger but its line is gone; its volume would be destroyed\. To remove a tenant, keep the line and set status: "decommissioned".*"released"/,
      ),
    });
  });

  it("refuses deleting a released tenant's line too: its id stays taken", () => {
    expect(problems(LINES.filter((t) => t.id !== "oldco"))[0].message).toContain("its id stays taken");
  });

  it("refuses bringing back a released tenant", () => {
    expect(problems([LINES[0], LINES[1], { id: "oldco", region: "fra" }])).toEqual([
      { subject: 'tenant "oldco"', field: "status", message: "was released: its volume is gone. Give the customer a new tenant id" },
    ]);
  });

  it("allows re-activating a decommissioned tenant: its volume is still there", () => {
    expect(problems([LINES[0], { id: "globex", region: "ord" }, LINES[2]])).toEqual([]);
  });

  it("refuses a region change, explaining the safe procedure", () => {
    const [problem] = problems([{ ...LINES[0], region: "fra" }, LINES[1], LINES[2]]);
    expect(problem).toMatchObject({ subject: 'tenant "acme"', field: "region" });
    expect(problem.message).toContain('cannot change from "ams" to "fra": a volume cannot move');
    expect(problem.message).toContain("To keep the data: add the tenant under a new id in the new region");
    expect(problem.message).toContain('add move: { from: "ams", data: "start-empty" } to the line');
  });

  it("allows a region change whose line consents to start empty from the deployed region", () => {
    const move = { from: "ams", data: "start-empty" } as const;
    expect(problems([{ ...LINES[0], region: "fra", move }, LINES[1], LINES[2]])).toEqual([]);
    const wrongFrom = problems([{ ...LINES[0], region: "fra", move: { ...move, from: "lhr" } }, LINES[1], LINES[2]]);
    expect(wrongFrom).toEqual([
      { subject: 'tenant "acme"', field: "move.from", message: 'is "lhr", but the ledger has the tenant in "ams"' },
    ]);
  });

  it("refuses a malformed or stale move", () => {
    expect(problems([{ ...LINES[0], move: { from: "ams", data: "copy" } as never }, LINES[1], LINES[2]])).toEqual([
      { subject: 'tenant "acme"', field: "move.data", message: 'must be "start-empty" (the data is not carried over) or "fork" (copied to the new region), got "copy"' },
    ]);
    expect(problems([{ ...LINES[0], move: { from: "ams", data: "start-empty" } }, LINES[1], LINES[2]])[0]).toMatchObject({
      field: "move.from",
      message: 'is the tenant\'s region "ams"; remove "move" once the move is deployed',
    });
  });

  it("refuses shrinking a volume, with the deployed and requested sizes; growing is fine", () => {
    expect(problems([{ ...LINES[0], volumeSizeGb: 4 }, LINES[1], LINES[2]])).toEqual([
      { subject: 'tenant "acme"', field: "volumeSizeGb", message: "volumes cannot shrink: 10 GB deployed, 4 GB requested" },
    ]);
    expect(problems([{ ...LINES[0], volumeSizeGb: 40 }, LINES[1], LINES[2]])).toEqual([]);
  });

  it("counts a fleet default size as the requested size", () => {
    expect(problems([{ id: "acme", region: "ams" }, LINES[1], LINES[2]])[0].message).toBe(
      "volumes cannot shrink: 10 GB deployed, 1 GB requested",
    );
  });

  it("reports ledger problems together with the other problems; a malformed line is not taken for a dropped one", () => {
    const found = problems([{ id: "acme", region: "xyz" }, LINES[2]]);
    expect(found.map((p) => `${p.subject} ${p.field}`)).toEqual(['tenant "acme" region', 'tenant "globex" (line)']);
  });

  it("grows with every synthesis and keeps released tenants as they were", () => {
    const settings = planFleet({ ...FLEET, tenants: LINES }, { ledger: LEDGER }).settings;
    const next = nextLedger(LEDGER, [...LINES, { id: "beta", region: "lhr", volumeSizeGb: 2 }], settings);
    expect(Object.keys(next.tenants)).toEqual(["acme", "beta", "globex", "oldco"]);
    expect(next.tenants.beta).toEqual({ region: "lhr", volumeSizeGb: 2, status: "active" });
    expect(next.tenants.oldco).toEqual(LEDGER.tenants.oldco);
    expect(nextLedger(EMPTY_LEDGER, LINES, settings).tenants.oldco).toEqual({ region: "fra", volumeSizeGb: 1, status: "released" });
  });
});

describe("reconciling the ledger with what is deployed", () => {
  const deployed = (cells: DeployedStack["cells"], releasedVolumes: string[] = []): DeployedStack => ({ name: "fleet", cells, releasedVolumes });

  it("records deployed tenants with their size, keeps released ids, and marks a released volume's tenant", () => {
    const { ledger, changes } = reconcileLedger(LEDGER, [
      deployed({ acme: { status: "active", region: "ams", volume_size_gb: 12 } }, ["data_globex"]),
      { name: "fleet-shard-1", cells: { beta: { status: "decommissioned", region: "lhr", volume_size_gb: 2 } }, releasedVolumes: [] },
    ]);
    expect(ledger.tenants).toEqual({
      acme: { region: "ams", volumeSizeGb: 12, status: "active" },
      beta: { region: "lhr", volumeSizeGb: 2, status: "decommissioned" },
      globex: { region: "ord", volumeSizeGb: 1, status: "released" },
      oldco: LEDGER.tenants.oldco,
    });
    expect(Object.keys(ledger.tenants)).toEqual(["acme", "beta", "globex", "oldco"]);
    expect(changes).toEqual([
      expect.stringMatching(/^tenant "acme", field "volumeSizeGb": the ledger has .* updated$/),
      expect.stringMatching(/^tenant "beta", field "\(entry\)": deployed \(fleet-shard-1\), not in the ledger: recorded/),
      expect.stringMatching(/^tenant "globex", field "status": its volume was released/),
    ]);
  });

  it("records a cell's volume generations: the current one, kept older ones, and a kept one released", () => {
    const restored = reconcileLedger({ version: 1, tenants: { acme: { region: "ams", volumeSizeGb: 1, status: "active" } } }, [
      deployed({ acme: { status: "active", region: "ams", volume_size_gb: 1, volumes: { generation: 1, kept: [{ generation: 0, region: "ams", volume_size_gb: 1 }] } } }),
    ]);
    expect(restored.ledger.tenants.acme).toEqual({
      region: "ams",
      volumeSizeGb: 1,
      status: "active",
      generation: 1,
      volumes: [{ generation: 0, region: "ams", volumeSizeGb: 1, state: "kept" }],
    });
    expect(restored.changes).toEqual([expect.stringMatching(/^tenant "acme", field "generation, volumes": /)]);
    // The next deploy released generation 0: its name is in released_volumes, the output no longer keeps it.
    const released = reconcileLedger(restored.ledger, [
      deployed({ acme: { status: "active", region: "ams", volume_size_gb: 1, volumes: { generation: 1, kept: [] } } }, ["data_acme"]),
    ]);
    expect(released.ledger.tenants.acme.volumes).toEqual([{ generation: 0, region: "ams", volumeSizeGb: 1, state: "released" }]);
    expect(released.ledger.tenants.acme.generation).toBe(1);
    // A stack synthesized before generations were written says nothing of them: the ledger keeps what it knew.
    const older = reconcileLedger(restored.ledger, [deployed({ acme: { status: "active", region: "ams", volume_size_gb: 1 } })]);
    expect(older.ledger.tenants.acme).toEqual(restored.ledger.tenants.acme);
  });

  it("keeps a tenant that no stack read has, listing it as unconfirmed, and drops it only when forgotten", () => {
    const typo: TenantLedger = { version: 1, tenants: { ...LEDGER.tenants, hoolli: { region: "sjc", volumeSizeGb: 1, status: "active" } } };
    const stacks = [deployed({ acme: { status: "active", region: "ams", volume_size_gb: 10 }, globex: { status: "decommissioned", region: "ord", volume_size_gb: 1 } })];
    // It may sit in a stack that was not read: its protection stays.
    expect(reconcileLedger(typo, stacks)).toMatchObject({ ledger: typo, changes: [], unconfirmed: ['tenant "hoolli"'] });
    const forgotten = reconcileLedger(typo, stacks, ["hoolli"]);
    expect(forgotten).toMatchObject({ ledger: LEDGER, changes: ['tenant "hoolli", field "(entry)": deployed in no stack read: forgotten, as asked'], unconfirmed: [] });
  });

  it("changes nothing when the ledger says what is deployed", () => {
    const cells = { acme: { status: "active", region: "ams", volume_size_gb: 10 }, globex: { status: "decommissioned", region: "ord", volume_size_gb: 1 } };
    expect(reconcileLedger(LEDGER, [deployed(cells)])).toEqual({ ledger: LEDGER, changes: [], unconfirmed: [], origins: new Map([["acme", "fleet"], ["globex", "fleet"]]) });
  });
});

describe("reconciling shared cells", () => {
  it("records each shared cell and its tenants' cell; a released cell's volume marks it released", () => {
    const before: TenantLedger = { version: 1, tenants: {}, cells: { "ord-1": { region: "ord", volumeSizeGb: 5, status: "active" } } };
    const { ledger, changes } = reconcileLedger(before, [
      {
        name: "fleet",
        cells: { acme: { status: "active", region: "ams", volume_size_gb: 20, cell: "ams-1" } },
        releasedVolumes: ["data_ord_1"],
        sharedCells: { "ams-1": { region: "ams", volume_size_gb: 20 } },
      },
    ]);
    expect(ledger).toEqual({
      version: 1,
      tenants: { acme: { region: "ams", volumeSizeGb: 20, status: "active", cell: "ams-1" } },
      cells: { "ams-1": { region: "ams", volumeSizeGb: 20, status: "active" }, "ord-1": { region: "ord", volumeSizeGb: 5, status: "released" } },
    });
    expect(changes).toEqual(expect.arrayContaining([expect.stringContaining('shared cell "ord-1", field "status": its volume was released')]));
  });

  it("keeps a released tenant of a shared cell as released: its data may still be on the cell's volume", () => {
    const before: TenantLedger = { version: 1, tenants: { gone: { region: "ams", volumeSizeGb: 20, status: "decommissioned", cell: "ams-1" } } };
    const { ledger } = reconcileLedger(before, [
      {
        name: "fleet",
        cells: {},
        releasedVolumes: [],
        sharedCells: { "ams-1": { region: "ams", volume_size_gb: 20, tenants: { released: ["gone"] } } },
      },
    ]);
    expect(ledger.tenants.gone).toEqual({ region: "ams", volumeSizeGb: 20, status: "released", cell: "ams-1" });
  });
});

describe("the ledger file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledger-file-"));

  it("refuses a missing file (not an empty ledger), saying how to create one; round-trips; is rewritten only when it changed", () => {
    const file = path.join(dir, "tenants.lock.json");
    expect(validationProblems(() => readLedgerFile(file))).toEqual([
      {
        subject: "ledger",
        field: "(file)",
        message: expect.stringMatching(/^".*tenants\.lock\.json" does not exist\. A missing ledger is not an empty one: .*`flycell ledger init --ledger .*tenants\.lock\.json`/),
      },
    ]);
    expect(writeLedgerFile(file, LEDGER)).toBe(true);
    expect(writeLedgerFile(file, LEDGER)).toBe(false);
    expect(readLedgerFile(file)).toEqual(LEDGER);
    expect(fs.readFileSync(file, "utf8")).toBe(formatLedger(LEDGER));
  });

  it("refuses a file that is no ledger, naming the field", () => {
    const file = path.join(dir, "bad.json");
    fs.writeFileSync(file, JSON.stringify({ version: 1, tenants: { acme: { region: "ams", volumeSizeGb: 1, status: "gone" } } }));
    expect(validationProblems(() => readLedgerFile(file))).toEqual([
      { subject: "ledger", field: "tenants.acme.status", message: 'must be "active" or "decommissioned" or "released", got "gone"' },
    ]);
    fs.writeFileSync(file, "{");
    expect(validationProblems(() => readLedgerFile(file))[0]).toMatchObject({ subject: "ledger", field: "(file)" });
  });
});

describe("ids that plain objects know: constructor, toString, __proto__", () => {
  const entry = { region: "ams", volumeSizeGb: 1, status: "active" } as const;
  const settingsOf = (lines: TenantSpec[]) => planFleet({ ...FLEET, tenants: lines }).settings;

  it("nextLedger records a tenant named constructor as any other", () => {
    const lines: TenantSpec[] = [{ id: "constructor", region: "ams" }];
    const next = nextLedger(EMPTY_LEDGER, lines, settingsOf(lines));
    expect(next.tenants).toEqual({ constructor: entry });
    const released = nextLedger(next, [{ id: "constructor", region: "ams", status: "released" }], settingsOf(lines));
    expect(released.tenants.constructor).toEqual({ ...entry, status: "released" });
    expect(nextLedger(EMPTY_LEDGER, [{ id: "constructor", region: "ams", status: "released" }], settingsOf(lines)).tenants.constructor).toEqual({
      ...entry,
      status: "released",
    });
  });

  it("a line named constructor that the ledger does not have has nothing to release or move", () => {
    expect(problems([...LINES, { id: "constructor", region: "ams", status: "released" }])).toEqual([
      expect.objectContaining({ subject: 'tenant "constructor"', field: "status", message: expect.stringContaining("has no deployed cell") }),
    ]);
    expect(problems([...LINES, { id: "constructor", region: "ams", move: { from: "fra", data: "start-empty" } }])).toEqual([
      expect.objectContaining({ subject: 'tenant "constructor"', field: "move" }),
    ]);
  });

  it("reconciling keeps a tenant or shared cell named constructor that no stack read has, unconfirmed", () => {
    const ledger: TenantLedger = {
      version: 1,
      tenants: { constructor: { ...entry, cell: "constructor-cell" }, acme: entry },
      cells: { constructor: { region: "ams", volumeSizeGb: 1, status: "active" as const } },
    };
    const result = reconcileLedger(ledger, [{ name: "fleet", cells: { acme: { status: "active", region: "ams", volume_size_gb: 1 } }, releasedVolumes: [] }]);
    expect(result.ledger).toEqual(ledger);
    expect(result.unconfirmed).toEqual(['tenant "constructor"', 'shared cell "constructor"']);
  });

  it("refuses a dropped shared cell named constructor (its declaration is gone, its volume would be destroyed)", () => {
    const ledger: TenantLedger = { version: 1, tenants: {}, cells: { constructor: { region: "ams", volumeSizeGb: 1, status: "active" as const } } };
    expect(validationProblems(() => planFleet({ ...FLEET, tenants: [] }, { ledger }))).toEqual([
      expect.objectContaining({ subject: "fleet", field: "sharedCells.constructor", message: expect.stringContaining("its declaration is gone") }),
    ]);
  });

  it("reads a stack's __proto__-keyed cells (from JSON.parse) as a tenant id, never as a prototype", () => {
    const cells = JSON.parse('{"__proto__":{"status":"active","region":"ams","volume_size_gb":1},"toString":{"status":"active","region":"ams"}}') as DeployedStack["cells"];
    const { ledger } = reconcileLedger(EMPTY_LEDGER, [{ name: "fleet", cells, releasedVolumes: [] }]);
    expect(Object.getPrototypeOf(ledger.tenants)).toBe(Object.prototype);
    expect(Object.keys(ledger.tenants)).toEqual(["__proto__", "toString"]);
    expect(Object.hasOwn(ledger.tenants, "__proto__")).toBe(true);
  });
});

describe("a refusal that rests on the ledger file names the file", () => {
  it("says which ledger file it read", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ledger-named-")), "tenants.lock.json");
    writeLedgerFile(file, LEDGER);
    const ledger = readLedgerFile(file);
    const found = validationProblems(() => planFleet({ ...FLEET, tenants: [{ id: "acme", region: "fra", volumeSizeGb: 10 }, LINES[1], LINES[2]] }, { ledger }));
    expect(found).toEqual([expect.objectContaining({ subject: 'tenant "acme"', field: "region", message: expect.stringContaining(`cannot change from "ams" (ledger ${JSON.stringify(file)}) to "fra"`) })]);
    const dropped = validationProblems(() => planFleet({ ...FLEET, tenants: LINES.slice(1) }, { ledger }));
    expect(dropped[0].message).toContain(`is in the ledger ${JSON.stringify(file)} but its line is gone`);
  });
});
