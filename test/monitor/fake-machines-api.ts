import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** A machine as the Machines API returns it (the fields a monitor reads, and a few more). */
export interface FakeMachine {
  id: string;
  name: string;
  state: string;
  region: string;
  instance_id: string;
  private_ip: string;
  image_ref: { registry: string; repository: string; tag: string; digest: string; labels: Record<string, string> };
  checks: { name: string; status: "passing" | "warning" | "critical"; output: string; updated_at: string }[];
  config: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface FakeSnapshot {
  id: string;
  created_at: string;
  digest: string;
  retention_days: number;
  size: number;
  status: string;
}

export interface FakeVolume {
  id: string;
  name: string;
  region: string;
  size_gb: number;
  state: string;
  attached_machine_id: string | null;
  created_at: string;
  snapshots: FakeSnapshot[];
}

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  /** On the fake's clock. */
  readonly at: number;
}

/** Splits "registry.fly.io/acme:1" into Fly's `image_ref` parts. */
function imageRefOf(image: string): FakeMachine["image_ref"] {
  const [name, tag = "latest"] = image.split(/:(?=[^/]*$)/);
  const slash = name.indexOf("/");
  return { registry: name.slice(0, slash), repository: name.slice(slash + 1), tag, digest: `sha256:${"0".repeat(64)}`, labels: {} };
}

/**
 * A Machines API on 127.0.0.1 with Fly's shapes for what a monitor calls: list and get machines,
 * restart one, get a volume and list its snapshots. Bearer-token checked; every call recorded.
 */
export class FakeMachinesApi {
  readonly calls: RecordedCall[] = [];
  /** Machines a restart does not mend: they stay failed. */
  readonly restartDoesNotMend = new Set<string>();
  private readonly apps = new Map<string, { machines: Map<string, FakeMachine>; volumes: Map<string, FakeVolume> }>();

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
    readonly token: string,
    private readonly now: () => number,
  ) {}

  static async start(options: { token?: string; now?: () => number } = {}): Promise<FakeMachinesApi> {
    const server = http.createServer();
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const api = new FakeMachinesApi(server, `http://127.0.0.1:${port}`, options.token ?? "fake-fly-token", options.now ?? Date.now);
    server.on("request", (req, res) => api.handle(req, res));
    return api;
  }

  private app(name: string) {
    let app = this.apps.get(name);
    if (!app) this.apps.set(name, (app = { machines: new Map(), volumes: new Map() }));
    return app;
  }

  addMachine(app: string, fields: { id: string; state?: string; region?: string; image?: string; checks?: FakeMachine["checks"] }): FakeMachine {
    const at = new Date(this.now()).toISOString();
    const machine: FakeMachine = {
      id: fields.id,
      name: `cell-${fields.id.slice(0, 6)}`,
      state: fields.state ?? "started",
      region: fields.region ?? "ams",
      instance_id: `01J${fields.id.toUpperCase()}`,
      private_ip: `fdaa:0:1:a7b:1::${fields.id.slice(0, 4)}`,
      image_ref: imageRefOf(fields.image ?? "registry.fly.io/acme:1"),
      checks: fields.checks ?? [{ name: "servicecheck-00-http-8080", status: "passing", output: "200 OK", updated_at: at }],
      config: { image: fields.image ?? "registry.fly.io/acme:1" },
      created_at: at,
      updated_at: at,
    };
    this.app(app).machines.set(machine.id, machine);
    return machine;
  }

  machine(app: string, id: string): FakeMachine {
    const machine = this.apps.get(app)?.machines.get(id);
    if (!machine) throw new Error(`fake API: no machine ${id} in ${app}`);
    return machine;
  }

  setState(app: string, id: string, state: string): void {
    Object.assign(this.machine(app, id), { state, updated_at: new Date(this.now()).toISOString() });
  }

  setImage(app: string, id: string, image: string): void {
    this.machine(app, id).image_ref = imageRefOf(image);
  }

  /** A volume with snapshots taken `snapshotAgesHours` ago. */
  addVolume(app: string, id: string, snapshotAgesHours: number[], createdHoursAgo = 24 * 30): FakeVolume {
    const ago = (hours: number) => new Date(this.now() - hours * 3_600_000).toISOString();
    const volume: FakeVolume = {
      id,
      name: "data",
      region: "ams",
      size_gb: 1,
      state: "created",
      attached_machine_id: null,
      created_at: ago(createdHoursAgo),
      snapshots: snapshotAgesHours.map((hours, i) => ({ id: `vs_${id}_${i}`, created_at: ago(hours), digest: `d${i}`, retention_days: 5, size: 1024, status: "created" })),
    };
    this.app(app).volumes.set(id, volume);
    return volume;
  }

  count(filter: (call: RecordedCall) => boolean = () => true): number {
    return this.calls.filter(filter).length;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = (req.url ?? "").split("?")[0];
    this.calls.push({ method: req.method ?? "", path, at: this.now() });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${this.token}`) return send(401, { error: "unauthorized" });
    const parts = path.split("/").slice(1).map(decodeURIComponent);
    if (parts[0] !== "v1" || parts[1] !== "apps") return send(404, { error: "not found" });
    const app = this.apps.get(parts[2]);
    if (!app) return send(404, { error: "app not found" });
    const [, , , kind, id, sub, extra] = parts;
    if (kind === "machines" && req.method === "GET" && id === undefined) {
      return send(200, [...app.machines.values()].filter((m) => m.state !== "destroyed"));
    }
    if (kind === "machines" && id !== undefined) {
      const machine = app.machines.get(id);
      if (!machine) return send(404, { error: "machine not found" });
      if (req.method === "GET" && sub === undefined) return send(200, machine);
      if (req.method === "POST" && sub === "restart" && extra === undefined) {
        if (!this.restartDoesNotMend.has(id)) Object.assign(machine, { state: "started", updated_at: new Date(this.now()).toISOString() });
        return send(200, { ok: true });
      }
    }
    if (kind === "volumes" && id !== undefined && req.method === "GET") {
      const volume = app.volumes.get(id);
      if (!volume) return send(404, { error: "volume not found" });
      if (sub === undefined) {
        const { snapshots: _snapshots, ...fields } = volume;
        return send(200, fields);
      }
      if (sub === "snapshots" && extra === undefined) return send(200, volume.snapshots);
    }
    send(404, { error: "not found" });
  }
}
