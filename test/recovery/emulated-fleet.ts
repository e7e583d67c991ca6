import { RateLimits } from "../../emulator/src/machines-api/rate-limiter";
import { RecordedCall, RunningMachinesApi, startMachinesApi } from "../../emulator/src/machines-api/server";
import { DEFAULT_RETRY } from "../../lib/fly-api/backoff";
import { Clock } from "../../lib/fly-api/clock";
import { MachinesApi } from "../../lib/fly-api/machines-api";
import { FlyRateLimiter } from "../../lib/fly-api/rate-limiter";
import { SeededAccount } from "../emulator/account-seed";
import { call } from "../emulator/machines-api-client";
import { FakeClock } from "../fly-api/fake-clock";

export const TOKEN = "recovery-test-token-5c2e9d";
export const APP = "fleet";
/** acme's volume (data_acme, 1 GB in ams, holding acme-rows-1) and its machine "acme", started. */
export const ACME_VOLUME = "vol_acme00000000001";
export const ACME_MACHINE = "1781e0acme0001";
/** Snapshots seeded on acme's volume: 30 hours and 2 hours old. */
export const OLDER_SNAPSHOT = "vs_volacme000000000010";
export const NEWER_SNAPSHOT = "vs_volacme000000000011";
export const BETA_VOLUME = "vol_beta00000000001";

/**
 * An emulated account (two tenants' volumes and machines in app "fleet") behind the emulated
 * Machines API, which records every call. Fly's rate limits are off unless a test turns them on.
 */
export class EmulatedFleet {
  private constructor(
    readonly account: SeededAccount,
    readonly server: RunningMachinesApi,
  ) {}

  static async start(rateLimits: RateLimits = false): Promise<EmulatedFleet> {
    const account = new SeededAccount()
      .volume(APP, { id: ACME_VOLUME, name: "data_acme", sizeGb: 1, content: "acme-rows-1", snapshotAgesHours: [30, 2] })
      .machine(APP, { id: ACME_MACHINE, name: "acme", mounts: [ACME_VOLUME] })
      .volume(APP, { id: BETA_VOLUME, name: "data_beta", sizeGb: 1, content: "beta-rows-1", snapshotAgesHours: [5] })
      .machine(APP, { id: "1781e0beta0001", name: "beta", mounts: [BETA_VOLUME] });
    return new EmulatedFleet(account, await startMachinesApi({ accountFile: account.file, token: TOKEN, rateLimits }));
  }

  /** The client flycell uses (Fly's limits, retries), on a clock that sleeps in no time by default. */
  client(clock: Clock = new FakeClock(Date.now())): MachinesApi {
    return new MachinesApi({ baseUrl: this.server.url, token: TOKEN }, { limiter: new FlyRateLimiter(clock), retry: DEFAULT_RETRY, clock });
  }

  /** A test or drill control (`/__emulator/…`), or any call. */
  async control(method: string, path: string, body?: unknown): Promise<unknown> {
    const answer = await call(this.server.url, TOKEN, method, path, body);
    if (answer.status !== 200) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** Calls the server saw that create a volume in the app. */
  creates(): RecordedCall[] {
    return this.server.calls.filter((c) => c.method === "POST" && c.path === `/v1/apps/${APP}/volumes`);
  }

  /** The account's volumes of that name: id, region and content marker. */
  volumesNamed(name: string): { id: string; region: string; content: string }[] {
    const file = this.account.read();
    return Object.entries(file.resources)
      .filter(([key, r]) => key.startsWith("fly_volume/") && r.name === name)
      .map(([, r]) => ({ id: String(r.id), region: String(r.region), content: this.account.volumeFacts(String(r.id))?.content ?? "" }));
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
