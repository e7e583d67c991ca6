/** One thing wrong with the input, named by who (a tenant or the fleet) and which field. */
export interface Problem {
  /** `tenant "acme"`, `tenant #3` (when the id itself is unusable) or `fleet`. */
  readonly subject: string;
  /** The field, as a path: `region`, `guest.memoryMb`, `hostnames[1]`, `env["a.b"]`. */
  readonly field: string;
  readonly message: string;
}

// Characters that could move the cursor, forge a line or reorder text on a terminal: C0 and C1
// controls, DEL, the line and paragraph separators, and the bidi embeddings and isolates.
function unsafe(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/** `text` with every character that could forge or hide output written as `\uXXXX`. */
export function escapeText(text: string): string {
  let i = 0;
  while (i < text.length && !unsafe(text.charCodeAt(i))) i++;
  if (i === text.length) return text; // the usual case: nothing to escape, nothing copied
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += unsafe(code) ? `\\u${code.toString(16).padStart(4, "0")}` : text[i];
  }
  return out;
}

/** A user string as messages show it: JSON-quoted, with the characters above escaped too. */
export function quote(value: string): string {
  return escapeText(JSON.stringify(value));
}

/** Strings longer than this are shown by their start and length, so one value cannot flood the report. */
const SHOWN_MAX = 120;

/** A value as messages show it: strings quoted and escaped, lists and functions by kind; never throws. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") {
    return value.length > SHOWN_MAX ? `${quote(value.slice(0, SHOWN_MAX / 2))}… (${value.length} characters)` : quote(value);
  }
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > SHOWN_MAX ? "an object" : text;
  } catch {
    return "an object"; // a bigint or a cycle inside
  }
}

/**
 * Thrown when the tenant list or the fleet settings are invalid. It carries every problem
 * found, so one run reports them all; nothing is synthesized. The message is the one place
 * problems become text, so it escapes them: no input can forge a line of the report.
 */
export class FlycellValidationError extends Error {
  public readonly problems: readonly Problem[];

  constructor(what: string, problems: readonly Problem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map((p) => `  - ${escapeText(p.subject)}, field "${escapeText(p.field)}": ${escapeText(p.message)}`);
    super(`Invalid ${escapeText(what)} (${count}); nothing was synthesized:\n${lines.join("\n")}`);
    this.name = "FlycellValidationError";
    this.problems = problems;
  }
}

/** Collects problems for one subject; `throwIfAny` raises them together. */
export class ProblemList {
  private readonly items: Problem[] = [];
  private readonly seen = new Set<string>();

  public add(subject: string, field: string, message: string): void {
    // One mistake can break several checks the same way: say it once.
    const key = JSON.stringify([subject, field, message]);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push({ subject, field, message });
  }

  /** Fleet-wide problems first, then each tenant's, in the order they were found. */
  public get all(): readonly Problem[] {
    const rank = (p: Problem) => (p.subject.startsWith("tenant") ? 1 : 0);
    return [...this.items].sort((a, b) => rank(a) - rank(b));
  }

  public throwIfAny(what: string): void {
    if (this.items.length > 0) throw new FlycellValidationError(what, this.all);
  }
}
