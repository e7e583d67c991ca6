import { Fn, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { allocateAddresses } from "./addresses";
import { App as FlyApp } from "../gen/providers/fly/app";
import { Cert } from "../gen/providers/fly/cert";
import { Ip } from "../gen/providers/fly/ip";
import { Machine } from "../gen/providers/fly/machine";
import { Secret } from "../gen/providers/fly/secret";
import { Volume } from "../gen/providers/fly/volume";
import { CellSpec } from "../plan/plan";
import { KeptVolume } from "../plan/generations";
import { machineConstructId, recoveredVolumeVariable, volumeConstructId } from "../plan/naming";
import { literal, literalMap } from "./literal";
import { withCellHeartbeatKey } from "./monitor";
import { minSecretsVersion, setSecrets } from "./secrets";
import { SecretSpec, TenantStatus } from "../tenants/schema";

export interface CellProps {
  /** The resolved cell, as produced by `planFleet` (one entry of `FleetPlan.cells`). */
  readonly spec: CellSpec;
  /**
   * The shared Fly app the cell's machine runs in. Required when `spec.ownApp` is absent
   * (shared-app topology); must be left out when it is set (the cell then creates its own app).
   * @default the cell's own app
   */
  readonly app?: FlyApp;
  /**
   * Whether the cell requests certificates for its hostnames on its app. Off when a router
   * is the public entry and holds them.
   * @default true
   */
  readonly certificates?: boolean;
  /** Values of the secrets this cell sets on its own app (its tenant's, and in app-per-cell the fleet's). @default none */
  readonly secretValues?: (name: string) => string;
  /** Secrets set on the cell's app: the tenant's, plus the fleet's in app-per-cell. @default the tenant's */
  readonly secrets?: Readonly<Record<string, SecretSpec>>;
  /** Secrets already set on the shared app; the machine restarts when they rotate. @default none */
  readonly appSecrets?: readonly Secret[];
  /** Called once the cell exists, e.g. to add a backup machine next to it (see README). @default none */
  readonly extend?: (cell: Cell) => void;
}

/** Public HTTP ports of a cell: plain HTTP on 80, TLS terminated by the Fly Proxy on 443. */
const PUBLIC_PORTS = [
  { port: 80, handlers: ["http"] },
  { port: 443, handlers: ["tls", "http"] },
];

/**
 * One tenant's cell: its volume, its machine (mounting that volume), a certificate per custom
 * hostname, and, in the app-per-cell topology, its own Fly app and addresses. A decommissioned
 * tenant's cell keeps only its app, addresses and volume.
 */
export class Cell extends Construct {
  public readonly tenantId: string;
  public readonly status: TenantStatus;
  /** The Fly app the machine runs in (shared, or the cell's own). */
  public readonly app: FlyApp;
  /** The machine; undefined once the tenant is decommissioned (the volume stays). */
  public readonly machine?: Machine;
  /** The volume the machine mounts: the current generation's. */
  public readonly volume: Volume;
  /** Older volumes kept after a restore or a move with data, until a line releases them. */
  public readonly keptVolumes: readonly Volume[];
  /** While a restore or a move with data is pending: the variable `flycell recover` fills with the volume it made. */
  public readonly recoveredVolume?: TerraformVariable;
  /** Certificates, one per custom hostname. */
  public readonly certs: readonly Cert[];
  /** Secrets this cell set on its own app. */
  public readonly secrets: readonly Secret[];
  /** Addresses of the cell's own app; empty in a shared app. */
  public readonly addresses: readonly Ip[];
  public readonly region: string;
  public readonly volumeSizeGb: number;
  public readonly hostnames: readonly string[];
  /** The app's name, as a Terraform reference. */
  public readonly appName: string;
  private machineIdToken?: string;
  private volumeIdToken?: string;

  constructor(scope: Construct, id: string, props: CellProps) {
    checkProps(props);
    super(scope, id);
    const { spec } = props;
    this.tenantId = spec.tenantId;
    this.status = spec.status;
    this.region = spec.region;
    this.volumeSizeGb = spec.volumeSizeGb;
    this.hostnames = spec.hostnames;
    this.app = this.resolveApp(props);
    // Every attribute read creates a token (with a captured stack trace): read each once.
    this.appName = this.app.name;
    this.addresses = spec.ownApp
      ? allocateAddresses(this, this.app, spec.ownApp.addresses, spec.ownApp.network)
      : [];

    const volumeOf = (id: string, kept: KeptVolume | undefined) =>
      new Volume(this, id, {
        app: this.appName,
        name: kept?.name ?? spec.volumeName,
        region: kept?.region ?? spec.region,
        sizeGb: kept?.volumeSizeGb ?? spec.volumeSizeGb,
        // Fly places the volume on a host that can run a machine of this size.
        compute: { ...spec.guest },
        // Names are unique in the app, so after a host migration the volume is found by name.
        readoptOnHostMigration: true,
        autoBackupEnabled: spec.autoBackupEnabled,
        snapshotRetention: spec.snapshotRetentionDays,
        lifecycle: {
          // Guards replacement (region or name changes), except during a consented start-empty
          // move. Removal of a tenant is guarded by the ledger and the plan guard.
          preventDestroy: kept !== undefined || !spec.replacesVolume,
          // `compute` only places the volume at creation, yet a new cpu_kind would replace it:
          // resizing a tenant's machine must never touch its volume.
          ignoreChanges: ["compute"],
        },
      });
    this.keptVolumes = spec.volumes.kept.map((kept) => volumeOf(volumeConstructId(kept.generation), kept));
    this.volume = volumeOf(volumeConstructId(spec.volumes.generation), undefined);
    const { recovery } = spec.volumes;
    if (recovery) {
      // Terraform cannot make a volume from a snapshot or a fork: `flycell recover` does, through
      // the Machines API, and hands its id over in this variable; Terraform adopts it by import.
      this.recoveredVolume = new TerraformVariable(TerraformStack.of(this), recoveredVolumeVariable(spec.tenantId, recovery.generation), {
        type: "object({ volume = string, kind = string, source_volume = string, snapshot = string, taken_at = string, size_bytes = number })",
        description: `The volume flycell recover made for ${spec.tenantId} (generation ${recovery.generation}); run flycell recover (or flycell deploy) before planning`,
      });
      this.recoveredVolume.overrideLogicalId(recoveredVolumeVariable(spec.tenantId, recovery.generation));
      this.volume.importFrom(`${literal(spec.appName)}/${Fn.lookup(this.recoveredVolume.value, "volume")}`);
    }

    if (spec.status !== "active") {
      // Decommissioned: the machine, secrets and certificates go; the volume (the data) stays as it was.
      this.certs = [];
      this.secrets = [];
      return;
    }

    const { secretValues } = props;
    const secrets = props.secrets ?? spec.secrets;
    // A cell in its own app signs heartbeats with a key of its own; in a shared app every machine reads the app's secrets.
    const own = secretValues && spec.ownApp ? withCellHeartbeatKey(spec.tenantId, secrets, secretValues) : undefined;
    this.secrets = secretValues ? setSecrets(this, this.app, own?.secrets ?? secrets, own?.valueOf ?? secretValues) : [];

    // A machine keeps the volume it was created with (Fly refuses a new mount): a new generation gets a new machine.
    this.machine = new Machine(this, machineConstructId(spec.volumes.generation), {
      app: this.appName,
      name: spec.machineName,
      region: spec.region,
      image: literal(spec.image),
      env: literalMap(spec.env),
      metadata: literalMap(spec.metadata),
      guest: { ...spec.guest },
      minSecretsVersion: minSecretsVersion([...(props.appSecrets ?? []), ...this.secrets]),
      mount: [
        {
          volume: this.volumeId,
          name: spec.volumeName,
          path: spec.dataPath,
          readoptOnHostMigration: true,
        },
      ],
      service: [
        {
          protocol: "tcp",
          internalPort: spec.internalPort,
          autostop: spec.autostop,
          autostart: spec.autostart,
          port: PUBLIC_PORTS.map((p) => ({ port: p.port, handlers: [...p.handlers] })),
          check: [{ type: "http", path: spec.healthPath, method: "GET", interval: "15s", timeout: "5s" }],
        },
      ],
    });

    const hostnames = props.certificates === false ? [] : spec.hostnames;
    this.certs = hostnames.map(
      (hostname) => new Cert(this, `cert-${hostname}`, { app: this.appName, hostname }),
    );
    props.extend?.(this);
  }

  /** The machine's id: 14 hex characters, known after apply; undefined when decommissioned. */
  public get machineId(): string | undefined {
    if (this.machine && this.machineIdToken === undefined) this.machineIdToken = this.machine.id;
    return this.machineIdToken;
  }

  public get volumeId(): string {
    this.volumeIdToken ??= this.volume.id;
    return this.volumeIdToken;
  }

  /** The machine's 6PN private address, known after apply; undefined when decommissioned. */
  public get privateIp(): string | undefined {
    return this.machine?.privateIp;
  }

  private resolveApp({ spec, app }: CellProps): FlyApp {
    if (spec.ownApp) {
      return new FlyApp(this, "app", { name: spec.appName, org: spec.ownApp.org, network: spec.ownApp.network });
    }
    return app as FlyApp;
  }
}

/** Props that cannot work together, checked before anything is created. */
function checkProps({ spec, app, secrets, secretValues }: CellProps): void {
  if (Object.keys(secrets ?? spec.secrets).length > 0 && !secretValues) {
    throw new Error(`Cell "${spec.tenantId}": field "secretValues" is required when the cell has secrets`);
  }
  if (spec.status === "released") {
    throw new Error(`Cell "${spec.tenantId}": a released tenant has no cell (its volume is let go)`);
  }
  if (spec.ownApp && app) {
    throw new Error(`Cell "${spec.tenantId}": field "app" must be left out, the cell has its own app (spec.ownApp)`);
  }
  if (!spec.ownApp && !app) {
    throw new Error(`Cell "${spec.tenantId}": field "app" is required in a shared app (spec.ownApp is not set)`);
  }
}
