import * as fs from "fs";
import { Command } from "commander";
import { DeployedStack, EMPTY_LEDGER, LedgerReconciliation, reconcileLedger } from "../plan/ledger";
import { formatLedger, writeLedgerFile } from "../plan/ledger-file";
import { quote } from "../plan/quote";
import { ProblemList } from "../tenants/errors";
import { TenantLedger } from "../tenants/schema";
import { checkLedgerShape } from "../tenants/validate";
import { CliFailure, EXIT_REFUSED, EXIT_USAGE, exitCodesHelp } from "./exit-codes";
import { readOutputsFile, readStackOutputs, STACKS_DIR, synthesizedStackDirs } from "./deployed-stacks";
import { readLedger } from "./read-ledger";

interface LedgerOptions {
  readonly ledger: string;
  readonly outputs?: string[];
  readonly stack?: string[];
  readonly forget?: string[];
}

const UNREADABLE =
  "the ledger, a file or a stack cannot be read (a missing ledger too), no stack read has a `cells` output, or a stack says what the ledger cannot record";

/** The ledger's fields as the `cells` and `shared_cells` outputs name them. */
const OUTPUT_FIELDS: Readonly<Record<string, string>> = { volumeSizeGb: "volume_size_gb", region: "region", status: "status", cell: "cell", stack: "stack" };

/** Entries the ledger accepts, to judge an id apart from what it holds. */
const VALID_ENTRY = { tenants: { region: "ams", volumeSizeGb: 1, status: "active" }, cells: { region: "ams", volumeSizeGb: 1, status: "active" } } as const;

/** The problems `checkLedgerShape` finds in a ledger holding only `entry` under `id`, in `kind`. */
function entryProblems(kind: "tenants" | "cells", id: string, entry: unknown): readonly { field: string; message: string }[] {
  const problems = new ProblemList();
  const one = Object.fromEntries([[id, entry]]);
  checkLedgerShape(kind === "tenants" ? { version: 1, tenants: one } : { version: 1, tenants: {}, cells: one }, problems);
  return problems.all;
}

/**
 * What the stacks say that the ledger cannot record, one line per problem naming the stack,
 * the tenant (or shared cell) and the output's field: written, it could not be read back.
 * The id and the entry are judged apart (the entry under a plain key), so each problem has
 * one field.
 */
function unrecordable(reconciled: LedgerReconciliation): string[] {
  const lines: string[] = [];
  const judge = (kind: "tenants" | "cells", id: string, entry: unknown) => {
    const stack = reconciled.origins.get(id);
    const where = `${stack === undefined ? "the ledger" : `stack ${quote(stack)}`}, ${kind === "tenants" ? "tenant" : "shared cell"} ${quote(id)}`;
    for (const problem of entryProblems(kind, id, VALID_ENTRY[kind])) lines.push(`  - ${where}, field "(id)": ${problem.message}`);
    const prefix = `${kind}.entry.`;
    for (const problem of entryProblems(kind, "entry", entry)) {
      const rest = problem.field.startsWith(prefix) ? problem.field.slice(prefix.length) : "(entry)";
      lines.push(`  - ${where}, field ${quote(Object.hasOwn(OUTPUT_FIELDS, rest) ? OUTPUT_FIELDS[rest] : rest)}: ${problem.message}`);
    }
  };
  for (const [id, entry] of Object.entries(reconciled.ledger.tenants)) judge("tenants", id, entry);
  for (const [id, entry] of Object.entries(reconciled.ledger.cells ?? {})) judge("cells", id, entry);
  return lines;
}

const SOURCES_HELP = `
Where it reads what is deployed: --outputs files (each a stack's \`terraform output -json\`,
e.g. \`terraform -chdir=cdktf.out/stacks/fleet output -json > fleet.outputs.json\`), or --stack
directories where it runs \`terraform output -json\` itself (with your environment:
TF_CLI_CONFIG_FILE, credentials). Default: every directory under ${STACKS_DIR}/. Stacks without a
\`cells\` output (a sharded fleet's shared or router stack) are skipped.`;

/** The ledger reconciled with the stacks the options name; a note on stderr for each stack skipped. */
function reconcile(options: LedgerOptions): LedgerReconciliation & { readonly stacks: number } {
  const ledger = readLedger(options.ledger);
  const given = (options.outputs?.length ?? 0) + (options.stack?.length ?? 0) > 0;
  const sources: [string, () => DeployedStack | undefined][] = [
    ...(options.outputs ?? []).map((file): [string, () => DeployedStack | undefined] => [file, () => readOutputsFile(file)]),
    ...(given ? (options.stack ?? []) : synthesizedStackDirs()).map((dir): [string, () => DeployedStack | undefined] => [dir, () => readStackOutputs(dir)]),
  ];
  const deployed: DeployedStack[] = [];
  for (const [name, read] of sources) {
    const stack = read();
    if (stack) deployed.push(stack);
    else console.error(`flycell ledger: ${name}: no \`cells\` output (a shared or router stack, or never applied): skipped`);
  }
  const known = Object.values(ledger.tenants).filter((entry) => entry.status !== "released").length;
  if (deployed.length === 0 && known > 0) {
    throw new CliFailure(
      EXIT_USAGE,
      `flycell ledger: none of the ${sources.length} stack(s) read has a \`cells\` output, so every tenant of ${options.ledger} ` +
        "would count as never deployed. Pass the stacks that hold the fleet's cells",
    );
  }
  const forget = options.forget ?? [];
  for (const id of forget) {
    const where = deployed.find((stack) => Object.hasOwn(stack.cells, id) || Object.hasOwn(stack.sharedCells ?? {}, id));
    if (where) {
      throw new CliFailure(EXIT_USAGE, `flycell ledger: --forget ${id}: it is deployed (${where.name}); a deployed tenant or cell is never forgotten`);
    }
    if (!Object.hasOwn(ledger.tenants, id) && !Object.hasOwn(ledger.cells ?? {}, id)) {
      throw new CliFailure(EXIT_USAGE, `flycell ledger: --forget ${id}: not in ${options.ledger}`);
    }
  }
  const reconciled = reconcileLedger(ledger, deployed, forget);
  const problems = unrecordable(reconciled);
  if (problems.length > 0) {
    throw new CliFailure(
      EXIT_USAGE,
      [`flycell ledger: ${options.ledger} not written: the stacks say what a ledger cannot record (it could not be read back):`, ...problems].join("\n"),
    );
  }
  return { ...reconciled, stacks: deployed.length };
}

/** Why entries no stack read has are kept, and the two ways on. */
function unconfirmedLines(unconfirmed: readonly string[], stacks: number): string[] {
  return [
    ...unconfirmed.map((what) => `  - ${what}, field "(entry)": in the ledger, deployed in none of the ${stacks} stack(s) read: kept (a stack not read may hold it)`),
    `Read every stack of the fleet (by default, every one under ${STACKS_DIR}). If one of these truly was never deployed ` +
      "(a typo in an older ledger), drop it on purpose: `flycell ledger sync --forget <id>`.",
  ];
}

function addSourceOptions(command: Command): Command {
  return command
    .option("--ledger <file>", "the ledger file", "stacks/tenants.lock.json")
    .option("--outputs <file.json...>", "files holding a stack's `terraform output -json`")
    .option("--stack <dir...>", `stack directories to run \`terraform output -json\` in (default: every one under ${STACKS_DIR}/)`)
    .addHelpText("after", SOURCES_HELP);
}

/** `flycell ledger check|sync`: the ledger (tenants.lock.json) against what the stacks' state says is deployed. */
export function addLedgerCommand(program: Command): void {
  const ledger = program
    .command("ledger")
    .summary("check or sync the ledger (tenants.lock.json) with what is deployed")
    .description(
      "The ledger, stacks/tenants.lock.json, records what is DEPLOYED: each tenant's region, volume size " +
        "and status. Synthesis reads it to refuse a tenant list that would lose a volume; only `flycell " +
        "ledger sync`, run after each deploy, writes it. Commit it with the tenant list.",
    );

  addSourceOptions(
    ledger
      .command("check")
      .summary("exit 1 when the ledger differs from what is deployed")
      .description("Compares the ledger with what the fleet's stacks say is deployed and prints each difference.")
      .addHelpText("after", exitCodesHelp({ 0: "the ledger matches", 1: "it differs (each difference printed)", 2: UNREADABLE })),
  ).action((options: LedgerOptions) => {
    const { changes, unconfirmed, stacks } = reconcile(options);
    if (changes.length + unconfirmed.length > 0) {
      throw new CliFailure(
        EXIT_REFUSED,
        [
          `flycell ledger: ${options.ledger} is out of date: ${changes.length + unconfirmed.length} difference(s) with what is deployed` +
            (changes.length > 0 ? "; `flycell ledger sync` would make these changes:" : ":"),
          ...changes.map((change) => `  - ${change}`),
          ...(unconfirmed.length > 0 ? unconfirmedLines(unconfirmed, stacks) : []),
        ].join("\n"),
      );
    }
    console.log(`flycell ledger: ${options.ledger} matches what ${stacks} stack(s) deployed`);
  });

  addSourceOptions(
    ledger
      .command("sync")
      .summary("write the ledger from what is deployed (run after every deploy)")
      .description(
        "Writes the ledger from what the fleet's stacks say is deployed, printing each change. Run it after " +
          "every deploy and commit the ledger.\n\nIt never drops a tenant (or shared cell) on its own: one that " +
          "none of the stacks read has may sit in a stack not read, so it refuses and writes nothing. Drop an " +
          "entry that was truly never deployed with --forget <id>.",
      )
      .option("--forget <id...>", "drop these ledger entries, deployed in no stack (an older ledger's typo)")
      .addHelpText(
        "after",
        exitCodesHelp({ 0: "the ledger is written (or was up to date)", 1: "an entry no stack read has would be dropped: nothing written", 2: UNREADABLE }),
      ),
  ).action((options: LedgerOptions) => {
    const { ledger: reconciled, changes, unconfirmed, stacks } = reconcile(options);
    if (unconfirmed.length > 0) {
      throw new CliFailure(EXIT_REFUSED, [`flycell ledger: ${options.ledger} not written:`, ...unconfirmedLines(unconfirmed, stacks)].join("\n"));
    }
    const written = writeLedgerFile(options.ledger, reconciled);
    for (const change of changes) console.log(`  - ${change}`);
    const what = changes.length > 0 ? `written, ${changes.length} change(s): commit it` : written ? "written (formatting only)" : "up to date";
    console.log(`flycell ledger: ${options.ledger} ${what}`);
  });

  ledger
    .command("init")
    .summary("write an empty ledger for a new fleet")
    .description(
      "Writes an empty ledger for a fleet that has deployed nothing yet. Every ledger command and the synth " +
        "refuse a missing ledger file rather than read it as empty (which would drop every tenant's protection), " +
        "so a new fleet starts with this. It never replaces a file.",
    )
    .option("--ledger <file>", "the ledger file", "stacks/tenants.lock.json")
    .addHelpText("after", exitCodesHelp({ 0: "written", 2: "the file exists (it may record deployed tenants), or cannot be written" }))
    .action((options: { ledger: string }) => {
      initLedger(options.ledger);
      console.log(`flycell ledger: ${options.ledger} written: an empty ledger; commit it with the tenant list`);
    });
}

/** Writes an empty ledger at `file`, refusing to replace anything there (a file, a link, a directory). */
export function initLedger(file: string, ledger: TenantLedger = EMPTY_LEDGER): void {
  try {
    // "wx": fails when anything is at the path, even a dangling link, in one step.
    fs.writeFileSync(file, formatLedger(ledger), { flag: "wx" });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === "EEXIST" ? "exists; a ledger records what is deployed and is never replaced (check it with `flycell ledger check`)" : `cannot be written (${e.code ?? e.message})`;
    throw new CliFailure(EXIT_USAGE, `flycell ledger init: ${quote(file)} ${why}`);
  }
}
