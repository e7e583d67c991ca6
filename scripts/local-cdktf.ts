/**
 * `cdktf diff` / `cdktf deploy` of the example fleet against flycell's Fly provider EMULATOR:
 * the whole flow without a Fly account. Nothing reaches Fly; the emulated account, the
 * Terraform state and the synthesized stack all live in `.emulator/` (delete it to start over).
 *
 *   npm run diff:local
 *   npm run deploy:local
 *   npm run deploy:local -- --sharded            # stacks/sharded.ts: cdktf deploy '*', every stack in order
 *   npm run diff:local -- --sharded fleet-shard-0
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { installEmulator } from "../emulator/src/install";

const COMMANDS = ["diff", "deploy"];

function main(args: string[]): number {
  const [command, ...options] = args;
  const sharded = options.includes("--sharded");
  const rest = options.filter((o) => o !== "--sharded");
  // The sharded example has several stacks: deploy takes them all, diff one named stack.
  const stack = sharded ? (command === "deploy" ? ["*"] : []) : ["fleet"];
  if (!command || !COMMANDS.includes(command) || (sharded && command === "diff" && rest.length === 0)) {
    console.error(`usage: local-cdktf.ts ${COMMANDS.join("|")} [cdktf options]\n       local-cdktf.ts deploy --sharded | diff --sharded STACK`);
    return 2;
  }
  const root = path.join(__dirname, "..");
  const home = path.resolve(process.env.FLYCELL_EMULATOR_HOME ?? path.join(root, ".emulator"));
  const emulator = installEmulator(home);
  console.log(`EMULATOR: cdktf ${command} against flycell's Fly provider emulator; nothing reaches Fly. State: ${home}`);

  const cdktf = [
    require.resolve("cdktf-cli/bundle/bin/cdktf"),
    command,
    ...stack,
    ...(sharded ? ["--app", "npx ts-node stacks/sharded.ts"] : []),
    "--output",
    path.join(home, "cdktf.out"),
    // `providers lock` would ask the registry for checksums, and the emulator is not in the registry.
    "--skip-provider-lock",
    ...(command === "deploy" ? ["--auto-approve"] : []),
    ...rest,
  ];
  const result = spawnSync(process.execPath, cdktf, {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      TF_CLI_CONFIG_FILE: emulator.cliConfig,
      // A placeholder, so a real token in the environment is never handed to anything here.
      FLY_API_TOKEN: "emulator",
      CHECKPOINT_DISABLE: "1",
    },
  });
  return result.status ?? 1;
}

process.exitCode = main(process.argv.slice(2));
