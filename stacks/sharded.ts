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

export function shardedApp(tenantList: readonly TenantSpec[], outdir?: string): App {
  const app = new App(outdir ? { outdir } : undefined);
  new ShardedFleet(app, "fleet", {
    ...FLEET,
    tenants: tenantList,
    sharding: SHARDING,
    // The ledger that `npm run synth` keeps: read here, so a removed line is refused here too.
    ledger: readLedger(LEDGER_FILE),
    configureStack: (stack: TerraformStack) => {
      // As in main.ts: a relative state path per stack, so no machine path lands in the JSON.
      new LocalBackend(stack, { path: `../../../terraform.${stack.node.id}.tfstate` });
      const org = new TerraformVariable(stack, "fly_org", { type: "string", default: "personal", description: "Fly organization slug" });
      new fly.provider.FlyProvider(stack, "fly", { orgSlug: org.stringValue });
    },
  });
  return app;
}

/** Synthesizes, or prints what is wrong with the list and returns 1 before anything is written. */
function main(): number {
  try {
    planFleet(FLEET, tenants, { ledger: readLedger(LEDGER_FILE) });
  } catch (err) {
    if (!(err instanceof FlycellValidationError)) throw err;
    console.error(err.message);
    return 1;
  }
  shardedApp(tenants).synth();
  return 0;
}

if (require.main === module) {
  process.exitCode = main();
}
