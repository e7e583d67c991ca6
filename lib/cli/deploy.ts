import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { Command, Option } from "commander";
import { CELLS_OUTPUT, RELEASED_VOLUMES_OUTPUT, SHARED_CELLS_OUTPUT } from "../plan/naming";
import { findVolumeViolations, formatGuardReport, formatPlanSummary, planProblem, summarizePlan, TerraformPlanJson, volumeStories } from "../review";
import { STACKS_DIR } from "./deployed-stacks";
import { CliFailure, EXIT_REFUSED, EXIT_USAGE, exitCodesHelp } from "./exit-codes";
import { addLedgerCommand } from "./ledger";
import { readLedger } from "./read-ledger";
import { MachinesApi } from "../fly-api/machines-api";
import { formatMachineChanges, machineChanges } from "../review/machine-changes";
import { readRecoveredFile, readRecoveryManifest, recoveredFileOf, RecoveryFailure, RecoveryManifestError, recoverStacks } from "../recovery";

/** The ledger `flycell deploy` syncs and the deploy workflow commits, unless `--ledger` names another. */
export const DEFAULT_LEDGER_FILE = "stacks/tenants.lock.json";

/** The saved plan, its JSON and the outputs the ledger reads, written in each stack's directory. */
export const PLAN_FILE = "plan.out";
export const PLAN_JSON = "plan.json";
export const OUTPUTS_JSON = "outputs.json";
/** The preflight's plan and its JSON: every stack with state, planned before anything is applied. */
export const PREFLIGHT_FILE = "preflight.out";
export const PREFLIGHT_JSON = "preflight.json";

export interface DeployOptions {
  /** Stack directories (each a synthesized `cdk.tf.json`); applied in `deployOrder`. */
  readonly stacks: readonly string[];
  /** false: plan, guard and summarize only. */
  readonly apply: boolean;
  /** false: apply plans the volume guard refuses (a partial plan is still refused). */
  readonly guarded: boolean;
  /** The ledger `flycell ledger sync` writes after the applies; undefined: no sync. */
  readonly ledger?: string;
  /** The Terraform binary: `terraform`, `tofu`. */
  readonly terraform: string;
  /** Terraform's environment, passed as is (credentials, TF_VAR_…, TF_CLI_CONFIG_FILE); never printed. */
  readonly env: NodeJS.ProcessEnv;
  /** "refuse": a plan that destroys or replaces a machine is refused (it needs an approval); default "allow". */
  readonly machineReplacement?: MachineReplacement;
}

export const MACHINE_REPLACEMENT_MODES = ["allow", "refuse"] as const;
export type MachineReplacement = (typeof MACHINE_REPLACEMENT_MODES)[number];

/** Why `--machine-replacement refuse` refuses this plan; undefined: it destroys and replaces no machine, or machines may go. */
function machineRefusal(options: DeployOptions, plan: TerraformPlanJson): string | undefined {
  const changes = options.machineReplacement === "refuse" ? machineChanges(plan) : [];
  if (changes.length === 0) return undefined;
  return [
    `machine guard (--machine-replacement refuse): this plan destroys or replaces ${changes.length} machine(s):`,
    ...formatMachineChanges(changes).map((line) => `  - ${line}`),
    "It needs the approval environment: once a person approved it, deploy with --machine-replacement allow.",
  ].join("\n");
}

/** The stacks cdktf's last synth wrote (`cdktf.out/manifest.json`): name → the stacks it depends on. */
function manifestStacks(stacksRoot: string): Map<string, string[]> | undefined {
  const file = path.join(stacksRoot, "..", "manifest.json");
  if (!fs.existsSync(file)) return undefined;
  try {
    const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as { stacks?: Record<string, { dependencies?: unknown }> };
    const stacks = new Map<string, string[]>();
    for (const [name, stack] of Object.entries(manifest.stacks ?? {})) {
      stacks.set(name, Array.isArray(stack.dependencies) ? stack.dependencies.filter((d): d is string => typeof d === "string") : []);
    }
    return stacks;
  } catch (err) {
    throw new CliFailure(EXIT_USAGE, `flycell deploy: cannot read ${file}: ${(err as Error).message}`);
  }
}

const nameOf = (dir: string) => path.basename(path.resolve(dir));

/**
 * Stacks in the order they may be applied: every stack after those it depends on (cdktf's
 * manifest), else by name, a sharded fleet's shared app first, then its shards, router and monitor.
 */
export function deployOrder(stacks: readonly string[]): string[] {
  const suffixRank = new Map([["shared", 0], ["router", 2], ["monitor", 3]]);
  const rank = (dir: string) => suffixRank.get(/-(shared|router|monitor)$/.exec(nameOf(dir))?.[1] ?? "") ?? 1;
  const byName = [...stacks].sort((a, b) => rank(a) - rank(b) || (nameOf(a) < nameOf(b) ? -1 : nameOf(a) > nameOf(b) ? 1 : 0));
  const deps = new Map<string, string[]>();
  for (const dir of stacks) for (const [name, on] of manifestStacks(path.dirname(path.resolve(dir))) ?? []) deps.set(name, on);
  const given = new Set(stacks.map(nameOf));
  const done = new Set<string>();
  const order: string[] = [];
  for (let left = byName; left.length > 0; left = left.filter((dir) => !done.has(nameOf(dir)))) {
    // Ready: every stack it depends on, among those deployed here, is done. A cycle falls back to name order.
    const next = left.find((dir) => (deps.get(nameOf(dir)) ?? []).every((d) => !given.has(d) || done.has(d))) ?? left[0];
    done.add(nameOf(next));
    order.push(next);
  }
  return order;
}

/** Every stack under `root` (cdktf's `cdktf.out/stacks`) that its last synth wrote (all directories without a manifest). */
export function stackDirsUnder(root: string): string[] {
  const manifest = manifestStacks(root);
  const dirs = manifest
    ? [...manifest.keys()].map((name) => path.join(root, name)).filter((dir) => fs.existsSync(dir))
    : fs.existsSync(root)
      ? fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(root, e.name))
      : [];
  if (dirs.length === 0) throw new CliFailure(EXIT_USAGE, `flycell deploy: no stacks under ${root}: synthesize first (npm run synth)`);
  return dirs.sort();
}

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs Terraform in a stack directory; `stream` shows its stdout as it comes (apply), else it is kept. */
function terraformIn(options: DeployOptions, dir: string, args: readonly string[], stream = false): Run {
  const r = spawnSync(options.terraform, [...args], {
    cwd: dir,
    env: options.env,
    encoding: "utf8",
    stdio: ["ignore", stream ? "inherit" : "pipe", "pipe"],
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw new CliFailure(EXIT_USAGE, `flycell deploy: cannot run \`${options.terraform}\`: ${r.error.message}`);
  return { status: r.status ?? 1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

function mustRun(options: DeployOptions, dir: string, args: readonly string[], stream = false): Run {
  const r = terraformIn(options, dir, args, stream);
  if (r.status !== 0) {
    throw new CliFailure(EXIT_REFUSED, `flycell deploy: \`${options.terraform} ${args[0]}\` failed in ${dir}:\n${(r.stderr || r.stdout).trim()}`);
  }
  return r;
}

/**
 * Plans one stack into a fresh `file` (its JSON into `json`); undefined when Terraform wrote no
 * plan file. The old files go first, so a failed plan can never leave a stale one to apply.
 */
function savePlan(options: DeployOptions, dir: string, file: string, json: string): { plan?: TerraformPlanJson; run: Run } {
  fs.rmSync(path.join(dir, file), { force: true });
  fs.rmSync(path.join(dir, json), { force: true });
  const run = terraformIn(options, dir, ["plan", "-input=false", "-no-color", `-out=${file}`]);
  if (!fs.existsSync(path.join(dir, file))) return { run };
  const shown = mustRun(options, dir, ["show", "-json", "-no-color", file]).stdout;
  fs.writeFileSync(path.join(dir, json), shown);
  return { plan: parseJson<TerraformPlanJson>(options, dir, shown), run };
}

function parseJson<T>(options: DeployOptions, dir: string, printed: string): T {
  try {
    return JSON.parse(printed) as T;
  } catch (err) {
    throw new CliFailure(EXIT_USAGE, `flycell deploy: \`${options.terraform} show -json\` printed no JSON in ${dir}: ${(err as Error).message}`);
  }
}

/** Plans one stack into plan.out and returns the plan exactly as that file holds it. */
function planStack(options: DeployOptions, dir: string): TerraformPlanJson {
  mustRun(options, dir, ["init", "-input=false", "-no-color"]);
  const { plan, run } = savePlan(options, dir, PLAN_FILE, PLAN_JSON);
  // An errored plan may still be saved: then its `errored` mark refuses it below, with Terraform's errors.
  if (plan === undefined) {
    throw new CliFailure(EXIT_REFUSED, `flycell deploy: \`${options.terraform} plan\` failed in ${dir}, nothing applied there:\n${(run.stderr || run.stdout).trim()}`);
  }
  if (run.status !== 0) console.error(run.stderr.trim());
  return plan;
}

interface StateJson {
  readonly values?: { readonly root_module?: StateModule };
}
interface StateModule {
  readonly resources?: readonly unknown[];
  readonly child_modules?: readonly StateModule[];
}

const hasResources = (m: StateModule | undefined): boolean =>
  m !== undefined && ((m.resources?.length ?? 0) > 0 || (m.child_modules ?? []).some(hasResources));

/**
 * True when the stack's state holds any resource. `terraform show -json` of the state prints
 * `{"format_version":…}` alone when there is none, and fails (unlike `state list`) only on a real error.
 */
function hasState(options: DeployOptions, dir: string): boolean {
  return hasResources(parseJson<StateJson>(options, dir, mustRun(options, dir, ["show", "-json", "-no-color"]).stdout).values?.root_module);
}

type PreflightResult =
  | { readonly kind: "new" }
  | { readonly kind: "passed" }
  | { readonly kind: "deferred"; readonly why: string }
  | { readonly kind: "refused"; readonly report: string }
  // Refused whether guarded or not: --unguarded is about volumes.
  | { readonly kind: "machines"; readonly report: string };

/** One stack's preflight: its plan against what is deployed now, before any stack of this run applies. */
function preflightStack(options: DeployOptions, dir: string): PreflightResult {
  mustRun(options, dir, ["init", "-input=false", "-no-color"]);
  if (!hasState(options, dir)) return { kind: "new" };
  const { plan, run } = savePlan(options, dir, PREFLIGHT_FILE, PREFLIGHT_JSON);
  const terraformSaid = (run.stderr || run.stdout).trim();
  if (plan === undefined) return { kind: "deferred", why: `\`${options.terraform} plan\` failed:\n${terraformSaid}` };
  const problem = planProblem(plan);
  // Errored or incomplete: often an upstream output that only exists once that stack is applied.
  if (problem?.kind === "refused") return { kind: "deferred", why: `${problem.message}${terraformSaid ? `:\n${terraformSaid}` : ""}` };
  if (problem) return { kind: "refused", report: `plan guard: refusing this plan: ${problem.message}` };
  const violations = findVolumeViolations(plan);
  if (violations.length > 0) return { kind: "refused", report: formatGuardReport(plan, violations) };
  const machines = machineRefusal(options, plan);
  return machines === undefined ? { kind: "passed" } : { kind: "machines", report: machines };
}

/**
 * Plans and guards every stack that already has state, before anything is applied: a stack
 * deployed earlier in the order must not apply while a later one's plan loses a volume (a
 * tenant moved to a shard that deploys first would get a second, empty volume, and its old
 * shard's plan then be refused). A plan Terraform could not complete now is judged again in
 * the ordered pass; a whole one the guard refuses stops the deploy before any apply.
 */
function preflight(options: DeployOptions, order: readonly string[]): void {
  console.log(`\n## preflight: every stack with state, planned (${PREFLIGHT_JSON}) and guarded before anything is applied`);
  const refused: string[] = [];
  for (const dir of order) {
    let result: PreflightResult;
    try {
      result = preflightStack(options, dir);
    } catch (err) {
      if (!(err instanceof CliFailure)) throw err;
      throw new CliFailure(err.exitCode, `flycell deploy: stack ${nameOf(dir)}: the preflight failed, nothing applied to any stack.\n${err.message}`);
    }
    const name = nameOf(dir);
    if (result.kind === "new") console.log(`${name}: no state yet, planned in its turn`);
    else if (result.kind === "passed") console.log(`${name}: passed the guard`);
    else if (result.kind === "deferred") console.log(`${name}: planned again after its upstream stacks apply (${result.why})`);
    else if (result.kind === "machines" || options.guarded) refused.push(`flycell deploy: stack ${name} refused, nothing applied there.\n${result.report}`);
    else console.error(`UNGUARDED (--unguarded): preflight: deploying anyway what the guard refuses in stack ${name}:\n${result.report}`);
  }
  if (refused.length > 0) {
    throw new CliFailure(EXIT_REFUSED, `${refused.join("\n")}\nRefused in the preflight, before any apply: nothing applied to any stack.`);
  }
}

/** Why the guard refuses this plan (undefined: it passes); warnings instead when unguarded. */
function guardRefusal(options: DeployOptions, plan: TerraformPlanJson): string | undefined {
  const problem = planProblem(plan);
  // Even unguarded: a partial plan hides changes, and an unusable one cannot be reviewed at all.
  if (problem) return `plan guard: refusing this plan: ${problem.message}`;
  const violations = findVolumeViolations(plan);
  const report = formatGuardReport(plan, violations);
  if (violations.length === 0) {
    console.log(report);
    return undefined;
  }
  if (options.guarded) return report;
  console.error(`UNGUARDED (--unguarded): applying anyway what the guard refuses:\n${report}`);
  return undefined;
}

/**
 * The outputs `flycell ledger sync` reads (`cells`, `released_volumes`, `shared_cells`), from a
 * stack's state; any other output, a sensitive one above all, stays out of the file.
 */
function writeLedgerOutputs(options: DeployOptions, dir: string): string {
  // A stack this run did not reach may never have been initialized here.
  if (!fs.existsSync(path.join(dir, ".terraform"))) mustRun(options, dir, ["init", "-input=false", "-no-color"]);
  const printed = mustRun(options, dir, ["output", "-json", "-no-color"]).stdout;
  let outputs: unknown;
  try {
    outputs = JSON.parse(printed);
  } catch (err) {
    throw new CliFailure(EXIT_USAGE, `flycell deploy: \`${options.terraform} output -json\` printed no JSON in ${dir}: ${(err as Error).message}`);
  }
  const kept = new Map<string, unknown>();
  for (const name of [CELLS_OUTPUT, RELEASED_VOLUMES_OUTPUT, SHARED_CELLS_OUTPUT]) {
    const output: unknown = typeof outputs === "object" && outputs !== null && Object.hasOwn(outputs, name) ? (outputs as Record<string, unknown>)[name] : undefined;
    if (typeof output === "object" && output !== null && (output as { sensitive?: unknown }).sensitive !== true) kept.set(name, output);
  }
  const file = path.join(dir, OUTPUTS_JSON);
  fs.writeFileSync(file, `${JSON.stringify(Object.fromEntries(kept), null, 2)}\n`);
  return file;
}

/** `flycell ledger sync` itself (ledger.ts), on what every stack of the fleet now has deployed. */
function syncLedger(options: DeployOptions, ledger: string, stacks: readonly string[]): void {
  const files = stacks.map((dir) => writeLedgerOutputs(options, dir));
  const program = new Command("flycell").exitOverride();
  addLedgerCommand(program);
  console.log(`\n## ledger (${ledger})`);
  program.parse(["ledger", "sync", "--ledger", ledger, "--outputs", ...files], { from: "user" });
}

/**
 * After the preflight, plans, guards and (with `apply`) applies each stack in deploy order, one at a time: a stack's
 * plan is made after the stacks before it are applied, and exactly that saved plan, checked by
 * the guard, is applied. Stops at the first refusal (a `CliFailure` naming the stack). After
 * any apply, the ledger is synced from every stack of the fleet, also when a later stack is refused.
 */
export function deployStacks(options: DeployOptions): void {
  const order = deployOrder(options.stacks);
  // A ledger the sync could not read after the applies is refused before any of them.
  if (options.apply && options.ledger !== undefined) readLedger(options.ledger);
  if (!options.guarded) console.error("UNGUARDED (--unguarded): the plan guard will not stop a plan that destroys or replaces volumes.");
  preflight(options, order);
  const applied: string[] = [];
  let refusal: CliFailure | undefined;
  for (const dir of order) {
    console.log(`\n## ${nameOf(dir)} (${path.join(dir, PLAN_JSON)})`);
    let applying = false;
    try {
      const plan = planStack(options, dir);
      const refused = guardRefusal(options, plan) ?? machineRefusal(options, plan);
      if (refused !== undefined) throw new CliFailure(EXIT_REFUSED, refused);
      console.log(formatPlanSummary(summarizePlan(plan), volumeStories(plan)));
      if (options.apply) {
        applying = true;
        mustRun(options, dir, ["apply", "-input=false", "-no-color", PLAN_FILE], true);
        applied.push(nameOf(dir));
      }
    } catch (err) {
      if (!(err instanceof CliFailure)) throw err;
      const rest = order.slice(order.indexOf(dir) + 1).map(nameOf);
      refusal = new CliFailure(
        err.exitCode,
        [
          applying
            ? `flycell deploy: stack ${nameOf(dir)}: the apply of its guarded plan failed, possibly part-way.`
            : `flycell deploy: stack ${nameOf(dir)} refused, nothing applied there.`,
          err.message,
          `Applied before it: ${applied.length > 0 ? applied.join(", ") : "none"}. Not planned: ${rest.length > 0 ? rest.join(", ") : "none"}.`,
        ].join("\n"),
      );
      // A failed apply may have applied part of the guarded plan: the ledger sync reads every stack then too.
      if (applying) applied.push(nameOf(dir));
      break;
    }
  }
  if (options.ledger !== undefined && applied.length > 0) {
    // Every stack of the fleet, not only those given: the ledger keeps entries no stack read has.
    const fleet = [...new Set(options.stacks.map((dir) => path.dirname(path.resolve(dir))))].flatMap(stackDirsUnder);
    try {
      syncLedger(options, options.ledger, deployOrder(fleet));
    } catch (err) {
      // The refusal stays the first thing said; the sync's own failure follows it.
      if (refusal && err instanceof CliFailure) throw new CliFailure(refusal.exitCode, `${refusal.message}\n${err.message}`);
      throw err;
    }
  }
  if (refusal) throw refusal;
}

/**
 * The recover step, before any plan: the volumes Terraform cannot make (a restore, a fork) made
 * through the Machines API, or found from an earlier run, and handed to each stack's Terraform
 * in `flycell-recovered.auto.tfvars.json`. Stacks that ask for none (and hold no such file) are
 * not touched, and then no token is needed. A volume that cannot be made stops the deploy
 * before anything is planned or applied.
 */
export async function recoverBeforePlanning(stacks: readonly string[], env: NodeJS.ProcessEnv, apiBaseUrl?: string): Promise<void> {
  let asking: string[];
  try {
    asking = stacks.filter((dir) => readRecoveryManifest(dir).length > 0 || fs.existsSync(recoveredFileOf(dir)));
  } catch (err) {
    if (err instanceof RecoveryManifestError) throw new CliFailure(EXIT_USAGE, `flycell deploy: ${err.message}`);
    throw err;
  }
  if (asking.length === 0) return;
  const token = env.FLY_API_TOKEN;
  if (!token) throw new CliFailure(EXIT_USAGE, "flycell deploy: a restore or a move with data needs FLY_API_TOKEN: the recover step makes its volume through the Machines API");
  console.log(`\n## recover: volumes Terraform cannot make, through the Machines API (${asking.map(nameOf).join(", ")})`);
  try {
    const results = await recoverStacks(asking, MachinesApi.paced({ baseUrl: apiBaseUrl ?? env.FLY_API_BASE_URL, token }));
    for (const line of results.flatMap((r) => r.entries.map((e) => e.line))) console.log(line);
  } catch (err) {
    if (err instanceof RecoveryFailure) throw new CliFailure(EXIT_REFUSED, `${err.message}\nflycell deploy: nothing planned or applied.`);
    throw err;
  }
}

/** The volumes a stack asks for that no recover step has made yet, in words. */
function unmadeRecoveries(dir: string): string[] {
  const made = readRecoveredFile(dir);
  return readRecoveryManifest(dir)
    .filter((entry) => !made.has(entry.variable))
    .map((entry) => `${entry.owner}: ${entry.volume.name} from ${"snapshot" in entry.source ? `snapshot ${entry.source.snapshot}` : "a fork"} of ${entry.source.from_volume_name}`);
}

interface DeployCommandOptions {
  readonly apiBaseUrl?: string;
  readonly ledger: string;
  readonly terraform: string;
  readonly unguarded?: boolean;
  readonly planOnly?: boolean;
  readonly machineReplacement: MachineReplacement;
}

/** `flycell deploy [stack dirs...]`: plan → guard → apply, per stack, then `flycell ledger sync`. */
export function addDeployCommand(program: Command): void {
  program
    .command("deploy")
    .summary("plan, guard and apply every stack, then sync the ledger")
    .description(
      "First the recover step: the volumes a restore or a move with data asks for are made through the Machines API " +
        "(or found, when an earlier run made them) and handed to Terraform (see README, \"Recovering a tenant\"). Then, " +
        `for each stack (default: every one the last synth wrote under ${STACKS_DIR}/), after the stacks it ` +
        "depends on (a sharded fleet's shared stack, then its shards, then its router): terraform init, plan -out plan.out, show -json into plan.json, the " +
        "plan guard and the per-tenant summary on that JSON, and apply of that same plan.out only when the guard " +
        "passed. Stops at the first refusal. Before any apply, a preflight plans (preflight.out) and guards every stack " +
        "that already has state, so a refusal further down the order stops the deploy before anything is applied; a " +
        "preflight plan Terraform cannot complete yet (an upstream output not applied) is judged in its turn. After any apply it runs `flycell ledger sync` on every stack. The " +
        "environment goes to Terraform untouched (FLY_API_TOKEN, TF_VAR_fly_org, TF_VAR_secret_…); flycell " +
        "prints none of it.",
    )
    .argument("[stack...]", `stack directories (default: every one cdktf's manifest names under ${STACKS_DIR}/)`)
    .option("--ledger <file>", "the ledger to sync after the applies", DEFAULT_LEDGER_FILE)
    .option("--terraform <binary>", "the Terraform CLI to run (e.g. tofu)", "terraform")
    .option("--plan-only", "plan, guard and summarize each stack; apply nothing, write no ledger")
    .option("--api-base-url <url>", "the Machines API the recover step calls (default: FLY_API_BASE_URL, else https://api.machines.dev)")
    .addOption(
      new Option("--machine-replacement <mode>", "refuse: refuse, before applying it, a plan that destroys or replaces a machine (the CI deploy without an approval)")
        .choices(MACHINE_REPLACEMENT_MODES)
        .default("allow"),
    )
    .option("--unguarded", "DANGER: apply plans the guard refuses, losing the volumes it names (a partial plan is still refused)")
    .addHelpText(
      "after",
      exitCodesHelp({
        0: "every stack was applied (or planned, with --plan-only) and the ledger synced",
        1: "a stack was refused (its plan loses a volume, is partial, destroys or replaces a machine under --machine-replacement refuse, or Terraform failed to plan): nothing applied there or after, nor anywhere when the preflight refused it; or its apply failed",
        2: "no stacks, the ledger cannot be read, the Terraform binary cannot be run, or Terraform printed no JSON",
      }),
    )
    .action(async (stacks: string[], options: DeployCommandOptions) => {
      const dirs = stacks.length > 0 ? stacks : stackDirsUnder(STACKS_DIR);
      for (const dir of dirs) {
        if (!fs.existsSync(path.join(dir, "cdk.tf.json"))) throw new CliFailure(EXIT_USAGE, `flycell deploy: ${dir} is no synthesized stack (no cdk.tf.json)`);
      }
      if (options.planOnly !== true) await recoverBeforePlanning(dirs, process.env, options.apiBaseUrl);
      // --plan-only makes nothing: a stack waiting for a volume cannot be planned before the deploy makes it.
      const waiting = options.planOnly === true ? dirs.filter((dir) => unmadeRecoveries(dir).length > 0) : [];
      for (const dir of waiting) {
        console.log(`${nameOf(dir)}: not planned: it adopts volumes the deploy's recover step makes first (${unmadeRecoveries(dir).join("; ")}); the deploy plans and guards it before any apply`);
      }
      deployStacks({
        stacks: dirs.filter((dir) => !waiting.includes(dir)),
        apply: options.planOnly !== true,
        guarded: options.unguarded !== true,
        ledger: options.planOnly ? undefined : options.ledger,
        terraform: options.terraform,
        env: process.env,
        machineReplacement: options.machineReplacement,
      });
      console.log(options.planOnly ? "\nflycell deploy --plan-only: every stack planned and passed the guard; nothing applied" : "\nflycell deploy: done");
    });
}
