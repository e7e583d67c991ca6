/**
 * The recovery drills of issue 20, on real Terraform, the emulated provider and the emulated
 * Machines API serving the same account: restore a tenant whose host failed, move one to another
 * region with its data, release an old volume; then the same restore killed between every step
 * of the deploy and rerun.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readLedgerFile, TenantSpec } from "../../lib";
import { account, contentOf, control, deploy as deployDrill, Drill, endDrill, flycellIn, newDrill, startApi, synth, TOKEN } from "./recovery-kit";
import { describeWithTerraform } from "./terraform";

function deploy(drill: Drill) {
  const r = deployDrill(drill);
  expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
  return r;
}

const ACME: TenantSpec = { id: "acme", region: "ams" };
const GLOBEX: TenantSpec = { id: "globex", region: "ams" };
const INITECH: TenantSpec = { id: "initech", region: "ams" };

describeWithTerraform("recovery drills on the emulated account", () => {
  const drills: Drill[] = [];
  afterAll(() => {
    for (const drill of drills) endDrill(drill);
  });

  describe("restore, move with data, release", () => {
    const drill = newDrill("drill");
    drills.push(drill);
    beforeAll(() => startApi(drill));

    test("three tenants deployed, acme's data written and snapshotted", () => {
      synth(drill, [ACME, GLOBEX, INITECH]);
      expect(deploy(drill)).toMatchObject({ code: 0, stderr: "" });
      const acme = account(drill).volumes.get("data_acme");
      control(drill, "content", "write", String(acme?.id), "acme: orders up to the snapshot");
      const taken = flycellIn(drill, "volumes", "snapshot", "acme");
      expect([taken.code, taken.stderr]).toEqual([0, ""]);
      expect(taken.stdout).toMatch(/vs_[A-Za-z0-9]+/);
      const listed = flycellIn(drill, "volumes", "snapshots", "acme", "--json");
      expect(JSON.parse(listed.stdout)).toMatchObject({ tenant: "acme", volume: { id: acme?.id, name: "data_acme" }, snapshots: [{ id: expect.stringMatching(/^vs_/), status: "created" }] });
      // Written after the snapshot: lost with the host.
      control(drill, "content", "write", String(acme?.id), "acme: written after the snapshot");
    });

    test("acme's host fails; a restore line brings the snapshot back onto a new volume and machine, the old volume kept", () => {
      const before = account(drill);
      control(drill, "fail-host", String(before.volumes.get("data_acme")?.id));
      synth(drill, [{ ...ACME, restore: { snapshot: "latest" } }, GLOBEX, INITECH]);
      const r = deploy(drill);
      expect([r.code, r.stderr]).toEqual([0, ""]);
      expect(r.stdout).toMatch(/"acme": volume generation 1 \(vol_\w+\) restored from vs_\w+ \(taken [0-9T:.-]+Z, [0-9.]+ [KMG]B\), machine replaced onto it; old volume vol_\w+ kept until released/);
      const after = account(drill);
      const restored = after.volumes.get("g1_acme");
      expect(restored).toMatchObject({ region: "ams" });
      expect(contentOf(drill, String(restored?.id))).toBe("acme: orders up to the snapshot");
      expect(after.machines.get("acme")?.volume).toBe(restored?.id);
      expect(after.volumes.get("data_acme")?.id).toBe(before.volumes.get("data_acme")?.id);
      for (const tenant of ["globex", "initech"]) {
        expect(after.machines.get(tenant)).toEqual(before.machines.get(tenant));
        expect(after.volumes.get(`data_${tenant}`)).toEqual(before.volumes.get(`data_${tenant}`));
      }
      expect(readLedgerFile(drill.ledger).tenants.acme).toMatchObject({ generation: 1, volumes: [{ generation: 0, state: "kept" }] });
      // The same line again plans nothing new: the restore is done.
      synth(drill, [{ ...ACME, restore: { snapshot: "latest" } }, GLOBEX, INITECH]);
      const again = deploy(drill);
      expect(again.code).toBe(0);
      expect([...account(drill).volumes.keys()].filter((name) => name.endsWith("_acme")).sort()).toEqual(["data_acme", "g1_acme"]);
    });

    test("initech moves to fra with its data: a fork there, its machine on it, the old volume kept", () => {
      const before = account(drill);
      control(drill, "content", "write", String(before.volumes.get("data_initech")?.id), "initech: everything");
      synth(drill, [{ ...ACME, restore: { snapshot: "latest" } }, GLOBEX, { ...INITECH, region: "fra", move: { from: "ams", data: "fork" } }]);
      const r = deploy(drill);
      expect([r.code, r.stderr]).toEqual([0, ""]);
      expect(r.stdout).toContain('"initech": volume generation 1');
      const after = account(drill);
      const fork = after.volumes.get("g1_initech");
      expect(fork).toMatchObject({ region: "fra" });
      expect(contentOf(drill, String(fork?.id))).toBe("initech: everything");
      expect(after.machines.get("initech")).toMatchObject({ region: "fra", volume: fork?.id });
      expect(after.volumes.get("data_initech")).toEqual(before.volumes.get("data_initech"));
      expect(after.machines.get("globex")).toEqual(before.machines.get("globex"));
      const table = JSON.parse(execFileSync("terraform", ["output", "-json", "routing_table"], { cwd: path.join(drill.stacks, "fleet"), env: drill.env, encoding: "utf8" })) as unknown;
      expect(JSON.stringify(table)).toContain(String(after.machines.get("initech")?.id));
    });

    test("releasing acme's old volume destroys exactly it", () => {
      const before = account(drill);
      synth(drill, [{ ...ACME, restore: { snapshot: "latest" }, releaseVolumes: [0] }, GLOBEX, { ...INITECH, region: "fra" }]);
      const r = deploy(drill);
      expect([r.code, r.stderr]).toEqual([0, ""]);
      expect(r.stdout).toMatch(/"acme": old volume generation 0 \(vol_\w+\) released/);
      const after = account(drill);
      expect([...before.volumes.keys()].filter((name) => !after.volumes.has(name))).toEqual(["data_acme"]);
      expect(after.volumes.size).toBe(before.volumes.size - 1);
      expect(readLedgerFile(drill.ledger).tenants.acme.volumes).toEqual([expect.objectContaining({ generation: 0, state: "released" })]);
    });
  });

  describe("a restore killed between each step, then rerun", () => {
    const drill = newDrill("killed");
    drills.push(drill);
    /** A Terraform that kills the deploy (its parent) before or after the first command matching a pattern. */
    const killer = path.join(drill.work, "tf-killer");
    beforeAll(async () => {
      await startApi(drill);
      fs.writeFileSync(
        killer,
        [
          "#!/bin/sh",
          'case "$*" in $KILL_BEFORE) kill -9 $PPID; exit 137;; esac',
          'terraform "$@"; status=$?',
          'case "$*" in $KILL_AFTER) kill -9 $PPID;; esac',
          "exit $status",
          "",
        ].join("\n"),
        { mode: 0o755 },
      );
      synth(drill, [ACME, GLOBEX]);
      expect(deploy(drill).code).toBe(0);
      const acme = account(drill).volumes.get("data_acme");
      control(drill, "content", "write", String(acme?.id), "acme: snapshotted");
      expect(flycellIn(drill, "volumes", "snapshot", "acme").code).toBe(0);
      control(drill, "fail-host", String(acme?.id));
    });

    const killedDeploy = (when: { before?: string; after?: string }) => {
      return deployDrill(drill, killer, { KILL_BEFORE: when.before ?? "__never__", KILL_AFTER: when.after ?? "__never__" });
    };

    test("killed after the recover step, before the plan; after the plan, before the apply; after the apply, before the sync: each rerun finishes with one new volume", () => {
      synth(drill, [{ ...ACME, restore: { snapshot: "latest" } }, GLOBEX]);
      // After the recover step made the volume: the first Terraform command is the preflight's.
      expect(killedDeploy({ before: "*" }).code).not.toBe(0);
      expect([...account(drill).volumes.keys()].sort()).toEqual(["data_acme", "data_globex", "g1_acme"]);
      // After the plan, before the apply.
      expect(killedDeploy({ before: "apply*" }).code).not.toBe(0);
      expect(account(drill).machines.get("acme")?.volume).toBe(account(drill).volumes.get("data_acme")?.id);
      // After the apply, before the ledger sync.
      expect(killedDeploy({ after: "apply*" }).code).not.toBe(0);
      expect(account(drill).machines.get("acme")?.volume).toBe(account(drill).volumes.get("g1_acme")?.id);
      expect(readLedgerFile(drill.ledger).tenants.acme.generation).toBeUndefined();
      // The rerun of the same deploy finishes the job: nothing made twice, the ledger records generation 1.
      const rerun = deploy(drill);
      expect([rerun.code, rerun.stderr]).toEqual([0, ""]);
      expect([...account(drill).volumes.keys()].sort()).toEqual(["data_acme", "data_globex", "g1_acme"]);
      expect(contentOf(drill, String(account(drill).volumes.get("g1_acme")?.id))).toBe("acme: snapshotted");
      expect(readLedgerFile(drill.ledger).tenants.acme).toMatchObject({ generation: 1, volumes: [{ generation: 0, state: "kept" }] });
    });
  });
});
