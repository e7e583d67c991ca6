/** One thing wrong with the input, named by who (a tenant or the fleet) and which field. */
export interface Problem {
  /** `tenant "acme"`, `tenant #3` (when the id itself is unusable) or `fleet`. */
  readonly subject: string;
  /** The field, as a path: `region`, `guest.memoryMb`, `hostnames[1]`. */
  readonly field: string;
  readonly message: string;
}

/**
 * Thrown when the tenant list or the fleet settings are invalid. It carries every problem
 * found, so one run reports them all; nothing is synthesized.
 */
export class FlycellValidationError extends Error {
  public readonly problems: readonly Problem[];

  constructor(what: string, problems: readonly Problem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map((p) => `  - ${p.subject}, field "${p.field}": ${p.message}`);
    super(`Invalid ${what} (${count}); nothing was synthesized:\n${lines.join("\n")}`);
    this.name = "FlycellValidationError";
    this.problems = problems;
  }
}

/** Collects problems for one subject; `throwIfAny` raises them together. */
export class ProblemList {
  private readonly items: Problem[] = [];

  public add(subject: string, field: string, message: string): void {
    // One mistake can break several checks the same way: say it once.
    if (this.items.some((p) => p.subject === subject && p.field === field && p.message === message)) return;
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
