import { ApplyContext, appOf, ResourceRules, RULES } from "./fly-rules";
import { blockType, JsonAttribute, JsonBlock, loadSchemas, ProviderSchemas, TfType } from "./schema";
import { FlyStore } from "./store";
import { conform, containsUnknown, equal, isObject, ObjectValue, UNKNOWN, Value, valueAt } from "./values";

export interface Diagnostic {
  readonly severity: "ERROR" | "WARNING";
  readonly summary: string;
  readonly detail?: string;
  readonly attribute?: readonly string[];
}

export interface Result {
  readonly value?: Value;
  readonly diagnostics: Diagnostic[];
  readonly requiresReplace?: (readonly string[])[];
}

const error = (summary: string, detail?: string, attribute?: readonly string[]): Diagnostic => ({
  severity: "ERROR",
  summary,
  detail,
  attribute,
});

/** The emulated provider's behaviour, apart from the wire: values in, values and diagnostics out. */
export class EmulatedProvider {
  readonly schemas: ProviderSchemas;
  private readonly types = new Map<string, TfType>();
  private org = "personal";

  constructor(private readonly store: FlyStore, schemas = loadSchemas()) {
    this.schemas = schemas;
    for (const [name, schema] of Object.entries(schemas.resources)) this.types.set(name, blockType(schema.block));
  }

  configure(config: Value): Result {
    const cfg = isObject(config) ? config : {};
    if (typeof cfg.org_slug === "string") this.org = cfg.org_slug;
    if (!cfg.api_token && !process.env.FLY_API_TOKEN) {
      return {
        diagnostics: [error("Missing API Token", "Set api_token or FLY_API_TOKEN (any value works with the emulator).")],
      };
    }
    return { diagnostics: [] };
  }

  validate(type: string, config: Value): Result {
    const rules = this.rulesFor(type);
    if (!rules || !isObject(config)) return { diagnostics: [error(`Unknown resource type ${type}`)] };
    const diagnostics: Diagnostic[] = [];
    for (const name of rules.nonEmpty ?? []) {
      if (config[name] === "") {
        diagnostics.push(error("Invalid Attribute Value Length", `Attribute ${name} string length must be at least 1, got: 0`, [name]));
      }
    }
    for (const [path, allowed] of Object.entries(rules.oneOf ?? {})) {
      const at = path.split(".");
      const value = valueAt(config, at);
      if (typeof value === "string" && !allowed.includes(value)) {
        diagnostics.push(error("Invalid Attribute Value Match", `${path} must be one of: ${allowed.join(", ")}; got "${value}"`, at));
      }
    }
    if (type === "fly_ip" && typeof config.type === "string" && config.type !== "private_v6") {
      for (const name of ["network", "org_slug"]) {
        if (config[name] !== null) diagnostics.push(error("Invalid Attribute Combination", `${name} is only allowed with type = "private_v6"`, [name]));
      }
    }
    return { diagnostics };
  }

  /** State saved by any version of the schema, reshaped to the current one. */
  upgrade(type: string, rawJson: string): Result {
    const t = this.types.get(type);
    if (!t) return { diagnostics: [error(`Unknown resource type ${type}`)] };
    return { value: this.withoutWriteOnly(type, conform(JSON.parse(rawJson), t)), diagnostics: [] };
  }

  read(type: string, current: Value): Result {
    if (!isObject(current)) return { value: current, diagnostics: [] };
    const gone = typeof current.id === "string" && !this.store.get(type, current.id);
    if (gone) return { value: null, diagnostics: [] };
    if (type === "fly_volume" && typeof current.id === "string") {
      // Read refreshes which machine the volume is attached to.
      return { value: { ...current, attached_machine_id: this.store.attachedMachine(current.id) ?? "" }, diagnostics: [] };
    }
    return { value: current, diagnostics: [] };
  }

  /**
   * `terraform import` and `import` blocks: fly_volume and fly_machine by the provider's import id,
   * `<app>/<id>`, answered with the record the account holds now (a volume the Machines API made
   * after this plugin started included).
   */
  importState(type: string, importId: string): Result {
    if (type !== "fly_volume" && type !== "fly_machine") {
      return { diagnostics: [error("Resource Import Not Implemented", `The flycell emulator imports fly_volume and fly_machine only, not ${type}.`)] };
    }
    const slash = importId.indexOf("/");
    const app = importId.slice(0, slash);
    const id = importId.slice(slash + 1);
    if (slash <= 0 || id === "" || id.includes("/")) {
      const what = type === "fly_volume" ? "volume_id" : "machine_id";
      return { diagnostics: [error("Unexpected Import Identifier", `Expected import identifier with format: app_name/${what}. Got: ${JSON.stringify(importId)}`)] };
    }
    const held = this.store.current(type, id);
    if (!held || held.app !== app) {
      return {
        diagnostics: [error("Cannot import non-existent remote object", `The emulated Fly account has no ${type === "fly_volume" ? "volume" : "machine"} ${id} in app "${app}".`)],
      };
    }
    const state = this.withoutWriteOnly(type, conform(held, this.types.get(type) as TfType)) as ObjectValue;
    if (type === "fly_volume") state.attached_machine_id = this.store.attachedMachine(id) ?? "";
    return { value: state, diagnostics: [] };
  }

  plan(type: string, prior: Value, proposed: Value, config: Value): Result {
    const schema = this.schemas.resources[type];
    const rules = this.rulesFor(type);
    if (!schema || !rules) return { diagnostics: [error(`Unknown resource type ${type}`)] };
    if (!isObject(proposed)) return { value: null, diagnostics: [] }; // destroy
    const cfg = isObject(config) ? config : {};
    const next = this.withoutWriteOnly(type, proposed) as ObjectValue;
    if (!isObject(prior)) return { value: planComputed(schema.block, next, cfg, null, "", rules, true), diagnostics: [] };

    const diagnostics: Diagnostic[] = [];
    const priorSize = prior.size_gb;
    if (type === "fly_volume" && typeof priorSize === "number" && typeof next.size_gb === "number" && next.size_gb < priorSize) {
      diagnostics.push(
        error("Cannot Shrink Volume", `Volume ${String(prior.name)} is ${priorSize} GB; Fly volumes can only grow (asked for ${next.size_gb} GB).`, ["size_gb"]),
      );
      return { diagnostics };
    }
    if (type === "fly_machine" && !equal(next.name, prior.name)) {
      if (cfg.name !== null) {
        diagnostics.push({ severity: "WARNING", summary: "Machine name change ignored", detail: "Fly cannot rename a machine; taint it to rename.", attribute: ["name"] });
      }
      next.name = prior.name;
    }
    if (equal(next, prior)) return { value: next, diagnostics };
    const requiresReplace = rules.replace.filter((path) => !equal(valueAt(prior, path), valueAt(next, path)));
    const planned = planComputed(schema.block, next, cfg, prior, "", rules, requiresReplace.length > 0);
    return { value: planned, diagnostics, requiresReplace };
  }

  apply(type: string, prior: Value, planned: Value): Result {
    const schema = this.schemas.resources[type];
    const rules = this.rulesFor(type);
    if (!schema || !rules) return { diagnostics: [error(`Unknown resource type ${type}`)] };
    if (!isObject(planned)) {
      if (!isObject(prior) || typeof prior.id !== "string") return { value: null, diagnostics: [] };
      const refused = this.refusedDelete(type, prior);
      if (refused) return { value: prior, diagnostics: [refused] };
      this.store.delete(type, prior.id);
      return { value: null, diagnostics: [] };
    }
    const existing = isObject(prior) ? prior : null;
    const problems = this.refusals(type, existing, planned);
    if (problems.length > 0) return { value: existing, diagnostics: problems };
    const ctx: ApplyContext = {
      org: this.org,
      held: existing && typeof existing.id === "string" ? this.store.get(type, existing.id) : undefined,
      nextSecretsVersion: (app) => this.store.nextSecretsVersion(app),
      attachedMachine: (volumeId) => this.store.attachedMachine(volumeId),
    };
    const state: ObjectValue = { ...planned };
    for (const [key, assign] of Object.entries(rules.assign ?? {})) {
      if (state[key] === UNKNOWN) state[key] = assign(state, ctx);
    }
    const known = settle(state, schema.block) as ObjectValue;
    if (type === "fly_app" && existing === null) {
      // App names are global on Fly: the name must be free in the account, whichever state asks.
      const holder = this.store.create(type, String(known.id), known);
      if (holder) return { value: null, diagnostics: [appNameTaken(String(known.name), holder)] };
      return { value: known, diagnostics: [] };
    }
    if (existing && typeof existing.id === "string" && existing.id !== known.id) this.store.delete(type, existing.id);
    this.store.put(type, String(known.id), known);
    return { value: known, diagnostics: [] };
  }

  private rulesFor(type: string): ResourceRules | undefined {
    return RULES[type];
  }

  /**
   * What Fly (or the provider, before it calls Fly) refuses at apply time: resources in an app that
   * does not exist; on a machine's create, mounts of missing volumes or of volumes another machine
   * holds; on its update, a mount moved to another volume.
   */
  private refusals(type: string, prior: ObjectValue | null, planned: ObjectValue): Diagnostic[] {
    const out: Diagnostic[] = [];
    const app = appOf(type, planned);
    if (app !== undefined && !this.store.appExists(app)) out.push(error("App not found", `Fly app "${app}" does not exist.`, ["app"]));
    if (type !== "fly_machine") return out;
    if (prior) {
      const before = mountsOf(prior);
      mountsOf(planned).forEach((mount, i) => {
        const was = before[i]?.volume;
        if (typeof was === "string" && typeof mount.volume === "string" && was !== mount.volume) {
          out.push(
            error(
              "Update Machine Error",
              `Fly refuses to change the volume a machine mounts: machine ${String(prior.id)} mounts ${was} at ` +
                `${String(mount.path)}, and the update asks for ${mount.volume}. A machine keeps the volumes it was created ` +
                `with; replace it (terraform apply -replace=<address>) to mount another volume.`,
              ["mount"],
            ),
          );
        }
      });
      return out;
    }
    for (const mount of mountsOf(planned)) {
      const volume = mount.volume;
      if (typeof volume !== "string") continue;
      const holder = this.store.attachedMachine(volume);
      if (!this.store.get("fly_volume", volume)) {
        out.push(error("Volume not found", `Volume ${volume} does not exist in app "${String(app)}".`, ["mount"]));
      } else if (holder !== undefined) {
        out.push(
          error(
            "Volume Already Attached",
            `volume ${volume} is already attached to machine ${holder}; each fly_volume should be referenced by at most ` +
              "one fly_machine.mount.volume.",
            ["mount"],
          ),
        );
      }
    }
    return out;
  }

  /** What Fly refuses to delete: a volume a machine still mounts. */
  private refusedDelete(type: string, prior: ObjectValue): Diagnostic | undefined {
    const machine = type === "fly_volume" ? this.store.attachedMachine(String(prior.id)) : undefined;
    if (machine === undefined) return undefined;
    return error(
      "Delete Volume Error",
      `volume ${String(prior.id)} is attached to machine ${machine}; destroy the machine first (terraform destroy ` +
        "may need to re-run after the machine teardown propagates)",
    );
  }

  private withoutWriteOnly(type: string, value: Value): Value {
    const attrs = this.schemas.resources[type]?.block.attributes ?? {};
    if (!isObject(value)) return value;
    const out = { ...value };
    for (const [name, attr] of Object.entries(attrs)) if (attr.write_only) out[name] = null;
    return out;
  }
}

function mountsOf(machine: ObjectValue): ObjectValue[] {
  return (Array.isArray(machine.mount) ? machine.mount : []).filter(isObject);
}

function appNameTaken(name: string, holder: ObjectValue): Diagnostic {
  return error(
    "Create App Error",
    `app name "${name}" is already taken: the emulated Fly account has an app of that name (org "${String(holder.org)}"), ` +
      "created by another Terraform state or an earlier apply whose state is gone. Fly app names are global. " +
      "(The real provider takes Fly's 422 as success and adopts an app of the same name that its token can see, so " +
      "two states would own one app; the emulator refuses instead.) Use another name, or an emulated account of its own.",
    ["name"],
  );
}

/**
 * Computed attributes the configuration leaves null: the provider's default, or unknown when Fly
 * assigns them. On an in-place update they keep their state value, except the volatile ones.
 */
function planComputed(
  block: JsonBlock,
  planned: ObjectValue,
  config: ObjectValue,
  prior: ObjectValue | null,
  prefix: string,
  rules: ResourceRules,
  replacing: boolean,
): ObjectValue {
  const out = { ...planned };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (!attr.computed || (config[name] ?? null) !== null) continue;
    const key = prefix + name;
    const fresh = replacing || prior === null || (prior[name] ?? null) === null;
    if (fresh) out[name] = rules.defaults && key in rules.defaults ? rules.defaults[key] : UNKNOWN;
    else if (rules.volatile?.includes(key)) out[name] = UNKNOWN;
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const value = out[name];
    const cfg = config[name] ?? null;
    const old = prior?.[name] ?? null;
    const inner = (v: Value, c: Value, p: Value) =>
      isObject(v) ? planComputed(bt.block, v, isObject(c) ? c : {}, isObject(p) ? p : null, `${prefix}${name}.`, rules, replacing) : v;
    if (Array.isArray(value)) {
      out[name] = value.map((v, i) => inner(v, Array.isArray(cfg) ? cfg[i] : null, Array.isArray(old) ? old[i] : null));
    } else {
      out[name] = inner(value, cfg, old);
    }
  }
  return out;
}

/** Any value still unknown after Fly's assignments gets the zero value of its kind. */
function settle(value: Value, block: JsonBlock): Value {
  if (!isObject(value)) return value;
  const out: ObjectValue = { ...value };
  for (const [name, attr] of Object.entries(block.attributes ?? {})) {
    if (out[name] === UNKNOWN) out[name] = zeroOf(attr.type);
  }
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    const v = out[name];
    out[name] = Array.isArray(v) ? v.map((e) => settle(e, bt.block)) : settle(v, bt.block);
  }
  if (containsUnknown(out)) throw new Error("emulator: a value stayed unknown after apply");
  return out;
}

function zeroOf(type: JsonAttribute["type"]): Value {
  if (type === "string") return "";
  if (type === "number") return 0;
  if (type === "bool") return false;
  if (Array.isArray(type) && type[0] === "map") return {};
  if (Array.isArray(type)) return [];
  return null;
}
