import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { formatPlanSummary, summarizePlan, TerraformPlanJson } from "../../lib";
import { markdownText } from "../../lib/review/summary";

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
      // A tenant added: the monitor's machine gets the new list of expected cells.
      change("fly_machine.fleet_monitor_machine_5678CDEF", ["update"]),
      change("fly_secret.monitor_secret-FLY_API_TOKEN_5678ABCD", ["create"]),
    ],
  };

  it("groups changes by tenant, router, monitor and fleet, ignoring no-ops", () => {
    const summary = summarizePlan(plan);
    expect([...summary.keys()]).toEqual(["(fleet)", "(monitor)", "(router)", "acme-eu", "globex", "hooli"]);
    expect(summary.get("(monitor)")).toEqual({ create: ["secret"], update: ["machine"], replace: [], destroy: [] });
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
      "| (monitor) | 1 (secret) | 1 (machine) |  |  |",
      "| (router) | 1 (cert) | 1 (machine) |  |  |",
      "| acme-eu |  | 2 (machine, secret-DB_PASSWORD) |  |  |",
      "| globex |  |  | 1 (machine) |  |",
      "| hooli | 3 (cert-shophooliio, machine, volume) |  |  |  |",
      "",
      "Plan: 5 to create, 4 to update, 1 to replace, 1 to destroy.",
    ]);
    expect(formatPlanSummary(summarizePlan({ resource_changes: [] }))).toBe("No changes.");
  });

  describe("plan-derived text in the Markdown", () => {
    it("escapes what ends a cell, makes code, a link, HTML or math, and shows hidden characters by code point", () => {
      expect(markdownText("a|b")).toBe("a\\|b");
      expect(markdownText("<img src=x onerror=alert(1)>")).toBe("&lt;img src=x onerror=alert(1)&gt;");
      expect(markdownText("&amp;")).toBe("&amp;amp;");
      expect(markdownText("`code`")).toBe("\\`code\\`");
      expect(markdownText("[x](https://evil.example)")).toBe("\\[x\\](https://evil.example)");
      expect(markdownText("*b* ~~s~~ $m$ \\|")).toBe("\\*b\\* \\~\\~s\\~\\~ \\$m\\$ \\\\\\|");
      expect(markdownText("a\nb\r\tc\u0000")).toBe("aU+000AbU+000DU+0009cU+0000");
      expect(markdownText("abc\u202Edef\u2066\u200B\uFEFF\u0085")).toBe("abcU+202EdefU+2066U+200BU+FEFFU+0085");
      // What flycell names are made of is left as it is.
      expect(markdownText("secret-DB_PASSWORD (fleet) acme-eu, +2; joining: x")).toBe("secret-DB_PASSWORD (fleet) acme-eu, +2; joining: x");
    });

    it("keeps a hostile plan's table one row per owner, five cells each, with nothing raw in it", () => {
      const hostile: TerraformPlanJson = {
        resource_changes: [
          change("fly_machine.fleet_cell-a|b|c_machine_AAAA1111", ["create"]),
          change("fly_machine.fleet_cell-<img src=x onerror=alert(1)>_machine_BBBB2222", ["create"]),
          change("fly_volume.fleet_cell-evil\n| injected | row |_vol`ume`_CCCC3333", ["delete"]),
          change("fly_cert.fleet_cell-bidi\u202Etxt_cert-[x](javascript:alert(1))_DDDD4444", ["update"]),
        ],
        planned_values: { outputs: { shared_cells: { value: { "a|b|c": { tenants: { active: ["<b>t</b>", "x|y"] } } } } } },
      };
      const lines = formatPlanSummary(summarizePlan(hostile)).split("\n");
      expect(lines).toHaveLength(2 + 4 + 2);
      for (const row of lines.slice(0, 6)) {
        // Six unescaped pipes: five cells.
        expect(row.match(/(?<!\\)\|/g)).toHaveLength(6);
        expect(row).not.toMatch(/[<>\u202E\n]|(?<!\\)`|(?<!\\)\]\(/);
      }
      expect(lines).toContain("| a\\|b\\|c (shared: &lt;b&gt;t&lt;/b&gt;, x\\|y) | 1 (machine) |  |  |  |");
      expect(lines).toContain("| bidiU+202Etxt |  | 1 (cert-\\[x\\](javascript:alert(1))) |  |  |");
    });
  });

  describe("shared cells", () => {
    /** The `shared_cells` output's value: cell → region and tenants by status. */
    function sharedCells(cells: Record<string, { active?: string[]; decommissioned?: string[]; released?: string[] }>) {
      return Object.fromEntries(
        Object.entries(cells).map(([id, t]) => [
          id,
          { machine_id: "m-" + id, volume_id: "vol-" + id, volume_size_gb: 1, region: "ams", tenants: { active: [], decommissioned: [], released: [], ...t } },
        ]),
      );
    }
    /** A plan with `outputs` known at plan time (`planned_values`) and nothing in `output_changes`. */
    const withOutputs = (changes: ReturnType<typeof change>[], outputs: Record<string, unknown>): TerraformPlanJson => ({
      resource_changes: changes,
      planned_values: { outputs: Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, { value }])) },
    });
    /** A plan whose outputs change from `before` to `after`, with `planned_values` unknown (no value), as for a new machine. */
    const withOutputChanges = (changes: ReturnType<typeof change>[], name: string, before: unknown, after: unknown) =>
      ({
        resource_changes: changes,
        planned_values: { outputs: { [name]: {} } }, // present, without a value
        output_changes: { [name]: { actions: [before === null ? "create" : "update"], before, after } },
      }) as TerraformPlanJson;

    const cellChanges = [
      change("fly_machine.fleet_cell-ams-1_machine_AAAA1111", ["update"]),
      change("fly_cert.fleet_cell-ams-1_cert-shopacmeio_BBBB2222", ["create"]),
      change("fly_volume.fleet_cell-ams-1_volume_CCCC3333", ["no-op"]),
      change("fly_machine.fleet_cell-hooli_machine_DDDD4444", ["update"]),
    ];

    it("groups a shared cell's changes under the cell and names its tenants, from the shared_cells output", () => {
      const plan = withOutputs(cellChanges, { shared_cells: sharedCells({ "ams-1": { active: ["acme", "globex"], decommissioned: ["initech"], released: ["gone"] } }) });
      const summary = summarizePlan(plan);
      expect([...summary.keys()]).toEqual(["ams-1", "hooli"]);
      expect(summary.get("ams-1")).toEqual({
        create: ["cert-shopacmeio"],
        update: ["machine"],
        replace: [],
        destroy: [],
        sharedCell: { tenants: ["acme", "globex", "initech"], changes: {} },
      });
      // The dedicated tenant's row is as it always was.
      expect(summary.get("hooli")).toEqual({ create: [], update: ["machine"], replace: [], destroy: [] });
      expect(formatPlanSummary(summary).split("\n")).toEqual([
        "| tenant or cell | create | update | replace | destroy |",
        "|---|---|---|---|---|",
        "| ams-1 (shared: acme, globex, initech) | 1 (cert-shopacmeio) | 1 (machine) |  |  |",
        "| hooli |  | 1 (machine) |  |  |",
        "",
        "Plan: 1 to create, 2 to update, 0 to replace, 0 to destroy.",
      ]);
    });

    it("names three tenants at most, else two and how many more; says so when a cell holds none", () => {
      const plan = withOutputs(
        [...cellChanges, change("fly_machine.fleet_cell-ams-2_machine_EEEE5555", ["update"]), change("fly_machine.fleet_cell-ams-3_machine_FFFF6666", ["update"])],
        {
          shared_cells: sharedCells({
            "ams-1": { active: ["hooli-2", "acme", "globex", "initech"] },
            "ams-2": { released: ["old"] },
            "ams-3": { active: ["umbrella", "wayne", "stark", "oscorp", "lexcorp"] },
          }),
        },
      );
      expect(formatPlanSummary(summarizePlan(plan)).split("\n").slice(2, 6)).toEqual([
        "| ams-1 (shared: acme, globex, +2) | 1 (cert-shopacmeio) | 1 (machine) |  |  |",
        "| ams-2 (shared: no tenants) |  | 1 (machine) |  |  |",
        "| ams-3 (shared: lexcorp, oscorp, +3) |  | 1 (machine) |  |  |",
        "| hooli |  | 1 (machine) |  |  |",
      ]);
    });

    it("reads a new cell's tenants from output_changes while planned_values has none (its machine id is unknown)", () => {
      const created = [change("fly_machine.fleet_cell-ams-1_machine_AAAA1111", ["create"]), change("fly_volume.fleet_cell-ams-1_volume_CCCC3333", ["create"])];
      // Unknown values are null in `after`; the tenant lists are known.
      const after = { "ams-1": { region: "ams", volume_size_gb: 1, tenants: { active: ["acme", "globex"], decommissioned: [], released: [] } } };
      const summary = summarizePlan(withOutputChanges(created, "shared_cells", null, after));
      // A new cell's tenants all arrive with it: no "joining".
      expect(summary.get("ams-1")?.sharedCell).toEqual({ tenants: ["acme", "globex"], changes: {} });
      expect(formatPlanSummary(summary)).toContain("| ams-1 (shared: acme, globex) | 2 (machine, volume) |  |  |  |");
    });

    it("names the tenants the plan moves in or out of a cell it already had", () => {
      const before = sharedCells({ "ams-1": { active: ["acme", "bolt", "cole", "dyna"], decommissioned: ["eon", "fax"] } });
      const after = sharedCells({ "ams-1": { active: ["acme", "eon", "newco"], decommissioned: ["bolt"], released: ["fax"] } });
      const summary = summarizePlan(withOutputChanges([change("fly_machine.fleet_cell-ams-1_machine_AAAA1111", ["update"])], "shared_cells", before, after));
      // cole moved to another cell (gone from this one's lists), fax is released, eon is back.
      expect(summary.get("ams-1")?.sharedCell).toEqual({
        tenants: ["acme", "bolt", "eon", "newco"],
        changes: { joining: ["newco"], decommissioning: ["bolt"], reactivating: ["eon"], releasing: ["fax"], leaving: ["cole", "dyna"] },
      });
      expect(formatPlanSummary(summary).split("\n")[2]).toBe(
        "| ams-1 (shared: acme, bolt, +2; joining: newco; decommissioning: bolt; reactivating: eon; releasing: fax; leaving: cole, dyna) |  | 1 (machine) |  |  |",
      );
    });

    it("tells a tenant moving into a cell (its dedicated cell goes) from the cell it joins", () => {
      const before = sharedCells({ "ams-1": { active: ["acme"] } });
      const after = sharedCells({ "ams-1": { active: ["acme", "dyna"] } });
      const moved = [change("fly_machine.fleet_cell-ams-1_machine_AAAA1111", ["update"]), change("fly_machine.fleet_cell-dyna_machine_BBBB2222", ["delete"]), change("fly_volume.fleet_cell-dyna_volume_CCCC3333", ["delete"])];
      expect(formatPlanSummary(summarizePlan(withOutputChanges(moved, "shared_cells", before, after))).split("\n").slice(2, 4)).toEqual([
        "| ams-1 (shared: acme, dyna; joining: dyna) |  | 1 (machine) |  |  |",
        "| dyna |  |  |  | 2 (machine, volume) |",
      ]);
    });

    it("says a released cell, gone from the outputs, holds no tenants", () => {
      const before = sharedCells({ "ord-1": { released: ["o0", "o1"] }, "ams-1": { active: ["acme"] } });
      const after = sharedCells({ "ams-1": { active: ["acme"] } });
      const gone = [change("fly_machine.fleet_cell-ord-1_machine_AAAA1111", ["delete"]), change("fly_volume.fleet_cell-ord-1_volume_BBBB2222", ["delete"])];
      const summary = summarizePlan(withOutputChanges(gone, "shared_cells", before, after));
      expect(summary.get("ord-1")?.sharedCell).toEqual({ tenants: [], changes: {} });
      expect(formatPlanSummary(summary).split("\n")[2]).toBe("| ord-1 (shared: no tenants) |  |  |  | 2 (machine, volume) |");
    });

    it("knows a cell from the cells output's `cell` entries alone (released tenants are not in it)", () => {
      const cells = {
        acme: { status: "active", region: "ams", hostnames: [], cell: "ams-1" },
        bolt: { status: "decommissioned", region: "ams", hostnames: [], cell: "ams-1" },
        hooli: { status: "active", region: "ams", hostnames: [] },
      };
      const summary = summarizePlan(withOutputs(cellChanges, { cells }));
      expect([summary.get("ams-1")?.sharedCell, summary.get("hooli")?.sharedCell]).toEqual([{ tenants: ["acme", "bolt"], changes: {} }, undefined]);
    });

    it("reads a sharded fleet's shard stack: cells at the top of the stack, its own outputs", () => {
      const shard = withOutputs(
        [change("fly_machine.cell-ams-1_machine_AAAA1111", ["update"]), change("fly_volume.cell-newco_volume_BBBB2222", ["create"])],
        { shared_cells: sharedCells({ "ams-1": { active: ["acme", "globex"] } }), released_volumes: [] },
      );
      expect(formatPlanSummary(summarizePlan(shard)).split("\n").slice(2, 4)).toEqual([
        "| ams-1 (shared: acme, globex) |  | 1 (machine) |  |  |",
        "| newco | 1 (volume) |  |  |  |",
      ]);
      // The router's stack has no shared_cells output and no cells: nothing to say.
      expect(formatPlanSummary(summarizePlan(withOutputs([change("fly_machine.router_machine-ams-1_9999AAAA", ["update"])], {}))).split("\n")[0]).toBe(
        "| tenant | create | update | replace | destroy |",
      );
    });

    it("falls back to the address alone when the outputs are absent, unknown or not what flycell writes", () => {
      const unknown = { resource_changes: cellChanges, planned_values: { outputs: { shared_cells: {} } } } as TerraformPlanJson;
      const odd = [
        { shared_cells: "ams-1" },
        { shared_cells: { "ams-1": "x" } },
        { shared_cells: [{ "ams-1": {} }] },
        { cells: { acme: { cell: 1 } } },
        { cells: null },
      ];
      for (const plan of [{ resource_changes: cellChanges }, unknown, ...odd.map((outputs) => withOutputs(cellChanges, outputs))]) {
        const summary = summarizePlan(plan);
        expect([...summary.values()].map((row) => row.sharedCell)).toEqual([undefined, undefined]);
        expect(formatPlanSummary(summary).split("\n").slice(0, 3)).toEqual([
          "| tenant | create | update | replace | destroy |",
          "|---|---|---|---|---|",
          "| ams-1 | 1 (cert-shopacmeio) | 1 (machine) |  |  |",
        ]);
      }
      // Entries with odd parts still name the cell, with the tenants that do read.
      const partial = withOutputs(cellChanges, { shared_cells: { "ams-1": { tenants: { active: ["acme", 7, null], released: "bolt" } } } });
      expect(summarizePlan(partial).get("ams-1")?.sharedCell).toEqual({ tenants: ["acme"], changes: {} });
    });

    it("prints a fleet without shared cells as before, outputs or not", () => {
      const dedicated = {
        "acme-eu": { status: "active", region: "fra", hostnames: [], machine_id: "m1", volume_id: "v1", volume_size_gb: 1 },
        hooli: { status: "active", region: "ams", hostnames: [] },
      };
      const outputs = { planned_values: { outputs: { cells: { value: dedicated }, released_volumes: { value: [] } } } };
      const changes = { output_changes: { cells: { actions: ["update"], before: dedicated, after: dedicated } } };
      const text = formatPlanSummary(summarizePlan(plan));
      expect(formatPlanSummary(summarizePlan({ ...plan, ...outputs, ...changes } as TerraformPlanJson))).toBe(text);
      expect(text).toMatch(/^\| tenant \|/);
    });
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
      expect([printed.code, printed.stdout]).toEqual([0, expect.stringContaining("Plan: 5 to create, 4 to update, 1 to replace, 1 to destroy.")]);
      expect(summarize(whole)).toMatchObject({ code: 0, stdout: "No changes.\n" });
    }, 30_000);

    it("names a shared cell's tenants in its row", () => {
      const printed = summarize({
        ...whole,
        resource_changes: [change("fly_machine.fleet_cell-ams-1_machine_AAAA1111", ["update"])],
        output_changes: {
          shared_cells: {
            actions: ["update"],
            before: { "ams-1": { region: "ams", tenants: { active: ["acme"], decommissioned: [], released: [] } } },
            after: { "ams-1": { region: "ams", tenants: { active: ["acme", "globex"], decommissioned: [], released: [] } } },
          },
        },
      });
      expect([printed.code, printed.stderr]).toEqual([0, ""]);
      expect(printed.stdout.split("\n").slice(0, 3)).toEqual([
        "| tenant or cell | create | update | replace | destroy |",
        "|---|---|---|---|---|",
        "| ams-1 (shared: acme, globex; joining: globex) |  | 1 (machine) |  |  |",
      ]);
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
