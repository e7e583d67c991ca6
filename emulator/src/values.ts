import { decode, encode, ExtData, ExtensionCodec } from "@msgpack/msgpack";
import { TfType } from "./schema";

/** A value Terraform does not know yet ("known after apply"). */
export const UNKNOWN: unique symbol = Symbol("unknown");

export type Value = null | string | number | boolean | typeof UNKNOWN | Value[] | { [key: string]: Value };
export type ObjectValue = { [key: string]: Value };

// Terraform's msgpack marks unknowns as extension values: type 0, or 12 when refined
// (e.g. "known not null"). The emulator treats every extension as unknown and writes type 0.
const codec = new ExtensionCodec();
const ENCODED_UNKNOWN = new ExtData(0, new Uint8Array([0]));

function withUnknowns(value: Value): unknown {
  if (value === UNKNOWN) return ENCODED_UNKNOWN;
  if (Array.isArray(value)) return value.map(withUnknowns);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withUnknowns(v)]));
  }
  return value;
}

function readUnknowns(value: unknown): Value {
  if (value instanceof ExtData) return UNKNOWN;
  if (Array.isArray(value)) return value.map(readUnknowns);
  if (value instanceof Uint8Array) return Buffer.from(value).toString("utf8");
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readUnknowns(v)]));
  }
  return (value ?? null) as Value;
}

export function decodeMsgpack(bytes: Uint8Array | undefined): Value {
  if (!bytes || bytes.length === 0) return null;
  return readUnknowns(decode(bytes, { extensionCodec: codec }));
}

export function encodeMsgpack(value: Value): Buffer {
  return Buffer.from(encode(withUnknowns(value), { extensionCodec: codec }));
}

/** Shapes a value to a type: every object attribute present (null when absent), unknown keys dropped. */
export function conform(value: unknown, type: TfType): Value {
  if (value === UNKNOWN) return UNKNOWN;
  if (value === null || value === undefined) {
    return (type.kind === "list" || type.kind === "set") && type.block ? [] : null;
  }
  switch (type.kind) {
    case "object": {
      const input = value as Record<string, unknown>;
      return Object.fromEntries(Object.entries(type.attributes).map(([k, t]) => [k, conform(input[k], t)]));
    }
    case "list":
    case "set":
      return (value as unknown[]).map((v) => conform(v, type.element));
    case "map":
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, conform(v, type.element)]),
      );
    default:
      return value as Value;
  }
}

export function isObject(value: Value): value is ObjectValue {
  return value !== null && value !== UNKNOWN && typeof value === "object" && !Array.isArray(value);
}

export function equal(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => equal(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => equal(a[k] ?? null, b[k] ?? null));
  }
  return false;
}

/** The value at an attribute path (`["compute", "cpu_kind"]`), null when any step is missing. */
export function valueAt(value: Value, path: readonly string[]): Value {
  let at = value;
  for (const step of path) {
    if (!isObject(at)) return at === UNKNOWN ? UNKNOWN : null;
    at = at[step] ?? null;
  }
  return at;
}

export function containsUnknown(value: Value): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}
