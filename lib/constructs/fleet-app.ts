import { App, TerraformStack } from "cdktf";
import { readLedgerFile } from "../plan/ledger-file";
import { planFleet } from "../plan/plan";
import { FlycellValidationError } from "../tenants/errors";
import { FleetInput, TenantLedger } from "../tenants/schema";
import { Cell } from "./cell";
import { CellFleet } from "./fleet";
import { ShardedFleet } from "./sharded-fleet";

export interface FleetAppProps {
  /** The fleet as data: settings, tenant list, routing, and `sharding` to split it across stacks. */
  readonly fleet: FleetInput;
  /**
   * The ledger file of what is deployed (`tenants.lock.json`, kept by `flycell ledger sync`).
   * Synthesis only reads it. A missing file means nothing is deployed yet.
   * @default no ledger: dropped lines are caught only by the plan guard; moves and releases are refused
   */
  readonly ledgerFile?: string;
  /** Called for every stack the fleet makes: add the Fly provider and a backend (one state per stack). */
  readonly configureStack: (stack: TerraformStack) => void;
  /** The stack's id, or the prefix of a sharded fleet's stacks. @default "fleet" */
  readonly id?: string;
  /** Where cdktf writes. @default cdktf's own (`cdktf.out`, or what `cdktf synth` asks for) */
  readonly outdir?: string;
  /** Per-cell additions, as `CellFleet`'s `extendCell`. @default none */
  readonly extendCell?: (cell: Cell) => void;
}

/** What `synthFleetApp` made; absent when the input, or cdktn's flag against a sharded fleet, was refused. */
export interface FleetApp {
  readonly app: App;
  readonly ledger?: TenantLedger;
}

/**
 * What a fleet's `stacks/main.ts` does: read the ledger, judge the whole input before the
 * cdktf `App` exists (creating it already makes directories), build the fleet (one stack, or
 * `ShardedFleet` when `sharding` is set) and synthesize. An invalid input is printed once,
 * without a stack trace, to stderr; nothing is written and `process.exitCode` becomes 1.
 */
export function synthFleetApp(props: FleetAppProps): FleetApp | undefined {
  const id = props.id ?? "fleet";
  let ledger: TenantLedger | undefined;
  try {
    ledger = props.ledgerFile === undefined ? undefined : readLedgerFile(props.ledgerFile);
    planFleet(props.fleet, { ledger, functions: { configureStack: props.configureStack, extendCell: props.extendCell } });
  } catch (err) {
    if (!(err instanceof FlycellValidationError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
    return undefined;
  }
  const app = new App(props.outdir === undefined ? undefined : { outdir: props.outdir });
  const common = { ...props.fleet, ledger, extendCell: props.extendCell };
  if (props.fleet.sharding) {
    new ShardedFleet(app, id, { ...common, sharding: props.fleet.sharding, configureStack: props.configureStack });
  } else {
    const stack = new TerraformStack(app, id);
    props.configureStack(stack);
    new CellFleet(stack, id, common);
  }
  try {
    app.synth();
  } catch (err) {
    const why = props.fleet.sharding ? outsideOfStacksRefusal(err, id) : undefined;
    if (why === undefined) throw err;
    // A setting of the project, not a bug: printed once, without a stack trace, as an invalid input is.
    process.stderr.write(`${why}\n`);
    process.exitCode = 1;
    return undefined;
  }
  return { app, ledger };
}

/** The start of cdktn 0.24's refusal (its `constructsOutsideOfStacks` error). */
const OUTSIDE_OF_STACKS = /^Found constructs outside of a TerraformStack/;

/**
 * cdktn's future flag `failOnConstructsOutsideOfStacks` (which `cdktn init` writes) refuses any
 * construct that is a direct child of the App but no stack. `ShardedFleet` is one: it sits in the
 * App to make its stacks there, so cdktn's own advice (pass a stack as scope) cannot work for
 * it. Undefined when `err` is another error.
 */
export function outsideOfStacksRefusal(err: unknown, shardedFleetId: string): string | undefined {
  if (!(err instanceof Error) || !OUTSIDE_OF_STACKS.test(err.message)) return undefined;
  return [
    `flycell: CDK Terrain refused the sharded fleet "${shardedFleetId}": its future flag failOnConstructsOutsideOfStacks (set by cdktn init) ` +
      "refuses every construct placed in the App itself, and ShardedFleet must sit there, as it makes the fleet's stacks.",
    'To shard on cdktn, remove "failOnConstructsOutsideOfStacks" from "context" in cdktf.json (the string "false" keeps it on); ' +
      "or remove `sharding` to keep the fleet in one stack.",
    `cdktn said: ${err.message.trim()}`,
  ].join("\n");
}
