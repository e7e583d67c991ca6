/**
 * The fast tier's Terraform: a model of plan and apply over the synthesized JSON, for volumes
 * only (the one resource whose loss is data loss). Per stack it keeps a state of volume
 * addresses; a volume whose address leaves the stack's configuration is destroyed, one whose
 * replacement-forcing attributes change (or whose size shrinks) is replaced, and then
 * `prevent_destroy` fails the plan as Terraform would. Top-level `import` blocks adopt an
 * account volume into the state. The plan it makes is the JSON the guard reads from
 * `terraform show -json`.
 *
 * It also models `flycell deploy`'s recover step over the same account (`recover`): what the
 * Machines API makes, Terraform then imports, as lib/recovery does with Fly.
 */
import * as path from "path";
import { TerraformPlanJson } from "../../lib";
import type { RecoveredVolume, RecoveryEntry } from "../../lib/recovery";
import { Backend, PlanOutcome, RecoverOutcome } from "./pipeline";

/** Attributes whose change replaces a volume (emulator/src/fly-rules.ts; `compute` is ignored by the cell). */
const REPLACE_ON = ["app", "name", "region", "encrypted", "fstype", "require_unique_zone", "unique_zone_app_wide"] as const;

interface VolumeBody {
  readonly name?: string;
  readonly size_gb?: number;
  readonly app?: unknown;
  readonly region?: unknown;
  readonly lifecycle?: { readonly prevent_destroy?: boolean };
  readonly [attribute: string]: unknown;
}

interface StackJson {
  readonly resource?: {
    readonly fly_volume?: Readonly<Record<string, VolumeBody>>;
    readonly fly_app?: Readonly<Record<string, { readonly name?: unknown }>>;
  };
  readonly data?: { readonly terraform_remote_state?: Readonly<Record<string, { readonly config?: { readonly path?: unknown } }>> };
  readonly output?: Readonly<Record<string, { readonly value?: unknown }>>;
  readonly variable?: Readonly<Record<string, { readonly default?: unknown }>>;
  readonly import?: readonly { readonly to: string; readonly id: string }[];
}

interface HeldVolume {
  readonly id: string;
  readonly body: VolumeBody;
}

/** A volume in the emulated account: what Fly knows of it, whoever made it. */
interface AccountVolume {
  readonly name: string;
  /** The app's literal name; "" when the model could not resolve the configuration's reference. */
  readonly app: string;
  readonly region: string;
  readonly sizeGb: number;
  /** Creation order: Fly's `created_at`, which picks the oldest of two same-named volumes. */
  readonly seq: number;
}

type Change = {
  readonly address: string;
  readonly actions: readonly string[];
  readonly before?: HeldVolume;
  readonly after?: VolumeBody;
  /** The account volume an import block adopts. */
  readonly importing?: string;
};

/** A resource change as `terraform show -json` has it, with the import the guard does not read. */
type PlanChange = NonNullable<TerraformPlanJson["resource_changes"]>[number] & { readonly change: { readonly importing?: { readonly id: string } } };

const own = <T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;

const REFERENCE = /\$\{([^}]*)\}/g;

export class ModelTerraform implements Backend {
  private readonly states = new Map<string, Map<string, HeldVolume>>();
  private readonly applied = new Map<string, StackJson>();
  private readonly account = new Map<string, AccountVolume>();
  private readonly pending = new Map<string, { readonly config: StackJson; readonly changes: readonly Change[] }>();
  /** Each stack's `flycell-recovered.auto.tfvars.json`, as the last recover step wrote it. */
  private readonly variables = new Map<string, Readonly<Record<string, RecoveredVolume>>>();
  private nextId = 0;

  /** A reference the model follows: an app's name, in this stack or (by remote state) an applied one. */
  private resolve(config: StackJson, value: unknown, depth = 0): unknown {
    if (typeof value !== "string" || depth > 4) return value;
    const whole = /^\$\{([^}]*)\}$/.exec(value);
    if (!whole) return value;
    const parts = whole[1].split(".");
    if (parts.length === 3 && parts[0] === "fly_app" && parts[2] === "name") {
      return this.resolve(config, own(config.resource?.fly_app, parts[1])?.name, depth + 1);
    }
    if (parts.length === 5 && parts[0] === "data" && parts[1] === "terraform_remote_state" && parts[3] === "outputs") {
      const file = own(config.data?.terraform_remote_state, parts[2])?.config?.path;
      const other = typeof file === "string" ? this.applied.get(path.basename(file, ".tfstate")) : undefined;
      return other ? this.resolve(other, own(other.output, parts[4])?.value, depth + 1) : value;
    }
    return value;
  }

  private appOf(config: StackJson, body: VolumeBody): string {
    const app = this.resolve(config, body.app);
    return typeof app === "string" && !app.includes("${") ? app : "";
  }

  /** The stack's import blocks' ids with variables filled in, or why Terraform cannot read them. */
  private importId(stack: string, config: StackJson, id: string): string | { readonly error: string } {
    const values = this.variables.get(stack) ?? {};
    let error: string | undefined;
    const filled = id.replace(REFERENCE, (text, expression: string) => {
      const parts = expression.split(".");
      if (parts[0] === "var" && parts.length === 3) {
        const value = own(values, parts[1]);
        const field = value === undefined ? undefined : own(value as unknown as Record<string, unknown>, parts[2]);
        if (typeof field === "string") return field;
        error ??= `Invalid import id argument: variable "${parts[1]}" has no attribute "${parts[2]}"`;
        return text;
      }
      const resolved = this.resolve(config, text);
      if (typeof resolved === "string" && !resolved.includes("${")) return resolved;
      error ??= `Invalid import id argument: the import block id depends on values that cannot be determined until apply (${expression})`;
      return text;
    });
    return error === undefined ? filled : { error };
  }

  /** The oldest live volume of that name in the app, as lib/recovery's `EntryRun.named` picks it. */
  private named(app: string, name: string): [string, AccountVolume] | undefined {
    return [...this.account].filter(([, v]) => v.app === app && v.name === name).sort(([, a], [, b]) => a.seq - b.seq)[0];
  }

  private create(volume: Omit<AccountVolume, "seq">): string {
    const seq = this.nextId++;
    const id = `vol_model${seq}`;
    this.account.set(id, { ...volume, seq });
    return id;
  }

  /**
   * The recover step of one stack, as lib/recovery does it through the Machines API: per entry,
   * the volume of that name in the app if there is one (never a second), else a new one from
   * the source volume (a snapshot of it, or a fork). The variables of what worked are written
   * either way; an entry that did not is a failure, and the deploy stops before any plan.
   */
  recover(stack: string, entries: readonly RecoveryEntry[]): RecoverOutcome {
    const values: Record<string, RecoveredVolume> = {};
    const problems: string[] = [];
    const made: string[] = [];
    for (const entry of entries) {
      const kind = "fork" in entry.source ? "fork" : "snapshot";
      const from = this.named(entry.app, entry.source.from_volume_name);
      const existing = this.named(entry.app, entry.volume.name);
      const record = (id: string): RecoveredVolume => ({
        volume: id,
        kind,
        source_volume: from?.[0] ?? "",
        snapshot: kind === "snapshot" ? `vs_model${from?.[1].seq ?? 0}` : "",
        taken_at: "",
        size_bytes: (from?.[1].sizeGb ?? entry.volume.size_gb) * 2 ** 30,
      });
      if (existing && !from) {
        // As lib/recovery refuses: the source is gone, so the ledger the synth read is older than the account.
        problems.push(`${entry.owner}: volume ${entry.volume.name} was made by an earlier run, but ${entry.source.from_volume_name}, the volume it copies from, is gone`);
        continue;
      }
      if (existing) {
        values[entry.variable] = record(existing[0]);
        continue;
      }
      if (!from) {
        problems.push(`${entry.owner}: app "${entry.app}" has no volume named "${entry.source.from_volume_name}" to ${kind === "fork" ? "fork" : "restore from"}`);
        continue;
      }
      if (kind === "fork" && entry.volume.size_gb < from[1].sizeGb) {
        problems.push(`${entry.owner}: volumeSizeGb ${entry.volume.size_gb} is smaller than volume ${from[1].name} it forks (${from[1].sizeGb} GB)`);
        continue;
      }
      // Snapshots are daily and kept off the host: the model always has a latest one.
      values[entry.variable] = record(this.create({ name: entry.volume.name, app: entry.app, region: entry.volume.region, sizeGb: entry.volume.size_gb }));
      made.push(entry.volume.name);
    }
    this.variables.set(stack, values);
    return problems.length > 0 ? { kind: "failed", message: problems.join("; ") } : { kind: "recovered", made };
  }

  plan(stack: string, text: string): PlanOutcome {
    const config = JSON.parse(text) as StackJson;
    const values = this.variables.get(stack) ?? {};
    for (const [name, variable] of Object.entries(config.variable ?? {})) {
      if (!Object.hasOwn(variable, "default") && own(values, name) === undefined) {
        return { kind: "failed", refusal: false, message: `No value for required variable "${name}" (the recover step gave none)` };
      }
    }
    const state = this.states.get(stack) ?? new Map<string, HeldVolume>();
    const wanted = new Map(Object.entries(config.resource?.fly_volume ?? {}).map(([id, body]) => [`fly_volume.${id}`, body]));
    // Import blocks for an address already in the state do nothing, as in Terraform.
    const imports = new Map<string, HeldVolume>();
    for (const block of config.import ?? []) {
      const body = wanted.get(block.to);
      if (!body) return { kind: "failed", refusal: false, message: `Configuration for import target does not exist: ${block.to}` };
      if (state.has(block.to)) continue;
      const id = this.importId(stack, config, block.id);
      if (typeof id !== "string") return { kind: "failed", refusal: false, message: id.error };
      const slash = id.indexOf("/");
      const volume = this.account.get(id.slice(slash + 1));
      if (slash < 0 || !volume || volume.app !== id.slice(0, slash)) {
        return { kind: "failed", refusal: false, message: `Cannot import non-existent remote object: ${block.to} (id "${id}")` };
      }
      // The state Terraform reads back: the account's attributes, with the app as configured when it is the same app.
      const held = { ...body, name: volume.name, region: volume.region, size_gb: volume.sizeGb, app: volume.app === this.appOf(config, body) ? body.app : volume.app };
      imports.set(block.to, { id: id.slice(slash + 1), body: held });
    }
    const changes: Change[] = [];
    for (const [address, held] of state) {
      if (!wanted.has(address)) changes.push({ address, actions: ["delete"], before: held });
    }
    for (const [address, body] of wanted) {
      const imported = imports.get(address);
      const held = state.get(address) ?? imported;
      if (!held) {
        changes.push({ address, actions: ["create"], after: body });
        continue;
      }
      const forced = REPLACE_ON.filter((key) => JSON.stringify(held.body[key]) !== JSON.stringify(body[key]));
      const shrinks = (body.size_gb ?? 0) < (held.body.size_gb ?? 0);
      if (forced.length === 0 && !shrinks) {
        const actions = JSON.stringify(held.body) === JSON.stringify(body) ? ["no-op"] : ["update"];
        changes.push({ address, actions, before: held, after: body, ...(imported ? { importing: imported.id } : {}) });
        continue;
      }
      const changed = [...forced, ...(shrinks ? ["size_gb"] : [])].join(", ");
      // An adopted volume that differs (one an earlier run made elsewhere) is replaced too, as Terraform would.
      if (body.lifecycle?.prevent_destroy) {
        return { kind: "failed", refusal: true, message: `Instance cannot be destroyed: ${address} has lifecycle.prevent_destroy set (${changed} changed)` };
      }
      changes.push({ address, actions: ["delete", "create"], before: held, after: body });
    }
    this.pending.set(stack, { config, changes });
    return { kind: "plan", plan: this.planJson(stack, config, changes) };
  }

  private planJson(stack: string, config: StackJson, changes: readonly Change[]): TerraformPlanJson {
    const before = this.applied.get(stack)?.output ?? {};
    const after = config.output ?? {};
    const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    const resourceChanges = changes.map((c): PlanChange => {
      // Terraform's `before` holds every attribute; the guard's type names only what it reads.
      const held: VolumeBody | null = c.before ? { ...c.before.body, id: c.before.id } : null;
      return {
        address: c.address,
        type: "fly_volume",
        change: {
          actions: c.actions,
          before: held,
          ...(c.actions.length === 2 ? { replace_paths: REPLACE_ON.filter((k) => JSON.stringify(c.before?.body[k]) !== JSON.stringify(c.after?.[k])).map((k) => [k]) } : {}),
          ...(c.importing === undefined ? {} : { importing: { id: c.importing } }),
        },
      };
    });
    return {
      format_version: "1.2",
      complete: true,
      errored: false,
      planned_values: { outputs: Object.fromEntries(Object.entries(after).map(([name, o]) => [name, { value: o.value }])) },
      resource_changes: resourceChanges,
      output_changes: Object.fromEntries(
        names.map((name) => {
          const was = own(before, name)?.value ?? null;
          const will = own(after, name)?.value ?? null;
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
        const { after } = change;
        const id = this.create({ name: after.name ?? "(unnamed)", app: this.appOf(planned.config, after), region: String(after.region), sizeGb: after.size_gb ?? 1 });
        state.set(change.address, { id, body: after });
      }
      if (change.before && change.after && !change.actions.includes("delete")) {
        // An update (a grown volume) or an import: the same volume, now as configured.
        const volume = this.account.get(change.before.id);
        if (volume && change.after.size_gb !== undefined) this.account.set(change.before.id, { ...volume, sizeGb: Math.max(volume.sizeGb, change.after.size_gb) });
        state.set(change.address, { id: change.before.id, body: change.after });
      }
    }
    this.states.set(stack, state);
    this.applied.set(stack, planned.config);
    return undefined;
  }

  outputs(stack: string): unknown {
    const outputs = this.applied.get(stack)?.output ?? {};
    return Object.fromEntries(Object.entries(outputs).map(([name, o]) => [name, { sensitive: false, type: "dynamic", value: o.value }]));
  }

  volumes(): ReadonlyMap<string, string> {
    return new Map([...this.account].map(([id, v]) => [id, v.name]));
  }

  volumeApps(): ReadonlyMap<string, string> {
    return new Map([...this.account].map(([id, v]) => [id, v.app]));
  }
}
