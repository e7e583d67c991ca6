import { z } from "zod";
import { ProblemList } from "./errors";
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

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "function") return "a function";
  return JSON.stringify(value);
}

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
  const got = `got ${describe(issue.input)}`;
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

/** `["routing", "router", "guest", "cpus"]` → `routing.router.guest.cpus`; indexes as `[1]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`)).join("");
}

/** How a tenant is named in messages: by its id when it has a usable one, else by position. */
export function tenantSubject(line: unknown, index: number): string {
  const id = isObject(line) ? line.id : undefined;
  return typeof id === "string" && id !== "" ? `tenant ${JSON.stringify(id)}` : `tenant #${index + 1} (no usable id)`;
}

/**
 * The shape half of the validation pass: types, unknown fields, patterns and ranges of
 * everything the library accepts, judged once. Problems go to `problems` under the tenant or
 * `fleet` they belong to; what passed is returned for the checks across fields.
 */
export function checkShape(raw: unknown, problems: ProblemList): ShapeResult {
  if (!isObject(raw)) {
    problems.add("fleet", "(props)", `must be an object of fleet settings, got ${describe(raw)}`);
    return { fleet: {} as FleetInput, badFields: new Set(["(props)"]), lines: [] };
  }
  const result = fleetInputSchema.safeParse(raw, { error: message, reportInput: true });
  // What passed is returned as the caller gave it: the parsed copies are frozen.
  const lines = Array.isArray(raw.tenants) ? (raw.tenants as TenantSpec[]) : [];
  const { tenants: _lines, ...fleet } = raw as FleetInput;
  if (result.success) return { fleet, badFields: new Set(), lines: lines.map((line, index) => ({ line, index })) };
  const badLines = new Set<number>();
  const badFields = new Set<string>();
  for (const issue of result.error.issues) {
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
  const result = ledgerSchema.safeParse(raw, { error: message, reportInput: true });
  for (const issue of result.error?.issues ?? []) problems.add("ledger", fieldPath(issue.path) || "(file)", issue.message);
  return result.success;
}
