/**
 * The example tenants as a sharded fleet: `fleet-shared` holds the app, each `fleet-shard-N`
 * its shard's cells, every stack with a Terraform state of its own. Deploy all of them in
 * dependency order with `cdktf deploy '*' --app "npx ts-node stacks/sharded.ts"`, or against
 * the emulator with `npm run deploy:local -- --sharded`.
 */
import { App, LocalBackend, TerraformStack, TerraformVariable } from "cdktf";
import { fly, FlycellValidationError, planFleet, ShardedFleet, TenantSpec } from "../lib";
import { FLEET, LEDGER_FILE, readLedger } from "./main";
import { tenants } from "./tenants";

/** Two shards for three tenants shows the shape; a real fleet keeps a few hundred tenants per shard. */
export const SHARDING = { by: "hash", count: 2 } as const;

/**
 * Synthesizes the sharded fleet, or prints what is wrong with the list and returns 1 before
 * anything is written (creating the cdktf App already makes directories).
 */
function main(tenantList: readonly TenantSpec[]): number {
  // The ledger that `npm run synth` keeps: read here, so a removed line is refused here too.
  const ledger = readLedger(LEDGER_FILE);
  try {
    planFleet({ ...FLEET, tenants: tenantList, sharding: SHARDING }, { ledger });
  } catch (err) {
    if (!(err instanceof FlycellValidationError)) throw err;
    console.error(err.message);
    return 1;
  }
  const app = new App();
  new ShardedFleet(app, "fleet", {
    ...FLEET,
    tenants: tenantList,
    sharding: SHARDING,
    ledger,
    configureStack: (stack: TerraformStack) => {
      // As in main.ts: a relative state path per stack, so no machine path lands in the JSON.
      new LocalBackend(stack, { path: `../../../terraform.${stack.node.id}.tfstate` });
      const org = new TerraformVariable(stack, "fly_org", { type: "string", default: "personal", description: "Fly organization slug" });
      new fly.provider.FlyProvider(stack, "fly", { orgSlug: org.stringValue });
    },
  });
  app.synth();
  return 0;
}

if (require.main === module) {
  process.exitCode = main(tenants);
}
