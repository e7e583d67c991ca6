import { MachinesApiError } from "../fly-api/machines-api";
import { quote } from "../plan/quote";
import { RecoveryEntry } from "./manifest";

/** Why one volume was not made, named like a validation problem: who, which field, which value. */
export interface RecoveryProblem {
  /** `tenant "acme"` or `shared cell "ams-1"`. */
  readonly subject: string;
  /** The line's field the problem is about: `restore.snapshot`, `region`, `sharedCells.ams-1.volumeSizeGb`. */
  readonly field: string;
  readonly value: string;
  readonly message: string;
  /** What was already done in the account (a machine stopped, a volume made); undefined: nothing was changed. */
  readonly changed?: string;
}

export function problemText(problem: RecoveryProblem): string {
  return `${problem.subject}, field ${quote(problem.field)} (${quote(problem.value)}): ${problem.message}; ${problem.changed ? `already done: ${problem.changed}` : "nothing was changed"}`;
}

/** Thrown inside one entry's recovery; the stack's run collects it. */
export class EntryProblem extends Error {
  constructor(readonly problem: RecoveryProblem) {
    super(problemText(problem));
    this.name = "EntryProblem";
  }
}

/** Some volumes were not made: every problem, and what the run did before and beside them. */
export class RecoveryFailure extends Error {
  constructor(
    readonly problems: readonly RecoveryProblem[],
    /** The lines of the volumes that were made or found. */
    readonly done: readonly string[],
  ) {
    const count = problems.length === 1 ? "1 volume" : `${problems.length} volumes`;
    super([`flycell recover: ${count} not made:`, ...problems.map((p) => `  - ${problemText(p)}`), ...(done.length > 0 ? ["Made or found:", ...done.map((l) => `  ${l}`)] : [])].join("\n"));
    this.name = "RecoveryFailure";
  }
}

/** `tenant "acme"` / `shared cell "ams-1"`, and the prefix of its fields in the fleet's code. */
export function subjectOf(entry: RecoveryEntry): { readonly subject: string; readonly prefix: string } {
  return entry.kind === "cell"
    ? { subject: `shared cell ${quote(entry.owner)}`, prefix: `sharedCells.${entry.owner}.` }
    : { subject: `tenant ${quote(entry.owner)}`, prefix: "" };
}

/** What the API said, for a message: `Fly answered 412 ("no capacity")`; Fly's words escaped, the token never in them. */
export function apiSaid(err: unknown): string {
  if (err instanceof MachinesApiError) return `Fly answered ${err.status}${err.flyMessage ? ` ${quote(err.flyMessage)}` : ""}`;
  return `the Machines API could not be reached (${(err as Error).message})`;
}
