import * as fs from "fs";
import * as path from "path";
import { App, LocalBackend, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import {
  CellFleet,
  EMPTY_LEDGER,
  FleetSettings,
  FlycellValidationError,
  fly,
  nextLedger,
  planFleet,
  TenantLedger,
  TenantSpec,
} from "../lib";
import { tenants } from "./tenants";

/** The example fleet's settings: one shared Fly app, a cell per tenant in `tenants.ts`. */
export const FLEET: FleetSettings = {
  appName: "flycell-example",
  image: "registry.fly.io/flycell-example:latest",
};

/** Every tenant the fleet has had; written by each synth, committed with the tenant list. */
export const LEDGER_FILE = path.join(__dirname, "tenants.lock.json");

export class FleetStack extends TerraformStack {
  public readonly fleet: CellFleet;

  constructor(scope: Construct, id: string, tenantList: readonly TenantSpec[], ledger: TenantLedger = EMPTY_LEDGER) {
    super(scope, id);
    // State in the project root, as cdktf does by default, but as a relative path (Terraform
    // runs in cdktf.out/stacks/<id>/) so no machine-specific path lands in the JSON.
    new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    const org = new TerraformVariable(this, "fly_org", {
      type: "string",
      default: "personal",
      description: "Fly organization slug that owns the fleet",
    });
    // The API token comes from FLY_API_TOKEN at plan/apply time, never from the configuration.
    new fly.provider.FlyProvider(this, "fly", { orgSlug: org.stringValue });
    this.fleet = new CellFleet(this, "fleet", { ...FLEET, tenants: tenantList, ledger });
  }
}

export function readLedger(file: string): TenantLedger {
  if (!fs.existsSync(file)) return EMPTY_LEDGER;
  const ledger = JSON.parse(fs.readFileSync(file, "utf8")) as TenantLedger;
  if (ledger.version !== 1 || typeof ledger.tenants !== "object") throw new Error(`${file}: not a version 1 tenant ledger`);
  return ledger;
}

/**
 * Synthesizes the example fleet into `outdir` and updates the ledger, or prints what is wrong
 * with the input (one message, no stack trace) and returns 1. The input is checked before the
 * cdktf App exists, because creating the App already makes output directories.
 */
export function main(tenantList: readonly TenantSpec[], outdir?: string, ledgerFile = LEDGER_FILE): number {
  const ledger = readLedger(ledgerFile);
  let settings;
  try {
    settings = planFleet({ ...FLEET, tenants: tenantList }, { ledger }).settings;
  } catch (err) {
    if (!(err instanceof FlycellValidationError)) throw err;
    console.error(err.message);
    return 1;
  }
  const app = new App(outdir ? { outdir } : undefined);
  new FleetStack(app, "fleet", tenantList, ledger);
  app.synth();
  const next = `${JSON.stringify(nextLedger(ledger, tenantList, settings), null, 2)}\n`;
  // Unchanged ledgers are not rewritten: no churn for tools watching the file.
  if (!fs.existsSync(ledgerFile) || fs.readFileSync(ledgerFile, "utf8") !== next) fs.writeFileSync(ledgerFile, next);
  return 0;
}

if (require.main === module) {
  process.exitCode = main(tenants);
}
