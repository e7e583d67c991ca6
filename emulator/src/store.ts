import * as fs from "fs";
import * as path from "path";
import { mountedVolumes, own, stampApplied, StoreFile } from "./account";
import { ObjectValue } from "./values";

/** How long a lock may be held before another process takes it over (its holder died). */
const STALE_LOCK_MS = 10_000;

/** Blocks this thread for `ms`: flushes are synchronous, so they run at exit too. */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const EMPTY = (): StoreFile => ({ resources: {}, secretsVersions: {} });

/** The account file as it is now (a write replaces it whole, so a read without the lock sees one version). */
export function readAccountFile(file: string): StoreFile {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as StoreFile) : EMPTY();
}

/** Runs `write` holding the account's lock: a directory, since creating one is atomic. */
function locked<T>(file: string, write: () => T): T {
  const lock = `${file}.lock`;
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
    return write();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Reads the account, lets `change` edit it and writes it back, all holding the account's lock:
 * how every writer other than a plugin's batched flush (the Machines API server, its controls,
 * test seeds) changes the account, so no write of another process is lost. A throw writes nothing.
 */
export function updateAccountFile<T>(file: string, change: (current: StoreFile) => T): T {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return locked(file, () => {
    const current = readAccountFile(file);
    const result = change(current);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(current));
    fs.renameSync(tmp, file);
    return result;
  });
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
    this.data = readAccountFile(file);
    for (const [key, state] of Object.entries(this.data.resources)) {
      if (key.startsWith("fly_machine/")) this.attach(state);
    }
  }

  get(type: string, id: string): ObjectValue | undefined {
    return this.data.resources[`${type}/${id}`];
  }

  /**
   * The resource as the account file holds it now, not as this process loaded it: another process
   * (the Machines API server) may have made or removed it since. What an import adopts.
   */
  current(type: string, id: string): ObjectValue | undefined {
    const key = `${type}/${id}`;
    if (this.changes.has(key)) return this.get(type, id);
    const state = own(readAccountFile(this.file).resources, key) ?? null;
    this.remember(key, state);
    return state ?? undefined;
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
    const now = Date.now();
    updateAccountFile(this.file, (current) => {
      for (const [key, state] of this.changes) {
        const existed = own(current.resources, key) !== undefined;
        if (state === null) delete current.resources[key];
        else current.resources[key] = state;
        stampApplied(current, key, state, existed, now);
      }
      for (const app of this.bumpedApps) {
        current.secretsVersions[app] = Math.max(current.secretsVersions[app] ?? 0, this.data.secretsVersions[app] ?? 0);
      }
      alsoWrite(current);
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

  private changed(): void {
    this.flushTimer ??= setTimeout(() => this.flush(), 200);
  }
}
