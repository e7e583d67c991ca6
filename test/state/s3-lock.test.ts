import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { CellFleet, fly } from "../../lib";
import { makeScratchDir, S3Server, startS3Server } from "./s3-server";
import { applyArgs, holdingStackConfig, LOCK_ERROR, planArgs, readSpans, Run } from "./lock-stack";

// Terraform's own `s3` backend with its lock file (`use_lockfile`, a conditional PutObject of
// `<key>.tflock`) against s3rver behind the conditional-write layer: where the state goes, what
// the lock does for two runs of one stack and for two stacks, that without the layer there is
// no lock at all, and that the backend flycell synthesizes works as written. Raw `main.tf.json`,
// built-ins only (no registry here); credentials only in the environment.

const REPO = path.join(__dirname, "..", "..");
const BUCKET = "fleet-state";
/** Seconds a holding apply's provisioner sleeps, so the other run meets the lock. */
const HOLD = 3;
/**
 * How long the holder sleeps when the other run waits. Terraform retries a refused lock 1 s, 3 s,
 * 7 s, ... after its first try; a retry refused just as the holder deletes its lock file finds no
 * lock to report and gives up despite -lock-timeout (seen here with a 3 s hold), so the holder
 * releases between two retries.
 */
const WAITED_HOLD = 5;
interface State {
  serial: number;
  lineage: string;
  resources: { type: string; name: string; instances: { attributes: { triggers_replace: { value: string } } }[] }[];
}

type Backend = Record<string, unknown>;

let s3: S3Server;
let base: string;
/** Environment a working directory's runs get on top of the credentials. */
const extraEnv = new Map<string, Record<string, string>>();

beforeAll(async () => {
  base = makeScratchDir("s3-lock-");
  s3 = await startS3Server();
  await s3.createBucket(BUCKET);
}, 30_000);

afterAll(async () => {
  await s3?.stop();
  if (base) fs.rmSync(base, { recursive: true, force: true });
}, 30_000);

/** The backend a team writes for an S3-compatible store: nothing to ask AWS, path-style, the lock file. */
function s3Backend(key: string, endpoint = s3.endpoint): Backend {
  return {
    bucket: BUCKET,
    key,
    region: "auto",
    use_lockfile: true,
    use_path_style: true,
    endpoints: { s3: endpoint },
    skip_credentials_validation: true,
    skip_region_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: true,
    skip_s3_checksum: true,
  };
}

function terraform(dir: string, args: readonly string[]): Promise<Run> {
  // Nothing AWS from the machine: the credentials below are the only ones Terraform sees.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [...args, "-no-color"], {
      cwd: dir,
      env: {
        ...inherited,
        ...s3.env,
        ...extraEnv.get(dir),
        AWS_CONFIG_FILE: path.join(base, "no-aws-config"),
        AWS_SHARED_CREDENTIALS_FILE: path.join(base, "no-aws-credentials"),
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

/** A working directory for the stack whose state is `backend`'s, initialized, as one CI runner would have it. */
async function workdir(name: string, backend: Backend, env: Record<string, string> = {}): Promise<string> {
  const dir = path.join(base, name);
  fs.mkdirSync(dir);
  extraEnv.set(dir, env);
  const config = holdingStackConfig({ s3: backend });
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


async function storedState(key: string): Promise<State> {
  const text = await s3.getObject(BUCKET, key);
  if (text === undefined) throw new Error(`no state at s3://${BUCKET}/${key}`);
  return JSON.parse(text) as State;
}

/** The `run` values of the stack's stored `hold` resource: one per instance. */
async function storedRuns(key: string): Promise<string[]> {
  const state = await storedState(key);
  return state.resources.filter((r) => r.type === "terraform_data" && r.name === "hold").flatMap((r) => r.instances.map((i) => i.attributes.triggers_replace.value));
}

/** Two runners apply one stack at once with -lock-timeout=0s; returns the winner. */
async function contend(first: string, second: string): Promise<{ dir: string; run: string; loser: Run }> {
  const runs = await Promise.all([apply(first, "1"), apply(second, "2")]);
  expect(runs.map((r) => r.code).sort()).toEqual([0, 1]);
  const loser = runs.find((r) => r.code !== 0) as Run;
  return runs[0].code === 0 ? { dir: first, run: "1", loser } : { dir: second, run: "2", loser };
}

it("an apply keeps the state at the stack's key; another working directory on that key sees it and plans no changes", async () => {
  const key = "round-trip/fleet.tfstate";
  const dir = await workdir("a1", s3Backend(key));
  expect(await apply(dir, "1", { hold: 0 })).toMatchObject({ code: 0 });

  expect(await s3.listKeys(BUCKET)).toContain(key);
  expect(await storedRuns(key)).toEqual(["1"]);
  // Nothing kept locally: the state is only in the bucket.
  expect(fs.existsSync(path.join(dir, "terraform.tfstate"))).toBe(false);

  const other = await workdir("a2", s3Backend(key));
  expect((await plan(other, "1")).code).toBe(0);
  // A different `run` would replace it: the other directory really reads the stored resource.
  expect((await plan(other, "2")).code).toBe(2);
}, 30_000);

it("two runners applying one stack with -lock-timeout=0s: one applies, the other fails on the lock file, the state stays whole", async () => {
  const key = "one-stack/fleet.tfstate";
  const [first, second] = [await workdir("b1", s3Backend(key)), await workdir("b2", s3Backend(key))];
  const refusedBefore = s3.preconditionFailures();

  const winner = await contend(first, second);
  expect(winner.loser.out).toContain(LOCK_ERROR);
  expect(winner.loser.out).toContain("PreconditionFailed");
  // Terraform read the holder's lock file back through the layer (what -lock-timeout retries on).
  expect(winner.loser.out).toContain(`Path:      ${BUCKET}/${key}`);
  expect(s3.preconditionFailures()).toBeGreaterThan(refusedBefore);
  // The loser's provisioner never ran.
  expect([...readSpans(first), ...readSpans(second)].map((s) => s.run)).toEqual([winner.run]);

  const state = await storedState(key);
  expect(state.lineage).toMatch(/^[0-9a-f-]{36}$/);
  expect(await storedRuns(key)).toEqual([winner.run]);
  // The lock is released: only the state is left.
  expect((await s3.listKeys(BUCKET)).filter((k) => k.startsWith("one-stack/"))).toEqual([key]);
  for (const dir of [first, second]) expect((await plan(dir, winner.run)).code).toBe(0);
}, 45_000);

it("with -lock-timeout=60s the second runner waits for the lock file, then applies after the first", async () => {
  const key = "waiting/fleet.tfstate";
  const [first, second] = [await workdir("c1", s3Backend(key)), await workdir("c2", s3Backend(key))];

  const waiting = { hold: WAITED_HOLD, lockTimeout: "60s" };
  const runs = await Promise.all([apply(first, "1", waiting), apply(second, "2", waiting)]);
  expect(runs.map((r) => r.code)).toEqual([0, 0]);

  const [a] = readSpans(first);
  const [b] = readSpans(second);
  const [earlier, later] = a.start < b.start ? [a, b] : [b, a];
  // Serialized by the lock: the later provisioner starts only after the earlier one ended.
  expect(later.start).toBeGreaterThanOrEqual(earlier.end);
  expect(await storedRuns(key)).toEqual([later.run]);
  expect((await plan(first, later.run)).code).toBe(0);
}, 60_000);

it("two stacks (two shards' keys) apply at the same time and both succeed", async () => {
  const keys = ["shards/fleet-shard-0.tfstate", "shards/fleet-shard-1.tfstate"];
  const dirs = [await workdir("d1", s3Backend(keys[0])), await workdir("d2", s3Backend(keys[1]))];
  const runs = await Promise.all(dirs.map((dir) => apply(dir, "1")));
  expect(runs.map((r) => r.code)).toEqual([0, 0]);

  // Each lock is its own key's: the two provisioners overlapped.
  const [a, b] = dirs.map((dir) => readSpans(dir)[0]);
  expect(a.start).toBeLessThan(b.end);
  expect(b.start).toBeLessThan(a.end);
  for (const key of keys) expect(await storedRuns(key)).toEqual(["1"]);
}, 45_000);

it("straight to s3rver, without the layer, both runners of one stack take the lock and apply at once", async () => {
  const key = "unguarded/fleet.tfstate";
  const backend = s3Backend(key, s3.s3rverEndpoint);
  const [first, second] = [await workdir("e1", backend), await workdir("e2", backend)];

  const runs = await Promise.all([apply(first, "1"), apply(second, "2")]);
  // Neither was refused the lock, so both provisioners ran, overlapping.
  for (const r of runs) expect(r.out).not.toContain(LOCK_ERROR);
  // The second lock file overwrote the first, which its runner only finds out when releasing it.
  expect(runs.filter((r) => r.out.includes("Error releasing the state lock"))).toHaveLength(1);
  const [a, b] = [readSpans(first)[0], readSpans(second)[0]];
  expect(a.start).toBeLessThan(b.end);
  expect(b.start).toBeLessThan(a.end);
}, 45_000);

describe("the S3 backend flycell synthesizes", () => {
  /** `terraform.backend` of a CellFleet's stack whose state is in this bucket. */
  function flycellBackend(endpoint?: string): Record<string, Backend> {
    const stack = new TerraformStack(Testing.app(), "fleet");
    new fly.provider.FlyProvider(stack, "fly", { orgSlug: "o" });
    new CellFleet(stack, "fleet", {
      appName: "team-fleet",
      image: "registry.fly.io/team-fleet:1",
      tenants: [{ id: "acme", region: "ams" }],
      stateBackend: { type: "s3", bucket: BUCKET, usePathStyle: true, ...(endpoint === undefined ? {} : { endpoint }) },
    });
    return (JSON.parse(Testing.synth(stack)) as { terraform: { backend: Record<string, Backend> } }).terraform.backend;
  }

  it("works unchanged: state at <appName>/<stack>.tfstate, and its lock file refuses a second runner", async () => {
    const backend = flycellBackend(s3.endpoint);
    expect(backend).toEqual({ s3: s3Backend("team-fleet/fleet.tfstate") });
    const key = "team-fleet/fleet.tfstate";
    // The fleet's own resources need the Fly provider; its backend block is what is under test here.
    const [first, second] = [await workdir("f1", backend.s3), await workdir("f2", backend.s3)];

    const winner = await contend(first, second);
    expect(winner.loser.out).toContain(LOCK_ERROR);
    expect(await storedRuns(key)).toEqual([winner.run]);
    expect((await s3.listKeys(BUCKET)).filter((k) => k.startsWith("team-fleet/"))).toEqual([key]);
    expect((await plan(winner.dir === first ? second : first, winner.run)).code).toBe(0);
  }, 45_000);

  it("without an endpoint, reaches the store named by AWS_ENDPOINT_URL_S3 in the environment", async () => {
    const backend = flycellBackend();
    expect(backend.s3).not.toHaveProperty("endpoints");
    expect(backend).toEqual({ s3: { ...s3Backend("team-fleet/fleet.tfstate"), endpoints: undefined } });
    const dir = await workdir("g1", backend.s3, { AWS_ENDPOINT_URL_S3: s3.endpoint });
    expect(await apply(dir, "3", { hold: 0 })).toMatchObject({ code: 0 });
    expect(await storedRuns("team-fleet/fleet.tfstate")).toEqual(["3"]);
  }, 30_000);
});
