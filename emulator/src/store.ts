import * as fs from "fs";
import * as path from "path";
import { ObjectValue } from "./values";

interface StoreFile {
  /** `<type>/<id>` → the resource as Fly holds it. */
  resources: Record<string, ObjectValue>;
  /** App name → its secrets version (Fly bumps it on every secrets change). */
  secretsVersions: Record<string, number>;
}

/**
 * The emulated Fly account: what exists, in one JSON file, so a later Terraform command (a new
 * plugin process) sees what an earlier apply created. Writes are batched and flushed before exit:
 * a large apply would otherwise rewrite the file once per resource.
 */
export class FlyStore {
  private readonly data: StoreFile;
  private dirty = false;
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(private readonly file: string) {
    this.data = fs.existsSync(file)
      ? (JSON.parse(fs.readFileSync(file, "utf8")) as StoreFile)
      : { resources: {}, secretsVersions: {} };
  }

  get(type: string, id: string): ObjectValue | undefined {
    return this.data.resources[`${type}/${id}`];
  }

  appExists(name: string): boolean {
    return this.get("fly_app", name) !== undefined;
  }

  put(type: string, id: string, state: ObjectValue): void {
    this.data.resources[`${type}/${id}`] = state;
    this.changed();
  }

  delete(type: string, id: string): void {
    delete this.data.resources[`${type}/${id}`];
    this.changed();
  }

  nextSecretsVersion(app: string): number {
    this.data.secretsVersions[app] = (this.data.secretsVersions[app] ?? 0) + 1;
    this.changed();
    return this.data.secretsVersions[app];
  }

  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.dirty) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.data));
    fs.renameSync(tmp, this.file);
    this.dirty = false;
  }

  private changed(): void {
    this.dirty = true;
    this.flushTimer ??= setTimeout(() => this.flush(), 200);
  }
}
