/**
 * The example tenants as a sharded fleet: `fleet-shared` holds the app, each `fleet-shard-N`
 * its shard's cells, every stack with a Terraform state of its own. Deploy all of them in
 * dependency order, each plan guarded, with `node -r ts-node/register/transpile-only
 * stacks/sharded.ts && npm run flycell -- deploy`, or against the emulator with
 * `npm run deploy:local -- --sharded`.
 */
import { synthFleetApp } from "../lib";
import { configureStack, fleet, LEDGER_FILE } from "./fleet";

/** Two shards for three tenants shows the shape; a real fleet keeps a few hundred tenants per shard. */
export const SHARDING = { by: "hash", count: 2 } as const;

if (require.main === module) {
  synthFleetApp({ fleet: { ...fleet, sharding: SHARDING }, ledgerFile: LEDGER_FILE, configureStack });
}
