import { AccountRefusal } from "../account";
import { readContent, writeContent } from "../content";
import { setHostDown, setRegionFull } from "../faults";
import { advanceDays } from "../snapshots";
import { readAccountFile, updateAccountFile } from "../store";

/** The control CLI's usage: what README drills run against an emulated account, with no server. */
export const CONTROL_USAGE = [
  "usage: control.js --account <fly.json> <command>",
  "  content write <volume> <text> [--bytes N]      write a volume's content marker (and its data size)",
  "  content read <volume>                          print a volume's content marker",
  "  fail-host <volume-or-machine-id>               the host goes down: the volume and its machine unreachable",
  "  heal-host <volume-or-machine-id>               the host comes back",
  "  (a volume by its id, or by its name when no other volume has it: data_acme)",
  "  advance <days>                                 the clock passes days: daily snapshots, expiry",
  "  region-full <region> | region-free <region>    a region without room for new volumes (412), or with room again",
].join("\n");

class Usage extends Error {}

/** Takes `--name value` out of args. */
function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined) throw new Usage(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}

function wholeNumber(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new Usage(`${what} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

/**
 * Runs one control command on the account file (under its lock, as the server does) and returns
 * its result as JSON text. Throws `AccountRefusal` for what the account refuses, `Error` for usage.
 */
export function runControl(argv: readonly string[], now = Date.now()): string {
  const args = [...argv];
  const file = option(args, "--account") ?? process.env.FLYCELL_EMULATOR_ACCOUNT;
  if (!file) throw new Usage("--account <fly.json> is required (or FLYCELL_EMULATOR_ACCOUNT)");
  const bytesText = option(args, "--bytes");
  const [command, ...rest] = args;
  if (bytesText !== undefined && !(command === "content" && rest[0] === "write")) throw new Usage("--bytes goes with content write");
  const needs = (n: number) => {
    if (rest.length !== n) throw new Usage(`${command} takes ${n} argument${n === 1 ? "" : "s"}`);
  };
  let result: object;
  switch (command) {
    case "content": {
      const [sub, volume, ...text] = rest;
      if (sub === "read" && volume && text.length === 0) result = readContent(readAccountFile(file), volume);
      else if (sub === "write" && volume && text.length === 1) {
        const bytes = bytesText === undefined ? undefined : wholeNumber(bytesText, "--bytes");
        result = updateAccountFile(file, (f) => writeContent(f, volume, text[0], bytes, now));
      } else throw new Usage("content read <volume-id> | content write <volume-id> <text> [--bytes N]");
      break;
    }
    case "fail-host":
    case "heal-host":
      needs(1);
      result = updateAccountFile(file, (f) => setHostDown(f, rest[0], command === "fail-host", now));
      break;
    case "advance": {
      needs(1);
      const days = wholeNumber(rest[0], "days");
      result = updateAccountFile(file, (f) => advanceDays(f, days, now));
      break;
    }
    case "region-full":
    case "region-free":
      needs(1);
      updateAccountFile(file, (f) => setRegionFull(f, rest[0], command === "region-full"));
      result = { region: rest[0], full: command === "region-full" };
      break;
    default:
      throw new Usage(command ? `unknown command ${JSON.stringify(command)}` : "no command");
  }
  return JSON.stringify(result);
}

/** The CLI: exit 0 done, 1 refused by the account, 2 usage. */
export function controlMain(argv: readonly string[]): number {
  try {
    console.log(runControl(argv));
    return 0;
  } catch (err) {
    if (err instanceof AccountRefusal) {
      console.error(`refused: ${err.message}`);
      return 1;
    }
    if (err instanceof Usage) {
      console.error(`${err.message}\n${CONTROL_USAGE}`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) process.exitCode = controlMain(process.argv.slice(2));
