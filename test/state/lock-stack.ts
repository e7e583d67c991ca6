/**
 * The stack both lock tests (S3, pg) run through real Terraform: one `terraform_data` whose
 * provisioner writes when it starts and ends and sleeps in between, so two runs can be seen to
 * overlap or not. Built-ins only: no provider is downloaded.
 */
import * as fs from "fs";
import * as path from "path";

export interface Run {
  readonly code: number;
  readonly out: string;
}

/** One provisioner run, from the millisecond timestamps it wrote. */
export interface Span {
  readonly run: string;
  readonly start: number;
  readonly end: number;
}

export const LOCK_ERROR = "Error acquiring the state lock";

/** `main.tf.json` of the stack, its state in `backend` (e.g. `{ pg: { schema_name } }`). */
export function holdingStackConfig(backend: Record<string, unknown>): object {
  return {
    terraform: { backend },
    variable: { run: { type: "string" }, hold: { type: "number", default: 0 } },
    resource: {
      terraform_data: {
        hold: {
          // A new `run` replaces the resource, so every apply runs the provisioner.
          triggers_replace: "${var.run}",
          provisioner: [
            {
              "local-exec": {
                command: 'echo "${var.run} start $(date +%s%3N)" >> spans; sleep ${var.hold}; echo "${var.run} end $(date +%s%3N)" >> spans',
              },
            },
          ],
        },
      },
    },
  };
}

/** `terraform apply` of run `run`, its provisioner sleeping `hold` seconds; no wait for the lock unless given. */
export function applyArgs(run: string, hold: number, lockTimeout = "0s"): string[] {
  return ["apply", "-auto-approve", "-input=false", `-lock-timeout=${lockTimeout}`, `-var=run=${run}`, `-var=hold=${hold}`];
}

export function planArgs(run: string): string[] {
  return ["plan", "-detailed-exitcode", "-input=false", `-var=run=${run}`];
}

/** The provisioner runs a working directory saw. */
export function readSpans(dir: string): Span[] {
  const file = path.join(dir, "spans");
  if (!fs.existsSync(file)) return [];
  const marks = fs
    .readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => line.split(" "));
  return marks
    .filter(([, kind]) => kind === "start")
    .map(([run, , at]) => ({ run, start: Number(at), end: Number(marks.find(([r, kind]) => r === run && kind === "end")?.[2]) }));
}
