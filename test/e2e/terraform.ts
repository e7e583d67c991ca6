import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { installEmulator } from "../../emulator/src/install";
import { TerraformPlanJson } from "../../lib";
import { FlyProvider } from "../../lib/gen/providers/fly/provider";

/** True when the real Terraform CLI is on PATH; these tests need nothing else. */
export const HAS_TERRAFORM = spawnSync("terraform", ["version"], { stdio: "ignore" }).status === 0;

/** `describe`, or a skip that says why when there is no `terraform` binary. */
export function describeWithTerraform(name: string, fn: () => void): void {
  if (HAS_TERRAFORM) {
    describe(name, fn);
    return;
  }
  describe.skip(`${name} (skipped: no terraform binary on PATH)`, fn);
}

/**
 * A stack for a workspace: the Fly provider, and state in the working directory. (cdktf's
 * default local backend is an absolute path under the current directory, the repository root,
 * where it would meet other tests' state and the example fleet's.)
 */
export function workspaceStack(app: App): TerraformStack {
  const stack = new TerraformStack(app, "fleet");
  new LocalBackend(stack, { path: "terraform.tfstate" });
  new FlyProvider(stack, "fly", { orgSlug: "e2e-org" });
  return stack;
}

/** A Terraform plan as `terraform show -json` prints it, with what the tests read. */
export interface PlanJson extends TerraformPlanJson {
  readonly output_changes?: Record<string, { readonly actions: readonly string[]; readonly before?: unknown; readonly after?: unknown }>;
}

export interface ChangeCounts {
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
}

/** Resource changes by kind, from a saved plan's JSON (never from Terraform's text). */
export function countChanges(plan: PlanJson): ChangeCounts {
  const counts = { create: 0, update: 0, replace: 0, delete: 0 };
  for (const { change } of plan.resource_changes ?? []) {
    const a = change.actions;
    if (a.includes("create") && a.includes("delete")) counts.replace++;
    else if (a.includes("create")) counts.create++;
    else if (a.includes("delete")) counts.delete++;
    else if (a.includes("update")) counts.update++;
  }
  return counts;
}

/** Addresses of the resources a plan changes, with their actions joined (`create`, `delete,create`, …). */
export function changedResources(plan: PlanJson): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of plan.resource_changes ?? []) {
    if (!c.change.actions.every((a) => a === "no-op" || a === "read")) out[c.address] = c.change.actions.join(",");
  }
  return out;
}

export function changedOutputs(plan: PlanJson): string[] {
  return Object.entries(plan.output_changes ?? {})
    .filter(([, c]) => !c.actions.every((a) => a === "no-op"))
    .map(([name]) => name);
}

export interface TerraformResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Installs the emulator under `root`; the environment Terraform then runs offline with. */
export function emulatorEnv(root: string, extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const emulator = installEmulator(path.join(root, "emulator"));
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TF_CLI_CONFIG_FILE: emulator.cliConfig,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    FLY_API_TOKEN: "emulator-token", // the emulator only checks that a token is set
    ...extra,
  };
}

/** Volume names in an emulated Fly account installed under `root`, one entry per volume. */
export function accountVolumes(root: string): string[] {
  const account = JSON.parse(fs.readFileSync(path.join(root, "emulator", "data", "fly.json"), "utf8")) as { resources: Record<string, { name?: string }> };
  return Object.entries(account.resources)
    .filter(([key]) => key.startsWith("fly_volume/"))
    .map(([, volume]) => String(volume.name))
    .sort();
}

export function runTerraform(dir: string, env: NodeJS.ProcessEnv, args: readonly string[]): TerraformResult {
  const r = spawnSync("terraform", [...args, "-no-color"], { cwd: dir, env, encoding: "utf8" });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * One Terraform working directory on the emulated Fly provider: configurations from cdktf stacks
 * go in, the real CLI runs offline, plans come out as JSON.
 */
export class Workspace {
  readonly dir: string;
  private readonly env: NodeJS.ProcessEnv;

  /** `env` adds to the environment Terraform runs with (e.g. `TF_VAR_…` for secret values). */
  constructor(
    private readonly root: string,
    env: Readonly<Record<string, string>> = {},
  ) {
    fs.rmSync(root, { recursive: true, force: true });
    // Laid out like cdktf.out/stacks/<id>, so a stack's relative LocalBackend path stays inside `root`.
    this.dir = path.join(root, "out", "stacks", "work");
    fs.mkdirSync(this.dir, { recursive: true });
    this.env = emulatorEnv(root, env);
  }

  /** Synthesizes `build`'s stack and makes it this workspace's configuration. */
  configure(build: (app: App) => TerraformStack): void {
    const outdir = this.synthDir();
    const stack = build(new App({ outdir }));
    (stack.node.root as App).synth();
    this.useConfig(path.join(outdir, "stacks", stack.node.id, "cdk.tf.json"));
  }

  /** A fresh directory to synthesize into. */
  synthDir(): string {
    return fs.mkdtempSync(path.join(this.root, "synth-"));
  }

  /** Makes a synthesized `cdk.tf.json` this workspace's configuration. */
  useConfig(file: string): void {
    const config = JSON.parse(fs.readFileSync(file, "utf8")) as { terraform?: { backend?: { local?: { path?: string } } } };
    const state = config.terraform?.backend?.local?.path;
    if (state === undefined || path.isAbsolute(state)) throw new Error(`${file}: state must be local and relative, got ${state}`);
    fs.copyFileSync(file, path.join(this.dir, "cdk.tf.json"));
  }

  /** Runs terraform; returns what it printed, or throws with it when the exit code is not 0. */
  run(...args: string[]): TerraformResult {
    const result = this.tryRun(...args);
    if (result.status !== 0) throw new Error(`terraform ${args.join(" ")} failed:\n${result.stderr}\n${result.stdout}`);
    return result;
  }

  tryRun(...args: string[]): TerraformResult {
    return runTerraform(this.dir, this.env, args);
  }

  init(): void {
    this.run("init", "-input=false");
  }

  apply(): void {
    this.run("apply", "-auto-approve", "-input=false");
  }

  /** `terraform plan -out` then `show -json`: the plan as users' CI would see it. */
  plan(): PlanJson {
    this.run("plan", "-input=false", "-out=plan.bin");
    const json = this.run("show", "-json", "plan.bin").stdout;
    fs.writeFileSync(path.join(this.dir, "plan.json"), json);
    return JSON.parse(json) as PlanJson;
  }

  /** The resources in the current state, by address. */
  stateAddresses(): string[] {
    const state = JSON.parse(this.run("show", "-json").stdout) as {
      values?: { root_module?: { resources?: { address: string }[] } };
    };
    return (state.values?.root_module?.resources ?? []).map((r) => r.address).sort();
  }
}
