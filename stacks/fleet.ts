import * as path from "path";
import { TerraformStack, TerraformVariable } from "cdktf";
import { fly, FleetInput } from "../lib";
import { tenants } from "./tenants";

/** The example fleet: one shared Fly app, a cell per tenant in `tenants.ts`. */
export const fleet: FleetInput = {
  appName: "flycell-example",
  image: "registry.fly.io/flycell-example:latest",
  tenants,
  // Every stack its own state: terraform.<stack>.tfstate in the project root to try things out;
  // with FLYCELL_STATE_BUCKET set (CI, see README "Running it as a team"), a key per stack in that
  // S3 bucket (Tigris), endpoint and credentials from AWS_ENDPOINT_URL_S3 and AWS_ACCESS_KEY_ID/
  // AWS_SECRET_ACCESS_KEY.
  stateBackend: process.env.FLYCELL_STATE_BUCKET ? { type: "s3", bucket: process.env.FLYCELL_STATE_BUCKET, usePathStyle: true } : { type: "local" },
};

/**
 * What is deployed, kept by `flycell ledger sync` after each deploy and committed (see README,
 * "Tenant lifecycle"). A rehearsal on the emulator keeps its own (`.emulator/tenants.lock.json`):
 * with FLYCELL_LEDGER_FILE set to it, `npm run synth` and `npm test` judge the tenant list
 * against what the rehearsal deployed. Refusals name the file they read.
 */
export const LEDGER_FILE = process.env.FLYCELL_LEDGER_FILE ? path.resolve(process.env.FLYCELL_LEDGER_FILE) : path.join(__dirname, "tenants.lock.json");

/** Every stack: the Fly provider, the organization a variable (the fleet gives each stack its state). */
export function configureStack(stack: TerraformStack): void {
  const org = new TerraformVariable(stack, "fly_org", {
    type: "string",
    default: "personal",
    description: "Fly organization slug that owns the fleet",
  });
  // The API token comes from FLY_API_TOKEN at plan/apply time, never from the configuration.
  new fly.provider.FlyProvider(stack, "fly", { orgSlug: org.stringValue });
}
