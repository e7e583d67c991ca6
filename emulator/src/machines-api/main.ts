import { startMachinesApi } from "./server";

const USAGE = "usage: main.js --account <fly.json> [--port N] [--host H] [--token-env NAME] [--rate-scale N | --no-rate-limits] [--log]";

/**
 * The emulated Machines API as a process: serves the account until SIGINT or SIGTERM. Prints its
 * URL, alone on one line, on stdout. The token callers must send is read from an environment
 * variable (FLY_API_TOKEN unless --token-env names another) and never printed.
 */
async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const take = (name: string): string | undefined => {
    const i = args.indexOf(name);
    if (i === -1) return undefined;
    const value = args[i + 1];
    args.splice(i, 2);
    return value;
  };
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i !== -1) args.splice(i, 1);
    return i !== -1;
  };
  const accountFile = take("--account");
  const port = take("--port");
  const host = take("--host");
  const tokenEnv = take("--token-env") ?? "FLY_API_TOKEN";
  const scale = take("--rate-scale");
  const noLimits = flag("--no-rate-limits");
  const log = flag("--log");
  if (!accountFile || args.length > 0 || (port !== undefined && !/^\d+$/.test(port)) || (scale !== undefined && !(Number(scale) > 0))) {
    console.error(USAGE);
    return 2;
  }
  const token = process.env[tokenEnv];
  if (!token) {
    console.error(`${tokenEnv} is not set: the token callers must send (any value; the emulator never calls Fly)`);
    return 2;
  }
  const api = await startMachinesApi({
    accountFile,
    token,
    host,
    port: port === undefined ? undefined : Number(port),
    rateLimits: noLimits ? false : scale === undefined ? undefined : { scale: Number(scale) },
    log: log ? (line) => console.error(line) : undefined,
  });
  console.log(api.url);
  const stop = () => void api.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(`flycell Machines API emulator: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
