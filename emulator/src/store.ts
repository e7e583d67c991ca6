import * as fs from "fs";
import * as path from "path";
import { ObjectValue } from "./values";

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
 * takes a lock, reads the file again and applies only this process's own changes to it.
 */
export class FlyStore {
  private readonly data: StoreFile;
  /** This process's changes since the last flush: a resource's new state, or null once deleted. */
  private readonly changes = new Map<string, ObjectValue | null>();
  private readonly bumpedApps = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(private readonly file: string) {
    this.data = FlyStore.read(file);
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

  put(type: string, id: string, state: ObjectValue): void {
    this.data.resources[`${type}/${id}`] = state;
    this.changes.set(`${type}/${id}`, state);
    this.changed();
  }

  delete(type: string, id: string): void {
    delete this.data.resources[`${type}/${id}`];
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
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.changes.size === 0 && this.bumpedApps.size === 0) return;
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
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(current));
      fs.renameSync(tmp, this.file);
    });
    this.changes.clear();
    this.bumpedApps.clear();
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
