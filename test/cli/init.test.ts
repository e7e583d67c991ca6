import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { EMPTY_LEDGER, FleetInput, planFleet, synthFleetApp } from "../../lib";
import type { TerraformStack } from "cdktf";
import { fleetNameFor } from "../../lib/cli/init";
import { CI_SCRIPTS } from "../../lib/cli/ci-scripts";
import { DEPLOY_WORKFLOW, PULL_REQUEST_WORKFLOW, workflowFiles } from "../../lib/cli/init-workflows";
import { runCli } from "../../lib/cli/run";
import { flycell, ROOT } from "./run-cli";

const OWN = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  version: string;
  devDependencies: Record<string, string>;
};
const FILES = [
  ".github/workflows/flycell-pull-request.yml",
  ".gitignore",
  "README.md",
  "cdktf.json",
  "jest.config.js",
  "package.json",
  "stacks/fleet.ts",
  "stacks/main.ts",
  "stacks/tenants.lock.json",
  "stacks/tenants.ts",
  "test/fleet.test.ts",
  "test/setup.ts",
  "tsconfig.json",
];

/** `flycell init <args>` in this process, its output kept from the test log. */
function init(...args: string[]): number {
  const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
  const error = jest.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    return runCli(["init", ...args]);
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

/** A fresh path inside the repository (.tmp/jest, emptied per run), so `cdktf` resolves from there. */
function freshDir(name: string): string {
  const tmp = path.join(ROOT, ".tmp", "jest");
  fs.mkdirSync(tmp, { recursive: true });
  return path.join(fs.mkdtempSync(path.join(tmp, "flycell-init-")), name);
}

function filesUnder(dir: string, rel = ""): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const child = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(dir, child) : [child];
  });
}

/** `flycell` in the new repository's node_modules, as `npm link` would: this repository's sources. */
function linkFlycell(dir: string): void {
  const linked = path.join(dir, "node_modules", "flycell");
  fs.mkdirSync(linked, { recursive: true });
  const lib = JSON.stringify(path.join(ROOT, "lib"));
  fs.writeFileSync(path.join(linked, "index.js"), `module.exports = require(${lib});\n`);
  fs.writeFileSync(path.join(linked, "index.d.ts"), `export * from ${lib};\n`);
}

describe("flycell init <dir>", () => {
  const dir = freshDir("My Fleet");
  const read = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");
  const json = (file: string) => JSON.parse(read(file));
  beforeAll(() => {
    expect(init(dir)).toBe(0);
    expect(filesUnder(dir).sort()).toEqual(FILES);
    linkFlycell(dir);
  });

  it("writes the fleet repository's files, the JSON ones valid", () => {
    for (const file of FILES.filter((f) => f.endsWith(".json"))) expect(() => json(file)).not.toThrow();
  });

  it("pins flycell at this version, cdktf and constructs as flycell is tested with them", () => {
    const pkg = json("package.json");
    expect(pkg.name).toBe("my-fleet");
    expect(pkg.dependencies).toEqual({ flycell: OWN.version, cdktf: OWN.devDependencies.cdktf, constructs: OWN.devDependencies.constructs });
    expect(pkg.devDependencies).toEqual({
      "cdktf-cli": OWN.devDependencies.cdktf,
      typescript: "5.9.3",
      "ts-node": "10.9.2",
      jest: "29.7.0",
      "ts-jest": "29.4.5",
      "@types/jest": "29.5.14",
      "@types/node": "20.19.0",
    });
    for (const version of [...Object.values(pkg.dependencies), ...Object.values(pkg.devDependencies)]) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.scripts).toMatchObject({ synth: "ts-node --transpile-only stacks/main.ts", test: "jest", guard: "flycell guard plan.json", summary: "flycell summary plan.json" });
    // The deploy plans, guards and applies in one command: nothing applies a plan the guard has not passed.
    expect(pkg.scripts.deploy).toBe("npm run synth && flycell deploy");
  });

  it("configures cdktf, TypeScript and jest", () => {
    expect(json("cdktf.json")).toMatchObject({ language: "typescript", app: "npx ts-node --transpile-only stacks/main.ts", terraformProviders: [] });
    expect(json("tsconfig.json").compilerOptions.strict).toBe(true);
    expect(read("jest.config.js")).toContain('preset: "ts-jest"');
    expect(read("test/setup.ts")).toContain("Testing.setupJest()");
  });

  it("starts with an empty ledger and two example tenants", () => {
    expect(json("stacks/tenants.lock.json")).toEqual(EMPTY_LEDGER);
    expect(read("stacks/tenants.ts").match(/\{ id: "[a-z]+"/g)).toHaveLength(2);
    expect(read("stacks/main.ts")).toContain("synthFleetApp({ fleet, ledgerFile: LEDGER_FILE, configureStack });");
    expect(read(".gitignore").split("\n")).toEqual(expect.arrayContaining(["node_modules/", "cdktf.out/", "*.tfstate", "plan.json"]));
  });

  it("writes the pull request workflow, whose steps are the package's ci:* scripts, and no ci.sh", () => {
    const pkg = json("package.json");
    expect(pkg.scripts).toMatchObject(CI_SCRIPTS);
    expect(read(PULL_REQUEST_WORKFLOW)).toBe(workflowFiles({ backend: "local" }).get(PULL_REQUEST_WORKFLOW));
    expect(fs.existsSync(path.join(dir, "ci.sh"))).toBe(false);
    expect(read("README.md")).toContain("## CI (GitHub Actions)");
    expect(read("README.md")).toContain("there is no deploy workflow");
    expect(read(".gitignore").split("\n")).toContain("flycell-summary.md");
  });

  it("writes a fleet that is valid and synthesizes a machine per tenant", () => {
    const generated = jest.requireActual(path.join(dir, "stacks", "fleet.ts")) as {
      fleet: FleetInput;
      configureStack: (stack: TerraformStack) => void;
      LEDGER_FILE: string;
    };
    expect(generated.fleet.appName).toBe("my-fleet");
    expect(planFleet(generated.fleet).cells.map((c) => c.tenantId)).toEqual(["acme", "globex"]);
    const outdir = freshDir("cdktf.out");
    synthFleetApp({ ...generated, ledgerFile: generated.LEDGER_FILE, outdir });
    const stack = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "fleet", "cdk.tf.json"), "utf8"));
    expect(Object.values(stack.resource.fly_machine).map((m) => (m as { name: string }).name).sort()).toEqual(["acme", "globex"]);
    expect(stack.terraform.backend).toEqual({ local: { path: "../../../terraform.fleet.tfstate" } });
  });

  it("writes TypeScript that compiles against flycell's API (strict, as its tsconfig says)", () => {
    const { options } = ts.convertCompilerOptionsFromJson(json("tsconfig.json").compilerOptions, dir);
    const program = ts.createProgram(
      FILES.filter((f) => f.endsWith(".ts")).map((f) => path.join(dir, f)),
      { ...options, noEmit: true },
    );
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
  }, 120_000);

  it("takes another flycell dependency with --flycell, for a packed tarball", () => {
    const other = freshDir("fleet");
    expect(init(other, "--flycell", "file:/tmp/flycell-0.2.0.tgz")).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(other, "package.json"), "utf8")).dependencies.flycell).toBe("file:/tmp/flycell-0.2.0.tgz");
  });

  it("writes into an empty directory, and refuses a non-empty one or a file (exit 2), writing nothing", () => {
    const empty = freshDir("empty");
    fs.mkdirSync(empty);
    expect(init(empty)).toBe(0);
    expect(init(empty)).toBe(2);
    const file = path.join(freshDir("x"), "..", "a-file");
    fs.writeFileSync(file, "");
    expect(init(file)).toBe(2);
    expect(fs.readFileSync(file, "utf8")).toBe("");
  });

  it("refuses a dangling link or a path under a file in one line, without a stack trace (exit 2)", () => {
    const base = path.dirname(freshDir("x"));
    const dangling = path.join(base, "dangling");
    fs.symlinkSync(path.join(base, "nowhere"), dangling);
    const link = flycell(["init", dangling]);
    expect([link.code, link.stdout]).toEqual([2, ""]);
    expect(link.stderr).toBe(`flycell init: ${JSON.stringify(dangling)} is a symbolic link to nothing; give a new or empty directory\n`);
    expect(fs.existsSync(path.join(base, "nowhere"))).toBe(false);

    const file = path.join(base, "a-file");
    fs.writeFileSync(file, "");
    const under = flycell(["init", path.join(file, "fleet")]);
    expect([under.code, under.stdout]).toEqual([2, ""]);
    expect(under.stderr).toMatch(/^flycell init: ".*a-file\/fleet" cannot be created: ENOTDIR, \w+ ".*a-file\/fleet.*"\n$/);
  }, 60_000);

  it("names the package and the Fly app after the directory, as a Fly app name", () => {
    expect(fleetNameFor("/x/My Fleet_2")).toBe("my-fleet-2");
    expect(fleetNameFor("acme-cells")).toBe("acme-cells");
    expect(fleetNameFor("42")).toBe("fleet-42");
    expect(fleetNameFor("---")).toBe("fleet");
    expect(fleetNameFor("a".repeat(80))).toHaveLength(30);
  });
});

describe("flycell init --backend, --cdk", () => {
  /** A repository written with `args`, what init printed, and its fleet synthesized with this repository's flycell. */
  function initWith(name: string, ...args: string[]) {
    const dir = freshDir(name);
    const printed: string[] = [];
    const log = jest.spyOn(console, "log").mockImplementation((line: string) => void printed.push(line));
    try {
      expect(runCli(["init", dir, ...args])).toBe(0);
    } finally {
      log.mockRestore();
    }
    linkFlycell(dir);
    const read = (file: string) => fs.readFileSync(path.join(dir, file), "utf8");
    const synth = () => {
      const generated = jest.requireActual(path.join(dir, "stacks", "fleet.ts")) as {
        fleet: FleetInput;
        configureStack: (stack: TerraformStack) => void;
        LEDGER_FILE: string;
      };
      const outdir = freshDir("cdktf.out");
      synthFleetApp({ ...generated, ledgerFile: generated.LEDGER_FILE, outdir });
      return fs.readFileSync(path.join(outdir, "stacks", "fleet", "cdk.tf.json"), "utf8");
    };
    return { dir, read, printed: printed.join("\n"), synth };
  }

  it("local (the default): state files in the project root, and init prints where they are and how to move them", () => {
    const project = initWith("solo-fleet");
    expect(JSON.parse(project.synth()).terraform.backend).toEqual({ local: { path: "../../../terraform.fleet.tfstate" } });
    expect(project.printed).toContain("State lives in terraform.<stack>.tfstate files in the project root");
    expect(project.printed).toContain("CI's deploy workflow needs it shared (--backend s3 or pg), so none is written");
    expect(fs.existsSync(path.join(project.dir, DEPLOY_WORKFLOW))).toBe(false);
    expect(project.printed).toContain("init -migrate-state");
    expect(project.read("README.md")).toContain('for stack in cdktf.out/stacks/*/; do terraform -chdir="$stack" init -migrate-state; done');
  });

  it("s3: a key per stack under the app's prefix, locked by Terraform's lock file, no credential in the JSON", () => {
    const project = initWith("team-fleet", "--backend", "s3");
    const json = project.synth();
    expect(JSON.parse(json).terraform.backend.s3).toMatchObject({ bucket: "team-fleet-state", key: "team-fleet/fleet.tfstate", use_lockfile: true, use_path_style: true });
    expect(json).not.toMatch(/access_key|secret_key|AWS_/);
    expect(project.printed).toContain("State lives in the S3 bucket team-fleet-state");
    // A shared state: both workflows, the deploy one with the S3 credentials from secrets.
    expect(project.read(DEPLOY_WORKFLOW)).toBe(workflowFiles({ backend: "s3" }).get(DEPLOY_WORKFLOW));
    expect(project.read("README.md")).toContain("`AWS_ENDPOINT_URL_S3`");
  });

  it("pg: a schema per stack, the connection string only from PG_CONN_STR", () => {
    const project = initWith("pg-fleet", "--backend", "pg");
    const json = project.synth();
    expect(JSON.parse(json).terraform.backend).toEqual({ pg: { schema_name: "pg_fleet_fleet" } });
    expect(project.printed).toContain("State lives in PostgreSQL (PG_CONN_STR), schema pg_fleet_<stack>");
    expect(project.read(DEPLOY_WORKFLOW)).toBe(workflowFiles({ backend: "pg" }).get(DEPLOY_WORKFLOW));
    expect(project.read("README.md")).toContain("`PG_CONN_STR`");
  });

  it("cdktn: CDK Terrain and flycell/cdktn, with the future flags cdktn init writes", () => {
    const project = initWith("terrain-fleet", "--cdk", "cdktn");
    const pkg = JSON.parse(project.read("package.json"));
    expect(pkg.dependencies).toEqual({ cdktn: "0.24.0", constructs: "10.7.0", flycell: OWN.version });
    expect(pkg.devDependencies["cdktn-cli"]).toBe("0.24.0");
    expect(pkg.devDependencies["cdktf-cli"]).toBeUndefined();
    expect(JSON.parse(project.read("cdktf.json")).context).toEqual({ failOnConstructsOutsideOfStacks: "true", canonicalAssetHashes: "true" });
    for (const file of ["stacks/fleet.ts", "stacks/main.ts", "stacks/tenants.ts", "test/fleet.test.ts", "test/setup.ts"]) {
      const imports = [...project.read(file).matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
      expect(imports.filter((m) => /^(cdktf|flycell)$/.test(m))).toEqual([]);
    }
    expect(project.read("stacks/fleet.ts")).toContain('from "flycell/cdktn"');
  });

  it("refuses an unknown backend or cdk (exit 2), writing nothing", () => {
    for (const args of [["--backend", "s4"], ["--cdk", "cdk8s"]]) {
      const dir = freshDir("refused");
      const r = flycell(["init", dir, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/argument '(s4|cdk8s)' is invalid. Allowed choices are/);
      expect(fs.existsSync(dir)).toBe(false);
    }
  }, 60_000);
});
