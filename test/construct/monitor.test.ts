import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Testing } from "cdktf";
import { CellFleetProps, fly, ShardedFleet, TenantSpec } from "../../lib";
import { cellHeartbeatKey, monitorOptionsFromEnv } from "../../lib/monitor";
import { MONITOR_DEFAULTS } from "../../lib/monitor/expected";
import { BASE_PROPS, parseSynth, resourcesByName, synthFleet, SynthJson } from "../helpers";

const monitor = { region: "ams", image: "registry.fly.io/acme-monitor:1" } as const;
const tenants: TenantSpec[] = [
  { id: "acme", region: "ams" },
  { id: "p1", region: "ord", cell: "ord-1" },
  { id: "p2", region: "ord", cell: "ord-1" },
  { id: "gone", region: "fra", status: "decommissioned" },
];
const props: Partial<CellFleetProps> & { tenants: readonly TenantSpec[] } = { tenants, monitor, sharedCells: { "ord-1": { region: "ord", capacity: 5 } } };

/** The expected-cells document on the monitor's machine: Terraform references become `<ref>`. */
function expectedCells(json: SynthJson): { version: number; cells: Record<string, { app: string; machine: string; tenants: string[]; image: string; heartbeatKey?: string }> } {
  const machine = resourcesByName(json, "fly_machine")["fleet_monitor_machine"] as { file: { raw_value: string }[] };
  const inner = /^\$\{base64encode\("(.*)"\)\}$/s.exec(machine.file[0].raw_value)?.[1] ?? "";
  const text = inner.replace(/\$\{[^}]+\}/g, "<ref>").replace(/\\(["\\])/g, "$1");
  return JSON.parse(text);
}

describe("a fleet with a monitor", () => {
  const json = parseSynth(synthFleet(props));

  it("gets a monitor app with a private address only and one always-on machine", () => {
    expect(resourcesByName(json, "fly_app")["fleet_monitor_app"]).toMatchObject({ name: "acme-fleet-monitor" });
    const ips = Object.entries(resourcesByName(json, "fly_ip")).filter(([id]) => id.startsWith("fleet_monitor_"));
    expect(ips.map(([, ip]) => ip.type)).toEqual(["private_v6"]);
    const machine = resourcesByName(json, "fly_machine")["fleet_monitor_machine"];
    expect(machine).toMatchObject({ region: "ams", image: monitor.image, service: [expect.objectContaining({ autostop: "off", internal_port: 8080 })] });
  });

  it("hands the monitor every cell with a machine: dedicated and shared, not the decommissioned", () => {
    const expected = expectedCells(json);
    expect(Object.keys(expected.cells)).toEqual(["acme", "ord-1"]);
    expect(expected.cells["ord-1"]).toMatchObject({ app: "acme-fleet", machine: "<ref>", tenants: ["p1", "p2"], image: BASE_PROPS.image });
    // In one shared app every machine reads the same secrets: they all sign with the fleet key.
    expect(Object.values(expected.cells).map((c) => c.heartbeatKey)).toEqual(["fleet", "fleet"]);
  });

  it("wires every cell to it: the address in env, the heartbeat key as a secret, whose value is in no JSON", () => {
    for (const [id, machine] of Object.entries(resourcesByName(json, "fly_machine"))) {
      if (id === "fleet_monitor_machine") continue;
      expect(machine.env).toMatchObject({ FLYCELL_MONITOR_URL: "http://acme-fleet-monitor.flycast:8080" });
    }
    const secrets = Object.values(resourcesByName(json, "fly_secret")).map((s) => `${String(s.app)} ${String(s.name)} ${String(s.value_wo)}`);
    expect(secrets).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\$\{fly_app\.fleet_app_\w+\.name\} FLYCELL_MONITOR_SECRET \$\{var\.secret_FLYCELL_MONITOR_SECRET\}$/),
        expect.stringMatching(/^\$\{fly_app\.fleet_monitor_app_\w+\.name\} FLYCELL_MONITOR_SECRET \$\{var\.secret_FLYCELL_MONITOR_SECRET\}$/),
        expect.stringMatching(/^\$\{fly_app\.fleet_monitor_app_\w+\.name\} FLY_API_TOKEN \$\{var\.secret_monitor_FLY_API_TOKEN\}$/),
      ]),
    );
  });

  it("sets the monitor's env so that the service reads back the fleet's monitor settings, defaults included", () => {
    const settings = { ...monitor, heartbeatWindowSeconds: 120, sweepCallsPerMinute: 20, maxApiCallsPerMinute: 40, restartFailed: true };
    const tuned = resourcesByName(parseSynth(synthFleet({ ...props, monitor: settings })), "fly_machine")["fleet_monitor_machine"];
    const plain = resourcesByName(json, "fly_machine")["fleet_monitor_machine"];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-monitor-env-"));
    const cellsFile = path.join(dir, "cells.json");
    fs.writeFileSync(cellsFile, JSON.stringify({ version: 1, cells: {} }));
    // What Fly adds at deploy: the secrets, and the cells file at its path.
    const readBack = (machine: { env?: unknown }) =>
      monitorOptionsFromEnv({ ...(machine.env as Record<string, string>), FLYCELL_MONITOR_CELLS_FILE: cellsFile, FLYCELL_MONITOR_SECRET: "s", FLY_API_TOKEN: "t" });
    expect(readBack(tuned)).toMatchObject({ heartbeatWindowSeconds: 120, sweepCallsPerMinute: 20, maxApiCallsPerMinute: 40, restartFailed: true, port: 8080 });
    // The snapshot age is the service's own default (Fly snapshots daily): the fleet does not set it.
    const { heartbeatWindowSeconds, sweepCallsPerMinute, maxApiCallsPerMinute } = MONITOR_DEFAULTS;
    expect(readBack(plain)).toMatchObject({ heartbeatWindowSeconds, sweepCallsPerMinute, maxApiCallsPerMinute, restartFailed: false });
    fs.rmSync(dir, { recursive: true });
  });

  it("changes its list of expected cells when a tenant is added", () => {
    const after = parseSynth(synthFleet({ ...props, tenants: [...tenants, { id: "bolt", region: "ams" }] }));
    expect(Object.keys(expectedCells(after).cells)).toEqual(["acme", "bolt", "ord-1"]);
  });

  it("in a sharded fleet, stands in a stack of its own", () => {
    const app = Testing.app();
    new ShardedFleet(app, "fleet", {
      ...BASE_PROPS,
      ...props,
      sharding: { by: "region" },
      configureStack: (stack) => new fly.provider.FlyProvider(stack, "fly", { orgSlug: "o" }),
    });
    expect(app.node.children.map((c) => c.node.id)).toContain("fleet-monitor");
  });
});

/** `FLYCELL_MONITOR_SECRET` per app, as `<app> <value_wo> <value_wo_version>`. */
function heartbeatSecrets(json: SynthJson): string[] {
  return Object.values(resourcesByName(json, "fly_secret"))
    .filter((s) => s.name === "FLYCELL_MONITOR_SECRET")
    .map((s) => `${String(s.app).replace(/_[0-9A-F]{8}\.name\}$/, "")} ${String(s.value_wo)} ${String(s.value_wo_version)}`);
}

describe("an app-per-cell fleet with a monitor", () => {
  const json = parseSynth(synthFleet({ ...props, topology: "app-per-cell" }));

  it("gives each cell app a heartbeat key of its own, derived by Terraform from the fleet key, so no cell can sign for another", () => {
    expect(heartbeatSecrets(json).sort()).toEqual([
      '${fly_app.fleet_cell-acme_app ${sha256("flycell-heartbeat:acme:${var.secret_FLYCELL_MONITOR_SECRET}")} 1.cell-key',
      '${fly_app.fleet_cell-ord-1_app ${sha256("flycell-heartbeat:ord-1:${var.secret_FLYCELL_MONITOR_SECRET}")} 1.cell-key',
      "${fly_app.fleet_monitor_app ${var.secret_FLYCELL_MONITOR_SECRET} 1",
    ]);
    // The value is an expression on the ephemeral variable: no key of any kind is in the JSON.
    expect((json.variable as Record<string, unknown>).secret_FLYCELL_MONITOR_SECRET).toMatchObject({ sensitive: true, ephemeral: true });
    expect(Object.values(expectedCells(json).cells).map((c) => c.heartbeatKey)).toEqual(["cell", "cell"]);
  });

  it("does the same in a sharded fleet, each shard's cells from that shard's fleet-key variable", () => {
    const app = Testing.app();
    const sharded = new ShardedFleet(app, "fleet", {
      ...BASE_PROPS,
      ...props,
      topology: "app-per-cell",
      sharding: { by: "region" },
      configureStack: (stack) => new fly.provider.FlyProvider(stack, "fly", { orgSlug: "o" }),
    });
    const secrets = [...sharded.shards.values()].flatMap((stack) => heartbeatSecrets(parseSynth(Testing.synth(stack))).map((s) => s.replace(/^\S+ /, "")));
    expect(secrets.sort()).toEqual([
      '${sha256("flycell-heartbeat:acme:${var.secret_FLYCELL_MONITOR_SECRET}")} 1.cell-key',
      '${sha256("flycell-heartbeat:ord-1:${var.secret_FLYCELL_MONITOR_SECRET}")} 1.cell-key',
    ]);
  });

  it("derives in Terraform the very key the monitor derives to check the cell's beats", () => {
    const [, expression] = /^\$\{(sha256\(.*\))\}$/.exec(String(Object.values(resourcesByName(json, "fly_secret")).find((s) => String(s.app).includes("cell-acme"))?.value_wo)) ?? [];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flycell-cell-key-"));
    try {
      fs.writeFileSync(path.join(dir, "main.tf"), 'variable "secret_FLYCELL_MONITOR_SECRET" {\n  type = string\n}\n');
      const fleetKey = "fleet-key-for-the-console-3e9a";
      const run = spawnSync("terraform", ["console"], {
        cwd: dir,
        input: `${expression}\n`,
        encoding: "utf8",
        env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_VAR_secret_FLYCELL_MONITOR_SECRET: fleetKey },
        timeout: 60_000,
      });
      expect([run.status, run.stderr]).toEqual([0, ""]);
      expect(run.stdout.trim()).toBe(JSON.stringify(cellHeartbeatKey(fleetKey, "acme")));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
