import type { Issue, IssueKind } from "./report";
import { printable } from "./text";

/** An issue opening or closing: what the log and the webhook hear. */
export interface IssueEvent {
  readonly status: "open" | "resolved";
  readonly issue: Issue;
}

/**
 * The open issues, one per (cell, kind): raised once, resolved when the condition clears. A
 * condition still present keeps its issue (and its `since`); only changes are announced.
 */
export class IssueBook {
  private readonly open = new Map<string, Map<IssueKind, Issue>>();

  constructor(
    private readonly announce: (event: IssueEvent) => void,
    private readonly now: () => number,
  ) {}

  /**
   * Raises the issue with `message`, or resolves it when `message` is undefined. Messages quote
   * what cells and the Machines API say: control and bidi characters are written out as `\u{…}`.
   */
  set(cell: string, kind: IssueKind, raw: string | undefined): void {
    const message = raw === undefined ? undefined : printable(raw);
    const issues = this.open.get(cell);
    const current = issues?.get(kind);
    if (message === undefined) {
      if (!current) return;
      issues!.delete(kind);
      if (issues!.size === 0) this.open.delete(cell);
      this.announce({ status: "resolved", issue: current });
      return;
    }
    if (current) {
      // The wording may change (a longer silence); the issue is the same one.
      issues!.set(kind, { ...current, message });
      return;
    }
    const issue: Issue = { cell, kind, message, since: new Date(this.now()).toISOString() };
    if (issues) issues.set(kind, issue);
    else this.open.set(cell, new Map([[kind, issue]]));
    this.announce({ status: "open", issue });
  }

  get(cell: string, kind: IssueKind): Issue | undefined {
    return this.open.get(cell)?.get(kind);
  }

  of(cell: string): Issue[] {
    return [...(this.open.get(cell)?.values() ?? [])];
  }

  /** Every open issue, oldest first. */
  all(): Issue[] {
    return [...this.open.values()].flatMap((issues) => [...issues.values()]).sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
  }
}
