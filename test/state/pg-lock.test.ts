import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { applyArgs, holdingStackConfig, LOCK_ERROR, planArgs, readSpans, Run, Span } from "./lock-stack";
import { PostgresServer, startPostgres } from "./postgres-server";

// Terraform's own `pg` backend against a real PostgreSQL: where the state goes, what its lock
// does for two runs of one stack and for two stacks, and that an env-only connection string
// stays out of the working directory. Raw `main.tf.json`, built-ins only (no registry here).

const REPO = path.join(__dirname, "..", "..");
// Not under jest's TMPDIR: another engineer's jest start empties that mid-run.
const BASE = path.join(REPO, ".tmp", "pg-lock");
/** Seconds a holding apply's provisioner sleeps, so the other run meets the lock. */
const HOLD = 3;

let pg: PostgresServer;
let base: string;

beforeAll(async () => {
  fs.mkdirSync(BASE, { recursive: true });
  base = fs.mkdtempSync(path.join(BASE, "run-"));
  pg = await startPostgres();
}, 30_000);

afterAll(async () => {
  await pg?.stop();
  if (base) fs.rmSync(base, { recursive: true, force: true });
}, 30_000);

function terraform(dir: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [...args, "-no-color"], {
      cwd: dir,
      // The connection string reaches Terraform only here, never in the config.
      env: {
        ...process.env,
        ...pg.env,
        TF_CLI_CONFIG_FILE: path.join(REPO, "scripts", "terraform.rc"),
        CHECKPOINT_DISABLE: "1",
        TF_IN_AUTOMATION: "1",
        TF_INPUT: "0",
        TMPDIR: base,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, out }));
  });
}

/** A working directory for `schema`'s stack, initialized, as one CI runner would have it. */
async function workdir(name: string, schema: string): Promise<string> {
  const dir = path.join(base, name);
  fs.mkdirSync(dir);
  const config = holdingStackConfig({ pg: { schema_name: schema } });
  fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(config, null, 2));
  const init = await terraform(dir, ["init", "-input=false"]);
  expect(init).toMatchObject({ code: 0 });
  return dir;
}

function apply(dir: string, run: string, options: { hold?: number; lockTimeout?: string } = {}): Promise<Run> {
  return terraform(dir, applyArgs(run, options.hold ?? HOLD, options.lockTimeout));
}

function plan(dir: string, run: string): Promise<Run> {
  return terraform(dir, planArgs(run));
}


/** The `run` the stack's stored state was last applied with. */
async function storedRun(schema: string): Promise<string> {
  const state = JSON.parse(await pg.query(`SELECT data FROM ${schema}.states WHERE name = 'default'`)) as {
    resources: { type: string; name: string; instances: { attributes: { triggers_replace: { value: string } } }[] }[];
  };
  const hold = state.resources.find((r) => r.type === "terraform_data" && r.name === "hold");
  return hold?.instances[0].attributes.triggers_replace.value ?? "";
}

it("an apply keeps the state in the stack's schema in PostgreSQL; a following plan shows no changes", async () => {
  const dir = await workdir("a", "stack_a");
  expect(await apply(dir, "1", { hold: 0 })).toMatchObject({ code: 0 });

  expect(await pg.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'stack_a'")).toBe("states");
  expect(await pg.query("SELECT name FROM stack_a.states")).toBe("default");
  expect(await storedRun("stack_a")).toBe("1");
  // Nothing kept locally: the state is only in the database.
  expect(fs.existsSync(path.join(dir, "terraform.tfstate"))).toBe(false);

  expect((await plan(dir, "1")).code).toBe(0);
}, 30_000);

it("two runners applying one stack with -lock-timeout=0s: one applies, the other fails on the lock, the state stays whole", async () => {
  const [first, second] = [await workdir("b1", "stack_b"), await workdir("b2", "stack_b")];
  // The stack's row exists once it was applied; the lock below is then that row's own.
  expect(await apply(first, "0", { hold: 0 })).toMatchObject({ code: 0 });

  const runs = await Promise.all([apply(first, "1"), apply(second, "2")]);
  expect(runs.map((r) => r.code).sort()).toEqual([0, 1]);
  const winner = runs[0].code === 0 ? { dir: first, run: "1" } : { dir: second, run: "2" };
  const loser = runs.find((r) => r.code !== 0) as Run;
  expect(loser.out).toContain(LOCK_ERROR);
  expect(loser.out).toContain("Workspace is already locked: default");
  // The loser's provisioner never ran.
  expect([...readSpans(first), ...readSpans(second)].map((s) => s.run).sort()).toEqual(["0", winner.run]);

  expect(await pg.query("SELECT count(*) FROM stack_b.states")).toBe("1");
  expect(await storedRun("stack_b")).toBe(winner.run);
  expect((await plan(winner.dir, winner.run)).code).toBe(0);
  expect((await plan(winner.dir === first ? second : first, winner.run)).code).toBe(0);
}, 45_000);

it("with -lock-timeout=60s the second runner waits for the lock, then applies after the first", async () => {
  const [first, second] = [await workdir("c1", "stack_c"), await workdir("c2", "stack_c")];
  expect(await apply(first, "0", { hold: 0 })).toMatchObject({ code: 0 });

  const runs = await Promise.all([apply(first, "1", { lockTimeout: "60s" }), apply(second, "2", { lockTimeout: "60s" })]);
  expect(runs.map((r) => r.code)).toEqual([0, 0]);

  const [a] = readSpans(first).filter((s) => s.run === "1");
  const [b] = readSpans(second);
  const [earlier, later] = a.start < b.start ? [a, b] : [b, a];
  // Serialized by the lock: the later provisioner starts only after the earlier one ended.
  expect(later.start).toBeGreaterThanOrEqual(earlier.end);
  expect(await storedRun("stack_c")).toBe(later.run);
  expect((await plan(first, later.run)).code).toBe(0);
}, 60_000);

describe("two stacks, each in its own schema of one database", () => {
  // Terraform 1.11's pg backend takes advisory lock -1, database-wide, while it creates a
  // workspace's row; for the default workspace that is the whole first apply
  // (hashicorp/terraform#33217). Once each stack has its row, locks are per row.
  it("first applies of two new stacks collide on the creation lock: one fails with -lock-timeout=0s", async () => {
    const dirs = [await workdir("d1", "stack_d1"), await workdir("d2", "stack_d2")];
    const runs = await Promise.all(dirs.map((dir) => apply(dir, "1")));
    expect(runs.map((r) => r.code).sort()).toEqual([0, 1]);
    const loser = runs.find((r) => r.code !== 0) as Run;
    expect(loser.out).toContain(LOCK_ERROR);
    expect(loser.out).toContain("Already locked for workspace creation: default");
  }, 30_000);

  it("once both stacks have their state, they apply at the same time and both succeed", async () => {
    const dirs = [await workdir("e1", "stack_e1"), await workdir("e2", "stack_e2")];
    for (const dir of dirs) expect(await apply(dir, "0", { hold: 0 })).toMatchObject({ code: 0 });
    // Row ids come from one sequence across schemas, so the two rows' locks differ.
    expect(await pg.query("SELECT (SELECT id FROM stack_e1.states) <> (SELECT id FROM stack_e2.states)")).toBe("t");

    // A timeout only to ride out the instant each lock call also tries lock -1.
    const runs = await Promise.all(dirs.map((dir) => apply(dir, "1", { lockTimeout: "20s" })));
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const [a, b] = dirs.map((dir) => readSpans(dir).find((s) => s.run === "1") as Span);
    expect(a.start).toBeLessThan(b.end);
    expect(b.start).toBeLessThan(a.end);
  }, 45_000);
});

it("a connection string given only in PG_CONN_STR is written to no file in the working directory", async () => {
  const dir = await workdir("f", "stack_f");
  expect(await apply(dir, "1", { hold: 0 })).toMatchObject({ code: 0 });

  const port = new URL(pg.connStr).port;
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
  expect(files.map((f) => path.relative(dir, f)).sort()).toEqual([path.join(".terraform", "terraform.tfstate"), "main.tf.json", "spans"]);
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    expect({ file, hasConnStr: text.includes(pg.connStr), hasPort: text.includes(`127.0.0.1:${port}`) }).toEqual({ file, hasConnStr: false, hasPort: false });
  }
  // The backend's recorded config leaves it null: it is read from the environment each run.
  const backend = (JSON.parse(fs.readFileSync(path.join(dir, ".terraform", "terraform.tfstate"), "utf8")) as { backend: { type: string; config: Record<string, unknown> } }).backend;
  expect(backend.type).toBe("pg");
  expect(backend.config).toMatchObject({ conn_str: null, schema_name: "stack_f" });
  // Nor does the state Terraform stores in the database carry it.
  expect(await pg.query("SELECT position('127.0.0.1' in data) FROM stack_f.states")).toBe("0");
}, 30_000);
