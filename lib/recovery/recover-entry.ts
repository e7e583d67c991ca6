import { retryDelayMs } from "../fly-api/backoff";
import { CreateVolumeRequest, FlyMachine, FlyVolume, MachinesApiError } from "../fly-api/machines-api";
import { quote } from "../plan/quote";
import { EntryRun, GONE, volumeLabel } from "./entry-run";
import { apiSaid } from "./problem";
import { RecoveredVolume } from "./recovered-file";
import { chooseSnapshot, DEFAULT_RETENTION_DAYS } from "./snapshot-choice";
import { formatBytes, GIB } from "./words";

/** What became of one manifest entry. */
export interface RecoveredEntry {
  readonly owner: string;
  readonly kind: "tenant" | "cell";
  readonly variable: string;
  /** "found": a volume an earlier run made; nothing was made now. */
  readonly how: "restored" | "forked" | "found";
  readonly volume: { readonly id: string; readonly name: string };
  readonly record: RecoveredVolume;
  /** What happened, in words. */
  readonly line: string;
}

// Fly answers 412 or 409 (and at times 403) when a region has no room, naming it so in `status` or in words.
const CAPACITY_WORDS = /capacity|room|insufficient|resources/i;
const CAPACITY_STATUS = new Set(["insufficient_capacity", "volume_placement_capacity"]);

/** The manifest's volume as Fly's request: exactly its attributes, nothing added. */
function requestOf(run: EntryRun, from: { readonly snapshot_id: string } | { readonly source_volume_id: string }): CreateVolumeRequest {
  const { name, region, size_gb, encrypted, require_unique_zone, auto_backup_enabled, snapshot_retention, compute } = run.entry.volume;
  return { name, region, size_gb, encrypted, require_unique_zone, auto_backup_enabled, snapshot_retention, compute, ...from };
}

/** Fails with what a refused create means for the line. */
function refused(run: EntryRun, err: MachinesApiError, request: CreateVolumeRequest): never {
  const said = apiSaid(err);
  const fly = err.flyMessage ?? "";
  const fork = request.source_volume_id !== undefined;
  const unreachable = /unreachable/i.test(fly);
  const named = CAPACITY_STATUS.has(err.flyStatus ?? "") || CAPACITY_WORDS.test(fly);
  // A 403 is a capacity answer only when it says so; otherwise the token may not do this.
  const capacity = (err.status === 412 || err.status === 409 || err.status === 403) && (named || (err.status !== 403 && !unreachable));
  if (err.status === 412 && fork && unreachable) {
    run.fail(run.sourceField, run.sourceValue, `the host of the volume to fork is unreachable (${said}): restore from a snapshot instead (restore: { snapshot: "latest" }), which Fly keeps off the host`);
  }
  if (capacity) {
    run.fail(
      run.field("region"),
      request.region,
      `Fly has no room for a ${request.size_gb} GB volume in region ${request.region} now (${said}): try again later${fork ? ", or move to another region" : ""}`,
    );
  }
  if (err.status === 404) {
    run.fail(
      run.sourceField,
      run.sourceValue,
      request.snapshot_id
        ? `Fly does not know snapshot ${request.snapshot_id} (${said}): it expired or was deleted after it was listed; pick another (\`flycell volumes snapshots\`)`
        : `Fly does not know the volume to fork, ${request.source_volume_id} (${said})`,
    );
  }
  if (err.status === 400 && /size|small/i.test(fly)) run.fail(run.field("volumeSizeGb"), String(request.size_gb), `is too small for the data (${said})`);
  if (err.status === 401 || err.status === 403) run.fail(run.sourceField, run.sourceValue, `the token may not make volumes in app ${quote(run.entry.app)} (${said})`);
  run.fail(run.sourceField, run.sourceValue, `Fly refused to make volume ${request.name} (${said})`);
}

/**
 * Makes the volume. A 4xx is a refusal, said in the line's terms. A 5xx or a lost answer may
 * hide a volume Fly made: the app's volumes are listed again before asking once more, so there
 * is never a second one.
 */
async function createVolume(run: EntryRun, request: CreateVolumeRequest): Promise<FlyVolume> {
  const { api, clock, retry } = run.settings;
  for (let tried = 1; ; tried++) {
    try {
      return await api.createVolume(run.entry.app, request);
    } catch (err) {
      if (err instanceof MachinesApiError && err.status < 500) refused(run, err, request);
      const wait = retryDelayMs(retry, tried);
      if (wait === undefined) {
        run.fail(run.sourceField, run.sourceValue, `making volume ${request.name}: ${apiSaid(err)}, ${tried} times; run flycell recover again (it finds the volume if Fly made it)`);
      }
      await clock.sleep(wait);
      const listed = await run.ask(`listing the volumes of app ${quote(run.entry.app)}`, () => api.listVolumes(run.entry.app));
      const made = EntryRun.named(listed ?? [], request.name);
      if (made) return made;
    }
  }
}

/** Waits until the new volume is made (Fly answers at once and finishes after). */
function untilReady(run: EntryRun, volume: FlyVolume): Promise<FlyVolume> {
  return run.waitFor(`volume ${volumeLabel(volume)}`, volume, () => run.api.getVolume(run.entry.app, volume.id), (v) => {
    const state = v.state ?? "";
    if (state === "created" || state === "ready") return "done";
    if (GONE.test(state) || state === "failed") return { never: `it went to state ${quote(state)} instead of created` };
    return "wait";
  });
}

/** Stops the machine that writes to the volume, so the copy is as of now; says what it did. */
async function stopWriter(run: EntryRun, name: string): Promise<string> {
  const { app } = run.entry;
  const machines = (await run.ask(`listing the machines of app ${quote(app)}`, () => run.api.listMachines(app))) ?? [];
  const machine = machines.find((m) => m.name === name && !GONE.test(m.state));
  if (!machine) return `no machine named ${quote(name)} was there to stop`;
  const label = `machine ${name} (${machine.id})`;
  if (machine.state === "stopped") return `${label} was already stopped`;
  await run.ask(`stopping ${label} before the fork`, () => run.api.stopMachine(app, machine.id));
  run.did(`${label} was stopped for the fork (\`fly machine start ${machine.id} -a ${app}\` starts it again)`);
  const look = () => run.api.getMachine(app, machine.id);
  const first = await run.ask(`stopping ${label} before the fork`, look);
  await run.waitFor<FlyMachine>(`stopping ${label} before the fork`, first ?? machine, look, (m) => (m.state === "stopped" ? "done" : "wait"));
  return `${label} stopped at ${new Date(run.settings.clock.now()).toISOString()}`;
}

async function restore(run: EntryRun, from: FlyVolume, wanted: string): Promise<RecoveredEntry> {
  const { entry } = run;
  const snapshots = (await run.ask(`listing the snapshots of volume ${volumeLabel(from)}`, () => run.api.listSnapshots(entry.app, from.id))) ?? [];
  const choice = chooseSnapshot(snapshots, {
    snapshot: wanted,
    sizeGb: entry.volume.size_gb,
    retentionDays: from.snapshot_retention ?? DEFAULT_RETENTION_DAYS,
    now: run.settings.clock.now(),
    volumeLabel: volumeLabel(from),
  });
  if (!choice.ok) {
    if (choice.about === "size") run.fail(run.field("volumeSizeGb"), String(entry.volume.size_gb), choice.message);
    run.fail(run.sourceField, wanted, choice.message);
  }
  const snapshot = choice.snapshot;
  const made = await untilReady(run, await createVolume(run, requestOf(run, { snapshot_id: snapshot.id })));
  const size = snapshot.size === undefined ? "" : `, ${formatBytes(snapshot.size)}`;
  return {
    ...outcomeOf(run, made, "restored"),
    record: { volume: made.id, kind: "snapshot", source_volume: from.id, snapshot: snapshot.id, taken_at: snapshot.created_at, size_bytes: snapshot.size ?? 0 },
    line: `${run.who}: volume ${volumeLabel(made)} restored from ${snapshot.id} (taken ${snapshot.created_at}${size}); old volume ${volumeLabel(from)} kept`,
  };
}

async function fork(run: EntryRun, from: FlyVolume, stopMachineName: string): Promise<RecoveredEntry> {
  const { entry } = run;
  if (from.host_status === "unreachable") {
    run.fail(run.sourceField, "fork", `the host of volume ${volumeLabel(from)} is unreachable, and a fork copies from it: restore from a snapshot instead (restore: { snapshot: "latest" }), which Fly keeps off the host`);
  }
  if (from.size_gb !== undefined && entry.volume.size_gb < from.size_gb) {
    run.fail(run.field("volumeSizeGb"), String(entry.volume.size_gb), `is ${entry.volume.size_gb} GB, smaller than volume ${volumeLabel(from)} it copies (${from.size_gb} GB): make it at least ${from.size_gb} GB`);
  }
  // Right before the fork, so the copy holds every write up to the stop.
  const stopped = await stopWriter(run, stopMachineName);
  const made = await untilReady(run, await createVolume(run, requestOf(run, { source_volume_id: from.id })));
  return {
    ...outcomeOf(run, made, "forked"),
    record: { volume: made.id, kind: "fork", source_volume: from.id, snapshot: "", taken_at: "", size_bytes: (from.size_gb ?? entry.volume.size_gb) * GIB },
    line: `${run.who}: volume ${volumeLabel(made)} in ${entry.volume.region} forked from ${volumeLabel(from)}${from.region ? ` in ${from.region}` : ""} (${stopped}); old volume ${volumeLabel(from)} kept`,
  };
}

function outcomeOf(run: EntryRun, volume: FlyVolume, how: RecoveredEntry["how"]): Pick<RecoveredEntry, "owner" | "kind" | "variable" | "how" | "volume"> {
  return { owner: run.entry.owner, kind: run.entry.kind, variable: run.entry.variable, how, volume: { id: volume.id, name: volume.name ?? run.entry.volume.name } };
}

/** A volume an earlier run made (or began): waited for, and recorded as that run knew it. */
async function found(run: EntryRun, existing: FlyVolume, from: FlyVolume | undefined, earlier: RecoveredVolume | undefined): Promise<RecoveredEntry> {
  const { source, volume } = run.entry;
  // Adopting a volume of another place or size would plan its replacement: say so instead.
  if (existing.region !== undefined && existing.region !== volume.region) {
    run.fail(run.field("region"), volume.region, `app ${quote(run.entry.app)} already has a volume ${volumeLabel(existing)} in region ${existing.region}: flycell makes that name only here; remove it, or ask for the next generation`);
  }
  if (existing.size_gb !== undefined && existing.size_gb !== volume.size_gb) {
    run.fail(run.field("volumeSizeGb"), String(volume.size_gb), `app ${quote(run.entry.app)} already has a volume ${volumeLabel(existing)} of ${existing.size_gb} GB: flycell makes that name only at this size; remove it, or ask for the next generation`);
  }
  const made = await untilReady(run, existing);
  const record: RecoveredVolume =
    earlier?.volume === made.id
      ? earlier
      : {
          volume: made.id,
          kind: "fork" in source ? "fork" : "snapshot",
          source_volume: from?.id ?? "",
          // Which snapshot "latest" was is not in the account; a named one is.
          snapshot: "snapshot" in source && source.snapshot !== "latest" ? source.snapshot : "",
          taken_at: "",
          size_bytes: 0,
        };
  return { ...outcomeOf(run, made, "found"), record, line: `${run.who}: volume ${volumeLabel(made)} found from an earlier run` };
}

/**
 * One entry: the volume named in the manifest if it is there already (never a second one),
 * else restored from a snapshot or forked from the volume it replaces.
 */
export async function recoverEntry(run: EntryRun, earlier: RecoveredVolume | undefined): Promise<RecoveredEntry> {
  const { entry } = run;
  const volumes = await run.ask(`listing the volumes of app ${quote(entry.app)}`, () => run.api.listVolumes(entry.app));
  if (volumes === undefined) run.fail(run.sourceField, run.sourceValue, `app ${quote(entry.app)} is not in the account (404)`);
  const from = EntryRun.named(volumes, entry.source.from_volume_name);
  const existing = EntryRun.named(volumes, entry.volume.name);
  if (existing && !from) {
    // The synth keeps the source as an old volume: Terraform would make it again, empty, and a sync record it as kept.
    run.fail(
      run.sourceField,
      run.sourceValue,
      `volume ${volumeLabel(existing)} was made by an earlier run, but ${quote(entry.source.from_volume_name)}, the volume it copies from, is gone from app ${quote(entry.app)} ` +
        "(released since?): the ledger this was synthesized with is older than the account. Run flycell ledger sync, then synthesize again",
    );
  }
  if (existing) return found(run, existing, from, earlier);
  if (!from) {
    run.fail(run.sourceField, run.sourceValue, `app ${quote(entry.app)} has no volume named ${quote(entry.source.from_volume_name)} to ${"fork" in entry.source ? "fork" : "restore from"}`);
  }
  return "fork" in entry.source ? fork(run, from, entry.source.stop_machine_name) : restore(run, from, entry.source.snapshot);
}
