/**
 * The files `flycell init` writes: a fleet repository that synthesizes, tests, plans, guards
 * and keeps its ledger with flycell. Kept as strings so they ship inside the package.
 */

import { CI_SCRIPTS } from "./ci-scripts";
import { APPROVAL_ENVIRONMENT, DEPLOY_WORKFLOW, PULL_REQUEST_WORKFLOW, workflowFiles } from "./init-workflows";

/** Exact versions the new repository pins. cdktf and constructs come from flycell's own dependencies. */
export interface InitVersions {
  /** The `flycell` dependency: the running flycell's version, or a spec such as `file:flycell-0.2.0.tgz`. */
  readonly flycell: string;
  readonly cdktf: string;
  readonly constructs: string;
}

/** The CDK the new repository builds on: CDK for Terraform, or its fork CDK Terrain. */
export type InitCdk = "cdktf" | "cdktn";
export const INIT_CDKS: readonly InitCdk[] = ["cdktf", "cdktn"];
/** Where the new repository's stacks keep their Terraform state (`stateBackend`). */
export type InitBackend = "local" | "s3" | "pg";
export const INIT_BACKENDS: readonly InitBackend[] = ["local", "s3", "pg"];

/** What `flycell init` writes a repository for. */
export interface InitOptions {
  /** The package and Fly app name. */
  readonly name: string;
  readonly versions: InitVersions;
  /** @default "local" */
  readonly backend?: InitBackend;
  /** @default "cdktf" */
  readonly cdk?: InitCdk;
}

/** CDK Terrain as flycell/cdktn is tested with it, and the constructs it allows (>=10.6 <10.8). */
export const CDKTN_VERSIONS = { cdktn: "0.24.0", "cdktn-cli": "0.24.0", constructs: "10.7.0" } as const;
/** cdktn's future flags, as `cdktn init` writes them into cdktf.json (cdktf 0.21 has none). */
const CDKTN_FUTURE_FLAGS = { failOnConstructsOutsideOfStacks: "true", canonicalAssetHashes: "true" } as const;

/** Tools the new repository pins, tested together with flycell. */
export const INIT_DEV_VERSIONS = {
  typescript: "5.9.3",
  "ts-node": "10.9.2",
  jest: "29.7.0",
  "ts-jest": "29.4.5",
  "@types/jest": "29.5.14",
  "@types/node": "20.19.0",
} as const;

const STACK_DIR = "cdktf.out/stacks/fleet";

function packageJson(name: string, versions: InitVersions, cdk: InitCdk): string {
  const tf = `terraform -chdir=${STACK_DIR}`;
  const json = {
    name,
    version: "0.1.0",
    private: true,
    description: "A cell-based fleet on Fly.io: one cell per tenant, from stacks/tenants.ts (flycell)",
    scripts: {
      // The app itself, not cdktf-cli: faster, and a refused tenant list is printed once.
      synth: "ts-node --transpile-only stacks/main.ts",
      test: "jest",
      typecheck: "tsc --noEmit -p .",
      tenants: "flycell tenants",
      plan: `npm run synth && ${tf} init -input=false && ${tf} plan -input=false -out plan.out && ${tf} show -json plan.out > plan.json`,
      guard: "flycell guard plan.json",
      summary: "flycell summary plan.json",
      // Plans, guards that very plan and applies only it, then syncs the ledger: no gap between check and apply.
      deploy: "npm run synth && flycell deploy",
      "ledger:check": "flycell ledger check",
      // What the GitHub Actions workflows run, step by step (ci-scripts.ts).
      ...CI_SCRIPTS,
    },
    dependencies:
      cdk === "cdktn"
        ? { cdktn: CDKTN_VERSIONS.cdktn, constructs: CDKTN_VERSIONS.constructs, flycell: versions.flycell }
        : { cdktf: versions.cdktf, constructs: versions.constructs, flycell: versions.flycell },
    devDependencies: cdk === "cdktn" ? { "cdktn-cli": CDKTN_VERSIONS["cdktn-cli"], ...INIT_DEV_VERSIONS } : { "cdktf-cli": versions.cdktf, ...INIT_DEV_VERSIONS },
    engines: { node: ">=20" },
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function cdktfJson(name: string, cdk: InitCdk): string {
  const json = {
    language: "typescript",
    app: "npx ts-node --transpile-only stacks/main.ts",
    projectId: name,
    sendCrashReports: "false",
    // The Fly provider's bindings come with flycell (its `fly` export): nothing to generate.
    terraformProviders: [],
    terraformModules: [],
    context: cdk === "cdktn" ? CDKTN_FUTURE_FLAGS : {},
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: "ES2022",
      module: "commonjs",
      moduleResolution: "node",
      lib: ["ES2022"],
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      forceConsistentCasingInFileNames: true,
      resolveJsonModule: true,
      noUnusedLocals: true,
      types: ["node", "jest"],
    },
    include: ["stacks/**/*.ts", "test/**/*.ts"],
  },
  null,
  2,
)}\n`;

const JEST_CONFIG = `/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
};
`;

const jestSetup = (cdk: InitCdk) => `import { Testing } from "${cdk}";

// cdktf's matchers (toHaveResource, toHaveResourceWithProperties, ...).
Testing.setupJest();
`;

/** The `stateBackend` line of the fleet, and what it says about the state's keys. */
function stateBackendLines(name: string, backend: InitBackend): string {
  switch (backend) {
    case "local":
      return `  // State files terraform.<stack>.tfstate in the project root (git-ignored): for one person.
  // A team keeps state in a bucket or a database: see README.md, "State".
  stateBackend: { type: "local" },`;
    case "s3":
      return `  // Each stack's state at s3://${name}-state/${name}/<stack>.tfstate, locked by Terraform's lock file.
  // Endpoint, region and keys come from the environment (AWS_ENDPOINT_URL_S3, AWS_REGION,
  // AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), as \`fly storage create\` prints them for Tigris.
  stateBackend: { type: "s3", bucket: "${name}-state", usePathStyle: true },`;
    case "pg":
      return `  // Each stack's state in the PostgreSQL schema ${name.replace(/-/g, "_")}_<stack>, locked by the server;
  // the connection string comes from the environment (PG_CONN_STR).
  stateBackend: { type: "pg" },`;
  }
}

function fleetTs(name: string, backend: InitBackend, cdk: InitCdk): string {
  return `import * as path from "path";
import { TerraformStack, TerraformVariable } from "${cdk}";
import { fly, FleetInput } from "${cdk === "cdktn" ? "flycell/cdktn" : "flycell"}";
import { tenants } from "./tenants";

/** The fleet: one Fly app, and a cell (a machine and its volume) per tenant in tenants.ts. */
export const fleet: FleetInput = {
  appName: "${name}", // the Fly app: globally unique on Fly
  image: "registry.fly.io/${name}:latest",
  tenants,
${stateBackendLines(name, backend)}
};

/** What is deployed, written by \`flycell ledger sync\` after each deploy; commit it. */
export const LEDGER_FILE = path.join(__dirname, "tenants.lock.json");

/** Every stack: the Fly provider (the fleet gives each stack its state). */
export function configureStack(stack: TerraformStack): void {
  const org = new TerraformVariable(stack, "fly_org", {
    type: "string",
    default: "personal",
    description: "Fly organization slug that owns the fleet",
  });
  // The API token comes from FLY_API_TOKEN at plan and apply time, never from the code.
  new fly.provider.FlyProvider(stack, "fly", { orgSlug: org.stringValue });
}
`;
}

const mainTs = (cdk: InitCdk) => `/** The fleet's ${cdk} app (\`npm run synth\`): judged against the ledger, then synthesized to cdktf.out/. */
import { synthFleetApp } from "${cdk === "cdktn" ? "flycell/cdktn" : "flycell"}";
import { configureStack, fleet, LEDGER_FILE } from "./fleet";

synthFleetApp({ fleet, ledgerFile: LEDGER_FILE, configureStack });
`;

const tenantsTs = (cdk: InitCdk) => `import type { TenantSpec } from "${cdk === "cdktn" ? "flycell/cdktn" : "flycell"}";

/**
 * The fleet's tenants: one line per customer, one cell each. Adding a customer is adding a
 * line; order does not matter. Never delete a deployed tenant's line: its volume holds the
 * customer's data. Set status "decommissioned", deploy, then "released" (see README.md).
 */
export const tenants: readonly TenantSpec[] = [
  { id: "acme", region: "ams" },
  { id: "globex", region: "ord", hostnames: ["app.globex.com"] },
];
`;

const EMPTY_LEDGER = `${JSON.stringify({ version: 1, tenants: {} }, null, 2)}\n`;

const fleetTest = (cdk: InitCdk) => `import { TerraformStack, Testing } from "${cdk}";
import { CellFleet, readLedgerFile } from "${cdk === "cdktn" ? "flycell/cdktn" : "flycell"}";
import { configureStack, fleet, LEDGER_FILE } from "../stacks/fleet";
import { tenants } from "../stacks/tenants";

/** The fleet's stack as \`npm run synth\` makes it, judged against the committed ledger. */
function synthFleet(): string {
  const stack = new TerraformStack(Testing.app(), "fleet");
  configureStack(stack);
  new CellFleet(stack, "fleet", { ...fleet, ledger: readLedgerFile(LEDGER_FILE) });
  return Testing.synth(stack);
}

type Resources = Record<string, Record<string, { name: string; region: string }>>;

describe("the fleet", () => {
  it("synthesizes to the reviewed configuration", () => {
    // Review a change to this snapshot like a plan; accept it with \`npx jest -u\`.
    expect(synthFleet()).toMatchSnapshot();
  });

  it("gives every active tenant a machine in its region, and every tenant not released a volume", () => {
    const { resource } = JSON.parse(synthFleet()) as { resource: Resources };
    const placed = (type: string) => Object.values(resource[type] ?? {}).map((r) => \`\${r.name} in \${r.region}\`).sort();
    const active = tenants.filter((t) => (t.status ?? "active") === "active");
    expect(placed("fly_machine")).toEqual(active.map((t) => \`\${t.id} in \${t.region}\`).sort());
    expect(placed("fly_volume")).toHaveLength(tenants.filter((t) => t.status !== "released").length);
  });
});
`;

const GITIGNORE = `node_modules/
cdktf.out/
*.tfstate
*.tfstate.*
.terraform/
plan.out
plan.json
flycell-summary.md
`;

function readme(name: string, backend: InitBackend): string {
  const deployRow =
    backend === "local" ? "" : `| \`${DEPLOY_WORKFLOW}\` | CI on a merge: deploy in order, an approval before a machine is replaced, the ledger committed |\n`;
  return `# ${name}

A cell-based fleet on [Fly.io](https://fly.io), built with [flycell](https://www.npmjs.com/package/flycell):
every tenant gets a cell of its own, one Fly Machine and its volume in the tenant's region.

| file | what it is |
|---|---|
| \`stacks/tenants.ts\` | the tenant list: one line per tenant |
| \`stacks/fleet.ts\` | the fleet's settings (app, image), its Terraform state and the Fly provider |
| \`stacks/main.ts\` | the cdktf app: \`npm run synth\` writes \`cdktf.out/stacks/fleet/\` |
| \`stacks/tenants.lock.json\` | the ledger: what is deployed, written by \`flycell ledger sync\` |
| \`test/fleet.test.ts\` | a snapshot of the synthesized stack, and a machine per tenant |
| \`${PULL_REQUEST_WORKFLOW}\` | CI on a pull request: synth, tests, each stack planned and guarded, one summary comment |
${deployRow}
## Start

\`\`\`sh
npm install
npm run synth           # writes cdktf.out/stacks/fleet/cdk.tf.json; needs no Fly account
npm test                # the first run records test/__snapshots__: commit it
\`\`\`

## Add a tenant

Add a line to \`stacks/tenants.ts\`, e.g. \`{ id: "hooli", region: "sjc" }\`, then:

\`\`\`sh
npx flycell tenants     # the list as flycell sees it (an invalid line is refused, with the reason)
npm test -- -u          # review the snapshot change like a plan, then commit it with the line
\`\`\`

## Deploy

\`\`\`sh
export FLY_API_TOKEN="$(fly tokens create org my-org)" TF_VAR_fly_org=my-org
npm run plan            # for review: synth, terraform plan, plan.json
npm run summary         # what the plan does per tenant (Markdown for the pull request)
npm run guard           # exit 1: the plan destroys or replaces a volume no tenant released
npm run deploy          # synth, then flycell deploy: plans, guards that plan, applies only it, syncs the ledger
git add stacks/tenants.lock.json && git commit -m "ledger: deployed"
\`\`\`

\`npm run deploy\` never applies a plan the guard refused: it plans again (\`cdktf.out/stacks/fleet/plan.out\`),
runs the guard on exactly that plan and applies it only when the guard passes; a refusal exits 1 and
applies nothing. \`npm run deploy -- --plan-only\` stops before applying; \`-- --unguarded\` applies what
the guard refuses (a volume is destroyed: only on purpose). \`-- --terraform tofu\` runs OpenTofu.

The ledger (\`stacks/tenants.lock.json\`) records what is deployed: each tenant's region, volume
size and status. \`npm run synth\` reads it and refuses a tenant list that would lose a volume
(a line removed, a region changed, a volume shrunk). \`npm run deploy\` syncs it after applying;
commit it. \`npx flycell ledger check\` exits 1 when it is out of date.

## Remove a tenant

Never delete a deployed line. Set \`status: "decommissioned"\` and deploy (the machine goes, the
volume stays), keep a backup as long as you promised, then set \`status: "released"\` and deploy
(the volume goes). The line stays, so the id is never reused.

${ciSection(backend)}

## State

${stateWhere(name, backend)} Every stack has its own state.
To move it, change \`stateBackend\` in \`stacks/fleet.ts\`, then:

\`\`\`sh
${STATE_MOVE}
\`\`\`
`;
}

/** The README's CI section: what the workflows do and what the repository must hold for them. */
function ciSection(backend: InitBackend): string {
  const secrets =
    backend === "s3"
      ? "`FLY_API_TOKEN`, `FLY_ORG`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_ENDPOINT_URL_S3` (Tigris: `https://fly.storage.tigris.dev`) and `AWS_REGION` (default `auto`)"
      : backend === "pg"
        ? "`FLY_API_TOKEN`, `FLY_ORG` and `PG_CONN_STR`"
        : "`FLY_API_TOKEN` and `FLY_ORG`";
  const deploy =
    backend === "local"
      ? `With local state there is no deploy workflow: CI has none of the state, so it would create the
fleet again. Move the state to S3 or PostgreSQL (below) for a team that deploys from CI.`
      : `On a merge, \`${DEPLOY_WORKFLOW}\` plans every stack (\`npm run ci:plan\`). When a plan
destroys or replaces a machine, or a stack cannot be planned before the others apply
(\`npm run ci:approval\`), the deploy waits in the \`${APPROVAL_ENVIRONMENT}\` environment: give it required
reviewers (Settings → Environments). Otherwise \`npm run ci:deploy\` refuses any machine replacement.
The deploy runs the stacks in order, applies exactly the plans the guard passed, syncs the ledger
and commits it. One deploy runs at a time.`;
  return `## CI (GitHub Actions)

On a pull request, \`${PULL_REQUEST_WORKFLOW}\` synthesizes and tests once, plans and
guards each stack (\`npm run ci:plan -- cdktf.out/stacks/<stack>\`; a refusal fails the check),
checks the ledger, and keeps one comment with \`npm run ci:summary\`'s per-stack summary up to date.
${deploy}

Every step is \`npm ci\` or an \`npm run ci:…\` script of package.json: run them yourself to see what
CI sees. Repository secrets: ${secrets}.`;
}

/** Where the state lives, in one sentence per backend: `flycell init` prints it, the README says it. */
export function stateWhere(name: string, backend: InitBackend): string {
  switch (backend) {
    case "local":
      return "State lives in terraform.<stack>.tfstate files in the project root, for one person (git-ignored); CI's deploy workflow needs it shared (--backend s3 or pg), so none is written.";
    case "s3":
      return `State lives in the S3 bucket ${name}-state (Tigris or any S3 API), key ${name}/<stack>.tfstate, from the AWS_* variables.`;
    case "pg":
      return `State lives in PostgreSQL (PG_CONN_STR), schema ${name.replace(/-/g, "_")}_<stack>.`;
  }
}

/** Moving state to the backend `stateBackend` now names: Terraform copies it, stack by stack. */
export const STATE_MOVE = `npm run synth
for stack in cdktf.out/stacks/*/; do terraform -chdir="$stack" init -migrate-state; done`;

/** Every file of a new fleet repository, by path relative to it. */
export function initFiles(options: InitOptions): Record<string, string> {
  const { name, versions } = options;
  const backend = options.backend ?? "local";
  const cdk = options.cdk ?? "cdktf";
  return {
    "package.json": packageJson(name, versions, cdk),
    "cdktf.json": cdktfJson(name, cdk),
    "tsconfig.json": TSCONFIG,
    "jest.config.js": JEST_CONFIG,
    ".gitignore": GITIGNORE,
    "README.md": readme(name, backend),
    "stacks/fleet.ts": fleetTs(name, backend, cdk),
    "stacks/main.ts": mainTs(cdk),
    "stacks/tenants.ts": tenantsTs(cdk),
    "stacks/tenants.lock.json": EMPTY_LEDGER,
    "test/setup.ts": jestSetup(cdk),
    "test/fleet.test.ts": fleetTest(cdk),
    ...Object.fromEntries(workflowFiles({ backend })),
  };
}

/** Files that must be executable: none since the CI steps are npm scripts. */
export const EXECUTABLE_FILES: readonly string[] = [];
