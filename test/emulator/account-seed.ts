/**
 * Seeds an emulated Fly account (the emulator's `fly.json`) for tests: apps, machines and volumes
 * written as store records in the provider's shape, the way an apply writes them, with the
 * Machines API facts (times, checks, snapshots) a test needs. Writes take the account's lock, so
 * a running Machines API server (or a Terraform plugin) sees them on its next call.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CheckRecord, DEFAULT_RETENTION_DAYS, factsOf, iso, machineFacts, StoreFile, volumeFacts } from "../../emulator/src/account";
import { blockType, loadSchemas } from "../../emulator/src/schema";
import { readAccountFile, updateAccountFile } from "../../emulator/src/store";
import { conform, ObjectValue } from "../../emulator/src/values";

const schemas = loadSchemas();
const HOUR_MS = 3_600_000;

/** A record of the provider's type, every attribute present as Terraform stores it. */
const record = (type: string, attrs: Record<string, unknown>): ObjectValue => conform(attrs, blockType(schemas.resources[type].block)) as ObjectValue;

export interface SeedMachine {
  readonly id: string;
  readonly name?: string;
  /** @default "started" */
  readonly state?: string;
  /** @default "ams" */
  readonly region?: string;
  /** @default "registry.fly.io/acme:1" */
  readonly image?: string;
  /** @default sha256 of zeros */
  readonly imageDigest?: string;
  /** Fly's reported checks; by default the machine has none configured. */
  readonly checks?: CheckRecord[];
  /** Volume ids it mounts at /data. */
  readonly mounts?: readonly string[];
}

export interface SeedVolume {
  readonly id: string;
  /** @default "data" */
  readonly name?: string;
  /** @default "ams" */
  readonly region?: string;
  /** @default 1 */
  readonly sizeGb?: number;
  /** @default true */
  readonly autoBackupEnabled?: boolean;
  /** @default 720 (30 days) */
  readonly createdHoursAgo?: number;
  /** Snapshots taken this many hours ago, each 1024 bytes. */
  readonly snapshotAgesHours?: readonly number[];
  readonly content?: string;
}

export class SeededAccount {
  /** The account being changed inside `batch`, written once at its end. */
  private pending: { readonly file: StoreFile; readonly now: number } | undefined;

  constructor(
    /** A fresh account in the OS temp dir by default (jest's setup empties .tmp/e2e on every run). */
    readonly file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fly-account-")), "fly.json"),
    private readonly now: () => number = Date.now,
  ) {}

  read(): StoreFile {
    return this.pending?.file ?? readAccountFile(this.file);
  }

  private update(change: (file: StoreFile, now: number) => void): this {
    if (this.pending) change(this.pending.file, this.pending.now);
    else {
      const now = this.now();
      updateAccountFile(this.file, (file) => change(file, now));
    }
    return this;
  }

  /** Runs `seed` with every change it makes written at once (one read and write of the file for a large fleet). */
  batch(seed: (account: this) => void): this {
    if (this.pending) {
      seed(this);
      return this;
    }
    updateAccountFile(this.file, (file) => {
      this.pending = { file, now: this.now() };
      try {
        seed(this);
      } finally {
        this.pending = undefined;
      }
    });
    return this;
  }

  app(name: string, org = "test-org"): this {
    return this.update((file) => {
      file.resources[`fly_app/${name}`] ??= record("fly_app", { id: name, name, org, network: "", internal_numeric_id: 1 });
    });
  }

  machine(app: string, m: SeedMachine): this {
    this.app(app);
    return this.update((file, now) => {
      file.resources[`fly_machine/${m.id}`] = record("fly_machine", {
        id: m.id,
        app,
        name: m.name ?? `cell-${m.id.slice(0, 6)}`,
        region: m.region ?? "ams",
        image: m.image ?? "registry.fly.io/acme:1",
        image_digest: m.imageDigest ?? `sha256:${"0".repeat(64)}`,
        instance_id: `01J${m.id.toUpperCase()}`.slice(0, 26),
        private_ip: `fdaa:0:1:a7b:1::${m.id.slice(0, 4)}`,
        state: m.state ?? "started",
        guest: { cpu_kind: "shared", cpus: 1, memory_mb: 256 },
        mount: (m.mounts ?? []).map((volume, i) => ({ volume, path: i === 0 ? "/data" : `/data${i}`, name: "data", readopt_on_host_migration: false })),
      });
      const facts = machineFacts(file, m.id, now);
      if (m.checks) facts.checks = m.checks;
    });
  }

  volume(app: string, v: SeedVolume): this {
    this.app(app);
    return this.update((file, now) => {
      file.resources[`fly_volume/${v.id}`] = record("fly_volume", {
        id: v.id,
        app,
        name: v.name ?? "data",
        region: v.region ?? "ams",
        size_gb: v.sizeGb ?? 1,
        encrypted: true,
        fstype: "ext4",
        require_unique_zone: true,
        auto_backup_enabled: v.autoBackupEnabled ?? true,
        snapshot_retention: DEFAULT_RETENTION_DAYS,
        state: "created",
        zone: "a1b2",
        attached_machine_id: "",
      });
      const facts = volumeFacts(file, v.id, now);
      facts.app = app;
      facts.created_at = iso(now - (v.createdHoursAgo ?? 24 * 30) * HOUR_MS);
      facts.content = v.content ?? "";
      facts.snapshots = (v.snapshotAgesHours ?? []).map((hours, i) => ({
        id: `vs_${v.id.replace(/[^a-z0-9]/g, "")}${i}`,
        created_at: iso(now - hours * HOUR_MS),
        size: 1024,
        digest: `d${i}`,
        retention_days: DEFAULT_RETENTION_DAYS,
        status: "created",
        content: facts.content,
      }));
    });
  }

  /** Changes what Fly reports for a machine: its state, image, last change (ms on the account's clock), checks, or a crash loop. */
  setMachine(id: string, change: { state?: string; image?: string; updatedAt?: number; checks?: CheckRecord[]; restartFails?: boolean }): this {
    return this.update((file, now) => {
      const key = `fly_machine/${id}`;
      const held = file.resources[key];
      if (!held) throw new Error(`seed: no machine ${id}`);
      file.resources[key] = { ...held, ...(change.state ? { state: change.state } : {}), ...(change.image ? { image: change.image } : {}) };
      const facts = machineFacts(file, id, now);
      if (change.state || change.image) facts.updated_at = iso(now);
      if (change.updatedAt !== undefined) facts.updated_at = iso(change.updatedAt);
      if (change.checks) facts.checks = change.checks;
      if (change.restartFails !== undefined) facts.restart_fails = change.restartFails;
    });
  }

  /** A machine's state as the account holds it now. */
  machineState(id: string): string {
    return String(this.read().resources[`fly_machine/${id}`]?.state);
  }

  /** A volume's facts as the account holds them now. */
  volumeFacts(id: string) {
    const facts = factsOf(this.read());
    return Object.prototype.hasOwnProperty.call(facts.volumes, id) ? facts.volumes[id] : undefined;
  }
}
