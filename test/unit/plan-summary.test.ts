import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { formatPlanSummary, summarizePlan, TerraformPlanJson } from "../../lib";

function change(address: string, actions: string[]) {
  return { address, type: address.split(".")[0], change: { actions } };
}

describe("plan summary", () => {
  const plan: TerraformPlanJson = {
    resource_changes: [
      change("fly_volume.fleet_cell-hooli_volume_AAAA1111", ["create"]),
      change("fly_machine.fleet_cell-hooli_machine_BBBB2222", ["create"]),
      change("fly_cert.fleet_cell-hooli_cert-shophooliio_CCCC3333", ["create"]),
      change("fly_machine.fleet_cell-acme-eu_machine_DDDD4444", ["update"]),
      change("fly_secret.fleet_cell-acme-eu_secret-DB_PASSWORD_ABCD0000", ["update"]),
      change("fly_machine.fleet_cell-globex_machine_EEEE5555", ["delete", "create"]),
      change("fly_volume.fleet_cell-globex_volume_FFFF6666", ["no-op"]),
      change("fly_machine.fleet_router_machine-ams-1_9999AAAA", ["update"]),
      change("fly_cert.router_cert-shophooliio_9999BBBB", ["create"]),
      change("fly_ip.fleet_ip-shared_v4_12345678", ["delete"]),
    ],
  };

  it("groups changes by tenant, router and fleet, ignoring no-ops", () => {
    const summary = summarizePlan(plan);
    expect([...summary.keys()]).toEqual(["(fleet)", "(router)", "acme-eu", "globex", "hooli"]);
    expect(summary.get("hooli")).toEqual({ create: ["volume", "machine", "cert-shophooliio"], update: [], replace: [], destroy: [] });
    expect(summary.get("globex")?.replace).toEqual(["machine"]);
    expect(summary.get("acme-eu")?.update).toEqual(["machine", "secret-DB_PASSWORD"]);
    expect(summary.get("(fleet)")?.destroy).toEqual(["ip"]);
  });

  it("knows a sharded fleet's cells, which sit at the top of their shard stack", () => {
    const summary = summarizePlan({
      resource_changes: [change("fly_volume.cell-newco_volume_AAAA1111", ["create"]), change("fly_machine.cell-newco_machine_BBBB2222", ["create"])],
    });
    expect([...summary]).toEqual([["newco", { create: ["volume", "machine"], update: [], replace: [], destroy: [] }]]);
  });

  it("prints a Markdown table with totals for the pull request", () => {
    const text = formatPlanSummary(summarizePlan(plan));
    expect(text.split("\n")).toEqual([
      "| tenant | create | update | replace | destroy |",
      "|---|---|---|---|---|",
      "| (fleet) |  |  |  | 1 (ip) |",
      "| (router) | 1 (cert) | 1 (machine) |  |  |",
      "| acme-eu |  | 2 (machine, secret-DB_PASSWORD) |  |  |",
      "| globex |  |  | 1 (machine) |  |",
      "| hooli | 3 (cert-shophooliio, machine, volume) |  |  |  |",
      "",
      "Plan: 4 to create, 3 to update, 1 to replace, 1 to destroy.",
    ]);
    expect(formatPlanSummary(summarizePlan({ resource_changes: [] }))).toBe("No changes.");
  });

  describe("npm run plan:summary -- plan.json", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "summary-"));
    /** Runs the script on a file holding `text`, as `npm run plan:summary` does. */
    function summarizeText(text: string): { code: number | null; stdout: string; stderr: string } {
      const file = path.join(dir, "plan.json");
      fs.writeFileSync(file, text);
      const r = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", "scripts/plan-summary.ts", file], {
        cwd: path.join(__dirname, "..", ".."),
        encoding: "utf8",
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    }
    const summarize = (json: unknown) => summarizeText(JSON.stringify(json));
    const whole = { format_version: "1.2", planned_values: { root_module: {} }, complete: true, errored: false };

    it("prints the table for a whole plan, and says so when it changes nothing", () => {
      const printed = summarize({ ...whole, ...plan });
      expect([printed.code, printed.stdout]).toEqual([0, expect.stringContaining("Plan: 4 to create, 3 to update, 1 to replace, 1 to destroy.")]);
      expect(summarize(whole)).toMatchObject({ code: 0, stdout: "No changes.\n" });
    }, 30_000);

    it("refuses an errored plan with exit code 1 instead of printing what little it holds", () => {
      // What `terraform show -json` prints when planning failed: here the only change that did plan is none.
      const partial = [change("fly_volume.fleet_cell-acme_volume_AAAA1111", ["no-op"])];
      const errored = summarize({ ...whole, resource_changes: partial, complete: false, errored: true });
      expect([errored.code, errored.stdout]).toEqual([1, ""]);
      expect(errored.stderr).toMatch(/^plan summary: refusing this plan: Terraform failed while planning \(errored: true\)/);
      const deferred = summarize({ ...whole, ...plan, complete: false });
      expect([deferred.code, deferred.stdout]).toEqual([1, ""]);
      expect(deferred.stderr).toMatch(/^plan summary: refusing this plan: the plan is incomplete \(complete: false\)/);
    }, 30_000);

    it("exits 2 on input that is no plan: not JSON, not an object, no format_version, a state", () => {
      for (const json of [[], "plan", { resource_changes: [] }, { format_version: "1.0", values: {} }]) {
        const result = summarize(json);
        expect([json, result.code, result.stdout]).toEqual([json, 2, ""]);
        expect(result.stderr).toMatch(/^plan summary: cannot summarize .*plan\.json: not a Terraform plan: /);
      }
      const text = summarizeText("No changes. Your infrastructure matches the configuration.");
      expect([text.code, text.stdout, text.stderr]).toEqual([2, "", expect.stringMatching(/^plan summary: cannot read .*plan\.json: /)]);
    }, 60_000);
  });
});
