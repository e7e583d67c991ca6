import { App, LocalBackend, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { CellFleet, FleetSettings, FlycellValidationError, fly, planFleet, TenantSpec } from "../lib";
import { tenants } from "./tenants";

/** The example fleet's settings: one shared Fly app, a cell per tenant in `tenants.ts`. */
export const FLEET: FleetSettings = {
  appName: "flycell-example",
  image: "registry.fly.io/flycell-example:latest",
};

export class FleetStack extends TerraformStack {
  public readonly fleet: CellFleet;

  constructor(scope: Construct, id: string, tenantList: readonly TenantSpec[]) {
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
    this.fleet = new CellFleet(this, "fleet", { ...FLEET, tenants: tenantList });
  }
}

/**
 * Synthesizes the example fleet into `outdir`, or prints what is wrong with the input (one
 * message, no stack trace) and returns 1. The input is checked before the cdktf App exists,
 * because creating the App already makes output directories.
 */
export function main(tenantList: readonly TenantSpec[], outdir?: string): number {
  try {
    planFleet(FLEET, tenantList);
  } catch (err) {
    if (!(err instanceof FlycellValidationError)) throw err;
    console.error(err.message);
    return 1;
  }
  const app = new App(outdir ? { outdir } : undefined);
  new FleetStack(app, "fleet", tenantList);
  app.synth();
  return 0;
}

if (require.main === module) {
  process.exitCode = main(tenants);
}
