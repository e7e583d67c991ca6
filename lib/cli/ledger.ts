import { Command } from "commander";
import { DeployedStack, LedgerReconciliation, reconcileLedger } from "../plan/ledger";
import { writeLedgerFile } from "../plan/ledger-file";
import { CliFailure, EXIT_REFUSED, EXIT_USAGE, exitCodesHelp } from "./exit-codes";
import { readOutputsFile, readStackOutputs, STACKS_DIR, synthesizedStackDirs } from "./deployed-stacks";
import { readLedger } from "./read-ledger";

interface LedgerOptions {
  readonly ledger: string;
  readonly outputs?: string[];
  readonly stack?: string[];
  readonly forget?: string[];
}

const UNREADABLE = "the ledger, a file or a stack cannot be read, or no stack read has a `cells` output";

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
    if (where) throw new CliFailure(EXIT_USAGE, `flycell ledger: --forget ${id}: it is deployed (${where.name}); a deployed tenant or cell is never forgotten`);
    if (!Object.hasOwn(ledger.tenants, id) && !Object.hasOwn(ledger.cells ?? {}, id)) {
      throw new CliFailure(EXIT_USAGE, `flycell ledger: --forget ${id}: not in ${options.ledger}`);
    }
  }
  return { ...reconcileLedger(ledger, deployed, forget), stacks: deployed.length };
}

/** Why entries no stack read has are kept, and the two ways on. */
function unconfirmedLines(unconfirmed: readonly string[], stacks: number): string[] {
  return [
    ...unconfirmed.map((what) => `  - ${what}: in the ledger, deployed in none of the ${stacks} stack(s) read: kept (a stack not read may hold it)`),
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
}
