import { Command } from "commander";
import { FlyVolume, FlyVolumeSnapshot, MachinesApi, MachinesApiError } from "../fly-api/machines-api";
import { DeployedStack, ownValue } from "../plan/ledger";
import { quote } from "../plan/quote";
import { apiSaid } from "../recovery/problem";
import { formatAge, formatBytes } from "../recovery/words";
import { readOutputsFile, readStackOutputs, synthesizedStackDirs } from "./deployed-stacks";
import { CliFailure, EXIT_REFUSED, EXIT_USAGE, exitCodesHelp } from "./exit-codes";
import { formatTextTable } from "./text-table";

interface VolumesOptions {
  readonly outputs?: string[];
  readonly stack?: string[];
  readonly json?: boolean;
  readonly apiBaseUrl?: string;
}

/** Where a tenant's (or a shared cell's) current volume is. */
export interface VolumeTarget {
  /** `tenant "acme"`, `tenant "p1" (in shared cell "ams-1")`, `shared cell "ams-1"`. */
  readonly subject: string;
  readonly app: string;
  readonly volume: string;
}

/** What a `cells` output entry holds that finding a volume needs (see `CellOutput`). */
interface CellEntry {
  readonly volume_id?: unknown;
  readonly app?: unknown;
  readonly cell?: unknown;
}

/** The volume of tenant or shared cell `name`, from the stacks' `cells` (and `shared_cells`) outputs. */
export function volumeTargetOf(stacks: readonly DeployedStack[], name: string): VolumeTarget {
  const unusable = (why: string) => new CliFailure(EXIT_USAGE, `flycell volumes: ${why}`);
  for (const stack of stacks) {
    const entry = ownValue(stack.cells, name) as CellEntry | undefined;
    if (!entry) continue;
    if (typeof entry.app !== "string" || typeof entry.volume_id !== "string" || entry.volume_id === "") {
      throw unusable(`stack ${stack.name}'s cells output has no app and volume_id for tenant ${quote(name)} (outputs of an older flycell: deploy once to refresh them)`);
    }
    const subject = typeof entry.cell === "string" ? `tenant ${quote(name)} (in shared cell ${quote(entry.cell)})` : `tenant ${quote(name)}`;
    return { subject, app: entry.app, volume: entry.volume_id };
  }
  for (const stack of stacks) {
    const cell = ownValue(stack.sharedCells, name) as { volume_id?: unknown } | undefined;
    if (!cell) continue;
    // The shared cell's app is its tenants' app.
    const member = Object.values(stack.cells as Readonly<Record<string, CellEntry>>).find((c) => c.cell === name && typeof c.app === "string");
    if (typeof cell.volume_id !== "string" || !member) throw unusable(`stack ${stack.name}'s outputs have no volume_id and app for shared cell ${quote(name)}`);
    return { subject: `shared cell ${quote(name)}`, app: member.app as string, volume: cell.volume_id };
  }
  throw unusable(`no tenant or shared cell ${quote(name)} in the outputs of ${stacks.map((s) => s.name).join(", ") || "no stack"}`);
}

/** The stacks' outputs the options name (default: every synthesized stack's). */
export function deployedStacksOf(options: Pick<VolumesOptions, "outputs" | "stack">): DeployedStack[] {
  const given = (options.outputs?.length ?? 0) + (options.stack?.length ?? 0) > 0;
  return [...(options.outputs ?? []).map(readOutputsFile), ...(given ? (options.stack ?? []) : synthesizedStackDirs()).map(readStackOutputs)].filter(
    (s): s is DeployedStack => s !== undefined,
  );
}

/** A client within Fly's limits, from FLY_API_TOKEN (never printed). */
export function pacedApiFromEnv(command: string, apiBaseUrl: string | undefined): MachinesApi {
  const token = process.env.FLY_API_TOKEN;
  if (!token) throw new CliFailure(EXIT_USAGE, `${command}: FLY_API_TOKEN is not set`);
  return MachinesApi.paced({ baseUrl: apiBaseUrl ?? process.env.FLY_API_BASE_URL, token });
}

/** A Machines API failure as the command's end: a refusal when Fly answered, a usage error when the token was refused or nothing answered. */
export function apiFailure(command: string, doing: string, err: unknown): CliFailure {
  const usage = !(err instanceof MachinesApiError) || err.status === 401;
  return new CliFailure(usage ? EXIT_USAGE : EXIT_REFUSED, `${command}: ${doing}: ${apiSaid(err)}`);
}

const newestFirst = (a: FlyVolumeSnapshot, b: FlyVolumeSnapshot) => Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? -1 : 1);

function snapshotJson(s: FlyVolumeSnapshot, now: number) {
  return { id: s.id, created_at: s.created_at, age_seconds: Math.max(0, Math.floor((now - Date.parse(s.created_at)) / 1000)), size: s.size ?? null, status: s.status ?? null };
}

const volumeText = (v: FlyVolume) => `${v.name ?? "volume"} (${v.id})`;

/** Reads one thing about the target's volume; a 404 means the volume is gone from the app. */
async function ask<T>(command: string, target: VolumeTarget, doing: string, call: () => Promise<T | undefined>): Promise<T> {
  let found: T | undefined;
  try {
    found = await call();
  } catch (err) {
    throw apiFailure(command, `${target.subject}: ${doing}`, err);
  }
  if (found === undefined) throw new CliFailure(EXIT_REFUSED, `${command}: ${target.subject}: volume ${target.volume} is not in app ${quote(target.app)} (404)`);
  return found;
}

const readVolume = (api: MachinesApi, command: string, target: VolumeTarget) => ask(command, target, "reading its volume", () => api.getVolume(target.app, target.volume));

async function readSnapshots(api: MachinesApi, command: string, target: VolumeTarget): Promise<FlyVolumeSnapshot[]> {
  const snapshots = await ask(command, target, "listing its snapshots", () => api.listSnapshots(target.app, target.volume));
  return [...snapshots].sort(newestFirst);
}

function printSnapshots(target: VolumeTarget, volume: FlyVolume, snapshots: readonly FlyVolumeSnapshot[], now: number): void {
  const kept = volume.snapshot_retention === undefined ? "" : `, kept ${volume.snapshot_retention} days`;
  console.log(`${target.subject}: volume ${volumeText(volume)} in app ${target.app}: ${snapshots.length} snapshot(s)${kept}`);
  if (snapshots.length === 0) return;
  const rows = snapshots.map((s) => [s.id, s.created_at, formatAge(now - Date.parse(s.created_at)), s.size === undefined ? "-" : formatBytes(s.size), s.status ?? "-"]);
  console.log(formatTextTable(["ID", "TAKEN", "AGE", "SIZE", "STATUS"], rows));
}

/** Looks after a snapshot request, this many times a second apart, for the new snapshot. */
const SNAPSHOT_LOOKS = 10;

function addOutputOptions(command: Command): Command {
  return command
    .option("--outputs <file.json...>", "files holding a stack's `terraform output -json`")
    .option("--stack <dir...>", "stack directories to run `terraform output -json` in (default: every cdktf.out/stacks/*)")
    .option("--api-base-url <url>", "the Machines API (default: FLY_API_BASE_URL, else https://api.machines.dev)")
    .option("--json", "print JSON");
}

const EXITS = exitCodesHelp({
  0: "done",
  1: "Fly refused or does not have the volume",
  2: "no FLY_API_TOKEN (or a refused one), an output file or stack that cannot be read, an unknown tenant, or no answer from the API",
});

/** `flycell volumes snapshots|snapshot <tenant>`: a tenant's snapshots, listed or taken now. */
export function addVolumesCommand(program: Command): void {
  const volumes = program.command("volumes").summary("a tenant's volume snapshots: list them, take one").description(
    "A tenant's (or shared cell's) current volume, found in the stacks' `cells` outputs as `flycell status` finds it, " +
      "and its snapshots through Fly's Machines API, within Fly's rate limits. Needs FLY_API_TOKEN.",
  );
  addOutputOptions(volumes.command("snapshots").argument("<tenant>", "a tenant id or shared cell id"))
    .summary("list a tenant's snapshots (id, age, size)")
    .description("Lists the snapshots of the tenant's volume, newest first: the ids a line's `restore.snapshot` takes.")
    .addHelpText("after", EXITS)
    .action(async (tenant: string, options: VolumesOptions) => {
      const command = "flycell volumes snapshots";
      const api = pacedApiFromEnv(command, options.apiBaseUrl);
      const target = volumeTargetOf(deployedStacksOf(options), tenant);
      const volume = await readVolume(api, command, target);
      const snapshots = await readSnapshots(api, command, target);
      const now = Date.now();
      if (options.json) {
        console.log(JSON.stringify({ tenant, app: target.app, volume: { id: volume.id, name: volume.name ?? null, snapshot_retention: volume.snapshot_retention ?? null }, snapshots: snapshots.map((s) => snapshotJson(s, now)) }, null, 2));
      } else printSnapshots(target, volume, snapshots, now);
    });
  addOutputOptions(volumes.command("snapshot").argument("<tenant>", "a tenant id or shared cell id"))
    .summary("take a snapshot of a tenant's volume now (before a risky change)")
    .description("Asks Fly for a snapshot of the tenant's volume now, and prints it once listed (a line's `restore.snapshot` can name it).")
    .addHelpText("after", EXITS)
    .action(async (tenant: string, options: VolumesOptions) => {
      const command = "flycell volumes snapshot";
      const api = pacedApiFromEnv(command, options.apiBaseUrl);
      const target = volumeTargetOf(deployedStacksOf(options), tenant);
      const volume = await readVolume(api, command, target);
      const before = new Set((await readSnapshots(api, command, target)).map((s) => s.id));
      try {
        await api.createSnapshot(target.app, target.volume);
      } catch (err) {
        throw apiFailure(command, `${target.subject}: taking a snapshot of volume ${target.volume}`, err);
      }
      let taken: FlyVolumeSnapshot | undefined;
      for (let look = 0; look < SNAPSHOT_LOOKS && !taken; look++) {
        if (look > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
        taken = (await readSnapshots(api, command, target)).find((s) => !before.has(s.id));
      }
      if (options.json) {
        console.log(JSON.stringify({ tenant, app: target.app, volume: target.volume, snapshot: taken ? snapshotJson(taken, Date.now()) : null }, null, 2));
      } else if (taken) {
        console.log(`${target.subject}: snapshot ${taken.id} of volume ${volumeText(volume)} taken ${taken.created_at}${taken.size === undefined ? "" : ` (${formatBytes(taken.size)})`}; a restore names it as restore: { snapshot: "${taken.id}" }`);
      } else {
        console.log(`${target.subject}: snapshot of volume ${target.volume} requested; not listed after ${SNAPSHOT_LOOKS} s (\`flycell volumes snapshots ${quote(tenant)}\` shows it once taken)`);
      }
    });
}
