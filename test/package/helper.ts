/**
 * Installing flycell as users do: `npm pack` of the working tree (as a clean clone would have it)
 * and consumer projects that install the tarball from disk and everything else from the npm
 * registry. Used by test/package/*.test.ts; `makeConsumer` is the hook for more consumers.
 */
import { spawn, spawnSync, SpawnSyncReturns } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.join(__dirname, "..", "..");
/** The packed tarball (by content) and the clone it is packed from. */
export const PACKAGE_TMP = path.join(ROOT, ".tmp", "package");

/**
 * Where consumer projects go: outside this repository, because Node and TypeScript look for
 * packages in every parent directory's node_modules, and this repository's would stand in for
 * whatever a consumer lacks (cdktf in a project without it, for one). `FLYCELL_CONSUMERS_DIR`
 * overrides it. Not os.tmpdir(): the test setup points TMPDIR into the repository.
 */
export const CONSUMERS_DIR = process.env.FLYCELL_CONSUMERS_DIR ?? path.join(path.parse(ROOT).root, "tmp", "flycell-consumers");

/** The node_modules directories in `dir`'s parents: where Node would also look for packages. */
export function parentNodeModules(dir: string): string[] {
  const found: string[] = [];
  for (let at = path.dirname(path.resolve(dir)); ; at = path.dirname(at)) {
    if (fs.existsSync(path.join(at, "node_modules"))) found.push(path.join(at, "node_modules"));
    if (path.dirname(at) === at) return found;
  }
}

/** Installs are quick and quiet; the npm cache (~/.npm unless configured) is shared. */
export const NPM_INSTALL = ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];

/**
 * The environment for child processes, without what `npm test` sets for its own project:
 * `npm_config_local_prefix` and friends would point a nested npm back at this repository.
 * Registry, cache and proxy settings pass through.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = /^npm_config_(registry|cache|userconfig|globalconfig|cafile|strict_ssl|proxy|https_proxy|noproxy|@.*:registry)$/i;
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !keep.test(key)) continue;
    if (["INIT_CWD", "NODE_OPTIONS", "NODE_PATH", "TS_NODE_PROJECT", "TS_NODE_COMPILER_OPTIONS", "CDKTF_OUTDIR", "CDKTF_CONTEXT_JSON"].includes(key)) continue;
    env[key] = value;
  }
  return { ...env, CHECKPOINT_DISABLE: "1", NO_UPDATE_NOTIFIER: "1", ...extra };
}

export interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion; throws with its output unless it exits 0 (or `allowFailure`). */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; allowFailure?: boolean; timeoutMs?: number },
): RunResult {
  const r: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd: options.cwd,
    env: childEnv(options.env),
    encoding: "utf8",
    timeout: options.timeoutMs ?? 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`${command} ${args.join(" ")} (in ${options.cwd}): ${r.error.message}`);
  const result = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  if (!options.allowFailure && r.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} (in ${options.cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  }
  return result;
}

/** The npm that runs these tests (the one on PATH). */
export function npm(args: readonly string[], cwd: string, allowFailure = false): RunResult {
  return run("npm", args, { cwd, allowFailure });
}

/** What is never part of a clone, for a tree that is not a git work tree (.gitignore's directories). */
const NOT_IN_A_CLONE = /^(\.git|node_modules|dist|cdktf\.out|\.tmp|coverage|\.terraform|\.emulator|emulator\/dist)(\/|$)/;

/**
 * The files a clean clone of the working tree has: tracked and untracked-but-not-ignored
 * (git ls-files), sorted. Outside a git work tree, every file but the ignored directories.
 */
export function cloneFiles(root = ROOT): string[] {
  const git = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  let files: string[];
  if (git.status === 0) {
    files = [...new Set(git.stdout.split("\0").filter((f) => f !== ""))];
  } else {
    files = [];
    const walk = (rel: string): void => {
      for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
        const child = rel ? `${rel}/${e.name}` : e.name;
        if (NOT_IN_A_CLONE.test(child)) continue;
        if (e.isDirectory()) walk(child);
        else files.push(child);
      }
    };
    walk("");
  }
  return files.filter((f) => fs.existsSync(path.join(root, f)) && fs.statSync(path.join(root, f)).isFile()).sort();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withLock<T>(lock: string, work: () => T): Promise<T> {
  for (let waited = 0; ; waited += 500) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      // A lock left by a killed run is taken over after ten minutes.
      if (Date.now() - fs.statSync(lock).mtimeMs > 600_000) fs.rmSync(lock, { recursive: true, force: true });
      if (waited > 900_000) throw new Error(`${lock}: still locked after 15 minutes`);
      await sleep(500);
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

let packed: Promise<string> | undefined;

/**
 * The flycell tarball of the working tree: its files copied as a clean clone has them (no dist/,
 * no .tmp/; node_modules linked) and `npm pack` run there, so `prepack` builds from scratch.
 * Packed once per content: test files, and later runs with the same files, reuse it.
 */
export function packFlycell(): Promise<string> {
  packed ??= packOnce();
  return packed;
}

async function packOnce(): Promise<string> {
  const files = cloneFiles();
  const hash = createHash("sha256");
  for (const f of files) hash.update(`${f}\0`).update(fs.readFileSync(path.join(ROOT, f))).update("\0");
  const key = hash.digest("hex").slice(0, 16);
  const dir = path.join(PACKAGE_TMP, `pack-${key}`);
  const done = path.join(dir, "tarball.txt");
  fs.mkdirSync(PACKAGE_TMP, { recursive: true });
  return withLock(path.join(PACKAGE_TMP, "pack.lock"), () => {
    if (fs.existsSync(done)) return path.join(dir, fs.readFileSync(done, "utf8").trim());
    // Tarballs of other contents are of no more use.
    for (const old of fs.readdirSync(PACKAGE_TMP).filter((d) => d.startsWith("pack-"))) {
      fs.rmSync(path.join(PACKAGE_TMP, old), { recursive: true, force: true });
    }
    const clone = path.join(dir, "clone");
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(clone, f)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, f), path.join(clone, f));
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"), "dir");
    const out = npm(["pack", "--json", "--pack-destination", dir, "--loglevel=error"], clone).stdout;
    const [{ filename }] = JSON.parse(out.slice(out.indexOf("["))) as { filename: string }[];
    fs.writeFileSync(done, `${filename}\n`);
    return path.join(dir, filename);
  });
}

/** The files in a tarball, without the leading `package/`. */
export function tarballFiles(tarball: string): string[] {
  return run("tar", ["-tzf", tarball], { cwd: path.dirname(tarball) })
    .stdout.split("\n")
    .filter((l) => l !== "")
    .map((l) => l.replace(/^package\//, ""))
    .sort();
}

export interface ConsumerSpec {
  /** Directory name, under CONSUMERS_DIR in a directory of this process's own. */
  readonly name: string;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  /** Files to write, by path relative to the project (package.json is written from the fields above). */
  readonly files?: Record<string, string>;
  /** Extra package.json fields (e.g. `private`, `scripts`). */
  readonly packageJson?: Record<string, unknown>;
}

export interface Consumer {
  readonly dir: string;
  /** Runs a command in the project. */
  run(command: string, args: readonly string[], options?: { allowFailure?: boolean; env?: Record<string, string> }): RunResult;
  /** Runs `node_modules/.bin/<bin>`. */
  bin(name: string, args: readonly string[], options?: { allowFailure?: boolean }): RunResult;
  /** Runs a Node script in the project with the Node running the tests. */
  node(args: readonly string[], options?: { allowFailure?: boolean; env?: Record<string, string> }): RunResult;
  /** The installed version of a package, or undefined when it is not installed. */
  installed(pkg: string): string | undefined;
  read(file: string): string;
  write(file: string, text: string): void;
}

/**
 * A fresh, empty directory for a consumer project: under CONSUMERS_DIR, in a directory of this
 * process's own, with no node_modules in any parent.
 */
export function consumerDir(name: string): string {
  const dir = path.join(CONSUMERS_DIR, `run-${process.pid}`, name);
  const leaks = parentNodeModules(dir);
  if (leaks.length > 0) throw new Error(`${dir}: packages would also resolve from ${leaks.join(", ")}; set FLYCELL_CONSUMERS_DIR elsewhere`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * A project directory as a Consumer, e.g. one `flycell init` wrote:
 *
 *   const dir = consumerDir("flycell-init");
 *   someConsumer.bin("flycell", ["init", dir]);           // a consumer that has flycell installed
 *   npm(["install", ...NPM_INSTALL.slice(1), tarball], dir); // this tarball instead of the registry's
 *   const project = consumerIn(dir);                     // then tsc, synthesize(project), flycell guard …
 */
export function consumerIn(dir: string): Consumer {
  return {
    dir,
    run: (command, args, options = {}) => run(command, args, { cwd: dir, ...options }),
    bin: (name, args, options = {}) => run(path.join(dir, "node_modules", ".bin", name), args, { cwd: dir, ...options }),
    node: (args, options = {}) => run(process.execPath, args, { cwd: dir, ...options }),
    installed: (name) => {
      const file = path.join(dir, "node_modules", name, "package.json");
      return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version : undefined;
    },
    read: (file) => fs.readFileSync(path.join(dir, file), "utf8"),
    write: (file, text) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    },
  };
}

/**
 * A project that depends on the flycell tarball (as `file:`) and on `dependencies` from the
 * registry, installed with one `npm install`. The hook for any consumer layout, e.g. a
 * `cdktf init` project (`cdktfInitProject`).
 */
export function makeConsumer(tarball: string, spec: ConsumerSpec): Consumer {
  const consumer = consumerIn(consumerDir(spec.name));
  const pkg = {
    name: spec.name,
    version: "1.0.0",
    private: true,
    ...spec.packageJson,
    dependencies: { ...spec.dependencies, flycell: `file:${tarball}` },
    devDependencies: { ...spec.devDependencies },
  };
  consumer.write("package.json", `${JSON.stringify(pkg, null, 2)}\n`);
  for (const [file, text] of Object.entries(spec.files ?? {})) consumer.write(file, text);
  npm(NPM_INSTALL, consumer.dir);
  return consumer;
}

/** tsconfig.json exactly as `cdktf init --template=typescript` (cdktf-cli 0.21.0) writes it. */
export const CDKTF_INIT_TSCONFIG = {
  compilerOptions: {
    alwaysStrict: true,
    declaration: true,
    experimentalDecorators: true,
    inlineSourceMap: true,
    inlineSources: true,
    lib: ["es2018"],
    module: "CommonJS",
    noEmitOnError: true,
    noFallthroughCasesInSwitch: true,
    noImplicitAny: true,
    noImplicitReturns: true,
    noImplicitThis: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    resolveJsonModule: true,
    strict: true,
    strictNullChecks: true,
    strictPropertyInitialization: true,
    stripInternal: true,
    target: "ES2018",
    incremental: true,
    skipLibCheck: true,
  },
  include: ["**/*.ts"],
  exclude: ["node_modules", "cdktf.out"],
};

/**
 * A consumer laid out as `cdktf init --template=typescript` lays one out: cdktf.json running
 * `npx ts-node main.ts`, the init tsconfig, main.ts, and the init's dependencies (the CDK
 * package and constructs; typescript, ts-node, @types/node). TypeScript is pinned to 5.9, as a
 * bare install now brings TypeScript 7, which ts-node cannot use (DESIGN §3).
 */
export function cdktfInitProject(
  tarball: string,
  options: {
    name: string;
    cdk: Record<string, string>;
    mainTs: string;
    /** cdktf.json's `context`: the CDK's future flags, as its `init` writes them (cdktf 0.21 has none). */
    context?: Record<string, string>;
    files?: Record<string, string>;
  },
): Consumer {
  return makeConsumer(tarball, {
    name: options.name,
    packageJson: {
      main: "main.js",
      types: "main.ts",
      license: "MPL-2.0",
      scripts: { build: "tsc", synth: "cdktf synth", compile: "tsc --pretty" },
      engines: { node: ">=20.9" },
    },
    dependencies: options.cdk,
    devDependencies: { "@types/node": "^20.19.0", typescript: "5.9.3", "ts-node": "^10.9.2" },
    files: {
      "cdktf.json": `${JSON.stringify(
        {
          language: "typescript",
          app: "npx ts-node main.ts",
          projectId: `${options.name}-0000`,
          sendCrashReports: "false",
          terraformProviders: [],
          terraformModules: [],
          context: options.context ?? {},
        },
        null,
        2,
      )}\n`,
      "tsconfig.json": `${JSON.stringify(CDKTF_INIT_TSCONFIG, null, 2)}\n`,
      "main.ts": options.mainTs,
      ...options.files,
    },
  });
}

/** The two tenants every consumer's fleet has. */
export const TENANT_IDS = ["acme", "globex"] as const;

/**
 * main.ts of a consumer: the README's library example, two tenants. `cdk` is the CDK package
 * (`cdktf` or `cdktn`), `flycell` the entry (`flycell` or `flycell/cdktn`).
 */
export function fleetMainTs(cdk: string, flycell: string, stack = "fleet"): string {
  return `import { Construct } from "constructs";
import { App, TerraformStack } from "${cdk}";
import { CellFleet, TenantSpec, fly } from "${flycell}";

const tenants: TenantSpec[] = [
  { id: "acme", region: "ams" },
  { id: "globex", region: "ord", hostnames: ["app.globex.com"] },
];

class FleetStack extends TerraformStack {
  public readonly fleet: CellFleet;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new fly.provider.FlyProvider(this, "fly", { orgSlug: "acme-org" });
    this.fleet = new CellFleet(this, "fleet", { appName: "acme-cells", image: "registry.fly.io/acme-cells:v1", tenants });
  }
}

const app = new App();
const stack = new FleetStack(app, "${stack}");
const machine: string = stack.fleet.cells.get("globex")?.machineId ?? "";
console.log(machine === "" ? "no globex cell" : "globex cell ok");
app.synth();
`;
}

/**
 * Runs cdktf.json's `app` command (`npx ts-node main.ts`) as `cdktf synth` / `cdktn synth` run
 * it: in a shell, with cdktf.json's context in CDKTF_CONTEXT_JSON and the output directory in
 * CDKTF_OUTDIR. The CLI itself (cdktf-cli) is not needed for that.
 */
export function synthesize(consumer: Consumer): RunResult {
  const config = JSON.parse(consumer.read("cdktf.json")) as { app: string; context?: Record<string, unknown>; output?: string };
  return consumer.run("sh", ["-c", config.app], {
    env: { CDKTF_CONTEXT_JSON: JSON.stringify(config.context ?? {}), CDKTF_OUTDIR: path.join(consumer.dir, config.output ?? "cdktf.out") },
  });
}

/** The synthesized Terraform JSON of a stack in a consumer. */
export function synthesized(consumer: Consumer, stack = "fleet"): {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  [block: string]: unknown;
} {
  return JSON.parse(consumer.read(`cdktf.out/stacks/${stack}/cdk.tf.json`));
}

/** `terraform show -json` of a plan that creates every resource of a synthesized stack. */
export function createEverythingPlan(json: ReturnType<typeof synthesized>): Record<string, unknown> {
  const changes = Object.entries(json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({
      address: `${type}.${name}`,
      type,
      change: { actions: ["create"], before: null, after: { name: body.name ?? null } },
    })),
  );
  return { format_version: "1.2", terraform_version: "1.11.4", planned_values: { outputs: {}, root_module: {} }, resource_changes: changes, complete: true, errored: false, applyable: true };
}

/** A plan that destroys acme's volume although no tenant released it: the guard refuses it. */
export const VOLUME_LOSS_PLAN = {
  format_version: "1.2",
  planned_values: { outputs: {}, root_module: {} },
  resource_changes: [
    { address: "fly_volume.fleet_cell-acme_volume_ABCD1234", type: "fly_volume", change: { actions: ["delete"], before: { name: "data_acme" } } },
  ],
  complete: true,
  errored: false,
};

/** The keys of require.cache after requiring `specifier` in a fresh Node in the consumer. */
export function modulesLoadedBy(consumer: Consumer, specifier: string): string[] {
  const script = `require(${JSON.stringify(specifier)}); process.stdout.write(JSON.stringify(Object.keys(require("module")._cache)));`;
  return JSON.parse(consumer.node(["-e", script]).stdout) as string[];
}

/** Starts `node <script>` in the consumer; resolves with the first line it prints and a stop function. */
export function startNode(consumer: Consumer, script: string, env: Record<string, string> = {}): Promise<{ line: string; stop: () => void; output: () => string }> {
  const child = spawn(process.execPath, [script], { cwd: consumer.dir, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`${script} printed no line in 30 s:\n${out}\n${err}`));
    }, 30_000);
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        resolve({ line: out.slice(0, nl), stop, output: () => out + err });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited ${code} before printing a line:\n${out}\n${err}`));
    });
  });
}

/**
 * Removes this process's consumer projects, and those of runs that ended over a day ago; kept
 * when FLYCELL_KEEP_CONSUMERS is set, to look into a failure.
 */
export function removeConsumers(): void {
  if (process.env.FLYCELL_KEEP_CONSUMERS || !fs.existsSync(CONSUMERS_DIR)) return;
  for (const run of fs.readdirSync(CONSUMERS_DIR)) {
    const dir = path.join(CONSUMERS_DIR, run);
    if (run === `run-${process.pid}` || Date.now() - fs.statSync(dir).mtimeMs > 86_400_000) fs.rmSync(dir, { recursive: true, force: true });
  }
}
