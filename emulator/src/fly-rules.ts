import { randomBytes, randomInt } from "crypto";
import { ObjectValue, Value } from "./values";

/**
 * What the real ampbase-io/fly provider does beyond its schema, per resource type, as recorded
 * with its provenance in schema/NOTES.md: replacement triggers, plan-time defaults, validators,
 * which computed values go unknown on an in-place update, and the values Fly assigns.
 */
export interface ResourceRules {
  /** Attribute paths whose change forces a replacement. */
  readonly replace: readonly (readonly string[])[];
  /** Defaults the provider plans when the configuration leaves an Optional+Computed attribute null. */
  readonly defaults?: Readonly<Record<string, Value>>;
  /** Computed attributes that are "known after apply" again on every in-place update. */
  readonly volatile?: readonly string[];
  /** Allowed values of string attributes, checked at validate time. */
  readonly oneOf?: Readonly<Record<string, readonly string[]>>;
  /** String attributes that may be left unset but, when set, not empty (LengthAtLeast(1)). */
  readonly nonEmpty?: readonly string[];
  /** A value Fly assigns to a computed attribute at apply time (by dotted path). */
  readonly assign?: Readonly<Record<string, (state: ObjectValue, ctx: ApplyContext) => Value>>;
}

export interface ApplyContext {
  readonly org: string;
  /** The resource as Fly holds it before this apply: its record on an update, undefined on a create. */
  readonly held: ObjectValue | undefined;
  nextSecretsVersion(app: string): number;
  /** The machine that mounts a volume, if one does. */
  attachedMachine(volumeId: string): string | undefined;
}

/** A value Fly already holds for this resource (kept across an update), or a fresh one. */
const kept =
  (name: string, fresh: () => Value) =>
  (_s: ObjectValue, ctx: ApplyContext): Value =>
    ctx.held?.[name] ?? fresh();

export const hex = (bytes: number) => randomBytes(bytes).toString("hex");
export const base36 = (length: number) =>
  Array.from({ length }, () => "0123456789abcdefghijklmnopqrstuvwxyz"[randomInt(36)]).join("");
const ulid = () => Array.from({ length: 26 }, () => "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[randomInt(32)]).join("");
const ipv6Group = () => randomInt(0x10000).toString(16);

function address(type: Value): string {
  if (type === "private_v6") return `fdaa:0:${ipv6Group()}:a7b:${ipv6Group()}:${ipv6Group()}:${ipv6Group()}:2`;
  if (type === "public_v6") return `2a09:8280:1::${ipv6Group()}:${ipv6Group()}`;
  return `66.241.${randomInt(256)}.${randomInt(1, 255)}`;
}

export const RULES: Readonly<Record<string, ResourceRules>> = {
  fly_app: {
    replace: [["name"], ["org"], ["network"]],
    nonEmpty: ["org"],
    assign: {
      id: (s) => s.name,
      internal_numeric_id: () => randomInt(100000, 9999999),
      org: (_s, ctx) => ctx.org,
      network: () => "",
    },
  },
  fly_machine: {
    replace: [["app"], ["region"]],
    defaults: { "guest.cpu_kind": "shared", "guest.cpus": 1, "guest.memory_mb": 256, "mount.readopt_on_host_migration": false },
    volatile: ["state", "image_digest", "instance_id", "private_ip"],
    oneOf: { desired_state: ["started", "stopped"], "restart.policy": ["no", "always", "on-failure", "spot-price"] },
    assign: {
      id: () => hex(7),
      name: (s) => `machine-${String(s.id)}`,
      region: () => "iad",
      state: (s) => (s.desired_state === "stopped" ? "stopped" : "started"),
      image_digest: () => `sha256:${hex(32)}`,
      instance_id: ulid,
      private_ip: () => address("private_v6"),
    },
  },
  fly_volume: {
    replace: [
      ["app"],
      ["name"],
      ["region"],
      ["encrypted"],
      ["fstype"],
      ["require_unique_zone"],
      ["unique_zone_app_wide"],
      ["compute", "cpu_kind"],
    ],
    defaults: { encrypted: true, auto_backup_enabled: true, require_unique_zone: true, readopt_on_host_migration: false },
    // No UseStateForUnknown on these: the framework plans them unknown on every in-place update.
    volatile: ["state", "zone", "attached_machine_id", "snapshot_retention"],
    assign: {
      id: () => `vol_${base36(16)}`,
      state: () => "created",
      zone: kept("zone", () => hex(2)),
      fstype: () => "ext4",
      snapshot_retention: kept("snapshot_retention", () => 5),
      // Fly reports a detached volume's machine as empty, and the provider stores "" (not null).
      attached_machine_id: (s, ctx) => ctx.attachedMachine(String(s.id)) ?? "",
    },
  },
  fly_ip: {
    replace: [["app"], ["type"], ["network"], ["org_slug"]],
    oneOf: { type: ["private_v6", "shared_v4", "public_v4", "public_v6"] },
    assign: { address: (s) => address(s.type), id: (s) => s.address },
  },
  fly_secret: {
    replace: [["app"], ["name"]],
    volatile: ["digest", "version"],
    assign: {
      id: (s) => `${String(s.app)}/${String(s.name)}`,
      digest: () => hex(8),
      version: (s, ctx) => ctx.nextSecretsVersion(String(s.app)),
    },
  },
  fly_cert: {
    replace: [["app"], ["hostname"]],
    assign: {
      id: (s) => `${String(s.app)}/${String(s.hostname)}`,
      cname: (s) => `${String(s.app)}.fly.dev`,
      acme_challenge_name: (s) => `_acme-challenge.${String(s.hostname)}`,
      acme_challenge_target: (s) => `${String(s.hostname)}.${base36(6)}.flydns.net`,
      ownership_name: (s) => `_fly-ownership.${String(s.hostname)}`,
      ownership_app_value: () => hex(12),
      status: () => "Awaiting configuration",
    },
  },
  fly_cert_validation: {
    replace: [["cert_id"], ["validation_dependencies"]],
    defaults: { validation_timeout: "10m0s" },
    assign: { id: (s) => s.cert_id, configured: () => true, status: () => "Ready" },
  },
};

/** Which Fly app a resource lives in, for the emulated API's existence checks. */
export function appOf(type: string, state: ObjectValue): string | undefined {
  if (type === "fly_app") return undefined;
  return typeof state.app === "string" ? state.app : undefined;
}
