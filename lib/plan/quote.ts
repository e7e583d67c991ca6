/**
 * A value read from a plan, a state or a file (a tenant id, an address, an output key), quoted
 * for a message: JSON escapes C0 controls and quotes; DEL, C1 controls (a lone U+009B starts an
 * ANSI sequence on some terminals) and line separators are escaped too, so no value can forge
 * a line or a colour in CI logs.
 */
export function quote(value: string): string {
  return JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** An object's own entries as a Map: keys such as `constructor` or `__proto__` are plain keys here. */
export function ownEntries(value: unknown): Map<string, unknown> {
  const map = new Map<string, unknown>();
  if (typeof value !== "object" || value === null || Array.isArray(value)) return map;
  for (const key of Object.keys(value)) map.set(key, (value as Record<string, unknown>)[key]);
  return map;
}
