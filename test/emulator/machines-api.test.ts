/** The emulated Machines API over an emulated account: what it answers and how it changes the account. */
import { spawnSync } from "child_process";
import * as path from "path";
import { EmulatedProvider } from "../../emulator/src/provider";
import { RunningMachinesApi, startMachinesApi } from "../../emulator/src/machines-api/server";
import { FlyStore, readAccountFile } from "../../emulator/src/store";
import { SeededAccount } from "./account-seed";
import { call } from "./machines-api-client";

const TOKEN = "machines-api-test-token-7f3a";
const DAY = 86_400_000;
const VOL = "vol_aaaaaaaaaaaaaaaa";
const OTHER = "vol_bbbbbbbbbbbbbbbb";
const MACHINE = "3d8d9e4b2c7a18";

interface Volume {
  id: string;
  name: string;
  region: string;
  size_gb: number;
  state: string;
  host_status: string;
  attached_machine_id: string | null;
}
interface Snapshot {
  id: string;
  created_at: string;
  size: number;
  retention_days: number;
  status: string;
}

let api: RunningMachinesApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** An account with app acme: a volume holding `acme-rows-1`, mounted by a started machine, and a spare volume. */
function seeded(now: () => number = Date.now): SeededAccount {
  return new SeededAccount(undefined, now)
    .volume("acme", { id: VOL, name: "data_acme", sizeGb: 1, content: "acme-rows-1" })
    .volume("acme", { id: OTHER, name: "data_globex", sizeGb: 2 })
    .machine("acme", { id: MACHINE, mounts: [VOL] });
}

async function serve(account: SeededAccount, options: Partial<Parameters<typeof startMachinesApi>[0]> = {}): Promise<RunningMachinesApi> {
  api = await startMachinesApi({ accountFile: account.file, token: TOKEN, rateLimits: false, ...options });
  return api;
}

const ask = (method: string, path: string, body?: unknown) => call((api as RunningMachinesApi).url, TOKEN, method, path, body);
const control = ask;
const createVolume = (body: object) => ask("POST", "/v1/apps/acme/volumes", body);
const REQUEST = { region: "ams", size_gb: 1, encrypted: true, require_unique_zone: true, auto_backup_enabled: true, snapshot_retention: 5, compute: { cpu_kind: "shared", cpus: 1, memory_mb: 256 } };

describe("authentication and errors", () => {
  it("requires the bearer token (or the whole FlyV1 macaroon), answers Fly's JSON errors, and never shows the token", async () => {
    const account = seeded();
    await serve(account);
    const url = (api as RunningMachinesApi).url;
    const wrong = await call(url, "not-the-token", "GET", "/v1/apps/acme/machines");
    const none = await fetch(`${url}/v1/apps/acme/machines`);
    expect([wrong.status, wrong.body, none.status]).toEqual([401, { error: "Authenticate: token validation error" }, 401]);
    expect(JSON.stringify(wrong.body)).not.toContain(TOKEN);
    expect((await ask("GET", "/v1/apps/nosuch/machines")).status).toBe(404);
    expect(await ask("GET", "/v1/apps/acme/machines/00000000000000")).toMatchObject({ status: 404, body: { error: "machine 00000000000000 not found" } });
    expect(await ask("GET", "/v1/apps/acme/nothing")).toMatchObject({ status: 404, body: { error: "not found" } });
    expect(await ask("DELETE", "/v1/apps/acme/volumes")).toMatchObject({ status: 405, body: { error: "method not allowed" } });
    expect((await ask("GET", "/v1/apps/%E0%A4%A/machines")).status).toBe(400);
    // A volume id that is a name of Object's own properties is just an unknown id.
    expect((await ask("GET", "/v1/apps/acme/volumes/__proto__")).status).toBe(404);
    expect((await ask("GET", "/__emulator/volumes/constructor/content")).status).toBe(404);
    await api?.close();

    api = await startMachinesApi({ accountFile: account.file, token: "FlyV1 fm2_macaroon", rateLimits: false });
    const macaroon = await fetch(`${api.url}/v1/apps/acme/machines`, { headers: { authorization: "FlyV1 fm2_macaroon" } });
    expect(macaroon.status).toBe(200);
  });

  it("records every call: method, path without the query, status, start and end on its clock", async () => {
    let clock = Date.parse("2026-03-01T12:00:00Z");
    await serve(seeded(() => clock), { now: () => clock });
    await ask("GET", "/v1/apps/acme/machines?summary=true");
    clock += 1000;
    await call((api as RunningMachinesApi).url, "bad", "GET", `/v1/apps/acme/volumes/${VOL}`);
    expect((api as RunningMachinesApi).calls).toEqual([
      { method: "GET", path: "/v1/apps/acme/machines", status: 200, start: Date.parse("2026-03-01T12:00:00Z"), end: Date.parse("2026-03-01T12:00:00Z") },
      { method: "GET", path: `/v1/apps/acme/volumes/${VOL}`, status: 401, start: Date.parse("2026-03-01T12:00:01Z"), end: Date.parse("2026-03-01T12:00:01Z") },
    ]);
  });
});

describe("rate limits", () => {
  it("keeps Fly's limits per action and machine or app: 429 with Retry-After beyond the burst, and tokens come back with time", async () => {
    let clock = 0;
    await serve(seeded(() => clock), { now: () => clock, rateLimits: undefined });
    const reads = [];
    for (let i = 0; i < 11; i++) reads.push((await ask("GET", "/v1/apps/acme/machines")).status);
    expect(reads).toEqual([...Array(10).fill(200), 429]);
    const refused = await ask("GET", "/v1/apps/acme/machines");
    expect([refused.status, refused.headers.get("retry-after"), refused.body]).toEqual([429, "1", { error: "rate limit exceeded" }]);
    // Another action, or the same one on another target, has a bucket of its own.
    expect((await ask("GET", `/v1/apps/acme/volumes/${VOL}`)).status).toBe(200);
    const writes = [];
    for (let i = 0; i < 4; i++) writes.push((await ask("POST", `/v1/apps/acme/machines/${MACHINE}/restart`)).status);
    expect(writes).toEqual([200, 200, 200, 429]);
    clock += 200; // a fifth of a second: one read token back
    expect([(await ask("GET", "/v1/apps/acme/machines")).status, (await ask("GET", "/v1/apps/acme/machines")).status]).toEqual([200, 429]);
    clock += 1000;
    expect((await ask("POST", `/v1/apps/acme/machines/${MACHINE}/restart`)).status).toBe(200);
  });

  it("scales the limits for fast tests, or switches them off", async () => {
    const clock = 0;
    const account = seeded(() => clock);
    await serve(account, { now: () => clock, rateLimits: { scale: 10 } });
    const statuses = [];
    for (let i = 0; i < 101; i++) statuses.push((await ask("GET", "/v1/apps/acme/machines")).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    await api?.close();
    await serve(account, { now: () => clock, rateLimits: false });
    for (let i = 0; i < 50; i++) expect((await ask("POST", `/v1/apps/acme/machines/${MACHINE}/restart`)).status).toBe(200);
  });
});

describe("machines", () => {
  it("stops, starts and restarts a machine in the account Terraform applies to; a crash loop stays failed", async () => {
    const account = seeded();
    await serve(account);
    expect(await ask("POST", `/v1/apps/acme/machines/${MACHINE}/stop`)).toEqual(expect.objectContaining({ status: 200, body: undefined }));
    expect(account.machineState(MACHINE)).toBe("stopped");
    expect((await ask("GET", `/v1/apps/acme/machines/${MACHINE}`)).body).toMatchObject({ id: MACHINE, state: "stopped", host_status: "ok", config: { mounts: [{ volume: VOL, path: "/data" }] } });
    await ask("POST", `/v1/apps/acme/machines/${MACHINE}/start`);
    expect(account.machineState(MACHINE)).toBe("started");
    account.setMachine(MACHINE, { state: "failed", restartFails: true });
    await ask("POST", `/v1/apps/acme/machines/${MACHINE}/restart`);
    expect(account.machineState(MACHINE)).toBe("failed");
    account.setMachine(MACHINE, { restartFails: false });
    await ask("POST", `/v1/apps/acme/machines/${MACHINE}/restart`);
    expect(account.machineState(MACHINE)).toBe("started");
    expect((await ask("GET", "/v1/apps/acme/machines")).body).toEqual([expect.objectContaining({ id: MACHINE, state: "started", image_ref: expect.objectContaining({ registry: "registry.fly.io", repository: "acme", tag: "1" }) })]);
  });
});

describe("snapshots and the clock", () => {
  it("takes daily snapshots as the clock passes days (auto backups on), keeps them snapshot_retention days, and takes one on demand", async () => {
    const clock = Date.parse("2026-03-01T12:00:00Z");
    const account = seeded(() => clock).volume("acme", { id: "vol_nobackupsxxxxxxx", name: "data_off", autoBackupEnabled: false });
    await serve(account, { now: () => clock });
    const list = async (id = VOL) => (await ask("GET", `/v1/apps/acme/volumes/${id}/snapshots`)).body as Snapshot[];
    expect(await list()).toEqual([]);
    expect((await control("POST", "/__emulator/clock/advance", { days: 1 })).body).toEqual({ days: 1, taken: 2, expired: 0 });
    const [daily] = await list();
    expect(daily).toEqual({ id: expect.stringMatching(/^vs_[0-9a-z]{16}$/), created_at: new Date(clock).toISOString(), size: 11, digest: expect.any(String), retention_days: 5, status: "created" });
    expect(await list("vol_nobackupsxxxxxxx")).toEqual([]);

    expect((await control("POST", "/__emulator/clock/advance", { days: 6 })).body).toEqual({ days: 6, taken: 12, expired: 4 });
    const kept = await list();
    // Five days of dailies: the one of the first day is gone, the newest is today's.
    expect(kept.map((s) => (clock - Date.parse(s.created_at)) / DAY)).toEqual([4, 3, 2, 1, 0]);
    expect(kept.some((s) => s.id === daily.id)).toBe(false);

    expect((await ask("POST", `/v1/apps/acme/volumes/${VOL}/snapshots`)).status).toBe(200);
    expect(await list()).toHaveLength(6);
    expect((await control("POST", "/__emulator/clock/advance", { days: 0 })).status).toBe(400);
  });
});

describe("making volumes", () => {
  it("restores a snapshot with its content, forks a volume into another region, and stores each as a provider-shaped fly_volume record", async () => {
    const account = seeded();
    await serve(account);
    await ask("POST", `/v1/apps/acme/volumes/${VOL}/snapshots`);
    await control("PUT", `/__emulator/volumes/${VOL}/content`, { content: "acme-rows-2" });
    const [snapshot] = (await ask("GET", `/v1/apps/acme/volumes/${VOL}/snapshots`)).body as Snapshot[];

    const restored = (await createVolume({ ...REQUEST, name: "g1_acme", snapshot_id: snapshot.id })).body as Volume;
    expect(restored).toMatchObject({ id: expect.stringMatching(/^vol_[0-9a-z]{16}$/), name: "g1_acme", region: "ams", size_gb: 1, state: "created", attached_machine_id: null, host_status: "ok" });
    expect((await control("GET", `/__emulator/volumes/${restored.id}/content`)).body).toEqual({ volume: restored.id, content: "acme-rows-1", bytes: 11 });

    const forked = (await createVolume({ name: "g1_fork", region: "fra", size_gb: 1, source_volume_id: VOL })).body as Volume;
    expect(forked.region).toBe("fra");
    expect((await control("GET", `/__emulator/volumes/${forked.id}/content`)).body).toMatchObject({ content: "acme-rows-2" });

    const record = readAccountFile(account.file).resources[`fly_volume/${restored.id}`];
    expect(record).toEqual({
      id: restored.id,
      app: "acme",
      name: "g1_acme",
      region: "ams",
      size_gb: 1,
      encrypted: true,
      fstype: "ext4",
      require_unique_zone: true,
      unique_zone_app_wide: null,
      auto_backup_enabled: true,
      snapshot_retention: 5,
      compute: { cpu_kind: "shared", cpus: 1, memory_mb: 256 },
      state: "created",
      zone: expect.stringMatching(/^[0-9a-f]{4}$/),
      attached_machine_id: "",
      readopt_on_host_migration: null,
    });
    // A restored volume's own snapshots copy what it holds.
    await ask("POST", `/v1/apps/acme/volumes/${restored.id}/snapshots`);
    const made = await ask("POST", "/v1/apps/acme/volumes", { name: "g2_acme", region: "ams", snapshot_id: ((await ask("GET", `/v1/apps/acme/volumes/${restored.id}/snapshots`)).body as Snapshot[])[0].id });
    expect((await control("GET", `/__emulator/volumes/${(made.body as Volume).id}/content`)).body).toMatchObject({ content: "acme-rows-1" });
    // Terraform's emulated provider sees the volumes the API made.
    const store = new FlyStore(account.file);
    const provider = new EmulatedProvider(store);
    expect(provider.importState("fly_volume", `acme/${restored.id}`).value).toMatchObject({ id: restored.id, name: "g1_acme", attached_machine_id: "" });
  });

  it("refuses as Fly does: unknown or expired snapshot 404, too small 400, both sources 400, unreachable source 412, full region 412", async () => {
    let clock = Date.parse("2026-03-01T12:00:00Z");
    const account = seeded(() => clock);
    await serve(account, { now: () => clock });
    await control("PUT", `/__emulator/volumes/${VOL}/content`, { content: "big", bytes: 3 * 1024 ** 3 });
    await ask("POST", `/v1/apps/acme/volumes/${VOL}/snapshots`);
    const [snapshot] = (await ask("GET", `/v1/apps/acme/volumes/${VOL}/snapshots`)).body as Snapshot[];
    expect(snapshot.size).toBe(3 * 1024 ** 3);

    expect(await createVolume({ ...REQUEST, name: "g1_acme", snapshot_id: "vs_0000000000000000" })).toMatchObject({ status: 404, body: { error: expect.stringContaining("snapshot vs_0000000000000000 not found") } });
    expect(await createVolume({ ...REQUEST, name: "g1_acme", size_gb: 2, snapshot_id: snapshot.id })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/too small/) } });
    expect((await createVolume({ ...REQUEST, name: "g1_acme", size_gb: 3, snapshot_id: snapshot.id })).status).toBe(200);
    expect((await createVolume({ ...REQUEST, name: "g1_x", snapshot_id: snapshot.id, source_volume_id: OTHER })).status).toBe(400);
    expect(await createVolume({ ...REQUEST, name: "g1_globex", size_gb: 1, source_volume_id: OTHER })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/smaller than the source volume/) } });

    expect((await control("PUT", "/__emulator/regions/ams/full")).status).toBe(200);
    expect(await createVolume({ ...REQUEST, name: "g1_other" })).toMatchObject({ status: 412, body: { error: expect.stringMatching(/capacity/), status: "volume_placement_capacity" } });
    expect((await createVolume({ ...REQUEST, name: "g1_other", region: "fra" })).status).toBe(200);
    await control("DELETE", "/__emulator/regions/ams/full");
    expect((await createVolume({ ...REQUEST, name: "g1_other2" })).status).toBe(200);

    // Past its retention the snapshot is gone.
    clock += 5 * DAY;
    expect((await createVolume({ ...REQUEST, name: "g1_late", size_gb: 3, snapshot_id: snapshot.id })).status).toBe(404);
  });
});

describe("a host failure", () => {
  it("makes the volume and its machine unreachable: no start, stop, restart (503), snapshot or fork (412); snapshots still listed and restorable", async () => {
    const account = seeded();
    await serve(account);
    await ask("POST", `/v1/apps/acme/volumes/${VOL}/snapshots`);
    expect((await control("POST", `/__emulator/hosts/${VOL}/fail`)).body).toEqual({ volumes: [VOL], machines: [MACHINE] });
    expect((await ask("GET", `/v1/apps/acme/volumes/${VOL}`)).body).toMatchObject({ host_status: "unreachable", attached_machine_id: MACHINE });
    expect((await ask("GET", `/v1/apps/acme/machines/${MACHINE}`)).body).toMatchObject({ host_status: "unreachable" });
    for (const action of ["start", "stop", "restart"]) {
      expect(await ask("POST", `/v1/apps/acme/machines/${MACHINE}/${action}`)).toMatchObject({ status: 503, body: { error: expect.stringMatching(/unreachable/) } });
    }
    expect((await ask("POST", `/v1/apps/acme/volumes/${VOL}/snapshots`)).status).toBe(412);
    expect(await createVolume({ ...REQUEST, name: "g1_acme", source_volume_id: VOL })).toMatchObject({ status: 412, body: { error: expect.stringMatching(/unreachable/) } });
    const snapshots = (await ask("GET", `/v1/apps/acme/volumes/${VOL}/snapshots`)).body as Snapshot[];
    expect(snapshots).toHaveLength(1);
    expect((await createVolume({ ...REQUEST, name: "g1_acme", snapshot_id: snapshots[0].id })).status).toBe(200);
    // No daily snapshot of a volume whose host is down.
    expect((await control("POST", "/__emulator/clock/advance", { days: 1 })).body).toMatchObject({ taken: 2 });
    expect((await ask("GET", `/v1/apps/acme/volumes/${VOL}/snapshots`)).body).toHaveLength(1);
    // Failing the machine's host names the same host; healing brings both back.
    expect((await control("POST", `/__emulator/hosts/${MACHINE}/heal`)).body).toEqual({ volumes: [VOL], machines: [MACHINE] });
    expect((await ask("POST", `/v1/apps/acme/machines/${MACHINE}/restart`)).status).toBe(200);
    expect((await control("POST", "/__emulator/hosts/nosuch/fail")).status).toBe(404);
  });
});

describe("sharing the account file with Terraform's plugin processes", () => {
  it("loses no write when a plugin's batched flush and the API's creates interleave", async () => {
    const account = seeded();
    await serve(account);
    // A plugin process that loaded the account before the API made anything.
    const plugin = new FlyStore(account.file);
    const made = (await createVolume({ ...REQUEST, name: "g1_acme" })).body as Volume;
    plugin.put("fly_app", "other", { id: "other", name: "other", org: "o", network: "", internal_numeric_id: 2 });
    plugin.flush();
    await control("PUT", `/__emulator/volumes/${made.id}/content`, { content: "after-flush" });
    const file = readAccountFile(account.file);
    expect(Object.keys(file.resources).sort()).toEqual(["fly_app/acme", "fly_app/other", `fly_machine/${MACHINE}`, `fly_volume/${OTHER}`, `fly_volume/${VOL}`, `fly_volume/${made.id}`].sort());
    expect((await control("GET", `/__emulator/volumes/${made.id}/content`)).body).toMatchObject({ content: "after-flush" });
    // The plugin stamped nothing it did not make; a volume it makes gets its creation time.
    plugin.put("fly_volume", "vol_fromterraformxx", { id: "vol_fromterraformxx", app: "acme", name: "data_x", region: "ams", size_gb: 1 });
    plugin.flush();
    expect((await ask("GET", "/v1/apps/acme/volumes/vol_fromterraformxx")).body).toMatchObject({ created_at: expect.any(String), host_status: "ok" });
  });
});

describe("the server as a process", () => {
  it("prints its URL alone on one line and serves until SIGTERM; refuses to start without a token", async () => {
    const account = seeded();
    const main = path.join(__dirname, "..", "..", "emulator", "src", "machines-api", "main.ts");
    const args = ["-r", require.resolve("ts-node/register/transpile-only"), main, "--account", account.file];
    const env = { ...process.env, TS_NODE_PROJECT: path.join(__dirname, "..", "..", "tsconfig.json") };
    const missing = spawnSync(process.execPath, args, { env: { ...env, FLY_API_TOKEN: "" }, encoding: "utf8" });
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringContaining("FLY_API_TOKEN is not set")]);

    const { spawn } = await import("child_process");
    const child = spawn(process.execPath, args, { env: { ...env, FLY_API_TOKEN: TOKEN } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d: Buffer) => {
          out += String(d);
          if (out.includes("\n")) resolve(out);
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\n$/);
      expect((await call(url.trim(), TOKEN, "GET", "/v1/apps/acme/volumes")).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
  }, 30_000);
});
