import { FLY_REGIONS, FLY_REGIONS_AS_OF, isFlyRegion } from "./regions";
import { ProblemList } from "./errors";
import {
  SNAPSHOT_RETENTION_MAX,
  SNAPSHOT_RETENTION_MIN,
  VOLUME_SIZE_GB_MAX,
  VOLUME_SIZE_GB_MIN,
  SLUG_PATTERN,
  guestProblem,
  suspendProblem,
} from "./limits";
import { GUEST_FIELDS, GuestSpec, TENANT_FIELDS, TENANT_STATUSES, TenantSpec, TenantStatus } from "./spec";

/** What a tenant line is checked against; derived from the fleet's settings by the planner. */
export interface TenantRules {
  /** The guest a tenant gets for fields it leaves out. */
  readonly defaultGuest: Required<GuestSpec>;
  /** Names of the fleet's rollout waves. */
  readonly waves: readonly string[];
  /** Per-tenant secrets need an app per cell. */
  readonly topology: string;
  /** The fleet's autostop mode: "suspend" limits memory. */
  readonly autostop: string;
  /** Longest id whose derived names (app, volume) still fit Fly's limits. */
  readonly maxIdLength: number;
  /** Ids taken by the fleet's own routes and names, e.g. the health path's first segment. */
  readonly reservedIds: readonly string[];
}

const LABEL_PATTERN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const ENV_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const IMAGE_PATTERN = /^\S+$/;

/** Env names Fly sets inside machines, and those flycell sets; tenants may not override them. */
export const RESERVED_ENV_PREFIXES = ["FLY_", "FLYCELL_"];
/** Metadata keys Fly interprets, and those flycell sets. */
export const RESERVED_METADATA_PREFIXES = ["fly_", "flycell_"];

export type Report = (field: string, message: string) => void;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkKnownFields(value: Record<string, unknown>, known: readonly string[], prefix: string, report: Report): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      report(`${prefix}${key}`, `unknown field; allowed fields are ${known.join(", ")}`);
    }
  }
}

export function checkInteger(value: unknown, min: number, max: number, field: string, report: Report): value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    report(field, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return false;
  }
  return true;
}

/** Checks a DNS hostname (optionally a `*.` wildcard); returns a message or undefined. */
export function hostnameProblem(hostname: string): string | undefined {
  const name = hostname.toLowerCase();
  const labels = (name.startsWith("*.") ? name.slice(2) : name).split(".");
  if (name.length > 253 || labels.length < 2 || !labels.every((l) => LABEL_PATTERN.test(l))) {
    return `${JSON.stringify(hostname)} is not a valid hostname`;
  }
  if (!/^[a-z]/.test(labels[labels.length - 1])) {
    return `${JSON.stringify(hostname)} does not end in a top-level domain`;
  }
  if (name === "fly.dev" || name.endsWith(".fly.dev")) {
    return `${JSON.stringify(hostname)} is a fly.dev name; certificates are for your own domains`;
  }
  return undefined;
}

export function checkStringMap(
  value: unknown,
  field: string,
  keyPattern: RegExp | undefined,
  reservedPrefixes: readonly string[],
  report: Report,
): void {
  if (!isPlainObject(value)) {
    report(field, "must be an object of string values");
    return;
  }
  for (const [key, entry] of Object.entries(value)) {
    if (keyPattern && !keyPattern.test(key)) report(`${field}.${key}`, "is not a valid name");
    const reserved = reservedPrefixes.find((p) => key.startsWith(p));
    if (reserved) report(`${field}.${key}`, `names starting with "${reserved}" are reserved`);
    if (typeof entry !== "string") report(`${field}.${key}`, `must be a string, got ${JSON.stringify(entry)}`);
  }
}

function checkGuest(value: unknown, rules: TenantRules, report: Report): void {
  // Without a guest of its own the tenant gets the fleet's, which the fleet check covers once.
  if (value === undefined) return;
  if (!isPlainObject(value)) {
    report("guest", "must be an object with cpuKind, cpus and/or memoryMb");
    return;
  }
  checkKnownFields(value, GUEST_FIELDS, "guest.", report);
  const cpuKind = value.cpuKind ?? rules.defaultGuest.cpuKind;
  const cpus = value.cpus ?? rules.defaultGuest.cpus;
  const memoryMb = value.memoryMb ?? rules.defaultGuest.memoryMb;
  if (typeof cpuKind !== "string" || typeof cpus !== "number" || typeof memoryMb !== "number") {
    report("guest", "cpuKind must be a string; cpus and memoryMb numbers");
    return;
  }
  // Checked merged with the fleet's guest: `{ cpus: 2 }` with the default 256 MB is too little.
  const problem = guestProblem(cpuKind, cpus, memoryMb);
  if (problem) report("guest", problem);
  const suspend = suspendProblem(rules.autostop, memoryMb);
  if (suspend) report("guest.memoryMb", suspend);
}

function checkId(id: unknown, rules: TenantRules, report: Report): void {
  if (typeof id !== "string" || !SLUG_PATTERN.test(id)) {
    report(
      "id",
      `${JSON.stringify(id)} is not a valid id: use lowercase letters, digits and single hyphens, starting with a letter`,
    );
    return;
  }
  if (id.length > rules.maxIdLength) {
    report("id", `is ${id.length} characters; at most ${rules.maxIdLength} fit Fly's app and volume name limits`);
  }
  if (rules.reservedIds.includes(id)) {
    report("id", `"${id}" is reserved by the fleet (its routes or names): ${rules.reservedIds.join(", ")}`);
  }
}

function checkTenant(line: Record<string, unknown>, rules: TenantRules, report: Report): void {
  checkKnownFields(line, TENANT_FIELDS, "", report);
  checkId(line.id, rules, report);

  if (typeof line.region !== "string" || !isFlyRegion(line.region)) {
    report(
      "region",
      `${JSON.stringify(line.region)} is not a Fly region (list of ${FLY_REGIONS_AS_OF}: ${Object.keys(FLY_REGIONS).join(", ")})`,
    );
  }
  if (line.hostnames !== undefined) {
    if (!Array.isArray(line.hostnames)) {
      report("hostnames", "must be a list of hostnames");
    } else {
      line.hostnames.forEach((h: unknown, i) => {
        const problem = typeof h === "string" ? hostnameProblem(h) : `${JSON.stringify(h)} is not a hostname`;
        if (problem) report(`hostnames[${i}]`, problem);
      });
    }
  }
  checkGuest(line.guest, rules, report);
  if (line.volumeSizeGb !== undefined) {
    checkInteger(line.volumeSizeGb, VOLUME_SIZE_GB_MIN, VOLUME_SIZE_GB_MAX, "volumeSizeGb", report);
  }
  if (line.snapshotRetentionDays !== undefined) {
    checkInteger(line.snapshotRetentionDays, SNAPSHOT_RETENTION_MIN, SNAPSHOT_RETENTION_MAX, "snapshotRetentionDays", report);
  }
  if (line.status !== undefined && !TENANT_STATUSES.includes(line.status as TenantStatus)) {
    report("status", `must be one of ${TENANT_STATUSES.join(", ")}, got ${JSON.stringify(line.status)}`);
  }
  if (line.shard !== undefined && (typeof line.shard !== "string" || !SLUG_PATTERN.test(line.shard))) {
    report("shard", `${JSON.stringify(line.shard)} is not a shard name: lowercase letters, digits and single hyphens`);
  }
  if (line.wave !== undefined && (typeof line.wave !== "string" || !rules.waves.includes(line.wave))) {
    const known = rules.waves.length > 0 ? `the fleet's waves are ${rules.waves.join(", ")}` : "the fleet declares no waves";
    report("wave", `${JSON.stringify(line.wave)} is not a wave; ${known}`);
  }
  if (line.autoBackupEnabled !== undefined && typeof line.autoBackupEnabled !== "boolean") {
    report("autoBackupEnabled", `must be true or false, got ${JSON.stringify(line.autoBackupEnabled)}`);
  }
  if (line.secrets !== undefined) {
    if (rules.topology !== "app-per-cell") {
      report("secrets", 'per-tenant secrets need topology "app-per-cell": in a shared app every machine sees every secret');
    }
    checkSecrets(line.secrets, "secrets", report);
  }
  if (line.move !== undefined) {
    const move = line.move;
    if (!isPlainObject(move) || typeof move.from !== "string" || !isFlyRegion(move.from) || move.data !== "start-empty") {
      report("move", 'must be { from: "<region left>", data: "start-empty" }');
    } else {
      checkKnownFields(move, ["from", "data"], "move.", report);
      if (move.from === line.region) report("move.from", `is the tenant's region "${move.from}"; remove "move" once the move is deployed`);
    }
  }
  if (line.image !== undefined && (typeof line.image !== "string" || !IMAGE_PATTERN.test(line.image))) {
    report("image", `must be an image reference without spaces, got ${JSON.stringify(line.image)}`);
  }
  if (line.env !== undefined) checkStringMap(line.env, "env", ENV_KEY_PATTERN, RESERVED_ENV_PREFIXES, report);
  if (line.metadata !== undefined) checkStringMap(line.metadata, "metadata", undefined, RESERVED_METADATA_PREFIXES, report);
}

const SECRET_NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/;

/** Checks a `{ NAME: { version } }` map of secrets. */
export function checkSecrets(value: unknown, field: string, report: Report): void {
  if (!isPlainObject(value)) {
    report(field, 'must be an object such as { API_KEY: { version: "1" } }');
    return;
  }
  for (const [name, spec] of Object.entries(value)) {
    if (!SECRET_NAME_PATTERN.test(name)) report(`${field}.${name}`, "secret names are upper-case letters, digits and underscores");
    const reserved = RESERVED_ENV_PREFIXES.find((p) => name.startsWith(p));
    if (reserved) report(`${field}.${name}`, `names starting with "${reserved}" are reserved`);
    if (!isPlainObject(spec) || typeof spec.version !== "string" || spec.version === "") {
      report(`${field}.${name}`, 'must be { version: "<non-empty marker>" }; the value itself comes from a Terraform variable');
    } else {
      checkKnownFields(spec, ["version"], `${field}.${name}.`, report);
    }
  }
}

/** How a tenant is named in messages: by its id when it has a usable one, else by position. */
function subjectOf(line: unknown, index: number): string {
  const id = isPlainObject(line) ? line.id : undefined;
  return typeof id === "string" && id !== "" ? `tenant "${id}"` : `tenant #${index + 1} (no usable id)`;
}

/** Adds every problem of a tenant list to `problems`; true when the list itself is usable. */
export function collectTenantProblems(input: unknown, rules: TenantRules, problems: ProblemList): input is readonly TenantSpec[] {
  const before = problems.all.length;
  if (!Array.isArray(input)) {
    problems.add("tenant list", "tenants", "must be a list of tenant lines");
    return false;
  }
  const idsSeen = new Map<string, number>();
  const hostOwners = new Map<string, string>();
  input.forEach((line: unknown, index) => {
    const subject = subjectOf(line, index);
    const report: Report = (field, message) => problems.add(subject, field, message);
    if (!isPlainObject(line)) {
      report("(line)", "must be an object such as { id: \"acme\", region: \"ams\" }");
      return;
    }
    checkTenant(line, rules, report);
    if (typeof line.id === "string") {
      const first = idsSeen.get(line.id);
      if (first !== undefined) report("id", `duplicate id; also used by tenant #${first + 1}`);
      else idsSeen.set(line.id, index);
    }
    if (Array.isArray(line.hostnames)) {
      line.hostnames.forEach((h: unknown, i) => {
        if (typeof h !== "string") return;
        const key = h.toLowerCase();
        const owner = hostOwners.get(key);
        if (owner !== undefined) report(`hostnames[${i}]`, `"${h}" is already served by ${owner}`);
        else hostOwners.set(key, subject);
      });
    }
  });
  return problems.all.length === before;
}

/**
 * Checks a tenant list and returns it typed. Every problem in every line is collected, then
 * thrown together as one `FlycellValidationError` naming each tenant and field.
 */
export function validateTenants(input: unknown, rules: TenantRules): readonly TenantSpec[] {
  const problems = new ProblemList();
  if (!collectTenantProblems(input, rules, problems)) problems.throwIfAny("tenant list");
  return input as readonly TenantSpec[];
}
