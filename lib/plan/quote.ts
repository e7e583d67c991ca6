/**
 * A value read from a plan, a state or a file (a tenant id, an address, an output key), quoted
 * for a message by the validation report's own rule, so no value can forge a line or a colour.
 */
export { quote } from "../tenants/errors";

/** An object's own entries as a Map: keys such as `constructor` or `__proto__` are plain keys here. */
export function ownEntries(value: unknown): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (typeof value !== "object" || value === null || Array.isArray(value)) return map;
  for (const key of Object.keys(value)) map.set(key, (value as Record<string, unknown>)[key]);
  return map;
}
