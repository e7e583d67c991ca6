/**
 * `flycell local plan|deploy` (lib/cli/local.ts, local-stacks.ts, shipped-emulator.ts): the stack
 * copies whose backends are local state files, the environment Terraform gets, and real runs on
 * the emulator of a sharded fleet whose stacks declare the team's S3 backend.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installEmulator } from "../../emulator/src/install";
import { startMachinesApi } from "../../emulator/src/machines-api/server";
import { readLedgerFile, synthFleetApp, TenantSpec } from "../../lib";
import { CliFailure, EXIT_USAGE } from "../../lib/cli/exit-codes";
import { LOCAL_TOKEN, prepareLocalDir } from "../../lib/cli/local";
import { copyStacksForRehearsal, localizeStackJson, localStateOf } from "../../lib/cli/local-stacks";
import { loadShippedEmulator, ShippedEmulator } from "../../lib/cli/shipped-emulator";
import { FlyProvider } from "../../lib/gen/providers/fly/provider";
import { flycell } from "./run-cli";

jest.setTimeout(600_000);

const scratch = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;

// A compile-time check: the shape the CLI loads at run time is the emulator sources' own.
const fromSources: ShippedEmulator = { installEmulator, startMachinesApi };

describe("localizeStackJson", () => {
  const shard = {
    terraform: { backend: { s3: { bucket: "team-state", key: "fleet/fleet-shard-0.tfstate", use_lockfile: true } }, required_providers: { fly: { source: "ampbase-io/fly" } } },
    data: {
      terraform_remote_state: {
        "cross-stack-reference-input-fleet-shared": { backend: "s3", config: { bucket: "team-state", key: "fleet/fleet-shared.tfstate" }, workspace: "default" },
      },
    },
    resource: { fly_machine: { m: { name: "acme" } } },
  };

  it("replaces the backend by a local state file in the local directory, keeping everything else", () => {
    const out = localizeStackJson(shard, "fleet-shard-0", "/rehearsal", new Set(["fleet-shard-0", "fleet-shared"]));
    expect(out.terraform).toEqual({ backend: { local: { path: "/rehearsal/terraform.fleet-shard-0.tfstate" } }, required_providers: { fly: { source: "ampbase-io/fly" } } });
    expect(out.resource).toEqual(shard.resource);
    // The input is left as it was.
    expect(shard.terraform.backend).toHaveProperty("s3");
  });

  it("points a cross-stack read at the rehearsal's state of that stack", () => {
    const out = localizeStackJson(shard, "fleet-shard-0", "/rehearsal", new Set(["fleet-shard-0", "fleet-shared"]));
    expect(out.data).toEqual({
      terraform_remote_state: {
        "cross-stack-reference-input-fleet-shared": { backend: "local", config: { path: "/rehearsal/terraform.fleet-shared.tfstate" }, workspace: "default" },
      },
    });
  });

  it("drops an HCP Terraform cloud block and gives a stack without a backend a local one", () => {
    const out = localizeStackJson({ terraform: { cloud: { organization: "acme", workspaces: { name: "fleet" } } } }, "fleet", "/r", new Set(["fleet"]));
    expect(out.terraform).toEqual({ backend: { local: { path: "/r/terraform.fleet.tfstate" } } });
    expect(localizeStackJson({}, "fleet", "/r", new Set(["fleet"])).terraform).toEqual({ backend: { local: { path: "/r/terraform.fleet.tfstate" } } });
  });

  it("refuses a state read of a stack not rehearsed with it (exit 2): that state is not the rehearsal's", () => {
    const read = () => localizeStackJson(shard, "fleet-shard-0", "/r", new Set(["fleet-shard-0"]));
    expect(read).toThrow(CliFailure);
    expect(read).toThrow(/reads the Terraform state "cross-stack-reference-input-fleet-shared", which is no stack rehearsed here/);
    const foreign = { data: { terraform_remote_state: { network: { backend: "s3", config: {} } } } };
    expect(() => localizeStackJson(foreign, "fleet", "/r", new Set(["fleet"]))).toThrow(/"network"/);
  });
});

describe("copyStacksForRehearsal", () => {
  function synthesized(): string {
    const stacks = path.join(scratch("local-src-"), "cdktf.out", "stacks");
    for (const name of ["fleet-shared", "fleet-shard-0"]) {
      fs.mkdirSync(path.join(stacks, name, "assets"), { recursive: true });
      fs.writeFileSync(path.join(stacks, name, "cdk.tf.json"), JSON.stringify({ terraform: { backend: { s3: { bucket: "team-state", key: name } } } }));
      fs.writeFileSync(path.join(stacks, name, "assets", "file.txt"), name);
    }
    // What an earlier real run left in the project's own stack directory.
    fs.mkdirSync(path.join(stacks, "fleet-shard-0", ".terraform"));
    for (const file of ["plan.out", "plan.json", "flycell-recovered.auto.tfvars.json", ".terraform.lock.hcl"]) fs.writeFileSync(path.join(stacks, "fleet-shard-0", file), "real");
    fs.writeFileSync(path.join(stacks, "..", "manifest.json"), JSON.stringify({ stacks: {} }));
    return stacks;
  }

  it("copies each stack with its assets and the manifest, localized, and leaves the sources alone", () => {
    const stacks = synthesized();
    const local = scratch("local-dir-");
    const copies = copyStacksForRehearsal([path.join(stacks, "fleet-shared"), path.join(stacks, "fleet-shard-0")], local);
    expect(copies).toEqual([path.join(local, "cdktf.out", "stacks", "fleet-shared"), path.join(local, "cdktf.out", "stacks", "fleet-shard-0")]);
    expect(fs.readFileSync(path.join(copies[1], "assets", "file.txt"), "utf8")).toBe("fleet-shard-0");
    expect(fs.existsSync(path.join(local, "cdktf.out", "manifest.json"))).toBe(true);
    expect(readJson(path.join(copies[1], "cdk.tf.json")).terraform).toEqual({ backend: { local: { path: localStateOf(local, "fleet-shard-0") } } });
    expect(readJson(path.join(stacks, "fleet-shard-0", "cdk.tf.json")).terraform).toEqual({ backend: { s3: { bucket: "team-state", key: "fleet-shard-0" } } });
  });

  it("copies none of a real run's working files, recovered volumes included", () => {
    const copies = copyStacksForRehearsal([path.join(synthesized(), "fleet-shard-0")], scratch("local-dir-"));
    expect(fs.readdirSync(copies[0]).sort()).toEqual(["assets", "cdk.tf.json"]);
  });

  it("keeps the rehearsal's own recovered volumes across runs, and drops stacks the last synth did not write", () => {
    const stacks = synthesized();
    const local = scratch("local-dir-");
    const [shared, shard] = copyStacksForRehearsal([path.join(stacks, "fleet-shared"), path.join(stacks, "fleet-shard-0")], local);
    fs.writeFileSync(path.join(shard, "flycell-recovered.auto.tfvars.json"), "rehearsal");
    fs.writeFileSync(path.join(shard, "plan.json"), "rehearsal");
    const [again] = copyStacksForRehearsal([path.join(stacks, "fleet-shard-0")], local);
    expect(fs.readFileSync(path.join(again, "flycell-recovered.auto.tfvars.json"), "utf8")).toBe("rehearsal");
    expect(fs.existsSync(path.join(again, "plan.json"))).toBe(false);
    expect(fs.existsSync(shared)).toBe(false);
  });

  it("refuses a directory that is no synthesized stack (exit 2)", () => {
    const empty = scratch("local-empty-");
    let thrown: unknown;
    try {
      copyStacksForRehearsal([empty], scratch("local-dir-"));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(CliFailure);
    expect(thrown).toMatchObject({ exitCode: EXIT_USAGE, message: expect.stringContaining("is no synthesized stack") });
  });
});

describe("prepareLocalDir", () => {
  const fake: ShippedEmulator = {
    installEmulator: (dir) => ({ cliConfig: path.join(dir, "terraform.rc"), dataDir: path.join(dir, "data") }),
    startMachinesApi: () => Promise.reject(new Error("not started here")),
  };
  const team = {
    PATH: "/usr/bin",
    FLY_API_TOKEN: "fo1_the-teams-real-token",
    TF_CLI_CONFIG_FILE: "/team/terraform.rc",
    TF_CLI_ARGS_init: "-backend-config=bucket=team-state",
    TF_CLI_ARGS: "-lock=false",
    TF_WORKSPACE: "production",
    TF_DATA_DIR: "/team/.terraform",
    TF_VAR_fly_org: "acme-org",
  };

  it("hands Terraform the emulator's CLI config and the placeholder token, and none of the team's redirects", () => {
    const local = prepareLocalDir(path.join(scratch("local-prep-"), ".flycell", "local"), team, fake);
    expect(local.env).toEqual({ PATH: "/usr/bin", TF_VAR_fly_org: "acme-org", TF_CLI_CONFIG_FILE: path.join(local.dir, "terraform.rc"), FLY_API_TOKEN: LOCAL_TOKEN, CHECKPOINT_DISABLE: "1" });
    expect(local.accountFile).toBe(path.join(local.dir, "data", "fly.json"));
  });

  it("starts an empty ledger once, keeps what a rehearsal recorded, and ignores itself for git", () => {
    const dir = path.join(scratch("local-prep-"), "local");
    const local = prepareLocalDir(dir, team, fake);
    expect(readLedgerFile(local.ledgerFile).tenants).toEqual({});
    const recorded = JSON.stringify({ version: 1, tenants: { acme: { status: "active" } } });
    fs.writeFileSync(local.ledgerFile, recorded);
    prepareLocalDir(dir, team, fake);
    expect(fs.readFileSync(local.ledgerFile, "utf8")).toBe(recorded);
    expect(fs.readFileSync(path.join(dir, ".gitignore"), "utf8")).toMatch(/^\*$/m);
  });
});

describe("loadShippedEmulator", () => {
  it("loads the compiled emulator's install and Machines API server", () => {
    const shipped = loadShippedEmulator();
    expect(typeof shipped.installEmulator).toBe("function");
    expect(typeof shipped.startMachinesApi).toBe("function");
    expect(Object.keys(shipped).sort()).toEqual(Object.keys(fromSources).sort());
  });

  it("says how to build it when it is not built (exit 2)", () => {
    const missing = path.join(scratch("local-nodist-"), "dist");
    expect(() => loadShippedEmulator(missing)).toThrow(expect.objectContaining({ exitCode: EXIT_USAGE, message: expect.stringContaining("npm run emulator:build") }));
  });
});

describe("flycell local on a sharded fleet whose stacks keep state in S3", () => {
  const project = scratch("local-project-");
  const tenants: TenantSpec[] = [
    { id: "acme", region: "ams" },
    { id: "globex", region: "ord" },
    { id: "initech", region: "fra" },
  ];
  // Nothing listens here: a run that reached S3 would fail.
  const env = {
    ...process.env,
    FLY_API_TOKEN: "fo1_the-teams-real-token",
    AWS_ENDPOINT_URL_S3: "http://127.0.0.1:9",
    AWS_ACCESS_KEY_ID: "team",
    AWS_SECRET_ACCESS_KEY: "team-secret",
    AWS_REGION: "auto",
    TF_CLI_ARGS_init: "-backend-config=bucket=another-bucket",
  };
  const local = path.join(project, ".flycell", "local");

  const synthFleet = (specs: TenantSpec[]) => {
    const made = synthFleetApp({
      fleet: { appName: "local-cells", image: "registry.fly.io/local-cells:v1", tenants: specs, sharding: { by: "hash", count: 2 }, stateBackend: { type: "s3", bucket: "team-state", usePathStyle: true } },
      configureStack: (stack) => new FlyProvider(stack, "fly", { orgSlug: "local-org" }),
      outdir: path.join(project, "cdktf.out"),
    });
    if (made === undefined) throw new Error("the fleet was refused");
  };

  beforeAll(() => synthFleet(tenants));

  it("synthesized S3 backends (the precondition of what follows)", () => {
    const shared = readJson(path.join(project, "cdktf.out", "stacks", "fleet-shared", "cdk.tf.json"));
    expect(shared.terraform).toMatchObject({ backend: { s3: { bucket: "team-state" } } });
  });

  it("local plan on a fresh account: plans, guards and summarizes the shared stack, writing no state; the shards wait for it", () => {
    const r = flycell(["local", "plan"], { cwd: project, env });
    expect({ code: r.code, stderr: r.code === 0 ? "" : r.stderr }).toEqual({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^EMULATOR: /);
    for (const shard of ["fleet-shard-0", "fleet-shard-1"]) expect(r.stdout).toContain(`${shard}: not planned: it reads the state of fleet-shared, which the emulated account has not deployed yet`);
    expect(r.stdout).toContain("flycell local plan: 1 of 3 stacks planned on the emulator and passed the guard");
    const plan = readJson(path.join(local, "cdktf.out", "stacks", "fleet-shared", "plan.json")) as { resource_changes: { type: string; change: { actions: string[] } }[] };
    expect(plan.resource_changes.filter((c) => c.type === "fly_app").map((c) => c.change.actions)).toEqual([["create"]]);
    expect(fs.readdirSync(local).filter((f) => f.endsWith(".tfstate"))).toEqual([]);
  });

  it("local deploy: applies every stack in local state files, the shards reading the shared stack's, and records the rehearsal's ledger", () => {
    const r = flycell(["local", "deploy"], { cwd: project, env });
    expect({ code: r.code, stderr: r.code === 0 ? "" : r.stderr }).toEqual({ code: 0, stderr: "" });
    const states = fs.readdirSync(local).filter((f) => f.endsWith(".tfstate")).sort();
    expect(states).toEqual(["terraform.fleet-shard-0.tfstate", "terraform.fleet-shard-1.tfstate", "terraform.fleet-shared.tfstate"]);
    const machines = states.flatMap((f) => (readJson(path.join(local, f)).resources as { type: string }[]).filter((res) => res.type === "fly_machine"));
    expect(machines).toHaveLength(tenants.length);
    expect(Object.keys(readLedgerFile(path.join(local, "tenants.lock.json")).tenants).sort()).toEqual(tenants.map((t) => t.id));
    // The project's stacks are as synthesized: no state, plan or Terraform directory beside them.
    expect(fs.readdirSync(path.join(project, "cdktf.out", "stacks", "fleet-shared")).filter((f) => !/^(cdk\.tf\.json|metadata\.json|flycell-.*)$/.test(f))).toEqual([]);
    expect(fs.existsSync(path.join(project, "tenants.lock.json"))).toBe(false);
  });

  it("local plan after the deploy: every stack planned, nothing to change", () => {
    const r = flycell(["local", "plan"], { cwd: project, env });
    expect(r.code).toBe(0);
    expect(r.stdout.match(/No changes\./g)).toHaveLength(3);
    expect(r.stdout).toContain("flycell local plan: every stack planned on the emulator and passed the guard");
  });

  it("local plan of a new tenant's line: that tenant's resources, in its shard only", () => {
    synthFleet([...tenants, { id: "hooli", region: "sjc" }]);
    const r = flycell(["local", "plan"], { cwd: project, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\| hooli \| [1-9]/m);
    for (const t of tenants) expect(r.stdout).not.toMatch(new RegExp(`^\\| ${t.id} \\|`, "m"));
  });

  it("refuses to run without synthesized stacks (exit 2)", () => {
    const r = flycell(["local", "plan"], { cwd: scratch("local-nothing-"), env });
    expect(r).toMatchObject({ code: 2, stderr: expect.stringContaining("flycell local: no cdktf.out/stacks: synthesize first") });
  });
});
