import * as fs from "fs";
import { iso, machineFacts, resource, StoreFile } from "../account";
import { readAccountFile, updateAccountFile } from "../store";
import { ObjectValue } from "../values";
import { ApiError, notFound } from "./errors";

export type PowerAction = "start" | "stop" | "restart";

/** Machine states a start, stop or restart cannot act on. */
const GONE = new Set(["destroyed", "destroying"]);

/**
 * The Machines API server's view of the emulated account: the same file Terraform's plugin
 * processes apply to, read fresh on every call (a write replaces it whole) and changed only under
 * the account's lock, so neither side loses the other's writes.
 */
export class AccountAdapter {
  /** The file as last parsed, and which version of it (a write renames a new file into place). */
  private cached: { readonly version: string; readonly file: StoreFile } | undefined;

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

  /** The app's resources of a type, in the order they were made. */
  listOf(file: StoreFile, type: "fly_machine" | "fly_volume", app: string): ObjectValue[] {
    this.requireApp(file, app);
    return Object.entries(file.resources)
      .filter(([key, state]) => key.startsWith(`${type}/`) && state.app === app)
      .map(([, state]) => state);
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
