import * as fs from "fs";
import { attachedMachineIn, iso, machineFacts, mountedVolumes, resource, StoreFile } from "../account";
import { readAccountFile, updateAccountFile } from "../store";
import { ObjectValue } from "../values";
import { ApiError, notFound } from "./errors";

export type PowerAction = "start" | "stop" | "restart";

/** Machine states a start, stop or restart cannot act on. */
const GONE = new Set(["destroyed", "destroying"]);

type Listed = "fly_machine" | "fly_volume";

/** What a read of a large account looks up on every call, made once per version of the file. */
interface Index {
  /** `<type> <app>` → the app's resources of that type, in the order they were made. */
  readonly byApp: Map<string, ObjectValue[]>;
  /** Volume id → the machine that mounts it. */
  readonly attachments: Map<string, string>;
}

function indexOf(file: StoreFile): Index {
  const byApp = new Map<string, ObjectValue[]>();
  const attachments = new Map<string, string>();
  for (const [key, state] of Object.entries(file.resources)) {
    const type = key.slice(0, key.indexOf("/"));
    if (type !== "fly_machine" && type !== "fly_volume") continue;
    const at = `${type} ${String(state.app)}`;
    const list = byApp.get(at);
    if (list) list.push(state);
    else byApp.set(at, [state]);
    if (type === "fly_machine") for (const v of mountedVolumes(state)) attachments.set(v, String(state.id));
  }
  return { byApp, attachments };
}

/**
 * The Machines API server's view of the emulated account: the same file Terraform's plugin
 * processes apply to, read fresh on every call (a write replaces it whole) and changed only under
 * the account's lock, so neither side loses the other's writes.
 */
export class AccountAdapter {
  /** The file as last parsed, and which version of it (a write renames a new file into place). */
  private cached: { readonly version: string; readonly file: StoreFile; index?: Index } | undefined;

  constructor(
    readonly file: string,
    readonly now: () => number,
  ) {}

  /** The account as it is now, for reading only: parsed again only when the file was replaced. */
  read(): StoreFile {
    const stat = fs.statSync(this.file, { throwIfNoEntry: false });
    const version = stat ? `${stat.ino}:${stat.mtimeMs}:${stat.size}` : "none";
    if (this.cached?.version !== version) this.cached = { version, file: readAccountFile(this.file) };
    return this.cached.file;
  }

  update<T>(change: (file: StoreFile) => T): T {
    return updateAccountFile(this.file, change);
  }

  requireApp(file: StoreFile, app: string): void {
    if (!resource(file, "fly_app", app)) throw notFound(`app ${app}`);
  }

  /** The index of the file `read` answered; undefined for another (one being changed under the lock). */
  private indexFor(file: StoreFile): Index | undefined {
    if (this.cached?.file !== file) return undefined;
    this.cached.index ??= indexOf(file);
    return this.cached.index;
  }

  /** The app's resources of a type, in the order they were made. */
  listOf(file: StoreFile, type: Listed, app: string): ObjectValue[] {
    this.requireApp(file, app);
    return (this.indexFor(file) ?? indexOf(file)).byApp.get(`${type} ${app}`) ?? [];
  }

  /** The machine that mounts the volume. */
  attachedMachine(file: StoreFile, volumeId: string): string | undefined {
    const index = this.indexFor(file);
    return index ? index.attachments.get(volumeId) : attachedMachineIn(file, volumeId);
  }

  machine(file: StoreFile, app: string, id: string): ObjectValue {
    this.requireApp(file, app);
    const m = resource(file, "fly_machine", id);
    if (!m || m.app !== app) throw notFound(`machine ${id}`);
    return m;
  }

  volume(file: StoreFile, app: string, id: string): ObjectValue {
    this.requireApp(file, app);
    const v = resource(file, "fly_volume", id);
    if (!v || v.app !== app) throw notFound(`volume ${id}`);
    return v;
  }

  /**
   * Starts, stops or restarts a machine at once (Fly answers before the machine settles; the
   * emulated one has settled when the answer comes). A machine whose host is unreachable cannot
   * be reached: 503. A restart of a machine in a crash loop leaves it failed.
   */
  power(app: string, id: string, action: PowerAction): void {
    const now = this.now();
    this.update((file) => {
      const record = this.machine(file, app, id);
      const facts = machineFacts(file, id, now);
      if (facts.unreachable) throw new ApiError(503, `machine ${id} cannot be reached: its host is unreachable`);
      const state = String(record.state ?? "");
      if (GONE.has(state)) throw new ApiError(412, `machine ${id} is ${state}`);
      const next = action === "stop" ? "stopped" : action === "restart" && facts.restart_fails ? "failed" : "started";
      file.resources[`fly_machine/${id}`] = { ...record, state: next };
      // A restart changes the machine even when it ends where it began (a crash loop's failed).
      if (next !== state || action === "restart") facts.updated_at = iso(now);
    });
  }
}
