/**
 * The real tier's Terraform: the Terraform CLI, offline, on flycell's Fly provider emulator.
 * Stacks live in `<root>/out/stacks/<id>` (init once each), states in `<root>/state/`, the
 * emulated account in `<root>/emulator/data/fly.json`, read before and after each step.
 */
import * as fs from "fs";
import * as path from "path";
import { TerraformPlanJson } from "../../lib";
import { emulatorEnv, runTerraform, TerraformResult } from "../e2e/terraform";
import { Backend, PlanOutcome } from "./pipeline";

/** Plan errors that are a safety layer refusing (prevent_destroy, the provider's shrink check), not a failure. */
const REFUSALS = /Instance cannot be destroyed|Cannot Shrink Volume/;

interface AccountFile {
  readonly resources?: Readonly<Record<string, { readonly name?: unknown }>>;
}

export class RealTerraform implements Backend {
  private readonly env: NodeJS.ProcessEnv;
  private readonly account: string;
  private readonly initialized = new Set<string>();
  /** Each stack's configuration as last applied; planning it again would plan nothing. */
  private readonly applied = new Map<string, string>();
  private readonly planned = new Map<string, string>();

  constructor(private readonly root: string) {
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(path.join(root, "state"), { recursive: true });
    this.env = emulatorEnv(root);
    this.account = path.join(root, "emulator", "data", "fly.json");
  }

  private dir(stack: string): string {
    return path.join(this.root, "out", "stacks", stack);
  }

  private run(stack: string, ...args: string[]): TerraformResult {
    return runTerraform(this.dir(stack), this.env, args);
  }

  plan(stack: string, config: string): PlanOutcome {
    this.planned.set(stack, config);
    // Saves a plan and an apply (seconds each): nothing outside a stack changes its resources here.
    if (this.applied.get(stack) === config) return { kind: "plan", plan: { format_version: "1.2", planned_values: {}, resource_changes: [] } };
    const dir = this.dir(stack);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), config);
    fs.rmSync(path.join(dir, "plan.bin"), { force: true });
    if (!this.initialized.has(stack)) {
      const init = this.run(stack, "init", "-input=false");
      if (init.status !== 0) return { kind: "failed", refusal: false, message: `init: ${init.stderr}` };
      this.initialized.add(stack);
    }
    // No refresh: only these runs write the emulated account, so the state already says what it holds.
    const plan = this.run(stack, "plan", "-input=false", "-refresh=false", "-out=plan.bin");
    if (plan.status !== 0) return { kind: "failed", refusal: REFUSALS.test(plan.stderr), message: plan.stderr.trim() };
    const show = this.run(stack, "show", "-json", "plan.bin");
    if (show.status !== 0) return { kind: "failed", refusal: false, message: `show: ${show.stderr}` };
    return { kind: "plan", plan: JSON.parse(show.stdout) as TerraformPlanJson };
  }

  apply(stack: string): string | undefined {
    const config = this.planned.get(stack);
    if (config !== undefined && this.applied.get(stack) === config) return undefined;
    const apply = this.run(stack, "apply", "-input=false", "plan.bin");
    if (apply.status !== 0) return apply.stderr.trim();
    if (config !== undefined) this.applied.set(stack, config);
    return undefined;
  }

  outputs(stack: string): unknown {
    if (!this.initialized.has(stack)) return {};
    const outputs = this.run(stack, "output", "-json");
    return outputs.status === 0 ? (JSON.parse(outputs.stdout) as unknown) : {};
  }

  volumes(): ReadonlyMap<string, string> {
    if (!fs.existsSync(this.account)) return new Map();
    const file = JSON.parse(fs.readFileSync(this.account, "utf8")) as AccountFile;
    return new Map(
      Object.entries(file.resources ?? {})
        .filter(([key]) => key.startsWith("fly_volume/"))
        .map(([key, volume]) => [key.slice("fly_volume/".length), String(volume.name)]),
    );
  }
}
