/** The example fleet's cdktf app (`npm run synth`, `cdktf deploy`). */
import { synthFleetApp } from "../lib";
import { configureStack, fleet, LEDGER_FILE } from "./fleet";

synthFleetApp({ fleet, ledgerFile: LEDGER_FILE, configureStack });
