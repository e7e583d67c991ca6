import { App, LocalBackend, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { CellFleet, FlycellValidationError, TenantSpec } from "../lib";
import { FlyProvider } from "../lib/gen/providers/fly/provider";
import { tenants } from "./tenants";

/** The example fleet: one shared Fly app with a cell per tenant in `tenants.ts`. */
export class FleetStack extends TerraformStack {
  public readonly fleet: CellFleet;

  constructor(scope: Construct, id: string, tenantList: readonly TenantSpec[]) {
    super(scope, id);
    // A relative path keeps machine-specific paths out of the synthesized JSON.
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });
    const org = new TerraformVariable(this, "fly_org", {
      type: "string",
      default: "personal",
      description: "Fly organization slug that owns the fleet",
    });
    // The API token comes from FLY_API_TOKEN at plan/apply time, never from the configuration.
    new FlyProvider(this, "fly", { orgSlug: org.stringValue });
    this.fleet = new CellFleet(this, "fleet", {
      appName: "flycell-example",
      image: "registry.fly.io/flycell-example:latest",
      tenants: tenantList,
    });
  }
}

export function buildApp(tenantList: readonly TenantSpec[], outdir?: string): App {
  const app = new App(outdir ? { outdir } : undefined);
  new FleetStack(app, "fleet", tenantList);
  return app;
}

/** Synthesizes, or prints what is wrong with the input (no stack trace) and fails. */
export function main(tenantList: readonly TenantSpec[]): number {
  try {
    buildApp(tenantList).synth();
    return 0;
  } catch (err) {
    if (err instanceof FlycellValidationError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) {
  process.exitCode = main(tenants);
}
