/**
 * The README's pipeline, step by step, with the safety property checked after every step:
 * synth (or its refusal) → per stack in deploy order: plan → guard → apply → ledger sync. A
 * `Backend` does the Terraform part: a model of Terraform over the synthesized JSON (fast) or
 * the real CLI on the emulator (slow). No jest here: the fuzz script runs it too.
 */
import * as fs from "fs";
import * as path from "path";
import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import {
  CellFleet,
  DeployedStep,
  findVolumeViolations,
  FleetInput,
  FlycellValidationError,
  fly,
  formatInvariantViolations,
  LostVolume,
  ownerOfVolume,
  planFleet,
  Problem,
  readLedgerFile,
  ShardedFleet,
  TenantSpec,
  TerraformPlanJson,
  volumeLossViolations,
  volumeNameFor,
} from "../../lib";
import { runCli } from "../../lib/cli/run";
import { ownValue } from "../../lib/plan/ledger";
import { volumeOfName } from "../../lib/plan/naming";
import { readRecoveryManifest, RecoveryEntry, RecoveryManifestError } from "../../lib/recovery";
import { applyEdit, Crash, editContextOf, Fleet, LedgerUse, Scenario, Step, SyncUse } from "./model";

/** A plan, or why Terraform would not make one (`refusal`: a safety layer said no, e.g. prevent_destroy). */
export type PlanOutcome = { readonly kind: "plan"; readonly plan: TerraformPlanJson } | { readonly kind: "failed"; readonly message: string; readonly refusal: boolean };

/** What the recover step did for one stack: the volumes it made, or why it stopped the deploy. */
export type RecoverOutcome = { readonly kind: "recovered"; readonly made: readonly string[] } | { readonly kind: "failed"; readonly message: string };

export interface Backend {
  /**
   * `flycell deploy`'s recover step for one stack, before any plan: makes (or finds) the volumes
   * `locals.flycell_recoveries` lists and hands their ids to the stack's next plans. Absent when
   * the backend has no Machines API (the real tier, for now).
   */
  recover?(stack: string, entries: readonly RecoveryEntry[]): RecoverOutcome;
  /** Plans `stack` with the synthesized configuration `config` (a cdk.tf.json text). */
  plan(stack: string, config: string): PlanOutcome;
  /** Applies the plan last made for `stack`; an error message when Terraform failed. */
  apply(stack: string): string | undefined;
  /** `terraform output -json` of the stack ({} when never applied). */
  outputs(stack: string): unknown;
  /** The emulated account's volumes: id → name. */
  volumes(): ReadonlyMap<string, string>;
  /** The app of each volume: id → app name, when the backend knows it. */
  volumeApps?(): ReadonlyMap<string, string>;
}

/** The property broke: what, at which step, with the step log so far. */
export class SafetyFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SafetyFailure";
  }
}

export interface PipelineOptions {
  /** Run the plan guard before each apply (off only to show the property can fail). @default true */
  readonly guard?: boolean;
  /**
   * Also fail when an owner ends a step with two volumes: its cell moved to another state, which
   * made a new, empty volume while the old one stays in a state nothing plans any more. The
   * ledger refuses this once it records the owner's stack; off by default while a stale ledger,
   * which cannot know it, still lets it through (README, "Not done yet"; `fuzz:safety --stranded`).
   * And when a volume an earlier deploy let go is made again, empty, under its name (a ledger copy
   * from before its release plans it again).
   * @default false
   */
  readonly stranded?: boolean;
}

const SUBJECT = /^(tenant "[^"]+"|tenant #\d+|shared cell "[^"]+"|fleet|ledger)$/;

/** Runs a CLI command in-process, its console output kept for messages. */
function cli(args: readonly string[]): { code: number; output: string } {
  const lines: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...parts: unknown[]) => void lines.push(parts.join(" "));
  console.error = (...parts: unknown[]) => void lines.push(parts.join(" "));
  try {
    return { code: runCli(args), output: lines.join("\n") };
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** Stacks in the order they may be applied: the shared app, then the shards (as scripts/local-fleet.ts). */
function deployOrder(stacks: readonly string[]): string[] {
  const rank = (id: string) => (id.endsWith("-shared") ? 0 : 1);
  return [...stacks].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

export function fleetInput(fleet: Fleet): FleetInput {
  return {
    appName: "sf",
    image: "registry.fly.io/sf:1",
    topology: fleet.topology,
    waves: { canary: {} },
    ...(Object.keys(fleet.sharedCells).length > 0 ? { sharedCells: fleet.sharedCells } : {}),
    ...(fleet.sharding ? { sharding: fleet.sharding } : {}),
    tenants: fleet.tenants,
  };
}

/** Synthesizes the fleet as `synthFleetApp` does (ledger file read, whole input judged first): stack id → cdk.tf.json. */
export function synthesize(fleet: Fleet, ledgerFile: string, outdir: string): Record<string, string> {
  const input = fleetInput(fleet);
  const ledger = readLedgerFile(ledgerFile);
  const configureStack = (stack: TerraformStack) => {
    new LocalBackend(stack, { path: `../../../state/${stack.node.id}.tfstate` });
    new fly.provider.FlyProvider(stack, "fly", { orgSlug: "sf-org" });
    if (fleet.extraOutput) {
      const output = new TerraformOutput(stack, fleet.extraOutput.name, { value: fleet.extraOutput.tenants.map(volumeNameFor) });
      output.overrideLogicalId(fleet.extraOutput.name);
    }
  };
  planFleet(input, { ledger, functions: { configureStack } });
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = new App({ outdir, skipValidation: true });
  if (input.sharding) {
    new ShardedFleet(app, "fleet", { ...input, sharding: input.sharding, ledger, configureStack });
  } else {
    const stack = new TerraformStack(app, "fleet");
    configureStack(stack);
    new CellFleet(stack, "fleet", { ...input, ledger });
  }
  app.synth();
  const dir = path.join(outdir, "stacks");
  return Object.fromEntries(fs.readdirSync(dir).map((id) => [id, fs.readFileSync(path.join(dir, id, "cdk.tf.json"), "utf8")]));
}

interface StackOutputsJson {
  readonly output?: Readonly<Record<string, { readonly value?: unknown }>>;
}

/** The tenants and shared cells a stack's configuration holds, from its flycell outputs. */
function ownersIn(config: string, fleet: Fleet): { tenants: Set<string>; cells: Set<string> } {
  const outputs = (JSON.parse(config) as StackOutputsJson).output ?? {};
  const tenants = new Set<string>();
  const cells = new Set<string>();
  const cellsOutput = outputs.cells?.value;
  if (typeof cellsOutput === "object" && cellsOutput !== null) for (const id of Object.keys(cellsOutput)) tenants.add(id);
  const shared = outputs.shared_cells?.value as Record<string, { tenants?: Record<string, readonly string[]> }> | undefined;
  for (const [id, cell] of Object.entries(shared ?? {})) {
    cells.add(id);
    for (const list of Object.values(cell.tenants ?? {})) for (const tenant of list) tenants.add(tenant);
  }
  const released = outputs.released_volumes?.value;
  for (const name of Array.isArray(released) ? released : []) {
    // Any generation's name: a released kept volume is its owner's too.
    const unit = typeof name === "string" ? volumeOfName(name)?.unit : undefined;
    for (const t of fleet.tenants) if (t.id === unit) tenants.add(t.id);
    for (const c of Object.keys(fleet.sharedCells)) if (c === unit) cells.add(c);
  }
  return { tenants, cells };
}

/** What the applied stacks deployed of the fleet. */
function deployedStep(fleet: Fleet, configs: readonly string[]): DeployedStep {
  const tenants = new Set<string>();
  const cells = new Set<string>();
  for (const config of configs) {
    const owners = ownersIn(config, fleet);
    owners.tenants.forEach((t) => tenants.add(t));
    owners.cells.forEach((c) => cells.add(c));
  }
  return {
    tenants: fleet.tenants.filter((t: TenantSpec) => tenants.has(t.id)),
    sharedCells: Object.fromEntries(Object.entries(fleet.sharedCells).filter(([id]) => cells.has(id))),
  };
}

export interface StepReport {
  /** "crashed": the deploy died midway (a step's `crash`); the same pull request is deployed again. */
  readonly outcome: "synth refused" | "recover refused" | "plan refused" | "guard refused" | "crashed" | "applied";
  readonly detail: string;
  readonly lost: readonly string[];
  readonly sync?: number;
  /** The volumes the recover step was asked for (`owner/name`), whatever came of them: for coverage counts. */
  readonly recoveries?: readonly string[];
}

/** One fleet through a sequence of pull requests, the account and the ledger file kept between them. */
export class World {
  fleet: Fleet;
  readonly history: DeployedStep[] = [];
  /** Names of volumes earlier steps let go, none of that name left (for `stranded`). */
  private readonly letGo = new Set<string>();
  readonly reports: StepReport[] = [];
  /** The ledger file after each step (null: no file). */
  private readonly ledgerVersions: (string | null)[] = [null];
  private readonly ledgerFile: string;
  private readonly outputsDir: string;

  constructor(
    private readonly dir: string,
    private readonly backend: Backend,
    private readonly options: PipelineOptions = {},
    initial: Fleet,
  ) {
    this.fleet = initial;
    fs.mkdirSync(dir, { recursive: true });
    this.ledgerFile = path.join(dir, "tenants.lock.json");
    this.outputsDir = path.join(dir, "outputs");
    fs.rmSync(this.ledgerFile, { force: true });
  }

  private fail(step: number, message: string): never {
    const log = this.reports.map((r, i) => `  step ${i}: ${r.outcome}${r.lost.length ? ` (lost ${r.lost.join(", ")})` : ""}${r.detail ? `: ${r.detail.split("\n")[0]}` : ""}`);
    throw new SafetyFailure(`step ${step}: ${message}\nsteps so far:\n${log.join("\n")}`);
  }

  private useLedger(use: LedgerUse): void {
    if (use === "synced") return;
    const version = use === "missing" ? null : this.ledgerVersions[Math.max(0, this.ledgerVersions.length - 1 - use.stale)];
    if (version === null) fs.rmSync(this.ledgerFile, { force: true });
    else fs.writeFileSync(this.ledgerFile, version);
  }

  /** Deploys the initial fleet on a new, empty ledger (as a new fleet starts: `flycell ledger init`), then each step. */
  run(scenario: Scenario): void {
    const init = cli(["ledger", "init", "--ledger", this.ledgerFile]);
    if (init.code !== 0) this.fail(0, `flycell ledger init exited ${init.code}: ${init.output}`);
    this.ledgerVersions[0] = fs.readFileSync(this.ledgerFile, "utf8");
    this.step({ edits: [], ledger: "synced", sync: "all" });
    for (const step of scenario.steps) this.step(step);
  }

  step(step: Step): StepReport {
    // The user writes the pull request reading the repository's ledger, as the last sync left it.
    const context = editContextOf(this.ledgerVersions[this.ledgerVersions.length - 1]);
    const fleet = step.edits.reduce((f, edit) => applyEdit(f, edit, context), this.fleet);
    const ledgerBefore = fs.existsSync(this.ledgerFile) ? fs.readFileSync(this.ledgerFile, "utf8") : null;
    this.useLedger(step.ledger);
    let report = this.deploy(this.reports.length, fleet, step.sync, step.crash);
    if (report.outcome === "crashed") {
      // The same pull request again, on the ledger file the crash left (no sync ran).
      this.reports.push(report);
      report = this.deploy(this.reports.length, fleet, step.sync);
    }
    this.reports.push(report);
    // A refused pull request is not merged: the next one starts from the fleet and ledger file as they were.
    if (report.outcome === "applied") this.fleet = fleet;
    else if (ledgerBefore === null) fs.rmSync(this.ledgerFile, { force: true });
    else fs.writeFileSync(this.ledgerFile, ledgerBefore);
    this.ledgerVersions.push(fs.existsSync(this.ledgerFile) ? fs.readFileSync(this.ledgerFile, "utf8") : null);
    return report;
  }

  private deploy(index: number, fleet: Fleet, sync: SyncUse, crash?: Crash): StepReport {
    let configs: Record<string, string>;
    const synthDir = path.join(this.dir, "synth");
    try {
      configs = synthesize(fleet, this.ledgerFile, synthDir);
    } catch (err) {
      if (!(err instanceof FlycellValidationError)) this.fail(index, `synth threw ${err instanceof Error ? err.stack : String(err)}`);
      const unnamed = err.problems.filter((p: Problem) => !SUBJECT.test(p.subject) || p.field.length === 0);
      if (unnamed.length > 0) this.fail(index, `a refusal names no tenant, cell or field: ${JSON.stringify(unnamed)}`);
      return { outcome: "synth refused", detail: err.problems.map((p) => `${p.subject} ${p.field}: ${p.message}`).join("; "), lost: [] };
    }

    const before = new Map(this.backend.volumes());
    const manifests = this.manifests(index, Object.keys(configs), synthDir);
    const asked = [...manifests.values()].flat().map((e) => `${e.owner}/${e.volume.name}`);
    const recoveries = asked.length > 0 ? { recoveries: asked } : {};
    const recovered = this.recover(index, manifests);
    if (recovered) return { ...recovered, ...recoveries };
    this.checkRecoveredOnce(index, manifests);
    if (crash?.after === "recover") return { outcome: "crashed", detail: "after the recover step, before any plan", lost: [], ...recoveries };

    const appliedConfigs: string[] = [];
    let refusal: StepReport | undefined;
    for (const stack of deployOrder(Object.keys(configs))) {
      if (crash?.after === "apply" && appliedConfigs.length >= crash.applies) break;
      const outcome = this.backend.plan(stack, configs[stack]);
      if (outcome.kind === "failed") {
        if (!outcome.refusal) this.fail(index, `terraform plan of ${stack} failed: ${outcome.message}`);
        refusal = { outcome: "plan refused", detail: `${stack}: ${outcome.message}`, lost: [] };
        break;
      }
      const guarded = this.options.guard === false ? undefined : this.guard(index, stack, outcome.plan);
      if (guarded) {
        refusal = { outcome: "guard refused", detail: `${stack}: ${guarded}`, lost: [] };
        break;
      }
      const error = this.backend.apply(stack);
      if (error !== undefined) this.fail(index, `terraform apply of ${stack} failed: ${error}`);
      appliedConfigs.push(configs[stack]);
    }

    const after = this.backend.volumes();
    const lost: LostVolume[] = [...before]
      .filter(([id]) => !after.has(id))
      .map(([id, name]) => ({ id, name, owner: ownerOfVolume(this.history, name) }));
    if (appliedConfigs.length > 0) {
      const deployed = deployedStep(fleet, appliedConfigs);
      const violations = volumeLossViolations(this.history, deployed, lost);
      if (violations.length > 0) this.fail(index, `volumes left the account against the invariant:\n${formatInvariantViolations(violations)}`);
      this.history.push(deployed);
    } else if (lost.length > 0) {
      this.fail(index, `volumes left the account with nothing applied: ${lost.map((v) => v.name).join(", ")}`);
    }
    if (this.options.stranded) {
      const names = [...after.values()];
      const twice = [...new Set(names.filter((name, i) => names.indexOf(name) !== i))];
      if (twice.length > 0) this.fail(index, `owners with two volumes (a new, empty one while the old one is kept): ${twice.sort().join(", ")}`);
      const again = [...after].filter(([id, name]) => !before.has(id) && this.letGo.has(name)).map(([, name]) => name);
      if (again.length > 0) this.fail(index, `volumes let go by an earlier deploy were made again, empty: ${[...new Set(again)].sort().join(", ")}`);
      const left = new Set(after.values());
      for (const volume of lost) if (!left.has(volume.name)) this.letGo.add(volume.name);
    }
    this.checkRecoveredOnce(index, manifests);
    const lostNames = lost.map((v) => v.name).sort();
    // As the pipeline: a refused deploy stops before the ledger sync.
    if (refusal) return { ...refusal, lost: lostNames, ...recoveries };
    if (crash?.after === "apply") return { outcome: "crashed", detail: `after ${appliedConfigs.length} applies, before the ledger sync`, lost: lostNames, ...recoveries };
    const code = this.sync(index, Object.keys(configs), sync);
    if (code === 0) this.checkGenerations(index, manifests, sync);
    return { outcome: "applied", detail: "", lost: lostNames, sync: code, ...recoveries };
  }

  /** Each stack's `locals.flycell_recoveries`, read as `flycell recover` reads it (a manifest it cannot read is a synth bug). */
  private manifests(index: number, stacks: readonly string[], synthDir: string): Map<string, RecoveryEntry[]> {
    const manifests = new Map<string, RecoveryEntry[]>();
    for (const stack of deployOrder(stacks)) {
      try {
        manifests.set(stack, readRecoveryManifest(path.join(synthDir, "stacks", stack)));
      } catch (err) {
        if (err instanceof RecoveryManifestError) this.fail(index, `flycell recover cannot read the manifest of ${stack}: ${err.message}`);
        throw err;
      }
    }
    return manifests;
  }

  /**
   * The recover step before any plan, as `flycell deploy` runs it: every stack tried, and a
   * failure in any stops the deploy with nothing planned (a refusal, the volumes made kept).
   */
  private recover(index: number, manifests: ReadonlyMap<string, readonly RecoveryEntry[]>): StepReport | undefined {
    const failures: string[] = [];
    for (const [stack, entries] of manifests) {
      if (!this.backend.recover) {
        if (entries.length > 0) this.fail(index, `${stack} asks for volumes the recover step makes, and this backend has none`);
        continue;
      }
      const outcome = this.backend.recover(stack, entries);
      if (outcome.kind === "failed") failures.push(`${stack}: ${outcome.message}`);
    }
    return failures.length > 0 ? { outcome: "recover refused", detail: failures.join("; "), lost: [] } : undefined;
  }

  /** Never two volumes for one recovery: a rerun finds the first, and Terraform adopts it rather than making another. */
  private checkRecoveredOnce(index: number, manifests: ReadonlyMap<string, readonly RecoveryEntry[]>): void {
    const apps = this.backend.volumeApps?.();
    if (!apps) return;
    const names = this.backend.volumes();
    for (const entry of [...manifests.values()].flat()) {
      const ids = [...names].filter(([id, name]) => name === entry.volume.name && apps.get(id) === entry.app).map(([id]) => id);
      if (ids.length > 1) this.fail(index, `${entry.owner}'s volume ${entry.volume.name} is in app "${entry.app}" ${ids.length} times (${ids.join(", ")}): one recovery made two volumes`);
    }
  }

  /** After a clean deploy and sync, the ledger records the generation of every volume this deploy recovered. */
  private checkGenerations(index: number, manifests: ReadonlyMap<string, readonly RecoveryEntry[]>, use: SyncUse): void {
    const ordered = [...manifests.keys()].sort();
    const read = use === "all" ? ordered : use.only.map((i) => ordered[i % ordered.length]);
    const ledger = readLedgerFile(this.ledgerFile);
    for (const stack of new Set(read)) {
      for (const entry of manifests.get(stack) ?? []) {
        const recorded = entry.kind === "tenant" ? ownValue(ledger.tenants, entry.owner) : ownValue(ledger.cells, entry.owner);
        const generation = recorded?.generation ?? 0;
        if (generation !== entry.generation) {
          this.fail(index, `${entry.kind} "${entry.owner}": the deploy adopted volume ${entry.volume.name} (generation ${entry.generation}) and synced, yet the ledger records generation ${generation}`);
        }
      }
    }
  }

  /** The guard's verdict on a plan, as `flycell guard` gives it; undefined when it passes. */
  private guard(index: number, stack: string, plan: TerraformPlanJson): string | undefined {
    const file = path.join(this.dir, `${stack}.plan.json`);
    fs.writeFileSync(file, JSON.stringify(plan));
    const { code, output } = cli(["guard", file]);
    if (code === 2) this.fail(index, `flycell guard could not read the plan of ${stack}: ${output}`);
    const violations = findVolumeViolations(plan);
    const unnamed = violations.filter((v) => v.tenant === "(unknown)" || v.tenant.length === 0 || v.volume.length === 0 || !v.field);
    if (unnamed.length > 0) this.fail(index, `a guard refusal names no tenant or cell, volume and field: ${JSON.stringify(unnamed)}`);
    if (code === 0 && violations.length > 0) this.fail(index, `flycell guard passed a plan with violations: ${JSON.stringify(violations)}`);
    return code === 0 ? undefined : output;
  }

  /** `flycell ledger sync --outputs …` over the stacks the step says; its exit code. */
  private sync(index: number, stacks: readonly string[], use: SyncUse): number {
    const ordered = [...stacks].sort();
    const read = use === "all" ? ordered : [...new Set(use.only.map((i) => ordered[i % ordered.length]))];
    fs.rmSync(this.outputsDir, { recursive: true, force: true });
    fs.mkdirSync(this.outputsDir, { recursive: true });
    const files = read.map((stack) => {
      const file = path.join(this.outputsDir, `${stack}.json`);
      fs.writeFileSync(file, JSON.stringify(this.backend.outputs(stack)));
      return file;
    });
    if (files.length === 0) return 0;
    const before = readLedgerFile(this.ledgerFile);
    let result: { code: number; output: string };
    try {
      result = cli(["ledger", "sync", "--ledger", this.ledgerFile, "--outputs", ...files]);
    } catch (err) {
      this.fail(index, `flycell ledger sync threw ${err instanceof Error ? err.stack : String(err)}`);
    }
    // Every stack applied and read: an entry no stack confirms is one the sync lost track of, and it then writes no ledger at all.
    if (use === "all" && result.code === 1) this.fail(index, `flycell ledger sync of every stack refused to write the ledger: ${result.output}`);
    if (![0, 1, 2].includes(result.code)) this.fail(index, `flycell ledger sync exited ${result.code}: ${result.output}`);
    // The ledger forgets nothing on its own: an entry it drops is a volume it no longer protects.
    const after = readLedgerFile(this.ledgerFile);
    const dropped = [
      ...Object.keys(before.tenants).filter((id) => !Object.hasOwn(after.tenants, id)).map((id) => `tenant "${id}"`),
      ...Object.keys(before.cells ?? {}).filter((id) => !Object.hasOwn(after.cells ?? {}, id)).map((id) => `shared cell "${id}"`),
    ];
    if (dropped.length > 0) this.fail(index, `flycell ledger sync (exit ${result.code}) dropped ${dropped.join(", ")} from the ledger`);
    return result.code;
  }
}
