import { FlycellValidationError, planFleet, Problem } from "../../lib";

/**
 * A corpus of bad inputs at every level of what the library accepts. Each must come back as
 * named problems (never a TypeError), with the expected subject and field among them.
 */
const OK = { appName: "acme-fleet", image: "registry.fly.io/acme:1", tenants: [{ id: "acme", region: "ams" }] };
const ledger = { version: 1, tenants: { acme: { region: "ams", volumeSizeGb: 1, status: "active" } } } as const;

type Case = [name: string, input: Record<string, unknown>, subject: string, field: string, options?: { ledger?: unknown }];
const fleet = (extra: Record<string, unknown>): Record<string, unknown> => ({ ...OK, ...extra });
const line = (extra: Record<string, unknown>): Record<string, unknown> => fleet({ tenants: [{ id: "acme", region: "ams", ...extra }] });
const router = (extra: Record<string, unknown>) => fleet({ routing: { router: { regions: ["ams"], ...extra } } });
const monitor = (extra: Record<string, unknown>) => fleet({ monitor: { region: "ams", image: "registry.fly.io/acme-monitor:1", ...extra } });
const T = 'tenant "acme"';

const CASES: Case[] = [
  // Fleet settings: misspelt fields are refused, not ignored.
  ["misspelt volumeSizeGB", fleet({ volumeSizeGB: 3 }), "fleet", "volumeSizeGB"],
  ["misspelt imgae", fleet({ imgae: "x" }), "fleet", "imgae"],
  ["appName missing", { image: "x", tenants: [] }, "fleet", "appName"],
  ["appName a number", fleet({ appName: 7 }), "fleet", "appName"],
  ["appName upper case", fleet({ appName: "Acme" }), "fleet", "appName"],
  ["appName too long", fleet({ appName: "a".repeat(64) }), "fleet", "appName"],
  ["appName leaving no room for ids", fleet({ appName: "a".repeat(62) }), "fleet", "appName"],
  ["image missing", { appName: "a", tenants: [] }, "fleet", "image"],
  ["image with a space", fleet({ image: "a b" }), "fleet", "image"],
  ["image an object", fleet({ image: {} }), "fleet", "image"],
  ["org empty", fleet({ org: "" }), "fleet", "org"],
  ["topology unknown", fleet({ topology: "mesh" }), "fleet", "topology"],
  ["addresses a string", fleet({ addresses: "shared_v4" }), "fleet", "addresses"],
  ["addresses unknown type", fleet({ addresses: ["v4"] }), "fleet", "addresses[0]"],
  ["addresses twice", fleet({ addresses: ["shared_v4", "shared_v4"] }), "fleet", "addresses"],
  ["isolatedNetworks a string", fleet({ isolatedNetworks: "yes" }), "fleet", "isolatedNetworks"],
  ["isolatedNetworks in a shared app", fleet({ isolatedNetworks: true }), "fleet", "isolatedNetworks"],
  ["guest cpus a string", fleet({ guest: { cpus: "2" } }), "fleet", "guest.cpus"],
  ["guest unknown field", fleet({ guest: { ram: 512 } }), "fleet", "guest.ram"],
  ["guest size Fly refuses", fleet({ guest: { cpus: 3 } }), "fleet", "guest"],
  ["suspend with too much memory", fleet({ autostop: "suspend", guest: { cpus: 4, memoryMb: 4096 } }), "fleet", "guest.memoryMb"],
  ["autostop unknown", fleet({ autostop: "sleep" }), "fleet", "autostop"],
  ["autostart a string", fleet({ autostart: "true" }), "fleet", "autostart"],
  ["internalPort 0", fleet({ internalPort: 0 }), "fleet", "internalPort"],
  ["internalPort 70000", fleet({ internalPort: 70000 }), "fleet", "internalPort"],
  ["healthPath relative", fleet({ healthPath: "up" }), "fleet", "healthPath"],
  ["healthPath with a space", fleet({ healthPath: "/up x" }), "fleet", "healthPath"],
  ["healthPath with dot-segments", fleet({ healthPath: "/up/.." }), "fleet", "healthPath"],
  ["dataPath root", fleet({ dataPath: "/" }), "fleet", "dataPath"],
  ["volumeSizeGb 501", fleet({ volumeSizeGb: 501 }), "fleet", "volumeSizeGb"],
  ["snapshotRetentionDays 61", fleet({ snapshotRetentionDays: 61 }), "fleet", "snapshotRetentionDays"],
  ["env a list", fleet({ env: ["A=1"] }), "fleet", "env"],
  ["env value a number", fleet({ env: { A: 1 } }), "fleet", "env.A"],
  ["env key reserved, lower case", fleet({ env: { fly_app_name: "x" } }), "fleet", "env.fly_app_name"],
  ["metadata key with a template, quoted in the path", fleet({ metadata: { 'k-${upper("x")}': "v" } }), "fleet", `metadata[${JSON.stringify('k-${upper("x")}')}]`],
  ["metadata key reserved", fleet({ metadata: { FLYCELL_CELL: "x" } }), "fleet", "metadata.FLYCELL_CELL"],
  ["secrets a list", fleet({ secrets: ["API_KEY"] }), "fleet", "secrets"],
  ["secret version a number", fleet({ secrets: { API_KEY: { version: 1 } } }), "fleet", "secrets.API_KEY.version"],
  ["secret unknown field", fleet({ secrets: { API_KEY: { version: "1", value: "hunter2" } } }), "fleet", "secrets.API_KEY.value"],
  // Waves.
  ["waves a list", fleet({ waves: ["canary"] }), "fleet", "waves"],
  ["wave null", fleet({ waves: { canary: null } }), "fleet", "waves.canary"],
  ["wave misspelt imgae", fleet({ waves: { canary: { imgae: "x" } } }), "fleet", "waves.canary.imgae"],
  ["wave env key reserved", fleet({ waves: { canary: { env: { FLY_REGION: "x" } } } }), "fleet", "waves.canary.env.FLY_REGION"],
  // Routing and router.
  ["routing a string", fleet({ routing: "path" }), "fleet", "routing"],
  ["routing unknown field", fleet({ routing: { mode: "path" } }), "fleet", "routing.mode"],
  ["modes a string", fleet({ routing: { modes: "path" } }), "fleet", "routing.modes"],
  ["modes empty", fleet({ routing: { modes: [] } }), "fleet", "routing.modes"],
  ["mode unknown", fleet({ routing: { modes: ["dns"] } }), "fleet", "routing.modes[0]"],
  ["machine-path across cell apps", fleet({ topology: "app-per-cell", routing: { modes: ["machine-path"] } }), "fleet", "routing.modes"],
  ["baseDomain a number", fleet({ routing: { baseDomain: 123 } }), "fleet", "routing.baseDomain"],
  ["baseDomain misspelt baseDomian", fleet({ routing: { baseDomian: "x.com" } }), "fleet", "routing.baseDomian"],
  ["baseDomain a wildcard", fleet({ routing: { baseDomain: "*.x.com" } }), "fleet", "routing.baseDomain"],
  ["router a list", fleet({ routing: { router: ["ams"] } }), "fleet", "routing.router"],
  ["router regions missing", fleet({ routing: { router: {} } }), "fleet", "routing.router.regions"],
  ["router region unknown", router({ regions: ["mars"] }), "fleet", "routing.router.regions[0]"],
  ["router regions twice", router({ regions: ["ams", "ams"] }), "fleet", "routing.router.regions"],
  ["router misspelt region", router({ region: "ams" }), "fleet", "routing.router.region"],
  ["router countPerRegion 0", router({ countPerRegion: 0 }), "fleet", "routing.router.countPerRegion"],
  ["router maxBodySize unknown unit", router({ maxBodySize: "1t" }), "fleet", "routing.router.maxBodySize"],
  ["router image with a space", router({ image: "nginx latest" }), "fleet", "routing.router.image"],
  ["router guest cpuKind gpu", router({ guest: { cpuKind: "gpu", cpus: 99 } }), "fleet", "routing.router.guest.cpuKind"],
  ["router guest cpus 99", router({ guest: { cpus: 99 } }), "fleet", "routing.router.guest"],
  ["router app name too long", fleet({ appName: "a".repeat(57), tenants: [], routing: { router: { regions: ["ams"] } } }), "fleet", "appName"],
  ["router with isolated networks", fleet({ topology: "app-per-cell", isolatedNetworks: true, routing: { router: { regions: ["ams"] } } }), "fleet", "routing.router"],
  // Shared cells.
  ["sharedCells a list", fleet({ sharedCells: ["ams-1"] }), "fleet", "sharedCells"],
  ["shared cell without capacity", fleet({ sharedCells: { "ams-1": { region: "ams" } } }), "fleet", "sharedCells.ams-1.capacity"],
  ["shared cell in no region", fleet({ sharedCells: { "ams-1": { region: "mars", capacity: 5 } } }), "fleet", "sharedCells.ams-1.region"],
  ["shared cell misspelt capacty", fleet({ sharedCells: { "ams-1": { region: "ams", capacity: 5, capacty: 6 } } }), "fleet", "sharedCells.ams-1.capacty"],
  ["machine-path with a shared cell", fleet({ sharedCells: { "ams-1": { region: "ams", capacity: 5 } }, routing: { modes: ["machine-path"] } }), "fleet", "routing.modes"],
  ["shared cell named router", fleet({ sharedCells: { router: { region: "ams", capacity: 5 } } }), "fleet", "sharedCells.router"],
  ["shared cell id too long for its volume name", fleet({ sharedCells: { ["c".repeat(26)]: { region: "ams", capacity: 5 } } }), "fleet", `sharedCells.${"c".repeat(26)}`],
  ["tenant cell not a slug", line({ cell: "Ams 1" }), T, "cell"],
  ["move naming nothing left", line({ move: { data: "start-empty" } }), T, "move"],
  // The monitor.
  ["monitor a string", fleet({ monitor: "ams" }), "fleet", "monitor"],
  ["monitor without image", fleet({ monitor: { region: "ams" } }), "fleet", "monitor.image"],
  ["monitor in no region", monitor({ region: "mars" }), "fleet", "monitor.region"],
  ["monitor sweepIntervalSeconds, not a setting", monitor({ sweepIntervalSeconds: 900 }), "fleet", "monitor.sweepIntervalSeconds"],
  ["monitor sweep of 0 calls", monitor({ sweepCallsPerMinute: 0 }), "fleet", "monitor.sweepCallsPerMinute"],
  ["monitor sweep above its budget", monitor({ sweepCallsPerMinute: 40 }), "fleet", "monitor.sweepCallsPerMinute"],
  ["monitor budget a string", monitor({ maxApiCallsPerMinute: "30" }), "fleet", "monitor.maxApiCallsPerMinute"],
  ["monitor guest cpus 99", monitor({ guest: { cpus: 99 } }), "fleet", "monitor.guest"],
  // Sharding.
  ["sharding unknown strategy", fleet({ sharding: { by: "bogus" } }), "fleet", "sharding.by"],
  ["sharding hash without count", fleet({ sharding: { by: "hash" } }), "fleet", "sharding.count"],
  ["sharding hash count 0", fleet({ sharding: { by: "hash", count: 0 } }), "fleet", "sharding.count"],
  ["sharding a string", fleet({ sharding: "region" }), "fleet", "sharding"],
  ["sharding by field without shard", fleet({ sharding: { by: "field" } }), T, "shard"],
  // State backends: every stack its own state, no credential in the input.
  ["stateBackend unknown type", fleet({ stateBackend: { type: "consul" } }), "fleet", "stateBackend.type"],
  ["stateBackend a string", fleet({ stateBackend: "s3" }), "fleet", "stateBackend"],
  ["stateBackend s3 without bucket", fleet({ stateBackend: { type: "s3" } }), "fleet", "stateBackend.bucket"],
  ["stateBackend s3 bucket upper case", fleet({ stateBackend: { type: "s3", bucket: "My_State" } }), "fleet", "stateBackend.bucket"],
  ["stateBackend s3 with a secret key", fleet({ stateBackend: { type: "s3", bucket: "state", secretKey: "x" } }), "fleet", "stateBackend.secretKey"],
  ["stateBackend s3 prefix with ..", fleet({ stateBackend: { type: "s3", bucket: "state", prefix: "a/../b" } }), "fleet", "stateBackend.prefix"],
  ["stateBackend s3 endpoint not a URL", fleet({ stateBackend: { type: "s3", bucket: "state", endpoint: "fly.storage.tigris.dev" } }), "fleet", "stateBackend.endpoint"],
  ["stateBackend pg with a connection string", fleet({ stateBackend: { type: "pg", connStr: "postgres://u:p@h/db" } }), "fleet", "stateBackend.connStr"],
  ["stateBackend pg prefix with a hyphen", fleet({ stateBackend: { type: "pg", schemaPrefix: "my-fleet" } }), "fleet", "stateBackend.schemaPrefix"],
  // The list and its lines.
  ["tenants null", fleet({ tenants: null }), "fleet", "tenants"],
  ["tenants an object", fleet({ tenants: { acme: { region: "ams" } } }), "fleet", "tenants"],
  ["a line null", fleet({ tenants: [null] }), "tenant #1 (no usable id)", "(line)"],
  ["misspelt regoin", fleet({ tenants: [{ id: "acme", regoin: "ams" }] }), T, "regoin"],
  ["hostnames a string", line({ hostnames: "a.example.com" }), T, "hostnames"],
  ["hostname on the fleet's flycast", line({ hostnames: ["acme-fleet.flycast"] }), T, "hostnames[0]"],
  ["hostname equal to the base domain", fleet({ routing: { baseDomain: "cells.io" }, tenants: [{ id: "acme", region: "ams", hostnames: ["cells.io"] }] }), T, "hostnames[0]"],
  ["env key __proto__ from JSON", fleet({ env: JSON.parse('{ "__proto__": { "A": "1" } }') as unknown }), "fleet", "env.__proto__"],
  ["env with a set prototype", fleet({ env: { __proto__: { A: "1" } } }), "fleet", "env"],
  ["a wave named none", fleet({ waves: { none: {} } }), "fleet", "waves.none"],
  ["hostname injected into nginx", line({ hostnames: ["a.example.com 'acme'; } server {"] }), T, "hostnames[0]"],
  ["guest unknown cpuKind", line({ guest: { cpuKind: "dedicated" } }), T, "guest.cpuKind"],
  ["status unknown", line({ status: "gone" }), T, "status"],
  ["move malformed", line({ move: "fra" }), T, "move"],
  ["autoBackupEnabled a string", line({ autoBackupEnabled: "no" }), T, "autoBackupEnabled"],
  ["wave the fleet lacks", line({ wave: "canary" }), T, "wave"],
  ["per-tenant secrets in a shared app", line({ secrets: { DB: { version: "1" } } }), T, "secrets"],
  ["duplicate ids", fleet({ tenants: [{ id: "acme", region: "ams" }, { id: "acme", region: "ord" }] }), T, "id"],
  ["overlapping wildcard", fleet({ tenants: [{ id: "acme", region: "ams", hostnames: ["*.globex.com"] }, { id: "globex", region: "ord", hostnames: ["app.globex.com"] }] }), 'tenant "globex"', "hostnames[0]"],
  ["wildcard over a tenant subdomain", fleet({ routing: { baseDomain: "cells.io" }, tenants: [{ id: "acme", region: "ams" }, { id: "globex", region: "ord", hostnames: ["*.cells.io"] }] }), 'tenant "globex"', "hostnames[0]"],
  // Data safety: the ledger confirms what may lose data.
  ["released straight from active", line({ status: "released" }), T, "status", { ledger }],
  ["released without a ledger", line({ status: "released" }), T, "status"],
  ["move from a region never deployed", line({ region: "fra", move: { from: "ord", data: "start-empty" } }), T, "move.from", { ledger }],
  ["move without a ledger", line({ region: "fra", move: { from: "ams", data: "start-empty" } }), T, "move"],
  ["ledger malformed", OK, "ledger", "tenants.acme.status", { ledger: { version: 1, tenants: { acme: { region: "ams", volumeSizeGb: 1, status: "gone" } } } }],
];

function problemsOf(input: Record<string, unknown>, options: { ledger?: unknown } = {}): readonly Problem[] {
  try {
    planFleet(input as never, options as never);
  } catch (err) {
    if (err instanceof FlycellValidationError) return err.problems;
    throw err; // a TypeError or anything else fails the test
  }
  throw new Error("accepted");
}

describe("the validation pass refuses bad input at every level, naming subject and field", () => {
  it("has a corpus of at least 60 cases", () => expect(CASES.length).toBeGreaterThanOrEqual(60));

  it.each(CASES)("%s", (...[, input, subject, field, options]: Case) => {
    const problems = problemsOf(input, options);
    expect(problems).toContainEqual(expect.objectContaining({ subject, field }));
    for (const problem of problems) expect(problem.message).not.toMatch(/^Invalid input|undefined|\[object Object\]/);
  });

  it("names the bound and the value when the monitor's sweep would outrun its budget", () => {
    const problems = problemsOf(fleet({ monitor: { region: "ams", image: "registry.fly.io/acme-monitor:1", sweepCallsPerMinute: 40, maxApiCallsPerMinute: 35 } }));
    expect(problems).toEqual([expect.objectContaining({ field: "monitor.sweepCallsPerMinute", message: expect.stringMatching(/is 40: at most maxApiCallsPerMinute \(35\)/) })]);
  });

  it("accepts the baseline every case starts from", () => {
    expect(planFleet(OK).cells.map((cell) => cell.tenantId)).toEqual(["acme"]);
  });
});
