/**
 * A `flycell init --backend s3|pg` project run as a team runs it: the state in a local S3 API
 * server (standing in for Tigris) or a real PostgreSQL, the Fly provider emulated. A tenant is
 * added on a branch; the pull request workflow's steps run as the workflow file says (its `run:`
 * lines, read from the YAML `flycell init` wrote); the merge's deploy workflow deploys in order and
 * commits the ledger to the remote; a deploy that meets another run's lock applies nothing.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { readLedgerFile } from "../../lib";
import { initVersions, scaffold } from "../../lib/cli/init";
import { DEPLOY_WORKFLOW, PULL_REQUEST_WORKFLOW } from "../../lib/cli/init-workflows";
import { PostgresServer, startPostgres } from "../state/postgres-server";
import { S3Server, startS3Server } from "../state/s3-server";
import { e2eWorkDir, linkDependencies } from "./linked-project";
import { accountVolumes, describeWithTerraform, emulatorEnv } from "./terraform";

interface Step {
  readonly run?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly "continue-on-error"?: boolean;
}
interface Job {
  readonly if?: string;
  readonly steps: readonly Step[];
}
interface Workflow {
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

interface Ran {
  readonly code: number | null;
  readonly out: string;
}

/** What the workflows' `${{ … }}` expressions stand for in this run. */
interface Context {
  readonly stack?: string;
  readonly machineChanges?: boolean;
}

/**
 * Whether a job or step runs: its `if:` judged for the expressions flycell's workflows use (the
 * branch, the approval path, "after a failure too"); an unknown expression fails the test.
 */
function runs(condition: string | undefined, context: Context): boolean {
  const expression = condition?.replace(/^\$\{\{\s*|\s*\}\}$/g, "").trim();
  // The jobs run here in order, each after the ones it needs passed.
  const always = ["!cancelled()", "github.ref == 'refs/heads/main'", "!cancelled() && needs.checks.result == 'success'"];
  if (expression === undefined || always.includes(expression)) return true;
  const approved = "needs.plan.outputs.machine-changes == 'true'";
  if (expression === approved) return context.machineChanges === true;
  if (expression === `!(${approved})`) return context.machineChanges !== true;
  throw new Error(`a workflow condition this test does not know: ${expression}`);
}

/** An `env:` block as the runner sets it: `matrix.stack` filled in; secrets come from the test's environment instead. */
function envOf(block: Record<string, string> | undefined, context: Context): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(block ?? {})) {
    if (value === "${{ matrix.stack }}") out[name] = context.stack ?? "";
    else if (!value.includes("${{")) out[name] = value;
  }
  return out;
}

const BACKENDS = [
  ["s3", "a local S3 API server"],
  ["pg", "a real PostgreSQL"],
] as const;

describe.each(BACKENDS)("a flycell init --backend %s project run by a team, state in %s", (backend) => {
  describeWithTerraform("the pull request and deploy workflows", () => {
    const work = e2eWorkDir(`team-${backend}-`);
    const project = path.join(work, "my-fleet");
    const remote = path.join(work, "origin.git");
    const ledgerFile = path.join(project, "stacks", "tenants.lock.json");
    const tenantsFile = path.join(project, "stacks", "tenants.ts");
    let env: NodeJS.ProcessEnv;
    let server: S3Server | PostgresServer;

    const sh = (command: string, extra: Record<string, string> = {}): Ran => {
      const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", command], { cwd: project, env: { ...env, ...extra }, encoding: "utf8" });
      return { code: r.status, out: `${r.stdout}${r.stderr}` };
    };
    /**
     * A workflow step, run without blocking: the S3 server answers from this process's event loop,
     * which a synchronous spawn would stop.
     */
    const shAsync = (command: string, extra: Record<string, string>): Promise<Ran> =>
      new Promise((resolve, reject) => {
        const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", command], { cwd: project, env: { ...env, ...extra } });
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
        child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
        child.once("error", reject);
        child.once("close", (code) => resolve({ code, out }));
      });
    const must = (command: string): string => {
      const r = sh(command);
      if (r.code !== 0) throw new Error(`${command} (${r.code}):\n${r.out}`);
      return r.out;
    };
    /** What the developer runs before pushing: synth, and the snapshot taken again (\`npx jest -u\`). */
    const synthAndSnapshot = () => must("npm run --silent synth && npx jest -u --silent");
    const git = (args: string) => {
      const r = sh(`git ${args}`);
      if (r.code !== 0) throw new Error(`git ${args}: ${r.out}`);
      return r.out.trim();
    };
    const workflow = (file: string): Workflow => parse(fs.readFileSync(path.join(project, file), "utf8")) as Workflow;

    /**
     * One job's `run:` steps in order, as the runner runs them (`npm ci` left out: the packages
     * are linked), with the workflow's and the step's env; stops at the first failure that is
     * not `continue-on-error`. A job whose `if:` is false runs nothing.
     */
    const runJob = async (file: string, job: string, context: Context = {}, extra: Record<string, string> = {}): Promise<Ran[]> => {
      const ran: Ran[] = [];
      const outputFile = path.join(work, `github-output-${job}`);
      fs.writeFileSync(outputFile, "");
      const { env: workflowEnv, jobs } = workflow(file);
      if (!runs(jobs[job].if, context)) return ran;
      let failure: string | undefined;
      for (const step of jobs[job].steps) {
        if (step.run === undefined || step.run === "npm ci" || !runs(step.if, context)) continue;
        // After a failed step only the steps that ask to run anyway (`!cancelled()`) run.
        if (failure !== undefined && !/!cancelled\(\)|always\(\)/.test(step.if ?? "")) continue;
        const stepEnv = { ...envOf(workflowEnv, context), GITHUB_OUTPUT: outputFile, GITHUB_SHA: git("rev-parse HEAD"), ...envOf(step.env, context), ...extra };
        const r = await shAsync(step.run, stepEnv);
        ran.push(r);
        if (r.code !== 0 && step["continue-on-error"] !== true) failure ??= `${job}: \`${step.run}\` failed (${r.code}):\n${r.out}`;
      }
      if (failure !== undefined) throw new Error(failure);
      return ran;
    };
    const outputs = (job: string) =>
      new Map(
        fs
          .readFileSync(path.join(work, `github-output-${job}`), "utf8")
          .split("\n")
          .filter((line) => line.includes("="))
          .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
      );

    /** The deploy workflow on the current commit of main: the plan job, then the deploy job its output picks. */
    const deployMain = async (extra: Record<string, string> = {}) => {
      await runJob(DEPLOY_WORKFLOW, "plan", {}, extra);
      const machineChanges = outputs("plan").get("machine-changes") === "true";
      return [...(await runJob(DEPLOY_WORKFLOW, "deploy", { machineChanges }, extra)), ...(await runJob(DEPLOY_WORKFLOW, "deploy-approved", { machineChanges }, extra))];
    };

    beforeAll(async () => {
      server = backend === "s3" ? await startS3Server() : await startPostgres();
      if (backend === "s3") await (server as S3Server).createBucket("my-fleet-state");
      scaffold(project, initVersions(), { backend });
      linkDependencies(project);
      env = {
        // What the workflows take from the repository's secrets.
        ...emulatorEnv(work, { ...server.env, ...(backend === "s3" ? { AWS_ENDPOINT_URL_S3: (server as S3Server).endpoint } : {}), TF_VAR_fly_org: "team-org" }),
        CI: "true",
        NO_UPDATE_NOTIFIER: "1",
        npm_config_update_notifier: "false",
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@example.com",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@example.com",
      };
      spawnSync("git", ["init", "-q", "--bare", "-b", "main", remote]);
      fs.writeFileSync(path.join(project, ".gitignore"), `${fs.readFileSync(path.join(project, ".gitignore"), "utf8")}flycell-summary.md\n`);
      git("init -q -b main");
      git(`remote add origin ${remote}`);
      // The first snapshot is taken as the developer would, then committed with the project.
      synthAndSnapshot();
      git("add -A");
      git('commit -q -m "flycell init"');
      git("push -q origin main");
    }, 240_000);

    afterAll(async () => {
      await server?.stop();
      fs.rmSync(work, { recursive: true, force: true });
    }, 60_000);

    test("the first merge deploys the example tenants, keeps each stack's state in the backend and commits the ledger", async () => {
      await deployMain();
      expect(outputs("plan").get("machine-changes")).toBe("false");
      expect(accountVolumes(work)).toEqual(["data_acme", "data_globex"]);
      expect(Object.keys(readLedgerFile(ledgerFile).tenants).sort()).toEqual(["acme", "globex"]);
      expect(git("log --format=%s -1 origin/main")).toMatch(/^ledger: deployed [0-9a-f]{40}$/);
      if (backend === "s3") expect(await (server as S3Server).listKeys("my-fleet-state")).toEqual(["my-fleet/fleet.tfstate"]);
      else expect(await (server as PostgresServer).query("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'my_fleet%'")).toContain("my_fleet_fleet");
      // The working directories hold no copy of the state: it lives in the backend only.
      expect(fs.existsSync(path.join(project, "terraform.fleet.tfstate"))).toBe(false);
    }, 300_000);

    test("a pull request adding one tenant: tests, a guarded plan per stack, a summary of exactly that tenant, the ledger checked", async () => {
      git("checkout -q -b add-initech");
      fs.writeFileSync(tenantsFile, fs.readFileSync(tenantsFile, "utf8").replace(/^(\s*)(\{ id: "acme".*\n)/m, '$1$2$1{ id: "initech", region: "ams" },\n'));
      synthAndSnapshot();
      git("commit -q -am 'add initech'");

      await runJob(PULL_REQUEST_WORKFLOW, "checks");
      const stacks = JSON.parse(outputs("checks").get("stacks") ?? "[]") as string[];
      expect(stacks).toEqual(["fleet"]);
      for (const stack of stacks) await runJob(PULL_REQUEST_WORKFLOW, "plan", { stack });
      await runJob(PULL_REQUEST_WORKFLOW, "ledger");
      await runJob(PULL_REQUEST_WORKFLOW, "summary");

      const summary = fs.readFileSync(path.join(project, "flycell-summary.md"), "utf8");
      expect(summary).toContain("initech");
      expect(summary).not.toMatch(/acme|globex/);
      // Planned, nothing applied.
      expect(accountVolumes(work)).toEqual(["data_acme", "data_globex"]);
    }, 300_000);

    test("the merge deploys it; a deploy meeting another run's lock on the state applies nothing, and goes through once it is free", async () => {
      git("checkout -q main");
      git("merge -q --ff-only add-initech");
      git("push -q origin main");
      await deployMain();
      // Adding a tenant replaces no machine: no approval is asked for.
      expect(outputs("plan").get("machine-changes")).toBe("false");
      expect(accountVolumes(work)).toEqual(["data_acme", "data_globex", "data_initech"]);
      expect(Object.keys(readLedgerFile(ledgerFile).tenants).sort()).toEqual(["acme", "globex", "initech"]);

      // The next merge, while another run (a teammate's deploy from a laptop) holds the fleet's state.
      fs.writeFileSync(tenantsFile, fs.readFileSync(tenantsFile, "utf8").replace(/^(\s*)(\{ id: "acme".*\n)/m, '$1$2$1{ id: "hooli", region: "ord" },\n'));
      synthAndSnapshot();
      git("commit -q -am 'add hooli'");
      git("push -q origin main");
      const stackDir = path.join(project, "cdktf.out", "stacks", "fleet");
      const account = path.join(work, "emulator", "data", "fly.json");

      // A deploy that may not wait (-lock-timeout=2s) fails on the lock and applies nothing.
      const impatient = spawn("terraform", ["console"], { cwd: stackDir, env, stdio: ["pipe", "ignore", "ignore"] });
      try {
        await waitForLock(backend, server);
        await expect(deployMain({ TF_CLI_ARGS_plan: "-lock-timeout=2s", TF_CLI_ARGS_apply: "-lock-timeout=2s" })).rejects.toThrow(/Error acquiring the state lock/);
        expect(accountVolumes(work)).toEqual(["data_acme", "data_globex", "data_initech"]);
        expect(Object.keys(readLedgerFile(ledgerFile).tenants)).not.toContain("hooli");
      } finally {
        impatient.stdin.end();
        await new Promise((resolve) => impatient.once("exit", resolve));
      }

      // The workflow's deploy (-lock-timeout=60s) meets a run that holds the lock, waits, and
      // applies once the holder lets go: the account as the holder let go has no hooli yet.
      const release = path.join(work, "release");
      const released = path.join(work, "account-at-release.json");
      const hold = `while [ ! -e ${JSON.stringify(release)} ]; do sleep 0.2; done | terraform console > /dev/null 2>&1; cp ${JSON.stringify(account)} ${JSON.stringify(released)}`;
      const holder = spawn("bash", ["-c", hold], { cwd: stackDir, env, stdio: "ignore" });
      const exited = new Promise((resolve) => holder.once("exit", resolve));
      await waitForLock(backend, server);
      const deploying = deployMain();
      await waitForWaiter(backend, server);
      // Not at the very moment of a refusal: Terraform then reads the lock back to say who holds it.
      await new Promise((resolve) => setTimeout(resolve, 500));
      fs.writeFileSync(release, "");
      await exited;
      await deploying;
      const heldVolumes = Object.values((JSON.parse(fs.readFileSync(released, "utf8")) as { resources: Record<string, { name?: string }> }).resources).map((r) => r.name);
      expect(heldVolumes).not.toContain("data_hooli");
      expect(accountVolumes(work)).toEqual(["data_acme", "data_globex", "data_hooli", "data_initech"]);
      expect(git("show origin/main:stacks/tenants.lock.json")).toContain('"hooli"');
    }, 400_000);
  });
});

/**
 * Until a second run waits for the lock. On S3 its lock-file write was refused (412). Terraform's
 * pg backend leaves no trace of a waiting run (each try is one quick query), so there the holder
 * keeps the lock for longer than the deploy takes to reach its plan (synth and init: under 15 s here).
 */
async function waitForWaiter(backend: "s3" | "pg", server: S3Server | PostgresServer): Promise<void> {
  if (backend === "pg") return new Promise((resolve) => setTimeout(resolve, 25_000));
  const s3 = server as S3Server;
  const refusedBefore = s3.preconditionFailures();
  for (let i = 0; i < 1200 && s3.preconditionFailures() === refusedBefore; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  if (s3.preconditionFailures() === refusedBefore) throw new Error("no second run came to wait for the lock");
}

/** Until the holder's lock is taken: S3's lock file exists, or PostgreSQL shows an advisory lock. */
async function waitForLock(backend: "s3" | "pg", server: S3Server | PostgresServer): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const held =
      backend === "s3"
        ? (await (server as S3Server).listKeys("my-fleet-state")).includes("my-fleet/fleet.tfstate.tflock")
        : (await (server as PostgresServer).query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).trim() !== "0";
    if (held) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the holding run never took the lock");
}
