import { httpRequest } from "./http-request";
import type { ImageRef } from "./image-ref";

/** The fields of a Machines API machine the monitor reads. */
export interface FlyMachine {
  readonly id: string;
  readonly state: string;
  readonly region?: string;
  readonly image_ref?: ImageRef;
  readonly checks?: readonly { readonly name: string; readonly status: string; readonly output?: string }[];
  /** Changes with the machine's state: how long a passing state has lasted. */
  readonly updated_at?: string;
}

export interface FlyVolumeSnapshot {
  readonly id: string;
  readonly created_at: string;
  readonly status?: string;
}

export interface FlyVolume {
  readonly id: string;
  readonly created_at?: string;
}

export interface MachinesApiConfig {
  /** @default "https://api.machines.dev" (inside Fly, "http://_api.internal:4280" works too) */
  readonly baseUrl?: string;
  /** A Fly API token able to read the fleet's apps (and restart machines, with `restartFailed`). */
  readonly token: string;
}

export class MachinesApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Seconds the API asked to wait (429). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 15_000;

/** The Machines API calls the monitor makes; `undefined` means 404. */
export class MachinesApi {
  private readonly baseUrl: string;
  private readonly authorization: string;

  constructor(config: MachinesApiConfig) {
    this.baseUrl = (config.baseUrl ?? "https://api.machines.dev").replace(/\/+$/, "");
    // Macaroon tokens ("FlyV1 fm2_…") carry their own scheme.
    this.authorization = /^FlyV1 /.test(config.token) ? config.token : `Bearer ${config.token}`;
  }

  getMachine(app: string, machine: string): Promise<FlyMachine | undefined> {
    return this.call("GET", `/v1/apps/${enc(app)}/machines/${enc(machine)}`);
  }

  listMachines(app: string): Promise<FlyMachine[] | undefined> {
    return this.call("GET", `/v1/apps/${enc(app)}/machines`);
  }

  getVolume(app: string, volume: string): Promise<FlyVolume | undefined> {
    return this.call("GET", `/v1/apps/${enc(app)}/volumes/${enc(volume)}`);
  }

  listSnapshots(app: string, volume: string): Promise<FlyVolumeSnapshot[] | undefined> {
    return this.call("GET", `/v1/apps/${enc(app)}/volumes/${enc(volume)}/snapshots`);
  }

  async restartMachine(app: string, machine: string): Promise<void> {
    const found = await this.call("POST", `/v1/apps/${enc(app)}/machines/${enc(machine)}/restart`);
    if (found === undefined) throw new MachinesApiError(`restart ${machine}: not found`, 404);
  }

  private async call<T>(method: string, path: string): Promise<T | undefined> {
    const answer = await httpRequest(`${this.baseUrl}${path}`, { method, headers: { authorization: this.authorization, accept: "application/json" }, timeoutMs: TIMEOUT_MS });
    if (answer.status === 404) return undefined;
    if (answer.status < 200 || answer.status >= 300) {
      // The path, never the headers: the token stays out of logs.
      const retryAfter = Number(answer.headers["retry-after"]);
      throw new MachinesApiError(`${method} ${path}: ${answer.status}`, answer.status, Number.isFinite(retryAfter) ? retryAfter : undefined);
    }
    return (answer.body === "" ? {} : JSON.parse(answer.body)) as T;
  }
}

const enc = encodeURIComponent;
