import { DEFAULT_RETRY } from "../../lib/fly-api/backoff";
import { systemClock } from "../../lib/fly-api/clock";
import { MachinesApi, MachinesApiError } from "../../lib/fly-api/machines-api";
import { ACME_MACHINE, ACME_VOLUME, APP, EmulatedFleet, TOKEN } from "../recovery/emulated-fleet";
import { FakeClock } from "./fake-clock";

/** The error a call ends with (it must fail). */
async function failed(call: Promise<unknown>): Promise<MachinesApiError> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof MachinesApiError)) throw new Error(`expected a MachinesApiError, got ${String(err)}`);
  expect(`${err.message} ${err.flyMessage}`).not.toContain(TOKEN);
  return err;
}

describe("MachinesApi against the emulated Machines API", () => {
  let fleet: EmulatedFleet;
  afterEach(() => fleet.close());

  it("stays inside Fly's limits when paced: a run of reads past the burst meets no 429", async () => {
    fleet = await EmulatedFleet.start({});
    const api = MachinesApi.paced({ baseUrl: fleet.server.url, token: TOKEN });
    const started = Date.now();
    for (let i = 0; i < 13; i++) expect(await api.getVolume(APP, ACME_VOLUME)).toMatchObject({ id: ACME_VOLUME, name: "data_acme" });
    expect(fleet.server.calls.map((c) => c.status)).toEqual(Array(13).fill(200));
    // Nine at once, then one each 222 ms (90% of 5/s).
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
  });

  it("waits out Retry-After on 429 when it has no limiter of its own", async () => {
    fleet = await EmulatedFleet.start({});
    const api = new MachinesApi({ baseUrl: fleet.server.url, token: TOKEN }, { retry: DEFAULT_RETRY, clock: systemClock });
    for (let i = 0; i < 4; i++) await api.createSnapshot(APP, ACME_VOLUME);
    const posts = fleet.server.calls.filter((c) => c.method === "POST");
    expect(posts.map((c) => c.status)).toEqual([200, 200, 200, 429, 200]);
    expect(posts[4].start - posts[3].end).toBeGreaterThanOrEqual(950);
    expect(await api.listSnapshots(APP, ACME_VOLUME)).toHaveLength(2 + 4);
  });

  it("tries a 5xx again with a capped, doubling backoff, then fails with Fly's words", async () => {
    fleet = await EmulatedFleet.start();
    await fleet.control("POST", `/__emulator/hosts/${ACME_MACHINE}/fail`);
    const clock = new FakeClock(Date.now());
    const api = new MachinesApi({ baseUrl: fleet.server.url, token: TOKEN }, { retry: DEFAULT_RETRY, clock });
    const err = await failed(api.stopMachine(APP, ACME_MACHINE));
    expect([err.status, err.message, err.flyMessage]).toEqual([503, `POST /v1/apps/${APP}/machines/${ACME_MACHINE}/stop: 503`, expect.stringContaining("unreachable")]);
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(fleet.server.calls.filter((c) => c.path.endsWith("/stop"))).toHaveLength(DEFAULT_RETRY.attempts);
  });

  it("as the monitor uses it (unpaced): one call, a 429 thrown with its Retry-After", async () => {
    fleet = await EmulatedFleet.start({ read: { perSecond: 0.1, burst: 1 } });
    const api = new MachinesApi({ baseUrl: fleet.server.url, token: TOKEN });
    await api.listMachines(APP);
    const err = await failed(api.listMachines(APP));
    expect([err.status, err.retryAfterSeconds, err.flyMessage]).toEqual([429, 10, "rate limit exceeded"]);
    expect(fleet.server.calls).toHaveLength(2);
  });

  it("reads a 404 as nothing, and fails a write's 404 and 4xx with Fly's error and status", async () => {
    fleet = await EmulatedFleet.start();
    const api = fleet.client();
    expect(await api.getVolume(APP, "vol_nosuch0000000001")).toBeUndefined();
    expect(await api.listVolumes("nosuch-app")).toBeUndefined();
    expect(await failed(api.createSnapshot(APP, "vol_nosuch0000000001"))).toMatchObject({ status: 404, flyMessage: expect.stringContaining("not found") });
    await fleet.control("PUT", "/__emulator/regions/ams/full");
    const full = await failed(api.createVolume(APP, { name: "g1_acme", region: "ams", size_gb: 1 }));
    expect(full).toMatchObject({ status: 412, flyStatus: "volume_placement_capacity" });
    // Refused, not lost: a create is never sent twice.
    expect(fleet.creates()).toHaveLength(1);
  });

  it("sends a macaroon token with its own scheme, and any other as a bearer token", async () => {
    fleet = await EmulatedFleet.start();
    const wrong = new MachinesApi({ baseUrl: fleet.server.url, token: `FlyV1 ${TOKEN}` });
    expect(await failed(wrong.listMachines(APP))).toMatchObject({ status: 401 });
    expect(await fleet.client().listMachines(APP)).toEqual(expect.arrayContaining([expect.objectContaining({ id: ACME_MACHINE, name: "acme" })]));
  });
});
