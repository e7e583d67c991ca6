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
});
