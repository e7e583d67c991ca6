/**
 * The emulated Fly Machines API (emulator/src/machines-api) over an emulated account of its own,
 * for the monitor's and `flycell status`'s tests: what the tests seed goes into the account file
 * as store records, the way an apply writes them, and the server answers from that file.
 */
import type { RateLimits } from "../../emulator/src/machines-api/rate-limiter";
import { RecordedCall, startMachinesApi } from "../../emulator/src/machines-api/server";
import { SeededAccount } from "../emulator/account-seed";

export interface EmulatedMachinesApi {
  readonly url: string;
  readonly token: string;
  /** Every call the server answered, with its times on the test's clock. */
  readonly calls: RecordedCall[];
  /** The account the server answers from: seed and change it here. */
  readonly account: SeededAccount;
  /** How many calls `filter` picks. */
  count(filter?: (call: RecordedCall) => boolean): number;
  close(): Promise<void>;
}

export const FLY_TOKEN = "monitor-test-fly-token";

/** Fly's rate limits are on (the monitor must stay within them) unless a test turns them off. */
export async function startEmulatedMachinesApi(options: { now?: () => number; rateLimits?: RateLimits } = {}): Promise<EmulatedMachinesApi> {
  const now = options.now ?? Date.now;
  const account = new SeededAccount(undefined, now);
  const api = await startMachinesApi({ accountFile: account.file, token: FLY_TOKEN, now, rateLimits: options.rateLimits });
  return {
    url: api.url,
    token: FLY_TOKEN,
    calls: api.calls,
    account,
    count: (filter = () => true) => api.calls.filter(filter).length,
    close: () => api.close(),
  };
}
