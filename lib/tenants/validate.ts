import { z } from "zod";
import { describeValue, ProblemList, quote } from "./errors";

export { describeValue };
import { FleetInput, fleetInputSchema, ledgerSchema, TenantLedger, TenantSpec } from "./schema";

/** What the shape check leaves for the checks across fields and tenants. */
export interface ShapeResult {
  /** The input as given; only the parts outside `badFields` have the right shape. */
  readonly fleet: Omit<FleetInput, "tenants">;
  /** Top-level fields with problems (`routing`, `guest`, `tenants` when it is no list…). */
  readonly badFields: ReadonlySet<string>;
  /** The tenant lines that have the right shape, with their place in the list (the others already have problems). */
  readonly lines: readonly { readonly line: TenantSpec; readonly index: number }[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const KIND: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  record: "an object",
};

/** Messages for the issues the schema leaves to the defaults: each names the bound and the value. */
function message(issue: z.core.$ZodRawIssue): string | undefined {
  const got = `got ${describeValue(issue.input)}`;
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${KIND[issue.expected] ?? issue.expected}, ${got}`;
    case "invalid_value":
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(" or ")}, ${got}`;
    case "too_small":
      return issue.origin === "array" ? `needs at least ${String(issue.minimum)} item(s)` : `must be at least ${String(issue.minimum)}, ${got}`;
    case "too_big":
      return `must be at most ${String(issue.maximum)}, ${got}`;
    default:
      return undefined;
  }
}

/** Keys shown bare in a field path; any other key is quoted, so no key can pass for a path or forge text. */
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** `["routing", "router", "guest", "cpus"]` → `routing.router.guest.cpus`; indexes as `[1]`, other keys as `env["a.b"]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => {
      if (typeof p === "number") return `[${p}]`;
      const key = String(p);
      return PLAIN_KEY.test(key) ? `${i === 0 ? "" : "."}${key}` : `[${quote(key)}]`;
    })
    .join("");
}

/** How a tenant is named in messages: by its id when it has a usable one, else by position. */
export function tenantSubject(line: unknown, index: number): string {
  const id = isObject(line) ? line.id : undefined;
  return typeof id === "string" && id !== "" ? `tenant ${quote(id)}` : `tenant #${index + 1} (no usable id)`;
}

/** What the schema cannot see: zod skips own `__proto__` keys, and sees nothing of keys hidden behind a prototype. */
interface Hidden {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

const PROTO_KEY = "__proto__";

/** Object's own prototype, from this realm or another (a vm context, a test runner), or none. */
function isPlainPrototype(proto: unknown): boolean {
  if (proto === null || proto === Object.prototype) return true;
  if (typeof proto !== "object" || Object.getPrototypeOf(proto) !== null) return false;
  const ctor: unknown = Object.getOwnPropertyDescriptor(proto, "constructor")?.value;
  return typeof ctor === "function" && ctor.name === "Object" && Function.prototype.toString.call(ctor).includes("[native code]");
}

/**
 * Own `__proto__` keys (JSON.parse makes them; every plain-object lookup would misread them) and
 * objects whose prototype is neither Object's nor null (`{ __proto__: { A: "1" } }` in an object
 * literal sets the prototype, so its keys would vanish silently). The input is data: only
 * plain objects and lists are walked, as deep as the schema goes.
 */
function hiddenKeys(value: unknown, path: PropertyKey[] = [], found: Hidden[] = []): Hidden[] {
  if (typeof value !== "object" || value === null || path.length > 8) return found;
  // One path, grown and shrunk in place: copied only for what is found.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      hiddenKeys(value[i], path, found);
      path.pop();
    }
    return found;
  }
  if (!isPlainPrototype(Object.getPrototypeOf(value))) {
    found.push({ path: [...path], message: "must be a plain object; this one has a prototype of its own (a `__proto__` key in an object literal sets it), whose keys would be lost" });
    return found;
  }
  for (const key of Object.keys(value)) {
    path.push(key);
    if (key === PROTO_KEY) found.push({ path: [...path], message: '"__proto__" cannot be a key: JavaScript reads it as the object\'s prototype' });
    else hiddenKeys((value as Record<string, unknown>)[key], path, found);
    path.pop();
  }
  return found;
}

/**
 * The shape half of the validation pass: types, unknown fields, patterns and ranges of
 * everything the library accepts, judged once. Problems go to `problems` under the tenant or
 * `fleet` they belong to; what passed is returned for the checks across fields.
 */
export function checkShape(raw: unknown, problems: ProblemList): ShapeResult {
  if (!isObject(raw)) {
    problems.add("fleet", "(props)", `must be an object of fleet settings, got ${describeValue(raw)}`);
    return { fleet: {} as FleetInput, badFields: new Set(["(props)"]), lines: [] };
  }
  const hidden = hiddenKeys(raw);
  if (hidden.some((h) => h.path.length === 0)) {
    problems.add("fleet", "(props)", hidden[0].message);
    return { fleet: {} as FleetInput, badFields: new Set(["(props)"]), lines: [] };
  }
  const result = fleetInputSchema.safeParse(raw, { error: message, reportInput: true });
  // What passed is returned as the caller gave it: the parsed copies are frozen.
  const lines = Array.isArray(raw.tenants) ? (raw.tenants as TenantSpec[]) : [];
  const { tenants: _lines, ...fleet } = raw as FleetInput;
  if (result.success && hidden.length === 0) return { fleet, badFields: new Set(), lines: lines.map((line, index) => ({ line, index })) };
  const badLines = new Set<number>();
  const badFields = new Set<string>();
  const hiddenIssues = hidden.map((h) => ({ code: "hidden" as const, path: h.path, message: h.message }));
  // zod reports `__proto__` as an unknown field of a strict object itself; the walk adds what it cannot see.
  const reported = new Set((result.error?.issues ?? []).map((issue) => fieldPath(issue.code === "unrecognized_keys" ? [...issue.path, ...issue.keys] : issue.path)));
  for (const issue of [...(result.error?.issues ?? []), ...hiddenIssues.filter((h) => !reported.has(fieldPath(h.path)))]) {
    const [top, index, ...rest] = issue.path;
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
    for (const key of keys) {
      const text =
        key !== undefined ? `unknown field; ${issue.message}`
        : issue.code === "invalid_key" ? issue.issues.map((inner) => inner.message).join("; ")
        : issue.message;
      if (top === "tenants" && typeof index === "number") {
        badLines.add(index);
        const field = fieldPath(key === undefined ? rest : [...rest, key]);
        problems.add(tenantSubject(lines[index], index), field || "(line)", text);
      } else {
        badFields.add(String(top ?? key));
        problems.add("fleet", fieldPath(key === undefined ? issue.path : [...issue.path, key]), text);
      }
    }
  }
  const good = lines.flatMap((line, index) => (badLines.has(index) ? [] : [{ line, index }]));
  return { fleet, badFields, lines: good };
}

/** The ledger's shape (it is read from a file); problems are the ledger's own. */
export function checkLedgerShape(raw: unknown, problems: ProblemList): raw is TenantLedger {
  const hidden = hiddenKeys(raw);
  for (const h of hidden) problems.add("ledger", fieldPath(h.path) || "(file)", h.message);
  const result = ledgerSchema.safeParse(raw, { error: message, reportInput: true });
  for (const issue of result.error?.issues ?? []) problems.add("ledger", fieldPath(issue.path) || "(file)", issue.message);
  return result.success && hidden.length === 0;
}
