import type { ImageRef } from "../monitor/image-ref";
import { DEFAULT_RETRY, RetryPolicy, retryAfterMs, retryDelayMs } from "./backoff";
import { Clock, systemClock } from "./clock";
import { HttpAnswer, httpRequest } from "./http-request";
import { CallKind, FlyRateLimiter } from "./rate-limiter";

/** The fields of a Machines API machine flycell reads. */
export interface FlyMachine {
  readonly id: string;
  readonly name?: string;
  readonly state: string;
  readonly region?: string;
  readonly image_ref?: ImageRef;
  readonly checks?: readonly { readonly name: string; readonly status: string; readonly output?: string }[];
  /** Changes with the machine's state: how long a passing state has lasted. */
  readonly updated_at?: string;
  /** "unreachable" when its host is down. */
  readonly host_status?: string;
}

export interface FlyVolumeSnapshot {
  readonly id: string;
  readonly created_at: string;
  readonly status?: string;
  /** Bytes. */
  readonly size?: number;
  readonly digest?: string;
  readonly retention_days?: number;
}

export interface FlyVolume {
  readonly id: string;
  readonly name?: string;
  readonly state?: string;
  readonly region?: string;
  readonly size_gb?: number;
  readonly created_at?: string;
  readonly attached_machine_id?: string | null;
  readonly auto_backup_enabled?: boolean;
  /** Days Fly keeps the volume's snapshots. */
  readonly snapshot_retention?: number;
  readonly encrypted?: boolean;
  readonly zone?: string;
  /** "unreachable" when its host is down. */
  readonly host_status?: string;
}

/** Fly's CreateVolumeRequest: at most one of `snapshot_id` (a restore) and `source_volume_id` (a fork). */
export interface CreateVolumeRequest {
  readonly name: string;
  readonly region: string;
  readonly size_gb: number;
  readonly encrypted?: boolean;
  readonly require_unique_zone?: boolean;
  readonly auto_backup_enabled?: boolean;
  readonly snapshot_retention?: number;
  readonly compute?: { readonly cpu_kind?: string; readonly cpus?: number; readonly memory_mb?: number };
  readonly fstype?: string;
  readonly snapshot_id?: string;
  readonly source_volume_id?: string;
}

export interface MachinesApiConfig {
  /** @default "https://api.machines.dev" (inside Fly, "http://_api.internal:4280" works too) */
  readonly baseUrl?: string;
  /** A Fly API token able to read the fleet's apps (and restart machines, with `restartFailed`). */
  readonly token: string;
}

/**
 * How calls are paced. Without a limiter and a retry policy every call is made once, at once:
 * the monitor paces its own calls with its budget and handles 429 itself.
 */
export interface MachinesApiPacing {
  readonly limiter?: FlyRateLimiter;
  /** Tries again on 429 (any call), and on 5xx or a network error (calls safe to repeat). */
  readonly retry?: RetryPolicy;
  readonly clock?: Clock;
}

export class MachinesApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Seconds the API asked to wait (429). */
    readonly retryAfterSeconds?: number,
    /** The `error` of Fly's JSON answer, as sent: escape it before showing it. */
    readonly flyMessage?: string,
    /** Its `status`, when Fly classifies the error: "insufficient_capacity", "volume_placement_capacity". */
    readonly flyStatus?: string,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 15_000;

interface Call {
  readonly method: "GET" | "POST";
  readonly path: string;
  /** The rate limit's action and what it acts on (the machine, volume or app). */
  readonly action: string;
  readonly target: string;
  readonly body?: unknown;
  /** Safe to send twice: a 5xx or a lost answer is tried again. */
  readonly idempotent: boolean;
}

/** Fly's ErrorResponse, `{ "error": "…", "status": "…" }`, as far as it is one. */
function flyErrorOf(body: string): { readonly error?: string; readonly status?: string } {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== "object" || parsed === null) return {};
    const { error, status } = parsed as { error?: unknown; status?: unknown };
    return { error: typeof error === "string" ? error : undefined, status: typeof status === "string" ? status : undefined };
  } catch {
    return {};
  }
}

/** The Machines API calls flycell makes; a read's `undefined` means 404. The token never goes into a message. */
export class MachinesApi {
  private readonly baseUrl: string;
  private readonly authorization: string;
  /** The clock its waits use; callers pacing work around it use the same. */
  readonly clock: Clock;

  constructor(
    config: MachinesApiConfig,
    private readonly pacing: MachinesApiPacing = {},
  ) {
    this.baseUrl = (config.baseUrl ?? "https://api.machines.dev").replace(/\/+$/, "");
    // Macaroon tokens ("FlyV1 fm2_…") carry their own scheme.
    this.authorization = /^FlyV1 /.test(config.token) ? config.token : `Bearer ${config.token}`;
    this.clock = pacing.clock ?? systemClock;
  }

  /** A client inside Fly's rate limits that retries what Fly refuses for load: for commands that change things. */
  static paced(config: MachinesApiConfig, clock: Clock = systemClock): MachinesApi {
    return new MachinesApi(config, { limiter: new FlyRateLimiter(clock), retry: DEFAULT_RETRY, clock });
  }

  getMachine(app: string, machine: string): Promise<FlyMachine | undefined> {
    return this.read({ method: "GET", path: `/v1/apps/${enc(app)}/machines/${enc(machine)}`, action: "get_machine", target: `${app}/${machine}`, idempotent: true });
  }

  listMachines(app: string): Promise<FlyMachine[] | undefined> {
    return this.read({ method: "GET", path: `/v1/apps/${enc(app)}/machines`, action: "list_machines", target: app, idempotent: true });
  }

  getVolume(app: string, volume: string): Promise<FlyVolume | undefined> {
    return this.read({ method: "GET", path: `/v1/apps/${enc(app)}/volumes/${enc(volume)}`, action: "get_volume", target: `${app}/${volume}`, idempotent: true });
  }

  listVolumes(app: string): Promise<FlyVolume[] | undefined> {
    return this.read({ method: "GET", path: `/v1/apps/${enc(app)}/volumes`, action: "list_volumes", target: app, idempotent: true });
  }

  listSnapshots(app: string, volume: string): Promise<FlyVolumeSnapshot[] | undefined> {
    return this.read({ method: "GET", path: `/v1/apps/${enc(app)}/volumes/${enc(volume)}/snapshots`, action: "list_snapshots", target: `${app}/${volume}`, idempotent: true });
  }

  async restartMachine(app: string, machine: string): Promise<void> {
    await this.write({ method: "POST", path: `/v1/apps/${enc(app)}/machines/${enc(machine)}/restart`, action: "restart_machine", target: `${app}/${machine}`, idempotent: true });
  }

  /** Asks the machine to stop; it is stopped once `getMachine` says so. */
  async stopMachine(app: string, machine: string): Promise<void> {
    await this.write({ method: "POST", path: `/v1/apps/${enc(app)}/machines/${enc(machine)}/stop`, action: "stop_machine", target: `${app}/${machine}`, idempotent: true });
  }

  /**
   * Makes a volume. Not repeated on a 5xx or a lost answer (Fly may have made it): the caller
   * looks for it by name before asking again.
   */
  createVolume(app: string, request: CreateVolumeRequest): Promise<FlyVolume> {
    return this.write({ method: "POST", path: `/v1/apps/${enc(app)}/volumes`, action: "create_volume", target: app, body: request, idempotent: false });
  }

  /** Asks Fly for a snapshot of the volume now; it shows in `listSnapshots` once taken. */
  async createSnapshot(app: string, volume: string): Promise<void> {
    await this.write({ method: "POST", path: `/v1/apps/${enc(app)}/volumes/${enc(volume)}/snapshots`, action: "create_snapshot", target: `${app}/${volume}`, idempotent: false });
  }

  private async read<T>(call: Call): Promise<T | undefined> {
    const answer = await this.send(call);
    return answer.status === 404 ? undefined : this.parse<T>(call, answer);
  }

  private async write<T>(call: Call): Promise<T> {
    return this.parse<T>(call, await this.send(call));
  }

  private parse<T>(call: Call, answer: HttpAnswer): T {
    if (answer.status < 200 || answer.status >= 300) {
      // The method and path, never the headers: the token stays out of messages and logs.
      const retryAfter = Number(answer.headers["retry-after"]);
      const fly = flyErrorOf(answer.body);
      throw new MachinesApiError(`${call.method} ${call.path}: ${answer.status}`, answer.status, Number.isFinite(retryAfter) ? retryAfter : undefined, fly.error, fly.status);
    }
    try {
      return (answer.body === "" ? {} : JSON.parse(answer.body)) as T;
    } catch {
      throw new MachinesApiError(`${call.method} ${call.path}: ${answer.status} with an answer that is not JSON`, answer.status);
    }
  }

  /** One call, within the limiter, tried again as the retry policy allows; the last answer is returned. */
  private async send(call: Call): Promise<HttpAnswer> {
    const { limiter, retry } = this.pacing;
    const key = `${call.action} ${call.target}`;
    const kind: CallKind = call.method === "GET" ? "read" : "write";
    const headers: Record<string, string> = { authorization: this.authorization, accept: "application/json" };
    if (call.body !== undefined) headers["content-type"] = "application/json";
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    for (let tried = 1; ; tried++) {
      await limiter?.take(key, kind);
      let answer: HttpAnswer;
      try {
        answer = await httpRequest(`${this.baseUrl}${call.path}`, { method: call.method, headers, body, timeoutMs: TIMEOUT_MS });
      } catch (err) {
        const wait = retry && call.idempotent ? retryDelayMs(retry, tried) : undefined;
        if (wait === undefined) throw err;
        await this.clock.sleep(wait);
        continue;
      }
      // A 429 was refused before anything was done, so any call may be sent again.
      const again = answer.status === 429 || (answer.status >= 500 && call.idempotent);
      const wait = again && retry ? retryDelayMs(retry, tried, retryAfterMs(answer.headers["retry-after"], this.clock.now())) : undefined;
      if (wait === undefined) return answer;
      limiter?.holdUntil(key, kind, this.clock.now() + wait);
      await this.clock.sleep(wait);
    }
  }
}

const enc = encodeURIComponent;
