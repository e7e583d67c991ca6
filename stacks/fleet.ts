import * as path from "path";
import { LocalBackend, TerraformStack, TerraformVariable } from "cdktf";
import { fly, FleetInput } from "../lib";
import { tenants } from "./tenants";

/** The example fleet: one shared Fly app, a cell per tenant in `tenants.ts`. */
export const fleet: FleetInput = {
  appName: "flycell-example",
  image: "registry.fly.io/flycell-example:latest",
  tenants,
};

/**
 * What is deployed, kept by `flycell ledger sync` after each deploy and committed (see README,
 * "Tenant lifecycle"). A rehearsal on the emulator keeps its own (`.emulator/tenants.lock.json`):
 * with FLYCELL_LEDGER_FILE set to it, `npm run synth` and `npm test` judge the tenant list
 * against what the rehearsal deployed. Refusals name the file they read.
 */
export const LEDGER_FILE = process.env.FLYCELL_LEDGER_FILE ? path.resolve(process.env.FLYCELL_LEDGER_FILE) : path.join(__dirname, "tenants.lock.json");

/** Every stack: a local state file and the Fly provider, the organization a variable. */
export function configureStack(stack: TerraformStack): void {
  // State in the project root, as cdktf does by default, but as a relative path (Terraform
  // runs in cdktf.out/stacks/<id>/) so no machine-specific path lands in the JSON.
  new LocalBackend(stack, { path: `../../../terraform.${stack.node.id}.tfstate` });
  const org = new TerraformVariable(stack, "fly_org", {
    type: "string",
    default: "personal",
    description: "Fly organization slug that owns the fleet",
  });
  // The API token comes from FLY_API_TOKEN at plan/apply time, never from the configuration.
  new fly.provider.FlyProvider(stack, "fly", { orgSlug: org.stringValue });
}
