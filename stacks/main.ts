/** The example fleet's cdktf app (`npm run synth`; `npm run deploy` synthesizes it, then runs `flycell deploy`). */
import { synthFleetApp } from "../lib";
import { configureStack, fleet, LEDGER_FILE } from "./fleet";

synthFleetApp({ fleet, ledgerFile: LEDGER_FILE, configureStack });
