import { formatGuardReport, formatPlanSummary, summarizePlan, TerraformPlanJson, volumeStories } from "../../lib/review";

/** The `cells` output of a plan before and after, as `terraform show -json` writes `output_changes`. */
function planWithCells(before: Record<string, unknown>, after: Record<string, unknown>): TerraformPlanJson {
  return { format_version: "1.2", complete: true, resource_changes: [], output_changes: { cells: { actions: ["update"], before, after } } };
}

const acmeBefore = { status: "active", region: "ams" };
const kept0 = { generation: 0, volume_id: "vol_old0000000000a", region: "ams", volume_size_gb: 1 };

describe("the plan's words on volumes", () => {
  it("says which snapshot a restore uses, when it was taken, its size, and that the old volume is kept", () => {
    const plan = planWithCells(
      { acme: acmeBefore },
      {
        acme: {
          ...acmeBefore,
          volumes: {
            generation: 1,
            kept: [kept0],
            recovery: { generation: 1, kind: "snapshot", volume_id: "vol_new0000000000b", snapshot: "vs_abc", taken_at: "2026-12-03T03:00:00Z", size_bytes: 1024 ** 3, from_volume_id: kept0.volume_id },
          },
        },
      },
    );
    expect(volumeStories(plan)).toEqual([
      '"acme": volume generation 1 (vol_new0000000000b) restored from vs_abc (taken 2026-12-03T03:00:00Z, 1.0 GB), machine replaced onto it; old volume vol_old0000000000a kept until released',
    ]);
    // The guard's all-clear and the PR summary carry the same words.
    expect(formatGuardReport(plan, [])).toContain("restored from vs_abc (taken 2026-12-03T03:00:00Z, 1.0 GB)");
    expect(formatPlanSummary(summarizePlan(plan), volumeStories(plan))).toContain("Volumes:\n- \"acme\": volume generation 1");
  });

  it("says where a fork goes, and which kept volume a release destroys", () => {
    const forked = planWithCells(
      { initech: { status: "active", region: "ams" } },
      {
        initech: {
          status: "active",
          region: "fra",
          volumes: { generation: 1, kept: [kept0], recovery: { generation: 1, kind: "fork", volume_id: "vol_f", snapshot: "", taken_at: "", size_bytes: 0, from_volume_id: kept0.volume_id } },
        },
      },
    );
    expect(volumeStories(forked)).toEqual([
      '"initech": volume generation 1 (vol_f) forked from vol_old0000000000a into "fra" (the machine was stopped for the copy), machine replaced onto it; old volume vol_old0000000000a kept until released',
    ]);
    const released = planWithCells({ acme: { ...acmeBefore, volumes: { generation: 1, kept: [kept0] } } }, { acme: { ...acmeBefore, volumes: { generation: 1, kept: [] } } });
    expect(volumeStories(released)).toEqual(['"acme": old volume generation 0 (vol_old0000000000a) released: it is destroyed']);
  });

  it("says nothing for a plan without recoveries, and quotes what it prints", () => {
    expect(volumeStories(planWithCells({ acme: acmeBefore }, { acme: acmeBefore }))).toEqual([]);
    const hostile = planWithCells({}, { "a\u202e": { volumes: { generation: 1, kept: [], recovery: { kind: "snapshot", generation: 1 } } } });
    expect(volumeStories(hostile)[0]).toMatch(/^"a\\u202e": /);
  });
});
