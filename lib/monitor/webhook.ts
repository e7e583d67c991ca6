import { httpRequest } from "../fly-api/http-request";
import type { IssueEvent } from "./issues";

/** What the webhook receives: Slack's `text`, and the event itself for other receivers. */
export interface WebhookPayload {
  readonly text: string;
  readonly flycell: {
    readonly status: "open" | "resolved";
    readonly cell: string;
    readonly kind: string;
    readonly message: string;
    readonly since: string;
  };
}

export function issueLine(event: IssueEvent): string {
  const { cell, kind, message, since } = event.issue;
  return event.status === "open" ? `flycell: cell ${cell}: ${kind}: ${message}` : `flycell: cell ${cell}: ${kind} resolved (open since ${since})`;
}

/** Slack reads `<…>` as links and mentions (`<!channel>`): text from a cell must stay text. */
function slackText(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!);
}

export function webhookPayload(event: IssueEvent): WebhookPayload {
  return { text: slackText(issueLine(event)), flycell: { status: event.status, ...event.issue } };
}

/** Events waiting beyond this are dropped and counted: a fleet-wide outage should not queue forever. */
const MAX_QUEUED = 500;
const TIMEOUT_MS = 10_000;
const ATTEMPTS = 3;

/**
 * Posts issue events to a webhook one at a time, in order, each tried up to three times. The URL
 * is a secret (Slack's are): logs name its host only.
 */
export class WebhookSender {
  private readonly queue: WebhookPayload[] = [];
  private dropped = 0;
  private running: Promise<void> | undefined;
  private readonly host: string;

  constructor(
    private readonly url: string,
    private readonly log: { warn(message: string): void },
  ) {
    this.host = new URL(url).host;
  }

  send(event: IssueEvent): void {
    if (this.queue.length >= MAX_QUEUED) this.dropped++;
    else this.queue.push(webhookPayload(event));
    this.running ??= this.run().finally(() => (this.running = undefined));
  }

  /** Resolves when the queue is empty. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    for (let payload = this.queue.shift(); payload; payload = this.queue.shift()) {
      await this.post(payload);
      if (this.queue.length === 0 && this.dropped > 0) {
        const text = `flycell: ${this.dropped} more issue events were not sent; see the monitor's status page`;
        this.dropped = 0;
        await this.post({ text });
      }
    }
  }

  private async post(payload: { readonly text: string }): Promise<void> {
    let problem = "";
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        const answer = await httpRequest(this.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload), timeoutMs: TIMEOUT_MS });
        if (answer.status >= 200 && answer.status < 300) return;
        problem = `answered ${answer.status}`;
      } catch (err) {
        problem = (err as Error).message;
      }
      if (attempt < ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, 1000 * attempt).unref());
    }
    this.log.warn(`flycell monitor: webhook at ${this.host} ${problem}; event not delivered: ${payload.text}`);
  }
}
