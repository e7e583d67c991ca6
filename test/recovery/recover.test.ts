import * as fs from "fs";
import { systemClock } from "../../lib/fly-api/clock";
import { recoveredFileOf, RecoveredVolume, RecoveryFailure, recoverStack, recoverStacks } from "../../lib/recovery";
import { FakeClock } from "../fly-api/fake-clock";
import { ACME_MACHINE, ACME_VOLUME, APP, EmulatedFleet, NEWER_SNAPSHOT, OLDER_SNAPSHOT, TOKEN } from "./emulated-fleet";
import { recoveryEntry, stackDir } from "./stack-dir";

const FORK = recoveryEntry({ source: { from_volume_name: "data_acme", fork: true, stop_machine_name: "acme" }, volume: { region: "fra" } });
const BETA = recoveryEntry({ owner: "beta", variable: "flycell_volume_beta_g1", source: { from_volume_name: "data_beta", snapshot: "latest" }, volume: { name: "g1_beta" } });

const recorded = (dir: string): Record<string, RecoveredVolume> => JSON.parse(fs.readFileSync(recoveredFileOf(dir), "utf8")) as Record<string, RecoveredVolume>;

/** Fly API calls that change something (not the emulator's controls). */
const posts = (fleet: EmulatedFleet) => fleet.server.calls.filter((c) => c.method === "POST" && c.path.startsWith("/v1/"));

/** The recover step's failure (it must fail). */
async function failure(run: Promise<unknown>): Promise<RecoveryFailure> {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof RecoveryFailure)) throw new Error(`expected a RecoveryFailure, got ${String(err)}`);
  expect(err.message).not.toContain(TOKEN);
  return err;
}

describe("recoverStack against the emulated Machines API", () => {
  let fleet: EmulatedFleet;
  beforeEach(async () => {
    fleet = await EmulatedFleet.start();
  });
  afterEach(() => fleet.close());

  it('restores the newest snapshot for "latest", with exactly the manifest\'s attributes, and records it for Terraform', async () => {
    const dir = stackDir([recoveryEntry()]);
    const result = await recoverStack(dir, fleet.client());
    const [made] = fleet.volumesNamed("g1_acme");
    expect(made).toEqual({ id: expect.stringMatching(/^vol_/), region: "ams", content: "acme-rows-1" });
    expect(result.entries).toEqual([expect.objectContaining({ owner: "acme", how: "restored", volume: { id: made.id, name: "g1_acme" } })]);
    expect(result.entries[0].line).toMatch(
      new RegExp(`^acme: volume g1_acme \\(${made.id}\\) restored from ${NEWER_SNAPSHOT} \\(taken \\d{4}-\\d\\d-\\d\\dT[^,]+, 1 KB\\); old volume data_acme \\(${ACME_VOLUME}\\) kept$`),
    );
    expect(result.file).toBe(recoveredFileOf(dir));
    expect(recorded(dir)).toEqual({
      flycell_volume_acme_g1: { volume: made.id, kind: "snapshot", source_volume: ACME_VOLUME, snapshot: NEWER_SNAPSHOT, taken_at: expect.any(String), size_bytes: 1024 },
    });
    const volume = fleet.account.read().resources[`fly_volume/${made.id}`];
    expect(volume).toMatchObject({ name: "g1_acme", region: "ams", size_gb: 1, encrypted: true, require_unique_zone: true, auto_backup_enabled: true, snapshot_retention: 5, compute: { cpu_kind: "shared", cpus: 1, memory_mb: 256 } });
  });

  it("restores a given snapshot id", async () => {
    const dir = stackDir([recoveryEntry({ source: { from_volume_name: "data_acme", snapshot: OLDER_SNAPSHOT } })]);
    const [entry] = (await recoverStack(dir, fleet.client())).entries;
    expect(entry.record).toMatchObject({ snapshot: OLDER_SNAPSHOT, kind: "snapshot" });
    expect(entry.line).toContain(`restored from ${OLDER_SNAPSHOT}`);
  });

  it("finds the volume it made on a second run: one create only, the same record", async () => {
    const dir = stackDir([recoveryEntry()]);
    await recoverStack(dir, fleet.client());
    const first = recorded(dir);
    const again = await recoverStack(dir, fleet.client());
    expect(again.entries[0]).toMatchObject({ how: "found", line: `acme: volume g1_acme (${first.flycell_volume_acme_g1.volume}) found from an earlier run` });
    expect(recorded(dir)).toEqual(first);
    expect(fleet.creates().map((c) => c.status)).toEqual([200]);
    expect(fleet.volumesNamed("g1_acme")).toHaveLength(1);
  });

  it("forks into another region after stopping the machine named in the manifest, right before the fork", async () => {
    const dir = stackDir([FORK]);
    const start = Date.now();
    const clock = new FakeClock(start);
    const [entry] = (await recoverStack(dir, fleet.client(clock))).entries;
    const [made] = fleet.volumesNamed("g1_acme");
    expect(made).toMatchObject({ region: "fra", content: "acme-rows-1" });
    expect(fleet.account.machineState(ACME_MACHINE)).toBe("stopped");
    expect(entry).toMatchObject({ how: "forked", record: { volume: made.id, kind: "fork", source_volume: ACME_VOLUME, snapshot: "", taken_at: "", size_bytes: 1024 ** 3 } });
    expect(entry.line).toBe(
      `acme: volume g1_acme (${made.id}) in fra forked from data_acme (${ACME_VOLUME}) in ams (machine acme (${ACME_MACHINE}) stopped at ${new Date(start).toISOString()}); old volume data_acme (${ACME_VOLUME}) kept`,
    );
    const mutations = posts(fleet).map((c) => c.path);
    expect(mutations).toEqual([`/v1/apps/${APP}/machines/${ACME_MACHINE}/stop`, `/v1/apps/${APP}/volumes`]);
    // A second run stops nothing and forks nothing.
    expect((await recoverStack(dir, fleet.client())).entries[0].how).toBe("found");
    expect(posts(fleet)).toHaveLength(2);
  });

  it("refuses to adopt its earlier volume once the volume it copied from is gone (a ledger older than the account)", async () => {
    const dir = stackDir([recoveryEntry()]);
    await recoverStack(dir, fleet.client());
    const stale = await failure(recoverStack(stackDir([recoveryEntry({ source: { from_volume_name: "data_released", snapshot: "latest" } })]), fleet.client()));
    expect(stale.problems[0]).toMatchObject({ subject: 'tenant "acme"', message: expect.stringContaining('"data_released", the volume it copies from, is gone') });
    expect(stale.problems[0].message).toContain("Run flycell ledger sync, then synthesize again");
  });

  it("refuses to adopt a volume of that name made elsewhere or at another size", async () => {
    await fleet.client().createVolume(APP, { name: "g1_acme", region: "fra", size_gb: 1 });
    const err = await failure(recoverStack(stackDir([recoveryEntry()]), fleet.client()));
    expect(err.problems[0]).toMatchObject({ field: "region", value: "ams", message: expect.stringContaining("already has a volume g1_acme") });
    const bigger = await failure(recoverStack(stackDir([recoveryEntry({ volume: { region: "fra", size_gb: 2 } })]), fleet.client()));
    expect(bigger.problems[0]).toMatchObject({ field: "volumeSizeGb", value: "2" });
    expect(fleet.creates()).toHaveLength(1);
  });

  it("refuses an unknown snapshot id, naming the field and value; nothing is changed", async () => {
    const dir = stackDir([recoveryEntry({ source: { from_volume_name: "data_acme", snapshot: "vs_nosuchsnapshot" } })]);
    const err = await failure(recoverStack(dir, fleet.client()));
    expect(err.problems).toEqual([
      expect.objectContaining({ subject: 'tenant "acme"', field: "restore.snapshot", value: "vs_nosuchsnapshot", message: expect.stringContaining(`is no snapshot of volume data_acme (${ACME_VOLUME})`), changed: undefined }),
    ]);
    expect(err.message).toMatch(/tenant "acme", field "restore\.snapshot" \("vs_nosuchsnapshot"\): .*; nothing was changed/);
    expect(fleet.creates()).toEqual([]);
    expect(fs.existsSync(recoveredFileOf(dir))).toBe(false);
  });

  it("refuses a snapshot past the retention window (Fly no longer lists it)", async () => {
    await fleet.control("POST", "/__emulator/clock/advance", { days: 4 });
    const dir = stackDir([recoveryEntry({ source: { from_volume_name: "data_acme", snapshot: OLDER_SNAPSHOT } })]);
    const err = await failure(recoverStack(dir, fleet.client()));
    expect(err.problems[0]).toMatchObject({ field: "restore.snapshot", value: OLDER_SNAPSHOT, message: expect.stringContaining("older than its 5-day retention window and gone") });
    expect(fleet.creates()).toEqual([]);
  });

  it("refuses a region with no room (Fly's 412), naming the region; nothing is changed", async () => {
    await fleet.control("PUT", "/__emulator/regions/ams/full");
    const err = await failure(recoverStack(stackDir([recoveryEntry()]), fleet.client()));
    expect(err.problems).toEqual([
      expect.objectContaining({ field: "region", value: "ams", message: expect.stringMatching(/^Fly has no room for a 1 GB volume in region ams now \(Fly answered 412 "insufficient capacity.*"\): try again later$/), changed: undefined }),
    ]);
    expect(fleet.creates().map((c) => c.status)).toEqual([412]);
  });

  it("says a fork into a full region stopped the machine and made no volume", async () => {
    await fleet.control("PUT", "/__emulator/regions/fra/full");
    const err = await failure(recoverStack(stackDir([FORK]), fleet.client()));
    expect(err.problems[0]).toMatchObject({ field: "region", value: "fra", changed: expect.stringContaining(`machine acme (${ACME_MACHINE}) was stopped for the fork`) });
    expect(err.message).toContain("already done: machine acme");
    expect(fleet.volumesNamed("g1_acme")).toEqual([]);
  });

  it("refuses a fork from an unreachable host before stopping anything", async () => {
    await fleet.control("POST", `/__emulator/hosts/${ACME_VOLUME}/fail`);
    const err = await failure(recoverStack(stackDir([FORK]), fleet.client()));
    expect(err.problems[0]).toMatchObject({ field: "move.data", value: "fork", message: expect.stringContaining("unreachable"), changed: undefined });
    expect(posts(fleet)).toEqual([]);
    // A snapshot restore still works: snapshots are kept off the host.
    expect((await recoverStack(stackDir([recoveryEntry()]), fleet.client())).entries[0].how).toBe("restored");
  });

  it("refuses a new volume smaller than the snapshot, naming volumeSizeGb", async () => {
    await fleet.control("PUT", `/__emulator/volumes/${ACME_VOLUME}/content`, { content: "acme-big", bytes: 1024 ** 3 + 1 });
    await fleet.control("POST", `/v1/apps/${APP}/volumes/${ACME_VOLUME}/snapshots`);
    const err = await failure(recoverStack(stackDir([recoveryEntry()]), fleet.client()));
    expect(err.problems[0]).toMatchObject({ field: "volumeSizeGb", value: "1", message: expect.stringContaining("make the new volume at least 2 GB") });
    expect(fleet.creates()).toEqual([]);
  });

  it("writes what worked when another entry fails, and names a shared cell's fields", async () => {
    const cell = recoveryEntry({ owner: "ams-1", kind: "cell", variable: "flycell_volume_ams-1_g1", source: { from_volume_name: "data_ams_1", snapshot: "latest" }, volume: { name: "g1_ams_1" } });
    const dir = stackDir([recoveryEntry(), cell]);
    const err = await failure(recoverStack(dir, fleet.client()));
    expect(err.problems).toEqual([expect.objectContaining({ subject: 'shared cell "ams-1"', field: "sharedCells.ams-1.restore.snapshot", message: expect.stringContaining('has no volume named "data_ams_1"') })]);
    expect(err.done).toEqual([expect.stringMatching(/^acme: volume g1_acme .* restored from/)]);
    expect(Object.keys(recorded(dir))).toEqual(["flycell_volume_acme_g1"]);
  });

  it("removes the file once nothing is pending", async () => {
    const dir = stackDir([recoveryEntry()]);
    await recoverStack(dir, fleet.client());
    fs.writeFileSync(`${dir}/cdk.tf.json`, "{}");
    expect(await recoverStack(dir, fleet.client())).toMatchObject({ entries: [], file: undefined });
    expect(fs.existsSync(recoveredFileOf(dir))).toBe(false);
  });
});

describe("recoverStack within Fly's rate limits", () => {
  let fleet: EmulatedFleet;
  afterEach(() => fleet.close());

  it("waits out a 429's Retry-After and makes the volume, once", async () => {
    // Stricter than Fly: one create per second per app, so the second entry's create is refused once.
    fleet = await EmulatedFleet.start({ write: { perSecond: 1, burst: 1 } });
    const dir = stackDir([recoveryEntry(), BETA]);
    const [result] = await recoverStacks([dir], fleet.client(systemClock));
    expect(result.entries.map((e) => e.how)).toEqual(["restored", "restored"]);
    const creates = fleet.creates();
    expect(creates.map((c) => c.status)).toEqual([200, 429, 200]);
    expect(creates[2].start - creates[1].end).toBeGreaterThanOrEqual(950);
    expect(fleet.volumesNamed("g1_beta")).toHaveLength(1);
  });
});
