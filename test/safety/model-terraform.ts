/**
 * The fast tier's Terraform: a model of plan and apply over the synthesized JSON, for volumes
 * only (the one resource whose loss is data loss). Per stack it keeps a state of volume
 * addresses; a volume whose address leaves the stack's configuration is destroyed, one whose
 * replacement-forcing attributes change (or whose size shrinks) is replaced, and then
 * `prevent_destroy` fails the plan as Terraform would. The plan it makes is the JSON the guard
 * reads from `terraform show -json`.
 */
import { TerraformPlanJson } from "../../lib";
import { Backend, PlanOutcome } from "./pipeline";

/** Attributes whose change replaces a volume (emulator/src/fly-rules.ts; `compute` is ignored by the cell). */
const REPLACE_ON = ["app", "name", "region", "encrypted", "fstype", "require_unique_zone", "unique_zone_app_wide"] as const;

interface VolumeBody {
  readonly name?: string;
  readonly size_gb?: number;
  readonly lifecycle?: { readonly prevent_destroy?: boolean };
  readonly [attribute: string]: unknown;
}

interface StackJson {
  readonly resource?: { readonly fly_volume?: Readonly<Record<string, VolumeBody>> };
  readonly output?: Readonly<Record<string, { readonly value?: unknown }>>;
}

interface HeldVolume {
  readonly id: string;
  readonly body: VolumeBody;
}

type Change = { readonly address: string; readonly actions: readonly string[]; readonly before?: HeldVolume; readonly after?: VolumeBody };

export class ModelTerraform implements Backend {
  private readonly states = new Map<string, Map<string, HeldVolume>>();
  private readonly appliedOutputs = new Map<string, Readonly<Record<string, { readonly value?: unknown }>>>();
  private readonly account = new Map<string, string>();
  private readonly pending = new Map<string, { readonly config: StackJson; readonly changes: readonly Change[] }>();
  private nextId = 0;

  plan(stack: string, text: string): PlanOutcome {
    const config = JSON.parse(text) as StackJson;
    const state = this.states.get(stack) ?? new Map<string, HeldVolume>();
    const wanted = new Map(Object.entries(config.resource?.fly_volume ?? {}).map(([id, body]) => [`fly_volume.${id}`, body]));
    const changes: Change[] = [];
    for (const [address, held] of state) {
      if (!wanted.has(address)) changes.push({ address, actions: ["delete"], before: held });
    }
    for (const [address, body] of wanted) {
      const held = state.get(address);
      if (!held) {
        changes.push({ address, actions: ["create"], after: body });
        continue;
      }
      const forced = REPLACE_ON.filter((key) => JSON.stringify(held.body[key]) !== JSON.stringify(body[key]));
      const shrinks = (body.size_gb ?? 0) < (held.body.size_gb ?? 0);
      if (forced.length === 0 && !shrinks) {
        changes.push({ address, actions: JSON.stringify(held.body) === JSON.stringify(body) ? ["no-op"] : ["update"], before: held, after: body });
        continue;
      }
      if (body.lifecycle?.prevent_destroy) {
        return { kind: "failed", refusal: true, message: `Instance cannot be destroyed: ${address} has lifecycle.prevent_destroy set (${[...forced, ...(shrinks ? ["size_gb"] : [])].join(", ")} changed)` };
      }
      changes.push({ address, actions: ["delete", "create"], before: held, after: body });
    }
    this.pending.set(stack, { config, changes });
    return { kind: "plan", plan: this.planJson(stack, config, changes) };
  }

  private planJson(stack: string, config: StackJson, changes: readonly Change[]): TerraformPlanJson {
    const before = this.appliedOutputs.get(stack) ?? {};
    const after = config.output ?? {};
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return {
      format_version: "1.2",
      complete: true,
      errored: false,
      planned_values: { outputs: Object.fromEntries(Object.entries(after).map(([name, o]) => [name, { value: o.value }])) },
      resource_changes: changes.map((c) => ({
        address: c.address,
        type: "fly_volume",
        change: {
          actions: c.actions,
          before: c.before ? { ...c.before.body, id: c.before.id } : null,
          ...(c.actions.length === 2 ? { replace_paths: REPLACE_ON.filter((k) => JSON.stringify(c.before?.body[k]) !== JSON.stringify(c.after?.[k])).map((k) => [k]) } : {}),
        },
      })),
      output_changes: Object.fromEntries(
        names.map((name) => {
          const was = before[name]?.value ?? null;
          const will = after[name]?.value ?? null;
          const actions = was === null ? ["create"] : will === null ? ["delete"] : JSON.stringify(was) === JSON.stringify(will) ? ["no-op"] : ["update"];
          return [name, { actions, before: was, after: will }];
        }),
      ),
    };
  }

  apply(stack: string): string | undefined {
    const planned = this.pending.get(stack);
    if (!planned) return `no plan for ${stack}`;
    this.pending.delete(stack);
    const state = this.states.get(stack) ?? new Map<string, HeldVolume>();
    for (const change of planned.changes) {
      if (change.actions.includes("delete") && change.before) {
        this.account.delete(change.before.id);
        state.delete(change.address);
      }
      if (change.actions.includes("create") && change.after) {
        const id = `vol_model${this.nextId++}`;
        this.account.set(id, change.after.name ?? "(unnamed)");
        state.set(change.address, { id, body: change.after });
      }
      if (change.actions.includes("update") && change.before && change.after) state.set(change.address, { id: change.before.id, body: change.after });
    }
    this.states.set(stack, state);
    this.appliedOutputs.set(stack, planned.config.output ?? {});
    return undefined;
  }

  outputs(stack: string): unknown {
    const outputs = this.appliedOutputs.get(stack) ?? {};
    return Object.fromEntries(Object.entries(outputs).map(([name, o]) => [name, { sensitive: false, type: "dynamic", value: o.value }]));
  }

  volumes(): ReadonlyMap<string, string> {
    return new Map(this.account);
  }
}
