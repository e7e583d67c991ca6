import type { FlyVolumeSnapshot } from "../../lib/fly-api/machines-api";
import { chooseSnapshot, SnapshotWanted } from "../../lib/recovery/snapshot-choice";
import { GIB } from "../../lib/recovery/words";

const NOW = Date.parse("2026-12-06T12:00:00Z");
const DAY = 86_400_000;
const snap = (id: string, daysAgo: number, extra: Partial<FlyVolumeSnapshot> = {}): FlyVolumeSnapshot => ({
  id,
  created_at: new Date(NOW - daysAgo * DAY).toISOString(),
  status: "created",
  size: 100 * 1024 ** 2,
  ...extra,
});
const want = (snapshot: string, extra: Partial<SnapshotWanted> = {}): SnapshotWanted => ({ snapshot, sizeGb: 1, retentionDays: 5, now: NOW, volumeLabel: "data_acme (vol_1)", ...extra });

describe("chooseSnapshot", () => {
  const listed = [snap("vs_old", 4), snap("vs_new", 1), snap("vs_taking", 0, { status: "pending" })];

  it('takes the newest finished snapshot for "latest"', () => {
    expect(chooseSnapshot(listed, want("latest"))).toEqual({ ok: true, snapshot: listed[1] });
  });

  it("takes a listed id", () => {
    expect(chooseSnapshot(listed, want("vs_old"))).toEqual({ ok: true, snapshot: listed[0] });
  });

  it("refuses an unknown id, naming the newest ones", () => {
    const choice = chooseSnapshot(listed, want("vs_nope"));
    expect(choice).toEqual({ ok: false, about: "snapshot", message: expect.stringMatching(/is no snapshot of volume data_acme \(vol_1\): unknown.*newest: vs_new, vs_old/) });
  });

  it("refuses a snapshot older than the retention window", () => {
    const choice = chooseSnapshot([snap("vs_aged", 6)], want("vs_aged"));
    expect(choice).toEqual({ ok: false, about: "snapshot", message: expect.stringMatching(/vs_aged was taken 6d 0h ago .*beyond the 5-day retention window/) });
    expect(chooseSnapshot([snap("vs_aged", 6)], want("latest"))).toMatchObject({ ok: false, about: "snapshot" });
    expect(chooseSnapshot([snap("vs_aged", 6)], want("vs_aged", { retentionDays: 7 }))).toMatchObject({ ok: true });
  });

  it("judges a snapshot by its own retention when it says one", () => {
    expect(chooseSnapshot([snap("vs_kept", 6, { retention_days: 10 })], want("vs_kept"))).toMatchObject({ ok: true });
    expect(chooseSnapshot([snap("vs_short", 2, { retention_days: 1 })], want("vs_short"))).toMatchObject({ ok: false, message: expect.stringContaining("1-day retention window") });
  });

  it("refuses one still being taken, and says when there is none", () => {
    expect(chooseSnapshot(listed, want("vs_taking"))).toMatchObject({ ok: false, message: expect.stringContaining('is "pending"') });
    expect(chooseSnapshot([], want("latest"))).toMatchObject({ ok: false, message: expect.stringContaining("has no finished snapshot") });
  });

  it("refuses a new volume smaller than the snapshot", () => {
    const big = snap("vs_big", 1, { size: 2 * GIB + 1 });
    expect(chooseSnapshot([big], want("latest", { sizeGb: 2 }))).toEqual({ ok: false, about: "size", message: expect.stringMatching(/is 2 GB, smaller than snapshot vs_big \(2\.0 GB\): make the new volume at least 3 GB/) });
    expect(chooseSnapshot([big], want("latest", { sizeGb: 3 }))).toMatchObject({ ok: true });
  });
});
