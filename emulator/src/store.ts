import * as fs from "fs";
import * as path from "path";
import { isObject, ObjectValue } from "./values";

/** The volume ids a machine's `mount` blocks name. */
function mountedVolumes(machine: ObjectValue): string[] {
  const mounts = Array.isArray(machine.mount) ? machine.mount : [];
  return mounts.flatMap((m) => (isObject(m) && typeof m.volume === "string" ? [m.volume] : []));
}

interface StoreFile {
  /** `<type>/<id>` → the resource as Fly holds it. */
  resources: Record<string, ObjectValue>;
  /** App name → its secrets version (Fly bumps it on every secrets change). */
  secretsVersions: Record<string, number>;
}

/** How long a lock may be held before another process takes it over (its holder died). */
const STALE_LOCK_MS = 10_000;

/** Blocks this thread for `ms`: flushes are synchronous, so they run at exit too. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The emulated Fly account: what exists, in one JSON file, so a later Terraform command (a new
 * plugin process) sees what an earlier apply created. Writes are batched and flushed before exit:
 * a large apply would otherwise rewrite the file once per resource. Several plugin processes
 * may write at once (`cdktf deploy '*'` applies independent stacks in parallel), so a flush
 * takes a lock, reads the file again and applies only this process's own changes to it. The
 * exception is a name Fly holds account-wide (an app's): `create` checks and writes it at once.
 */
export class FlyStore {
  private readonly data: StoreFile;
  /** This process's changes since the last flush: a resource's new state, or null once deleted. */
  private readonly changes = new Map<string, ObjectValue | null>();
  private readonly bumpedApps = new Set<string>();
  /** Volume id → the machine that mounts it, from the machines' `mount` blocks (Fly's `attached_machine_id`). */
  private readonly attachments = new Map<string, string>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(private readonly file: string) {
    this.data = FlyStore.read(file);
    for (const [key, state] of Object.entries(this.data.resources)) {
      if (key.startsWith("fly_machine/")) this.attach(state);
    }
  }

  private static read(file: string): StoreFile {
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as StoreFile) : { resources: {}, secretsVersions: {} };
  }

  get(type: string, id: string): ObjectValue | undefined {
    return this.data.resources[`${type}/${id}`];
  }

  appExists(name: string): boolean {
    return this.get("fly_app", name) !== undefined;
  }

  /** The machine a volume is attached to: the one whose `mount` names it. */
  attachedMachine(volumeId: string): string | undefined {
    return this.attachments.get(volumeId);
  }

  put(type: string, id: string, state: ObjectValue): void {
    this.remember(`${type}/${id}`, state);
    this.changes.set(`${type}/${id}`, state);
    this.changed();
  }

  /**
   * Creates a resource whose id is unique across the account (a Fly app's name), unless the id is
   * taken; then returns the resource that holds it. The check and the write happen under the
   * account's lock against the file as it is now, not as this process loaded it: two plugin
   * processes (two states, or stacks applied in parallel) cannot both take the id. Costs a read
   * and a write of the file, so it is kept for the few resources whose ids are global.
   */
  create(type: string, id: string, state: ObjectValue): ObjectValue | undefined {
    const key = `${type}/${id}`;
    let holder: ObjectValue | undefined;
    this.sync((current) => {
      holder = current.resources[key];
      if (holder === undefined) current.resources[key] = state;
    });
    if (holder === undefined) this.remember(key, state);
    return holder;
  }

  delete(type: string, id: string): void {
    this.remember(`${type}/${id}`, null);
    this.changes.set(`${type}/${id}`, null);
    this.changed();
  }

  nextSecretsVersion(app: string): number {
    this.data.secretsVersions[app] = (this.data.secretsVersions[app] ?? 0) + 1;
    this.bumpedApps.add(app);
    this.changed();
    return this.data.secretsVersions[app];
  }

  flush(): void {
    if (this.changes.size === 0 && this.bumpedApps.size === 0) {
      if (this.flushTimer) clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      return;
    }
    this.sync(() => undefined);
  }

  /**
   * Writes this process's changes into the file as it is now, holding the lock; `alsoWrite`
   * then sees the account with them and may add to it before it is written.
   */
  private sync(alsoWrite: (current: StoreFile) => void): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.locked(() => {
      const current = FlyStore.read(this.file);
      for (const [key, state] of this.changes) {
        if (state === null) delete current.resources[key];
        else current.resources[key] = state;
      }
      for (const app of this.bumpedApps) {
        current.secretsVersions[app] = Math.max(current.secretsVersions[app] ?? 0, this.data.secretsVersions[app] ?? 0);
      }
      alsoWrite(current);
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(current));
      fs.renameSync(tmp, this.file);
    });
    this.changes.clear();
    this.bumpedApps.clear();
  }

  /** Records a resource's new state (null: deleted) in this process's view, attachments included. */
  private remember(key: string, state: ObjectValue | null): void {
    if (key.startsWith("fly_machine/")) {
      const before = this.data.resources[key];
      if (before) this.detach(before);
      if (state) this.attach(state);
    }
    if (state === null) delete this.data.resources[key];
    else this.data.resources[key] = state;
  }

  private attach(machine: ObjectValue): void {
    for (const volume of mountedVolumes(machine)) this.attachments.set(volume, String(machine.id));
  }

  private detach(machine: ObjectValue): void {
    for (const volume of mountedVolumes(machine)) {
      if (this.attachments.get(volume) === String(machine.id)) this.attachments.delete(volume);
    }
  }

  /** Runs `write` holding the account's lock: a directory, since creating one is atomic. */
  private locked(write: () => void): void {
    const lock = `${this.file}.lock`;
    for (;;) {
      try {
        fs.mkdirSync(lock);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
        if (age > STALE_LOCK_MS) fs.rmSync(lock, { recursive: true, force: true });
        else sleep(10);
      }
    }
    try {
      write();
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }

  private changed(): void {
    this.flushTimer ??= setTimeout(() => this.flush(), 200);
  }
}
